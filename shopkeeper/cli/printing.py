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
from shopkeeper.domain.letters import PLACEHOLDERS, TEMPLATE_FIELDS
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
        print(f"warning: {warning}", file=sys.stderr)


def print_cards(args: argparse.Namespace) -> int:
    since = parse_day(args.since) if args.since else None
    batch = cards.card_batch(
        _db(args), card_numbers=args.card or (), since=since, layout=args.layout
    )
    if not batch.cards:
        print(f"No new cards since {args.since}; nothing printed.")
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
        print(
            f"Printed {result.items} card(s) ({batch.layout} layout, {result.pages} page(s)) "
            f"into {args.out}."
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
            f"Printed voucher {item.voucher.code} ({item.voucher.reward_name} for "
            f"{item.voucher.customer_name}) into {args.out}."
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
        extra = f", {recorded.reprinted} of them reprints" if recorded.reprinted else ""
        print(
            f"Printed {len(plan.letters)} letter(s) for {plan.month} into {args.out} "
            f"({result.pages} page(s){extra})."
        )
    else:
        print(f"No letters to print for {plan.month}; no file written.")
    if plan.skipped:
        counts = ", ".join(f"{n} {reason}" for reason, n in plan.skipped_by_reason().items())
        print(f"Skipped {len(plan.skipped)}: {counts}.")
        for s in plan.skipped[:SKIPPED_SHOWN]:
            print(f"  {s.card_number:>10}  {s.name}: {s.reason}")
        if len(plan.skipped) > SKIPPED_SHOWN:
            print(f"  … and {len(plan.skipped) - SKIPPED_SHOWN} more (--json lists them all)")
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
            f"Cards: {current.card_layout} · envelope: {current.envelope} · "
            f"logo: {current.logo_path or 'none'}"
        )
    return 0


def print_template(args: argparse.Namespace) -> int:
    db = _db(args)
    if args.reset:
        template = letters.reset_letter_template(db)
    elif args.set:
        template = letters.save_letter_template(db, **dict(args.set))
    else:
        template = letters.letter_template(db)
    if args.json:
        emit_json({"template": template, "placeholders": PLACEHOLDERS})
        return 0
    for part in TEMPLATE_FIELDS:
        print(f"{part:>20}: {getattr(template, part)}")
    print("Placeholders: " + ", ".join("{" + name + "}" for name in PLACEHOLDERS))
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``print`` command group to the main parser."""
    group = sub.add_parser("print", help="print loyalty cards, a voucher or the monthly letters")
    psub = group.add_subparsers(dest="what", metavar="WHAT", required=True)

    def command(name: str, handler, help_text: str, out: bool = True) -> argparse.ArgumentParser:  # noqa: ANN001
        p = psub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        if out:
            p.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
        return p

    p = command("cards", print_cards, "loyalty cards: chosen cards, or all new since a date")
    p.add_argument(
        "--card", action="extend", nargs="+", metavar="CARD", help="card number(s) to print"
    )
    p.add_argument("--since", metavar="YYYY-MM-DD", help="every active customer joined since")
    p.add_argument(
        "--layout",
        choices=CARD_LAYOUTS,
        help="single: one card per page (card printer); a4/letter: sheets of ten "
        "(default: the shop's setting)",
    )
    p = command("voucher", print_voucher, "a reward voucher by its code")
    p.add_argument("code")
    p = command("letters", print_letters, "the monthly reward letters, one PDF")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument(
        "--reprint", action="store_true", help="include customers already sent this month's letter"
    )
    p.add_argument(
        "--card", action="extend", nargs="+", metavar="CARD", help="only these customers"
    )
    p = command(
        "settings", print_settings_command, "show or change the printing settings", out=False
    )
    p.add_argument("--card-layout", choices=CARD_LAYOUTS)
    p.add_argument("--envelope", choices=ENVELOPES, help="din5008 (A4) or us10 (US Letter)")
    p.add_argument("--logo", metavar="IMAGE", help="the shop's logo (PNG/JPEG); '' removes it")
    p = command("template", print_template, "show or edit the letter's wording", out=False)
    p.add_argument(
        "--set",
        nargs=2,
        action="append",
        metavar=("PART", "TEXT"),
        help="change one part, e.g. --set greeting 'Labas, {first_name}!'",
    )
    p.add_argument("--reset", action="store_true", help="back to the default wording")
