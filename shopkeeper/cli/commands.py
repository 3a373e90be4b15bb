"""One function per command: read ``args``, call one service, print the result."""

from __future__ import annotations

import argparse
import importlib.util
import sys

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json, when
from shopkeeper.domain.calendar import Month, check_visit_day, local_date, local_noon, parse_day
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.money import format_cents, parse_amount
from shopkeeper.services import (
    customers,
    notes,
    rewards,
    search,
    summary,
    visits,
)
from shopkeeper.services import (
    demo as demo_service,
)
from shopkeeper.services import (
    ledger as ledger_service,
)
from shopkeeper.services import (
    month_end as month_end_service,
)
from shopkeeper.storage.database import Database

MAX_INT = 2**63 - 1  # the database's integers; an id past it is a typo, not a record


def _int(text: str, what: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    text = str(text).strip()
    try:
        value = int(text) if len(text) <= 40 else None
    except ValueError:
        value = None
    if value is None:
        raise InvalidInput(f"{what} must be a whole number, not {text[:20]!r}.") from None
    low = -MAX_INT if minimum is None else minimum
    high = MAX_INT if maximum is None else maximum
    if not low <= value <= high:
        raise InvalidInput(f"{what} must be between {low} and {high}.")
    return value


def _db(args: argparse.Namespace) -> Database:
    return open_database(settings.database_target(args.db))


def _address(text: str | None) -> str | None:
    return text.replace("|", "\n") if text else text


def _letters(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


def open_window(args: argparse.Namespace) -> int:
    missing = [m for m in ("PySide6", "shopkeeper.ui") if importlib.util.find_spec(m) is None]
    if missing:
        print(
            "The Shopkeeper window is not installed yet (it needs PySide6 and the ui package). "
            "Use the commands: shopkeeper --help",
            file=sys.stderr,
        )
        return 2
    from shopkeeper.cli.display import display_problem

    problem = display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from shopkeeper.ui.app import run

    return run(args)


def demo(args: argparse.Namespace) -> int:
    count = _int(args.customers, "--customers", minimum=1, maximum=1_000_000)
    months = _int(args.months, "--months", minimum=1, maximum=120)
    seed = _int(args.seed, "--seed")
    db = _db(args)
    result = demo_service.build_demo_shop(
        db, customers=count, months=months, seed=seed, locale=getattr(args, "locale", None)
    )
    if args.json:
        emit_json(result)
    else:
        print(
            f"Demo shop ready: {result.customers} customers, {result.visits} visits, "
            f"{result.redemptions} redemptions ({result.seconds:.1f} s)."
        )
    return 0


def customer_add(args: argparse.Namespace) -> int:
    db = _db(args)
    saved = customers.create_customer(
        db,
        name=args.name,
        phone=args.phone,
        email=args.email,
        birthday=args.birthday,
        address=_address(args.address),
        language=args.language or "en",
        letters_consent=bool(_letters(args.letters)),
        card_number=args.card,
        referred_by_card=args.referred_by,
        allow_duplicate_phone=args.allow_duplicate_phone,
    )
    if args.json:
        emit_json(saved)
    else:
        print(f"Added {saved.name}, card {saved.card_number}, {saved.points_balance} points.")
    return 0


def customer_show(args: argparse.Namespace) -> int:
    s = summary.customer_summary(_db(args), args.card)
    if args.json:
        emit_json(s)
        return 0
    print(
        f"{s.name}  card {s.card_number}  {s.tier or 'no tier'}  {s.points_balance} points"
        + ("  [archived]" if s.archived else "")
    )
    if s.next_tier:
        print(f"  {s.points_to_next_tier} points to {s.next_tier}")
    print(
        f"  {s.stage.value}; {s.visit_count} visits, spent {format_cents(s.spent_cents)}; "
        f"member since {when(s.joined_at)}"
    )
    if s.rhythm.usual_gap_days is not None:
        print(
            f"  usually every {s.rhythm.usual_gap_days:g} days; last visit "
            f"{s.rhythm.days_since_last} days ago"
        )
    if s.birthday_in_days is not None:
        print(
            "  birthday today!"
            if s.birthday_in_days == 0
            else f"  birthday in {s.birthday_in_days} days"
        )
    for n in s.open_problems:
        print(f"  OPEN PROBLEM ({when(n.at)}): {n.text}")
    for n in s.pinned_notes:
        print(f"  pinned: {n.text}")
    for r in s.affordable:
        print(f"  can redeem #{r.id} {r.name} ({r.points_cost} points)")
    return 0


def customer_find(args: argparse.Namespace) -> int:
    hits = search.search_customers(
        _db(args),
        args.query,
        limit=_int(args.limit, "--limit", minimum=1, maximum=200),
        include_archived=args.archived,
    )
    if args.json:
        emit_json(hits)
    elif not hits:
        print("No customer matches.")
    else:
        for h in hits:
            print(
                f"{h.card_number:>10}  {h.name}  {h.phone or ''}  {h.tier or ''}  "
                f"{h.points_balance} points" + ("  [archived]" if h.archived else "")
                + (f"  (card {h.merged_from} was merged into it)" if h.merged_from else "")
            )
    return 0


def customer_edit(args: argparse.Namespace) -> int:
    changes = {}
    for name in ("name", "phone", "email", "birthday", "language"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value or None if name != "name" else value
    if args.address is not None:
        changes["address"] = _address(args.address) or None
    if args.letters is not None:
        changes["letters_consent"] = _letters(args.letters)
    if args.new_card:
        changes["new_card_number"] = args.new_card
    if not changes:
        raise InvalidInput("Nothing to change: give at least one option such as --phone.")
    saved = customers.edit_customer(
        _db(args), args.card, allow_duplicate_phone=args.allow_duplicate_phone, **changes
    )
    if args.json:
        emit_json(saved)
    else:
        print(f"Saved {saved.name}, card {saved.card_number}.")
    return 0


def customer_archive(args: argparse.Namespace) -> int:
    saved = customers.archive_customer(_db(args), args.card, archived=not args.undo)
    if args.json:
        emit_json(saved)
    else:
        print(f"{saved.name} is {'back' if args.undo else 'archived'}.")
    return 0


def visit(args: argparse.Namespace) -> int:
    db = _db(args)
    at = None
    if args.at:
        day, today = parse_day(args.at), local_date(db.now())
        check_visit_day(day, today)
        at = None if day == today else local_noon(day)
    booked = visits.record_visit(
        db,
        card_number=args.card,
        amount_cents=parse_amount(args.amount),
        at=at,
        staff=args.staff,
        note=args.note,
        request_id=args.request_id,
    )
    if args.json:
        emit_json(booked)
        return 0
    if booked.duplicate:
        print(f"Already booked (visit {booked.visit_id}); nothing changed.")
    print(
        f"+{booked.points_earned} points for {booked.name} · balance {booked.points_balance}"
        f" · {booked.tier or 'no tier'}" + (" (new tier!)" if booked.tier_changed else "")
    )
    for r in booked.affordable:
        print(f"  can redeem #{r.id} {r.name} ({r.points_cost} points)")
    return 0


def reverse(args: argparse.Namespace) -> int:
    done = visits.reverse_visit(
        _db(args), visit_id=_int(args.visit_id, "The visit id"), reason=args.reason
    )
    if args.json:
        emit_json(done)
    else:
        print(
            f"Visit {done.visit_id} reversed: -{done.points_reversed} points, "
            f"balance {done.points_balance}."
        )
    return 0


def rewards_list(args: argparse.Namespace) -> int:
    items = rewards.list_rewards(_db(args), include_inactive=args.all)
    if args.json:
        emit_json(items)
    else:
        for r in items:
            extra = f" (donation to {r.cause})" if r.cause else ""
            extra += f" ({r.min_tier} and above)" if r.min_tier else ""
            extra += "" if r.active else " [inactive]"
            print(f"#{r.id:<3} {r.points_cost:>6} points  {r.name}{extra}")
    return 0


def redeem(args: argparse.Namespace) -> int:
    done = rewards.redeem_reward(
        _db(args), card_number=args.card, reward_id=_int(args.reward_id, "The reward id")
    )
    if args.json:
        emit_json(done)
    else:
        print(
            f"{done.reward_name} for {done.customer_name}: -{done.points_spent} points, "
            f"balance {done.points_balance}. Voucher {done.voucher_code} valid until "
            f"{done.valid_until.isoformat()}."
        )
    return 0


def voucher(args: argparse.Namespace) -> int:
    db = _db(args)
    found = rewards.use_voucher(db, args.code) if args.use else rewards.find_voucher(db, args.code)
    if args.json:
        emit_json(found)
    else:
        state = f"used {when(found.used_at)}" if found.used_at else "not used yet"
        print(
            f"Voucher {found.code}: {found.reward_name} for {found.customer_name} "
            f"(card {found.card_number}), valid until {found.valid_until.isoformat()}, {state}."
        )
    return 0


def donations(args: argparse.Namespace) -> int:
    totals = rewards.donation_totals(_db(args))
    if args.json:
        emit_json(totals)
    elif not totals:
        print("No causes yet.")
    else:
        for c in totals:
            print(
                f"{c.name}: {c.donations} donations, {c.points} points, "
                f"{format_cents(c.value_cents)}"
            )
    return 0


def ledger(args: argparse.Namespace) -> int:
    limit = _int(args.limit, "--limit", minimum=1) if args.limit else None
    lines = ledger_service.ledger(_db(args), args.card, limit=limit)
    if args.json:
        emit_json(lines)
    else:
        for line in lines:
            print(
                f"{when(line.at)}  {line.points:>+7}  {line.kind:<15} {line.balance_after:>7}"
                + (f"  {line.note}" if line.note else "")
            )
    return 0


def correct(args: argparse.Namespace) -> int:
    balance = ledger_service.correct_points(
        _db(args), card_number=args.card, points=_int(args.points, "Points"), reason=args.reason
    )
    if args.json:
        emit_json({"points_balance": balance})
    else:
        print(f"Corrected; balance {balance}.")
    return 0


def note(args: argparse.Namespace) -> int:
    kind = "problem" if args.problem else (args.kind or "general")
    score = _int(args.score, "The score", minimum=0, maximum=10) if args.score else None
    saved = notes.add_note(
        _db(args), card_number=args.card, text=args.text, kind=kind, pinned=args.pin, score=score
    )
    if args.json:
        emit_json(saved)
    else:
        print(f"Note {saved.id} saved ({saved.kind}{', pinned' if saved.pinned else ''}).")
    return 0


def resolve(args: argparse.Namespace) -> int:
    saved = notes.resolve_note(_db(args), _int(args.note_id, "The note id"))
    if args.json:
        emit_json(saved)
    else:
        print(f"Problem {saved.id} resolved.")
    return 0


def month_end(args: argparse.Namespace) -> int:
    db = _db(args)
    month = Month.parse(args.month) if args.month else None
    result = month_end_service.month_end(db, month)
    if args.json:
        emit_json(result)
    else:
        print(
            f"Month {result.month} closed: {result.expired_points} points expired for "
            f"{result.expired_customers} customers, {result.birthday_bonuses} birthday bonuses, "
            f"{result.tier_upgrades} tier upgrades, {result.tier_downgrades} downgrades."
        )
    return 0
