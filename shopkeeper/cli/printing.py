"""``shopkeeper print cards|voucher|letters``: cards, a voucher and the monthly letters as PDF.

Like every command: parse, call the services and the printing module, report in one line or
JSON. A PDF is written to a temporary file and moved into place only when complete.
"""

from __future__ import annotations

import argparse
import sys

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json
from shopkeeper.domain.calendar import Month, parse_day
from shopkeeper.domain.letters import LETTER_LANGUAGES, PLACEHOLDERS, TEMPLATE_FIELDS
from shopkeeper.i18n import _, ngettext
from shopkeeper.printing.cards import write_cards
from shopkeeper.printing.common import PrintResult
from shopkeeper.printing.letters import write_letters
from shopkeeper.printing.vouchers import write_voucher
from shopkeeper.services import cards, letters, print_settings
from shopkeeper.services.print_settings import CARD_LAYOUTS, ENVELOPES
from shopkeeper.storage.database import Database

SKIPPED_SHOWN = 20


def _db(args: argparse.Namespace) -> Database:
    return open_database(settings.database_target(args.db))


def _warn_missing(result: PrintResult) -> None:
    warning = result.missing_warning()
    if warning:
        print(_("warning: {message}").format(message=warning), file=sys.stderr)


def print_cards(args: argparse.Namespace) -> int:
    since = parse_day(args.since) if args.since else None
    batch = cards.card_batch(
        _db(args), card_numbers=args.card or (), since=since, layout=args.layout
    )
    if not batch.cards:
        print(_("No new cards since {day}; nothing printed.").format(day=args.since))
        return 0
    result = write_cards(batch, args.out)
    _warn_missing(result)
    if args.json:
        emit_json(
            {
                "file": args.out,
                "layout": batch.layout,
                "cards": [c.card_number for c in batch.cards],
                "pages": result.pages,
                "missing_characters": list(result.missing_characters),
            }
        )
    else:
        cards_text = ngettext("{n} card", "{n} cards", result.items).format(n=result.items)
        pages = ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages)
        print(
            _("Printed {cards} ({layout} layout, {pages}) into {file}.").format(
                cards=cards_text, layout=batch.layout, pages=pages, file=args.out
            )
        )
    return 0


def print_voucher(args: argparse.Namespace) -> int:
    item = cards.voucher_print(_db(args), args.code)
    result = write_voucher(item, args.out)
    _warn_missing(result)
    if args.json:
        emit_json({"file": args.out, "voucher": item.voucher, "pages": result.pages})
    else:
        print(
            _("Printed voucher {code} ({reward} for {name}) into {file}.").format(
                code=item.voucher.code,
                reward=item.voucher.reward_name,
                name=item.voucher.customer_name,
                file=args.out,
            )
        )
    return 0


def print_letters(args: argparse.Namespace) -> int:
    db = _db(args)
    month = Month.parse(args.month)
    plan = letters.plan_letters(db, month, reprint=args.reprint, cards=args.card or None)
    result = None
    recorded = None
    if plan.letters:
        result = write_letters(plan, args.out)
        recorded = letters.record_sent(db, month, plan.customer_ids)
        _warn_missing(result)
    if args.json:
        emit_json(
            {
                "month": plan.month,
                "file": args.out if result else None,
                "letters": len(plan.letters),
                "pages": result.pages if result else 0,
                "reprinted": recorded.reprinted if recorded else 0,
                "skipped": [
                    {"card_number": s.card_number, "name": s.name, "reason": s.reason}
                    for s in plan.skipped
                ],
                "missing_characters": list(result.missing_characters) if result else [],
            }
        )
        return 0
    if result:
        count = len(plan.letters)
        letters_text = ngettext("{n} letter", "{n} letters", count).format(n=count)
        pages = ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages)
        if recorded.reprinted:
            pages += ngettext(
                ", {n} of them a reprint", ", {n} of them reprints", recorded.reprinted
            ).format(n=recorded.reprinted)
        print(
            _("Printed {letters} for {month} into {file} ({pages}).").format(
                letters=letters_text, month=plan.month, file=args.out, pages=pages
            )
        )
    else:
        print(_("No letters to print for {month}; no file written.").format(month=plan.month))
    if plan.skipped:
        counts = ", ".join(f"{n} {reason}" for reason, n in plan.skipped_by_reason().items())
        print(_("Skipped {n}: {counts}.").format(n=len(plan.skipped), counts=counts))
        for s in plan.skipped[:SKIPPED_SHOWN]:
            print(f"  {s.card_number:>10}  {s.name}: {s.reason}")
        if len(plan.skipped) > SKIPPED_SHOWN:
            more = len(plan.skipped) - SKIPPED_SHOWN
            print(
                ngettext(
                    "  … and {n} more (--json lists them all)",
                    "  … and {n} more (--json lists them all)",
                    more,
                ).format(n=more)
            )
    return 0


def print_settings_command(args: argparse.Namespace) -> int:
    db = _db(args)
    changes: dict[str, object] = {}
    if args.card_layout:
        changes["card_layout"] = args.card_layout
    if args.envelope:
        changes["envelope"] = args.envelope
    if args.logo is not None:
        changes["logo_path"] = args.logo or None
    current = print_settings.update(db, **changes) if changes else print_settings.load(db)
    if args.json:
        emit_json(current)
    else:
        print(
            _("Cards: {layout} · envelope: {envelope} · logo: {logo}").format(
                layout=current.card_layout,
                envelope=current.envelope,
                logo=current.logo_path or _("none"),
            )
        )
    return 0


def print_template(args: argparse.Namespace) -> int:
    """The letter's wording in one language (``--language``; default: the shop's)."""
    db = _db(args)
    language = args.language
    if args.reset:
        template = letters.reset_letter_template(db, language)
    elif args.set:
        template = letters.save_letter_template(db, language, **dict(args.set))
    else:
        template = letters.letter_template(db, language)
    if args.json:
        emit_json({"template": template, "placeholders": PLACEHOLDERS})
        return 0
    for part in TEMPLATE_FIELDS:
        print(f"{part:>20}: {getattr(template, part)}")
    print(
        _("Placeholders: {names}").format(names=", ".join("{" + n + "}" for n in PLACEHOLDERS))
    )
    return 0


_EDIT_OPTIONS = (
    "name", "phone", "email", "birthday", "language", "address", "letters", "new_card"
)  # fmt: skip


def add_salutation_option(edit: argparse.ArgumentParser) -> None:
    """``customer edit CARD --salutation TEXT``: the greeting line of this customer's letters,
    for a name the rules decline wrongly ('' goes back to the rules). Wraps the edit command:
    the other changes are saved first, then the salutation."""
    edit.add_argument(
        "--salutation",
        metavar="TEXT",
        help=_(
            "the greeting line of this customer's letters, e.g. 'Mieloji Dali,' for a name "
            "the rules decline wrongly; '' goes back to the rules"
        ),
    )
    edit_customer = edit.get_default("handler")

    def handler(args: argparse.Namespace) -> int:
        if args.salutation is None:
            return edit_customer(args)
        edited = any(getattr(args, name, None) not in (None, False) for name in _EDIT_OPTIONS)
        if edited:
            code = edit_customer(args)
            if code:
                return code
        saved = letters.set_salutation(_db(args), args.card, args.salutation)
        if args.json:
            if not edited:  # one JSON object per command: the edit's, then
                emit_json(saved)
        elif saved.salutation:
            print(
                _("{name}'s letters now greet: {salutation}").format(
                    name=saved.name, salutation=saved.salutation
                )
            )
        else:
            print(_("{name}'s letters greet by the rules again.").format(name=saved.name))
        return 0

    edit.set_defaults(handler=handler)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``print`` command group to the main parser."""
    group = sub.add_parser("print", help=_("print loyalty cards, a voucher or the monthly letters"))
    psub = group.add_subparsers(dest="what", metavar="WHAT", required=True)

    def command(name: str, handler, help_text: str, out: bool = True) -> argparse.ArgumentParser:  # noqa: ANN001
        p = psub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        if out:
            p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF to write"))
        return p

    p = command("cards", print_cards, _("loyalty cards: chosen cards, or all new since a date"))
    p.add_argument(
        "--card", action="extend", nargs="+", metavar="CARD", help=_("the card numbers to print")
    )
    p.add_argument("--since", metavar="YYYY-MM-DD", help=_("every active customer joined since"))
    p.add_argument(
        "--layout",
        choices=CARD_LAYOUTS,
        help=_(
            "single: one card per page (card printer); a4/letter: sheets of ten "
            "(default: the shop's setting)"
        ),
    )
    p = command("voucher", print_voucher, _("a reward voucher by its code"))
    p.add_argument("code")
    p = command("letters", print_letters, _("the monthly reward letters, one PDF"))
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument(
        "--reprint",
        action="store_true",
        help=_("include customers already sent this month's letter"),
    )
    p.add_argument(
        "--card", action="extend", nargs="+", metavar="CARD", help=_("only these customers")
    )
    p = command(
        "settings", print_settings_command, _("show or change the printing settings"), out=False
    )
    p.add_argument("--card-layout", choices=CARD_LAYOUTS)
    p.add_argument("--envelope", choices=ENVELOPES, help=_("din5008 (A4) or us10 (US Letter)"))
    p.add_argument("--logo", metavar="IMAGE", help=_("the shop's logo (PNG/JPEG); '' removes it"))
    p = command(
        "template",
        print_template,
        _("show or edit the letter's wording, one language at a time"),
        out=False,
    )
    p.add_argument(
        "--set",
        nargs=2,
        action="append",
        metavar=("PART", "TEXT"),
        help=_("change one part, e.g. --set greeting 'Labas, {first_name}!'"),
    )
    p.add_argument(
        "--reset", action="store_true", help=_("back to the default wording of the language")
    )
    p.add_argument(
        "--language",
        metavar="TAG",
        help=_("the letters' language: {languages} (default: the shop's)").format(
            languages=", ".join(LETTER_LANGUAGES)
        ),
    )
