"""One function per command: read ``args``, call one service, print the result."""

from __future__ import annotations

import argparse
import importlib.util
import sys

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli import feedback as feedback_cli
from shopkeeper.cli import products as products_cli
from shopkeeper.cli.output import emit_change, emit_json, plain, when
from shopkeeper.domain.calendar import Month, check_visit_day, local_date, local_noon, parse_day
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.money import format_cents, parse_amount
from shopkeeper.domain.rhythm import Stage
from shopkeeper.i18n import N_, _, ngettext
from shopkeeper.present.feedback import last_feedback_text
from shopkeeper.present.items import last_time_text, usually_buys_text
from shopkeeper.present.ledger import kind_label
from shopkeeper.present.notes import note_kind_label
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
STAGE_LABELS = {
    Stage.NEW: N_("new"),
    Stage.REGULAR: N_("regular"),
    Stage.LOYAL: N_("loyal"),
    Stage.ADVOCATE: N_("advocate"),
}


def _int(text: str, what: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    text = str(text).strip()
    try:
        value = int(text) if len(text) <= 40 else None
    except ValueError:
        value = None
    if value is None:
        raise InvalidInput(
            _("{what} must be a whole number, not {text}.").format(
                what=what, text=repr(text[:20])
            )
        ) from None
    low = -MAX_INT if minimum is None else minimum
    high = MAX_INT if maximum is None else maximum
    if not low <= value <= high:
        raise InvalidInput(
            _("{what} must be between {low} and {high}.").format(what=what, low=low, high=high)
        )
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
            _(
                "The Shopkeeper window is not installed yet (it needs PySide6 and the ui "
                "package). Use the commands: shopkeeper --help"
            ),
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
            _(
                "Demo shop ready: {customers} customers, {visits} visits, {redemptions} "
                "redemptions ({seconds} s)."
            ).format(
                customers=result.customers,
                visits=result.visits,
                redemptions=result.redemptions,
                seconds=f"{result.seconds:.1f}",
            )
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
        language=args.language or None,
        letters_consent=bool(_letters(args.letters)),
        card_number=args.card,
        referred_by_card=args.referred_by,
        allow_duplicate_phone=args.allow_duplicate_phone,
    )
    if args.json:
        emit_change(saved, db)
    else:
        print(
            ngettext(
                "Added {name}, card {card}, {n} point.",
                "Added {name}, card {card}, {n} points.",
                saved.points_balance,
            ).format(name=saved.name, card=saved.card_number, n=saved.points_balance)
        )
    return 0


def customer_show(args: argparse.Namespace) -> int:
    db = _db(args)
    s = summary.customer_summary(db, args.card)
    last = s.last_feedback
    if args.json:
        emit_json(plain(s))  # with "last_feedback"
        return 0
    print(
        ngettext(
            "{name}  card {card}  {tier}  {n} point", "{name}  card {card}  {tier}  {n} points",
            s.points_balance,
        ).format(name=s.name, card=s.card_number, tier=s.tier or _("no tier"), n=s.points_balance)
        + (_("  [archived]") if s.archived else "")
    )
    if s.next_tier:
        print(
            ngettext(
                "  {n} point to {tier}", "  {n} points to {tier}", s.points_to_next_tier
            ).format(n=s.points_to_next_tier, tier=s.next_tier)
        )
    print(
        ngettext(
            "  {stage}; {n} visit, spent {spent}; member since {day}",
            "  {stage}; {n} visits, spent {spent}; member since {day}",
            s.visit_count,
        ).format(
            stage=_(STAGE_LABELS.get(s.stage, s.stage.value)),
            n=s.visit_count,
            spent=format_cents(s.spent_cents),
            day=when(s.joined_at),
        )
    )
    if s.rhythm.usual_gap_days is not None:
        print(
            _("  usually every {gap} days; last visit {days} days ago").format(
                gap=f"{s.rhythm.usual_gap_days:g}", days=s.rhythm.days_since_last
            )
        )
    if s.birthday_in_days is not None:
        print(
            _("  birthday today!")
            if s.birthday_in_days == 0
            else ngettext(
                "  birthday in {n} day", "  birthday in {n} days", s.birthday_in_days
            ).format(n=s.birthday_in_days)
        )
    if s.usual_items:
        print("  " + usually_buys_text(s.usual_items))
    if s.last_items:
        print("  " + last_time_text(s.last_items))
    for n in s.open_problems:
        print(_("  OPEN PROBLEM ({day}): {text}").format(day=when(n.at), text=n.text))
    for n in s.pinned_notes:
        print(_("  pinned: {text}").format(text=n.text))
    if last is not None:
        print("  " + last_feedback_text(last))
    for r in s.affordable:
        print(_can_redeem(r.id, r.name, r.points_cost))
    return 0


def _can_redeem(reward_id: int, name: str, cost: int) -> str:
    return ngettext(
        "  can redeem #{id} {reward} ({n} point)", "  can redeem #{id} {reward} ({n} points)", cost
    ).format(id=reward_id, reward=name, n=cost)


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
        print(_("No customer matches."))
    else:
        for h in hits:
            print(
                f"{h.card_number:>10}  {h.name}  {h.phone or ''}  {h.tier or ''}  "
                + ngettext("{n} point", "{n} points", h.points_balance).format(
                    n=h.points_balance
                )
                + (_("  [archived]") if h.archived else "")
                + (
                    _("  (card {card} was merged into it)").format(card=h.merged_from)
                    if h.merged_from
                    else ""
                )
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
        raise InvalidInput(_("Nothing to change: give at least one option such as --phone."))
    db = _db(args)
    saved = customers.edit_customer(
        db, args.card, allow_duplicate_phone=args.allow_duplicate_phone, **changes
    )
    if args.json:
        emit_change(saved, db)
    else:
        print(_("Saved {name}, card {card}.").format(name=saved.name, card=saved.card_number))
    return 0


def customer_archive(args: argparse.Namespace) -> int:
    db = _db(args)
    saved = customers.archive_customer(db, args.card, archived=not args.undo)
    if args.json:
        emit_change(saved, db)
    else:
        message = _("{name} is back.") if args.undo else _("{name} is archived.")
        print(message.format(name=saved.name))
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
        items=products_cli.items_from(args),
    )
    if args.json:
        emit_change(booked, db, args.staff)
        return 0
    if booked.duplicate:
        print(
            _("Already booked (visit {id}); nothing changed.").format(id=booked.visit_id)
        )
    print(
        ngettext(
            "+{n} point for {name} · balance {balance} · {tier}",
            "+{n} points for {name} · balance {balance} · {tier}",
            booked.points_earned,
        ).format(
            n=booked.points_earned,
            name=booked.name,
            balance=booked.points_balance,
            tier=booked.tier or _("no tier"),
        )
        + (_(" (new tier!)") if booked.tier_changed else "")
    )
    for r in booked.affordable:
        print(_can_redeem(r.id, r.name, r.points_cost))
    return 0


def reverse(args: argparse.Namespace) -> int:
    db = _db(args)
    done = visits.reverse_visit(
        db, visit_id=_int(args.visit_id, _("The visit id")), reason=args.reason
    )
    if args.json:
        emit_change(done, db)
    else:
        print(
            ngettext(
                "Visit {id} reversed: -{n} point, balance {balance}.",
                "Visit {id} reversed: -{n} points, balance {balance}.",
                done.points_reversed,
            ).format(id=done.visit_id, n=done.points_reversed, balance=done.points_balance)
        )
    return 0


def rewards_list(args: argparse.Namespace) -> int:
    items = rewards.list_rewards(_db(args), include_inactive=args.all)
    if args.json:
        emit_json(items)
    else:
        for r in items:
            extra = _(" (donation to {cause})").format(cause=r.cause) if r.cause else ""
            extra += _(" ({tier} and above)").format(tier=r.min_tier) if r.min_tier else ""
            extra += _(" (any {category})").format(category=r.category) if r.category else ""
            extra += "" if r.active else _(" [inactive]")
            points = ngettext("{n} point", "{n} points", r.points_cost).format(
                n=f"{r.points_cost:>6}"
            )
            print(f"#{r.id:<3} {points}  {r.name}{extra}")
    return 0


def redeem(args: argparse.Namespace) -> int:
    db = _db(args)
    done = rewards.redeem_reward(
        db, card_number=args.card, reward_id=_int(args.reward_id, _("The reward id"))
    )
    if args.json:
        emit_change(done, db)
    else:
        print(
            ngettext(
                "{reward} for {name}: -{n} point, balance {balance}. Voucher {code} valid "
                "until {day}.",
                "{reward} for {name}: -{n} points, balance {balance}. Voucher {code} valid "
                "until {day}.",
                done.points_spent,
            ).format(
                reward=done.reward_name,
                name=done.customer_name,
                n=done.points_spent,
                balance=done.points_balance,
                code=done.voucher_code,
                day=done.valid_until.isoformat(),
            )
        )
    return 0


def voucher(args: argparse.Namespace) -> int:
    db = _db(args)
    found = rewards.use_voucher(db, args.code) if args.use else rewards.find_voucher(db, args.code)
    if args.json:
        emit_json(found)
    else:
        if found.used_at:
            line = _(
                "Voucher {code}: {reward} for {name} (card {card}), valid until {day}, "
                "used {used}."
            )
        else:
            line = _(
                "Voucher {code}: {reward} for {name} (card {card}), valid until {day}, "
                "not used yet."
            )
        print(
            line.format(
                code=found.code,
                reward=found.reward_name,
                name=found.customer_name,
                card=found.card_number,
                day=found.valid_until.isoformat(),
                used=when(found.used_at),
            )
        )
    return 0


def donations(args: argparse.Namespace) -> int:
    totals = rewards.donation_totals(_db(args))
    if args.json:
        emit_json(totals)
    elif not totals:
        print(_("No causes yet."))
    else:
        for c in totals:
            print(
                _("{cause}: {donations}, {points}, {value}").format(
                    cause=c.name,
                    donations=ngettext("{n} donation", "{n} donations", c.donations).format(
                        n=c.donations
                    ),
                    points=ngettext("{n} point", "{n} points", c.points).format(n=c.points),
                    value=format_cents(c.value_cents),
                )
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
                f"{when(line.at)}  {line.points:>+7}  {kind_label(line.kind):<15} "
                f"{line.balance_after:>7}" + (f"  {line.note}" if line.note else "")
            )
    return 0


def correct(args: argparse.Namespace) -> int:
    db = _db(args)
    balance = ledger_service.correct_points(
        db, card_number=args.card, points=_int(args.points, _("Points")), reason=args.reason
    )
    if args.json:
        emit_change({"points_balance": balance}, db)
    else:
        print(_("Corrected; balance {balance}.").format(balance=balance))
    return 0


def note(args: argparse.Namespace) -> int:
    if args.score is not None:  # a score is feedback now, counted by the NPS report
        return feedback_cli.note_with_score(args)
    kind = "problem" if args.problem else (args.kind or "general")
    db = _db(args)
    saved = notes.add_note(db, card_number=args.card, text=args.text, kind=kind, pinned=args.pin)
    if args.json:
        emit_change(saved, db)
    else:
        message = _("Note {id} saved ({kind}, pinned).") if saved.pinned else _(
            "Note {id} saved ({kind})."
        )
        print(message.format(id=saved.id, kind=note_kind_label(saved.kind)))
    return 0


def resolve(args: argparse.Namespace) -> int:
    db = _db(args)
    saved = notes.resolve_note(db, _int(args.note_id, _("The note id")))
    if args.json:
        emit_change(saved, db)
    else:
        print(_("Problem {id} resolved.").format(id=saved.id))
    return 0


def month_end(args: argparse.Namespace) -> int:
    db = _db(args)
    month = Month.parse(args.month) if args.month else None
    result = month_end_service.month_end(db, month)
    if args.json:
        emit_json(result)
    else:
        print(
            _(
                "Month {month} closed: {points} points expired for {customers} customers, "
                "{bonuses} birthday bonuses, {upgrades} tier upgrades, {downgrades} downgrades."
            ).format(
                month=result.month,
                points=result.expired_points,
                customers=result.expired_customers,
                bonuses=result.birthday_bonuses,
                upgrades=result.tier_upgrades,
                downgrades=result.tier_downgrades,
            )
        )
    return 0
