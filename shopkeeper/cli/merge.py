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
from shopkeeper.services import merge
from shopkeeper.services.merge import MergePlan, MergeSide
from shopkeeper.storage.database import Database


def _db(args: argparse.Namespace) -> Database:
    return open_database(settings.database_target(args.db))


def _column(side: MergeSide) -> list[str]:
    return [
        side.card_number,
        side.name + ("  [archived]" if side.archived else ""),
        format_phone(side.phone) if side.phone else "-",
        side.email or "-",
        side.birthday.isoformat() if side.birthday else "-",
        f"{side.points_balance} points",
        f"{side.visit_count} visits, {format_cents(side.spent_cents)}",
        f"last visit {when(side.last_visit_at)}",
        side.tier or "no tier",
    ]


def _print_plan(plan: MergePlan) -> None:
    labels = ["card", "name", "phone", "e-mail", "birthday", "balance", "visits", "", "tier"]
    keep, other = _column(plan.keep), _column(plan.other)
    width = max(len(x) for x in keep + ["KEEP"]) + 2
    print(f"{'':10}{'KEEP':{width}}OTHER (merged into KEEP)")
    for label, a, b in zip(labels, keep, other, strict=True):
        print(f"{label:10}{a:{width}}{b}")
    moves = [
        (plan.visits, "visit(s)"),
        (plan.ledger_entries, f"ledger entries ({plan.points:+d} points)"),
        (plan.notes, "note(s)"),
        (plan.redemptions, "voucher(s)"),
        (plan.letters, "letter record(s)"),
        (plan.referrals, "customer(s) they brought"),
        (plan.imported_visits, "visit(s) from before Shopkeeper"),
    ]
    print("Moves to the kept card: " + ", ".join(f"{n} {what}" for n, what in moves if n) + ".")
    if plan.rekeyed:
        print(
            "Both cards had: "
            + ", ".join(plan.rekeyed)
            + " (kept as history, nothing counted twice)."
        )
    if plan.filled:
        print("Taken from the other card: " + ", ".join(plan.filled) + ".")
    if plan.dropped:
        print("Different on the other card, the kept card's stay: " + ", ".join(plan.dropped) + ".")
    print(
        f"After: {plan.points_balance_after} points, {plan.visit_count_after} visits, "
        f"{plan.tier_after or 'no tier'}. Card {plan.other.card_number} will lead to "
        f"card {plan.keep.card_number}."
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
            f"A merge cannot be undone; nothing changed. Add --yes to merge card "
            f"{plan.other.card_number} into card {plan.keep.card_number}."
        )
    done = merge.merge_customers(db, keep=args.keep, other=args.other)
    if args.json:
        emit_json(done)
        return 0
    plan = done.plan
    print(
        f"Merged card {done.merged_card} into card {done.card_number} ({done.name}): "
        f"{plan.visits} visit(s), {plan.ledger_entries} ledger entries ({plan.points:+d} points), "
        f"{plan.notes} note(s), {plan.redemptions} voucher(s) moved."
    )
    print(
        f"Now {done.points_balance} points, {done.visit_count} visits, "
        f"{done.tier or 'no tier'}"
        + (" (new tier!)" if done.tier != done.tier_before else "")
        + f". Card {done.merged_card} leads to card {done.card_number} from now on."
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
        print(f"note: card {clean} was merged into card {target}.", file=sys.stderr)


def register(customer_sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``merge`` to ``shopkeeper customer``."""
    help_text = "merge two cards of one person: everything of OTHER moves to KEEP"
    p = customer_sub.add_parser("merge", parents=[common], help=help_text, description=help_text)
    p.set_defaults(handler=customer_merge)
    p.add_argument("keep", metavar="KEEP", help="the card that stays")
    p.add_argument("other", metavar="OTHER", help="the card merged into KEEP (it leads there)")
    p.add_argument("--yes", action="store_true", help="confirm: a merge cannot be undone")
    p.add_argument("--dry-run", action="store_true", help="only show what would move")
