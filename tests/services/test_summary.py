"""The counter's one-glance view: everything a cashier needs, computed from the stored history."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from shopkeeper.domain.errors import UnknownCard
from shopkeeper.domain.rhythm import Stage
from shopkeeper.services.customers import create_customer
from shopkeeper.services.notes import add_note, resolve_note
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock


def test_a_new_customer(db: Database) -> None:
    card = create_customer(db, name="王小明", phone="+8613812345678").card_number
    s = customer_summary(db, card)
    assert (s.name, s.phone, s.points_balance, s.tier, s.next_tier) == (
        "王小明",
        "+86 138 1234 5678",
        50,
        "Bronze",
        "Silver",
    )
    assert (s.points_to_next_tier, s.tier_progress, s.points_last_12_months) == (250, 0.0, 0)
    assert (s.visit_count, s.spent_cents, s.stage, s.referrals) == (0, 0, Stage.NEW, 0)
    assert (s.rhythm.usual_gap_days, s.rhythm.days_since_last) == (None, None)
    assert s.birthday_in_days is None and s.referred_by is None
    assert s.recent_visits == [] and s.notes == [] and s.affordable == []
    assert s.tier_colour == "#b0703c"


def test_a_weekly_regular(db: Database, clock: FakeClock) -> None:
    clock.set(datetime(2026, 9, 1, 8, 0, tzinfo=UTC))
    card = create_customer(db, name="Ona", birthday="1980-11-20").card_number
    for _ in range(10):
        record_visit(db, card_number=card, amount_cents=2_100)
        clock.advance(days=7)
    clock.advance(days=-4)
    s = customer_summary(db, card)
    assert (s.visit_count, s.spent_cents, s.points_last_12_months) == (10, 21_000, 210)
    assert (s.rhythm.usual_gap_days, s.rhythm.days_since_last, s.rhythm.overdue) == (7.0, 3, False)
    assert s.stage == Stage.REGULAR  # ten visits, but only over two months
    assert (s.next_tier, s.points_to_next_tier) == ("Silver", 40)  # "40 points to Silver"
    assert s.tier_progress == pytest.approx(210 / 250)
    assert [r.name for r in s.affordable] == ["Free coffee", "Cake of your choice"]
    assert len(s.recent_visits) == 10 and s.recent_visits[0].at > s.recent_visits[1].at
    assert s.recent_visits[0].points == 21


def test_birthday_soon_within_a_week(db: Database, clock: FakeClock) -> None:
    soon = create_customer(db, name="Ona", birthday="1980-11-23").card_number
    later = create_customer(db, name="Jonas", birthday="1980-11-24").card_number
    today = create_customer(db, name="Tom", birthday="1980-11-16").card_number
    assert customer_summary(db, soon).birthday_in_days == 7
    assert customer_summary(db, later).birthday_in_days is None
    assert customer_summary(db, today).birthday_in_days == 0
    clock.set(datetime(2026, 11, 15, 22, 30, tzinfo=UTC))  # 00:30 on the 16th in Vilnius
    assert customer_summary(db, today).birthday_in_days == 0


def test_loyal_then_advocate(db: Database, clock: FakeClock) -> None:
    clock.set(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    ona = create_customer(db, name="Ona").card_number
    for _ in range(10):
        record_visit(db, card_number=ona, amount_cents=500)
        clock.advance(days=25)
    assert customer_summary(db, ona).stage == Stage.LOYAL
    friend = create_customer(db, name="Jonas", referred_by_card=ona).card_number
    assert customer_summary(db, ona).stage == Stage.LOYAL  # a friend who never came: not yet
    record_visit(db, card_number=friend, amount_cents=500)
    s = customer_summary(db, ona)
    assert (s.stage, s.referrals) == (Stage.ADVOCATE, 1)
    assert customer_summary(db, friend).referred_by == "Ona"


def test_overdue_when_far_past_their_rhythm(db: Database, clock: FakeClock) -> None:
    clock.set(datetime(2026, 9, 1, 8, 0, tzinfo=UTC))
    card = create_customer(db, name="Ona").card_number
    for _ in range(4):
        record_visit(db, card_number=card, amount_cents=500)
        clock.advance(days=7)
    clock.advance(days=30)
    assert customer_summary(db, card).rhythm.overdue


def test_notes_problems_and_reversed_visits(db: Database, clock: FakeClock) -> None:
    card = create_customer(db, name="Ona").card_number
    booked = record_visit(db, card_number=card, amount_cents=1_000)
    reverse_visit(db, visit_id=booked.visit_id)
    add_note(db, card_number=card, text="Nut allergy", kind="preference", pinned=True)
    clock.advance(minutes=1)
    first = add_note(db, card_number=card, text="Dry cake", kind="problem")
    clock.advance(minutes=1)
    add_note(db, card_number=card, text="Wrong change", kind="problem")
    resolve_note(db, first.id)
    s = customer_summary(db, card)
    assert [n.text for n in s.pinned_notes] == ["Nut allergy"]
    assert [n.text for n in s.open_problems] == ["Wrong change"]
    assert [n.text for n in s.notes] == ["Wrong change", "Dry cake", "Nut allergy"]
    assert [(v.reversed, v.points) for v in s.recent_visits] == [(True, 10)]
    assert (s.visit_count, s.rhythm.days_since_last) == (0, None)


def test_recent_visits_limit(db: Database, clock: FakeClock) -> None:
    clock.set(datetime(2026, 1, 1, 9, 0, tzinfo=UTC))
    card = create_customer(db, name="Ona").card_number
    for _ in range(15):
        record_visit(db, card_number=card, amount_cents=500)
        clock.advance(days=2)
    s = customer_summary(db, card, recent=5)
    assert len(s.recent_visits) == 5
    assert s.recent_visits[0].at == clock.now - timedelta(days=2)
    assert s.rhythm.usual_gap_days == 2.0  # judged on all recent visits, not the five shown


def test_unknown_card(db: Database) -> None:
    with pytest.raises(UnknownCard):
        customer_summary(db, "nobody")


def test_a_scan_reads_few_statements_and_its_visits_and_points_from_indexes(
    db: Database, clock: FakeClock
) -> None:
    """The profile after a scan: the customer's row carries what is read by key beside it, and a
    shop's millions of visits and ledger rows are not read one table page per row (migration
    0024's covering indexes), which on a file bigger than memory were the scan's slow tail."""
    clock.set(datetime(2026, 1, 1, 9, 0, tzinfo=UTC))
    friend = create_customer(db, name="Jonas").card_number
    card = create_customer(db, name="Ona", referred_by_card=friend).card_number
    for _ in range(20):
        record_visit(db, card_number=card, amount_cents=700)
        clock.advance(days=3)
    add_note(db, card_number=card, text="Rye loaf, sliced", kind="preference")
    if not db.is_sqlite:  # the statements are counted from SQLite's own trace
        s = customer_summary(db, card, recent=15)
        assert (s.referred_by, len(s.recent_visits), s.points_last_12_months) == ("Jonas", 15, 140)
        return
    statements: list[str] = []

    def tracing(dbapi_connection, _record, _proxy) -> None:  # noqa: ANN001
        # Every statement the driver runs, its parameters written in: prepared reads
        # (storage.prepared) do not pass SQLAlchemy's execution events.
        dbapi_connection.set_trace_callback(statements.append)

    def untracing(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.set_trace_callback(None)

    event.listen(db.engine, "checkout", tracing)
    event.listen(db.engine, "checkin", untracing)
    try:
        s = customer_summary(db, card, recent=15)
    finally:
        event.remove(db.engine, "checkout", tracing)
        event.remove(db.engine, "checkin", untracing)
    assert (s.referred_by, len(s.recent_visits), s.points_last_12_months) == ("Jonas", 15, 140)
    reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    assert len(reads) <= 8, [sql.split("FROM")[0][:60] for sql in reads]
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        plans = [
            row[3]
            for sql in reads
            for row in raw.execute("EXPLAIN QUERY PLAN " + sql).fetchall()  # type: ignore[union-attr]
        ]
    touching = [line for line in plans if re.match(r"SEARCH (visit|ledger_entry)\b", line)]
    assert touching and all("COVERING INDEX" in line for line in touching), touching
