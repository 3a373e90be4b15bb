"""``shopkeeper customer merge KEEP OTHER``: two cards of one person become one.

A merge cannot be undone, so like ``privacy erase`` it needs ``--yes``: without it the command
shows what would move and exits 1 having changed nothing; ``--dry-run`` shows the same and exits
0. ``announce_merged_card`` is the hint every card command prints when it is given a card that
was merged into another ("card X was merged into Y").
"""

from __future__ import annotations

import argparse
import sys

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json, when
from shopkeeper.domain.codes import clean_card_number
from shopkeeper.domain.contact import format_phone
from shopkeeper.domain.errors import NotAllowed, ShopkeeperError
from shopkeeper.domain.money import format_cents
from shopkeeper.i18n import _, ngettext, pgettext
from shopkeeper.services import merge
from shopkeeper.services.merge import MergePlan, MergeSide
from shopkeeper.storage.database import Database


def _db(args: argparse.Namespace) -> Database:
    return open_database(settings.database_target(args.db))


def _column(side: MergeSide) -> list[str]:
    return [
        side.card_number,
        side.name + (_("  [archived]") if side.archived else ""),
        format_phone(side.phone) if side.phone else "-",
        side.email or "-",
        side.birthday.isoformat() if side.birthday else "-",
        _points(side.points_balance),
        _("{visits}, {spent}").format(
            visits=_visits(side.visit_count), spent=format_cents(side.spent_cents)
        ),
        _("last visit {day}").format(day=when(side.last_visit_at)),
        side.tier or _("no tier"),
    ]


def _points(n: int) -> str:
    return ngettext("{n} point", "{n} points", n).format(n=n)


def _visits(n: int) -> str:
    return ngettext("{n} visit", "{n} visits", n).format(n=n)


def _entries(n: int, points: int) -> str:
    return ngettext(
        "{n} ledger entry ({points} points)", "{n} ledger entries ({points} points)", n
    ).format(n=n, points=f"{points:+d}")


def _vouchers(n: int) -> str:
    return ngettext("{n} voucher", "{n} vouchers", n).format(n=n)


def _list(items: list[str]) -> str:
    return pgettext("list separator", ", ").join(items)


def _print_plan(plan: MergePlan) -> None:
    labels = [
        _("card"), _("name"), _("phone"), _("e-mail"), _("birthday"), _("balance"),
        _("visits"), "", _("tier"),
    ]  # fmt: skip
    keep, other = _column(plan.keep), _column(plan.other)
    width = max(len(x) for x in keep + ["KEEP"]) + 2
    print(f"{'':10}{'KEEP':{width}}" + _("OTHER (merged into KEEP)"))
    for label, a, b in zip(labels, keep, other, strict=True):
        print(f"{label:10}{a:{width}}{b}")
    n = plan.letters
    letters = ngettext("{n} letter record", "{n} letter records", n).format(n=n)
    n = plan.referrals
    brought = ngettext("{n} customer they brought", "{n} customers they brought", n).format(n=n)
    n = plan.imported_visits
    before = ngettext(
        "{n} visit from before Shopkeeper", "{n} visits from before Shopkeeper", n
    ).format(n=n)
    moves = [
        text
        for count, text in (
            (plan.visits, _visits(plan.visits)),
            (plan.ledger_entries, _entries(plan.ledger_entries, plan.points)),
            (plan.notes, ngettext("{n} note", "{n} notes", plan.notes).format(n=plan.notes)),
            (plan.redemptions, _vouchers(plan.redemptions)),
            (plan.letters, letters),
            (plan.referrals, brought),
            (plan.imported_visits, before),
        )
        if count
    ]
    print(_("Moves to the kept card: {moves}.").format(moves=_list(moves)))
    if plan.rekeyed:
        print(
            _("Both cards had: {entries} (kept as history, nothing counted twice).").format(
                entries=_list(plan.rekeyed)
            )
        )
    if plan.filled:
        print(
            _("Taken from the other card: {fields}.").format(
                fields=_list([_(f) for f in plan.filled])
            )
        )
    if plan.dropped:
        print(
            _("Different on the other card, the kept card's stay: {fields}.").format(
                fields=_list([_(f) for f in plan.dropped])
            )
        )
    print(
        _("After: {points}, {visits}, {tier}. Card {other} will lead to card {keep}.").format(
            points=_points(plan.points_balance_after),
            visits=_visits(plan.visit_count_after),
            tier=plan.tier_after or _("no tier"),
            other=plan.other.card_number,
            keep=plan.keep.card_number,
        )
    )


def customer_merge(args: argparse.Namespace) -> int:
    db = _db(args)
    if args.dry_run or not args.yes:
        plan = merge.preview_merge(db, keep=args.keep, other=args.other)
        if args.json:
            emit_json(plan)
        else:
            _print_plan(plan)
        if args.dry_run:
            return 0
        raise NotAllowed(
            _(
                "A merge cannot be undone; nothing changed. Add --yes to merge card {other} "
                "into card {keep}."
            ).format(other=plan.other.card_number, keep=plan.keep.card_number)
        )
    done = merge.merge_customers(db, keep=args.keep, other=args.other)
    if args.json:
        emit_json(done)
        return 0
    plan = done.plan
    moved = [
        _visits(plan.visits),
        _entries(plan.ledger_entries, plan.points),
        ngettext("{n} note", "{n} notes", plan.notes).format(n=plan.notes),
        _vouchers(plan.redemptions),
    ]
    print(
        _("Merged card {other} into card {keep} ({name}): {moved} moved.").format(
            other=done.merged_card, keep=done.card_number, name=done.name, moved=_list(moved)
        )
    )
    tier = (done.tier or _("no tier")) + (
        _(" (new tier!)") if done.tier != done.tier_before else ""
    )
    print(
        _("Now {points}, {visits}, {tier}. Card {other} leads to card {keep} from now on.").format(
            points=_points(done.points_balance),
            visits=_visits(done.visit_count),
            tier=tier,
            other=done.merged_card,
            keep=done.card_number,
        )
    )
    return 0


def announce_merged_card(args: argparse.Namespace) -> None:
    """On stderr: the card given was merged into another, which the command works on."""
    card = getattr(args, "card", None)
    if not isinstance(card, str) or getattr(args, "action", None) in ("add", "merge"):
        return
    try:
        clean = clean_card_number(card)
    except ShopkeeperError:
        return  # the command itself will say what is wrong with it
    target = merge.merged_card_target(_db(args), clean)
    if target is not None:
        print(
            _("note: card {card} was merged into card {target}.").format(card=clean, target=target),
            file=sys.stderr,
        )


def register(customer_sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``merge`` to ``shopkeeper customer``."""
    help_text = _("merge two cards of one person: everything of OTHER moves to KEEP")
    p = customer_sub.add_parser("merge", parents=[common], help=help_text, description=help_text)
    p.set_defaults(handler=customer_merge)
    p.add_argument("keep", metavar="KEEP", help=_("the card that stays"))
    p.add_argument("other", metavar="OTHER", help=_("the card merged into KEEP (it leads there)"))
    p.add_argument("--yes", action="store_true", help=_("confirm: a merge cannot be undone"))
    p.add_argument("--dry-run", action="store_true", help=_("only show what would move"))
