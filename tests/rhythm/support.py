"""The reference the stored rhythm figures are checked against: a customer's live visits read
from the visit table and judged by the domain rule (``domain.rhythm.visit_rhythm``), as the
counter does."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from shopkeeper.domain.rhythm import RHYTHM_VISITS, visit_rhythm
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

V = t.Visit.__table__
RH = t.CustomerRhythm.__table__


def live_times(db: Database) -> dict[int, list[datetime]]:
    """Every customer's live visit times, ascending."""
    return {cid: [at for at, _amount in visits] for cid, visits in live_visits(db).items()}


def live_visits(db: Database) -> dict[int, list[tuple[datetime, int]]]:
    """Every customer's live visits (time, amount), ascending."""
    visits: dict[int, list[tuple[datetime, int]]] = {}
    with db.read() as session:
        for customer_id, at, amount in session.execute(
            select(V.c.customer_id, V.c.at, V.c.amount_cents)
            .where(V.c.reversed_at.is_(None))
            .order_by(V.c.customer_id, V.c.at)
        ):
            visits.setdefault(customer_id, []).append((at, amount))
    return visits


def stored(db: Database) -> dict[int, Any]:
    with db.read() as session:
        return {row.customer_id: row for row in session.execute(select(RH)).all()}


def overdue_by_rule(times: list[datetime], day: date) -> bool:
    return visit_rhythm(times[-RHYTHM_VISITS:], day).overdue


def check_figures(db: Database, days: list[date]) -> None:
    """The stored figures equal a recomputation from the visits, and the stored overdue day
    answers "overdue on D?" exactly as the rule does, for each of ``days`` and around it."""
    visits = live_visits(db)
    times = live_times(db)
    rows = stored(db)
    assert set(rows) == set(times), "a row per customer with a live visit, and no other"
    for customer_id, visit_times in times.items():
        row = rows[customer_id]
        assert row.visits == len(visit_times)
        assert row.spent_cents == sum(amount for _at, amount in visits[customer_id])
        assert row.first_at == visit_times[0]
        assert row.first_cents == min(a for at, a in visits[customer_id] if at == row.first_at)
        assert row.last_at == visit_times[-1]
        rhythm = visit_rhythm(visit_times[-RHYTHM_VISITS:], days[0])
        if rhythm.usual_gap_days is None:
            assert row.gap_days is None
        else:
            assert round(row.gap_days, 1) == rhythm.usual_gap_days
        checked = list(days)
        if row.overdue_from is not None:
            checked += [row.overdue_from, date.fromordinal(row.overdue_from.toordinal() - 1)]
        for day in checked:
            stored_says = row.overdue_from is not None and day >= row.overdue_from
            assert stored_says == overdue_by_rule(visit_times, day), (customer_id, day)
