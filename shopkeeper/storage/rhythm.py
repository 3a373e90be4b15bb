"""Stored rhythm figures (``customer_rhythm``, migration 0022): each customer's live-visit count,
first and last visit, median gap and the day they become overdue.

Every service that changes a customer's visits calls ``refresh`` in its own transaction (booking,
reversal, merge); bulk writers (the demo, the migration) call ``rebuild`` once at the end.
``refresh`` reads only that customer's count and latest RHYTHM_VISITS visits from the live-visit
index (migration 0006), so booking stays as fast as before. The figures come from
``domain.rhythm.rhythm_figures``: the counter's rule, on exact microsecond stamps.

The overdue day is a day of the shop's local calendar when it was written; readers use it as an
index range with a day's margin and judge the rule again from ``last_at`` and ``gap_days``, so a
machine whose time zone changed still gets exact answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.sql.sqltypes import UTCDateTime

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.reports import is_overdue
from shopkeeper.domain.rhythm import (
    RHYTHM_VISITS,
    RhythmFigures,
    from_micros,
    micros,
    rhythm_figures,
)

# Table clauses of their own (not ``storage.tables``) so migration 0022 can use this module
# whatever later revisions add to the tables.
RHYTHM = sa.table(
    "customer_rhythm",
    sa.column("customer_id", sa.Integer),
    sa.column("visits", sa.Integer),
    sa.column("spent_cents", sa.Integer),
    sa.column("first_at", UTCDateTime),
    sa.column("first_cents", sa.Integer),
    sa.column("last_at", UTCDateTime),
    sa.column("gap_days", sa.Float),
    sa.column("overdue_from", sa.Date),
)
_VISIT = sa.table(
    "visit",
    sa.column("customer_id", sa.Integer),
    sa.column("at", UTCDateTime),
    sa.column("amount_cents", sa.Integer),
    sa.column("reversed_at", UTCDateTime),
)
_CUSTOMER = sa.table("customer", sa.column("id", sa.Integer), sa.column("archived_at", UTCDateTime))
BATCH = 5000
_LIVE = _VISIT.c.reversed_at.is_(None)
# SQLite: every live visit as integer microseconds, straight from the driver (no datetime
# objects for two million rows). The stored text is "YYYY-MM-DD HH:MM:SS.ffffff" (UTC).
_ALL_SQLITE = (
    "SELECT customer_id, unixepoch(at) * 1000000"
    " + CAST(substr(substr(at, 21, 6) || '000000', 1, 6) AS INTEGER), amount_cents"
    " FROM visit WHERE reversed_at IS NULL ORDER BY customer_id, at, amount_cents"
)


def _row(customer_id: int, f: RhythmFigures) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "visits": f.visits,
        "spent_cents": f.spent_cents,
        "first_at": f.first_at,
        "first_cents": f.first_cents,
        "last_at": f.last_at,
        "gap_days": f.gap_days,
        "overdue_from": f.overdue_from,
    }


_CUSTOMER_ID = sa.bindparam("customer_id")
# Prebuilt (every booking runs them; SQLAlchemy reuses the compiled form): the live visits'
# count, sum, first time and that first visit's amount in one row, then the latest stamps.
_TOTALS = sa.select(
    sa.func.count(),
    sa.func.coalesce(sa.func.sum(_VISIT.c.amount_cents), 0),
    sa.func.min(_VISIT.c.at),
    sa.select(_VISIT.c.amount_cents)
    .where(_VISIT.c.customer_id == _CUSTOMER_ID, _LIVE)
    .order_by(_VISIT.c.at, _VISIT.c.amount_cents)
    .limit(1)
    .scalar_subquery(),
).where(_VISIT.c.customer_id == _CUSTOMER_ID, _LIVE)
_LATEST = (
    sa.select(_VISIT.c.at)
    .where(_VISIT.c.customer_id == _CUSTOMER_ID, _LIVE)
    .order_by(_VISIT.c.at.desc())
    .limit(RHYTHM_VISITS)
)
_FORGET = sa.delete(RHYTHM).where(RHYTHM.c.customer_id == _CUSTOMER_ID)
_FIGURES = [c.name for c in RHYTHM.columns if c.name != "customer_id"]


def _upsert(dialect):  # noqa: ANN001, ANN202 - the dialect module
    statement = dialect.insert(RHYTHM)
    return statement.on_conflict_do_update(
        index_elements=["customer_id"],
        set_={name: statement.excluded[name] for name in _FIGURES},
    )


_UPSERT = {"postgresql": _upsert(postgresql), "sqlite": _upsert(sqlite)}


def figures_of(connection: Connection, customer_id: int) -> RhythmFigures | None:
    """One customer's figures from their own visits (None without a live visit)."""
    key = {"customer_id": customer_id}
    count, spent, first, first_cents = connection.execute(_TOTALS, key).one()
    if not count:
        return None
    recent = sorted(micros(at) for at in connection.execute(_LATEST, key).scalars())
    return rhythm_figures(int(count), int(spent), first, int(first_cents), recent)


def refresh(connection: Connection, customer_ids: Iterable[int]) -> None:
    """Recompute these customers' stored figures; call it in the transaction that changed
    their visits."""
    upsert = _UPSERT[connection.dialect.name]
    for customer_id in dict.fromkeys(customer_ids):
        figures = figures_of(connection, customer_id)
        if figures is None:
            connection.execute(_FORGET, {"customer_id": customer_id})
        else:
            connection.execute(upsert, _row(customer_id, figures))


def overdue(
    connection: Connection, today: date, archived: str = "active"
) -> list[tuple[int, int, datetime, float, int, int]]:
    """(customer id, visits, last visit, unrounded gap, days since the last visit, lifetime
    spend) of everyone overdue on ``today``, by customer id. ``archived``: "active" leaves
    archived customers out, "archived" keeps only them, "all" both. One range read of the
    covering index (a day's margin for a changed time zone), archived customers excluded
    through their own index, the rule judged exactly."""
    sqlite_text = connection.dialect.name == "sqlite"
    # SQLite: the stored UTC text, parsed by ``fromisoformat`` (a tenth of the typed column's
    # cost over thousands of rows).
    last = sa.type_coerce(RHYTHM.c.last_at, sa.String) if sqlite_text else RHYTHM.c.last_at
    query = sa.select(
        RHYTHM.c.customer_id, RHYTHM.c.visits, last, RHYTHM.c.gap_days, RHYTHM.c.spent_cents
    )
    query = query.where(RHYTHM.c.overdue_from <= today + timedelta(days=1))
    if archived in ("active", "archived"):
        shelved = sa.select(_CUSTOMER.c.id).where(_CUSTOMER.c.archived_at.is_not(None))
        chosen = RHYTHM.c.customer_id.in_(shelved)
        query = query.where(chosen if archived == "archived" else sa.not_(chosen))
    found = []
    for customer_id, visits, last_at, gap, spent in connection.execute(query):
        if sqlite_text:
            last_at = datetime.fromisoformat(last_at).replace(tzinfo=UTC)
        since = (today - local_date(last_at)).days
        if is_overdue(visits, gap, since):
            found.append((customer_id, visits, last_at, gap, since, spent))
    found.sort(key=itemgetter(0))
    return found


def _stamps(connection: Connection) -> Iterator[tuple[int, int, int]]:
    """(customer id, microseconds, amount) of every live visit, in customer and time order
    (the live-visit index's own order: customer, time, amount)."""
    if connection.dialect.name == "sqlite":
        cursor = connection.connection.driver_connection.execute(_ALL_SQLITE)
        while rows := cursor.fetchmany(BATCH):
            yield from rows
        return
    query = (
        sa.select(_VISIT.c.customer_id, _VISIT.c.at, _VISIT.c.amount_cents)
        .where(_LIVE)
        .order_by(_VISIT.c.customer_id, _VISIT.c.at, _VISIT.c.amount_cents)
    )
    # A statement option: on the connection it would stay for the statements after it.
    for customer_id, at, amount in connection.execute(query.execution_options(yield_per=BATCH)):
        yield customer_id, micros(at), amount


def rebuild(connection: Connection) -> int:
    """Every customer's figures again, in one pass over the live-visit index (the demo, the
    migration, a repair). Returns the number of rows written. The figures (one small row per
    customer) are collected before writing: the read is one open cursor on this connection."""
    connection.execute(sa.delete(RHYTHM))
    rows = list(_figure_rows(_stamps(connection)))
    for start in range(0, len(rows), BATCH):
        connection.execute(sa.insert(RHYTHM), rows[start : start + BATCH])
    return len(rows)


def _figure_rows(stamps: Iterable[tuple[int, int, int]]) -> Iterator[dict[str, Any]]:
    for customer_id, rows in groupby(stamps, itemgetter(0)):
        _ids, times, amounts = zip(*rows, strict=True)
        figures = rhythm_figures(
            len(times), sum(amounts), from_micros(times[0]), amounts[0], times[-RHYTHM_VISITS:]
        )
        yield _row(customer_id, figures)
