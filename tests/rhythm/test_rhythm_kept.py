"""Every path that changes a customer's visits keeps the stored rhythm figures right in the same
transaction: booking (also back-dated), reversal, merge, an import of past visits, the demo."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from shopkeeper.domain.calendar import local_date
from shopkeeper.services import importing, reports
from shopkeeper.services.customers import create_customer
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.services.merge import merge_customers
from shopkeeper.services.visits import record_visit, reverse_visit, undo_visit
from shopkeeper.storage import rhythm as rhythm_store
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.rhythm.support import RH, check_figures, stored

NOW = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)


def _weekly(db: Database, card: str, weeks: int, *, last_days_ago: int) -> list[int]:
    """``weeks`` visits a week apart, the last ``last_days_ago`` days ago."""
    last = NOW - timedelta(days=last_days_ago)
    return [
        record_visit(
            db, card_number=card, amount_cents=1000, at=last - timedelta(weeks=weeks - 1 - i)
        ).visit_id
        for i in range(weeks)
    ]


def _row(db: Database, card_number: str):  # noqa: ANN202
    from shopkeeper.storage import tables as t

    with db.read() as session:
        customer_id = session.execute(
            select(t.Customer.id).where(t.Customer.card_number == card_number)
        ).scalar_one()
        return session.execute(select(RH).where(RH.c.customer_id == customer_id)).one_or_none()


def test_booking_and_undo_keep_the_figures(db: Database, clock: FakeClock) -> None:
    clock.set(NOW)
    ona = create_customer(db, name="Ona Žemaitė").card_number
    assert _row(db, ona) is None  # no visit, no row
    ids = _weekly(db, ona, 4, last_days_ago=15)
    row = _row(db, ona)
    assert (row.visits, row.gap_days) == (4, 7.0)
    # 15 days since the last visit > 2 × 7: overdue since the 15th day after it
    assert row.overdue_from == local_date(NOW - timedelta(days=15)) + timedelta(days=15)
    assert [r.card_number for r in reports.at_risk(db).rows] == [ona]

    booked = record_visit(db, card_number=ona, amount_cents=500, till="till-1")
    row = _row(db, ona)
    assert (row.visits, row.last_at) == (5, NOW)
    assert reports.at_risk(db).total == 0  # came back today
    undo_visit(db, visit_id=booked.visit_id, till="till-1")
    assert _row(db, ona).visits == 4
    assert reports.at_risk(db).total == 1

    for visit_id in ids:  # every visit taken back: no figures left
        reverse_visit(db, visit_id=visit_id, reason="test")
    assert _row(db, ona) is None
    check_figures(db, [local_date(NOW)])


def test_a_back_dated_visit_changes_the_gap_not_the_last_visit(
    db: Database, clock: FakeClock
) -> None:
    clock.set(NOW)
    card = create_customer(db, name="Jonas").card_number
    _weekly(db, card, 3, last_days_ago=1)
    record_visit(db, card_number=card, amount_cents=100, at=NOW - timedelta(days=200))
    row = _row(db, card)
    assert row.visits == 4
    assert row.last_at == NOW - timedelta(days=1)
    assert row.first_at == NOW - timedelta(days=200)
    check_figures(db, [local_date(NOW) + timedelta(days=k) for k in range(0, 40, 3)])


def test_a_merge_moves_the_rhythm_to_the_kept_card(db: Database, clock: FakeClock) -> None:
    clock.set(NOW)
    kept = create_customer(db, name="Ona").card_number
    other = create_customer(db, name="Ona (second card)").card_number
    _weekly(db, kept, 3, last_days_ago=40)
    _weekly(db, other, 3, last_days_ago=2)
    merge_customers(db, keep=kept, other=other)
    assert _row(db, kept).visits == 6
    assert _row(db, other) is None
    check_figures(db, [local_date(NOW) + timedelta(days=k) for k in range(0, 60, 2)])


def test_an_import_of_past_visits_writes_counts_not_visits(
    db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    """An import brings past visits as a count (``imported_visits``), never visit rows: there is
    no rhythm to take from them, and the figures of booked visits stay as they were."""
    clock.set(NOW)
    card = create_customer(db, name="Rūta", phone="+37061234500").card_number
    _weekly(db, card, 3, last_days_ago=30)
    before = stored(db)
    path = tmp_path / "clients.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Phone", "Visits"])
        writer.writerow(["Petras Petraitis", "+37061234501", "12"])
    result, _sheet = importing.import_file(db, path)
    assert result.imported == 1
    assert stored(db) == before
    check_figures(db, [local_date(NOW)])


def test_the_demo_shop_and_a_rebuild_agree_with_one_by_one_refreshes(
    db: Database, clock: FakeClock
) -> None:
    clock.set(NOW)
    build_demo_shop(db, customers=120, months=14, seed=3)
    check_figures(db, [local_date(NOW) + timedelta(days=k) for k in (0, 1, 7, 30)])
    built = stored(db)
    assert len(built) > 80
    with db.write() as session:
        connection = session.connection()
        connection.execute(RH.delete())
        rhythm_store.refresh(connection, sorted(built))
    assert stored(db) == built
    with db.write() as session:
        assert rhythm_store.rebuild(session.connection()) == len(built)
    assert stored(db) == built


def test_the_overdue_day_is_the_shops_day_at_a_month_end_midnight(
    db: Database, clock: FakeClock
) -> None:
    """Visits at 23:30 Vilnius time (21:30 UTC): the local day, not UTC's, counts. Three
    visits two days apart, the last on 30 November at 23:30: overdue when more than 4 days
    have passed, i.e. from 5 December; on the 4th not yet."""
    last = datetime(2026, 11, 30, 21, 30, tzinfo=UTC)  # 23:30 on 30 Nov in Vilnius
    clock.set(last)
    card = create_customer(db, name="Vakaro klientas").card_number
    for days in (4, 2, 0):
        record_visit(db, card_number=card, amount_cents=700, at=last - timedelta(days=days))
    row = _row(db, card)
    assert row.overdue_from == date(2026, 12, 5)
    clock.set(datetime(2026, 12, 4, 21, 59, tzinfo=UTC))  # 23:59 on 4 Dec: 4 days, not more
    assert reports.at_risk(db).total == 0
    clock.set(datetime(2026, 12, 4, 22, 0, tzinfo=UTC))  # 00:00 on 5 Dec in Vilnius
    assert reports.at_risk(db).total == 1
    assert reports.at_risk(db).rows[0].days_since_last == 5
