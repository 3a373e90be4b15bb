"""The back office's list of every customer: filtered, sorted and paged by the database.

The list must stay instant at 100,000 customers, so nothing here loads the whole table: a page
is one ``ORDER BY ... LIMIT/OFFSET`` over an indexed column of ``customer`` (the cached balance,
visit count, spend and last visit exist for exactly this; migration 0005 indexes them), and the
count is one ``COUNT(*)``. Filters that SQL cannot express cheaply (free-text search through the
counter's index, "at risk" by each customer's own visit rhythm) are resolved once into a set of
ids by ``prepare``; the list then pages and re-sorts over that set without resolving it again.

Names sort as the shop's language does (Č after C in Lithuanian, pinyin in Simplified Chinese,
stroke count in Traditional Chinese) through ``customer.sort_key``, an indexed ICU sort key
(``domain.collation``): still one indexed ``ORDER BY``. ``stream`` gives every row in list
order without paging (``shopkeeper customer list``).

Nothing here writes. The one file it makes, ``export_csv``, is written under a temporary name and
renamed when complete.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import case, extract, func, select
from sqlalchemy.sql import ColumnElement

from shopkeeper.domain.calendar import local_date, local_midnight
from shopkeeper.domain.codes import clean_card_number
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.rhythm import RHYTHM_VISITS, visit_rhythm
from shopkeeper.i18n import _
from shopkeeper.services import programme
from shopkeeper.services.export import safe_text
from shopkeeper.services.search import _display_phone, _whole_phone
from shopkeeper.storage import rhythm as rhythm_store
from shopkeeper.storage import search as search_index
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

C = t.Customer.__table__
V = t.Visit.__table__
N = t.Note.__table__

PAGE_SIZE = 200
SEARCH_LIMIT = 10_000  # a free-text filter keeps at most this many best matches
_NULLABLE = ("phone", "last_visit")
SORTS = ("name", "card", "phone", "tier", "balance", "last_visit", "visits", "spent", "joined")
Archived = Literal["active", "archived", "all"]
_CHUNK = 500

_SORT_COLUMNS = {
    "name": C.c.sort_key,  # the shop language's order (domain.collation)
    "card": C.c.card_number,
    "phone": C.c.phone,
    "balance": C.c.points_balance,
    "last_visit": C.c.last_visit_at,
    "visits": C.c.visit_count,
    "spent": C.c.spent_cents,
    "joined": C.c.joined_at,
}


@dataclass(frozen=True)
class CustomerFilter:
    """What the owner chose above the list. Every part narrows the list (AND)."""

    text: str = ""  # as at the counter: card, phone or name fragment
    tier_id: int | None = None
    at_risk: bool = False  # far past their own rhythm (see ``domain.rhythm``)
    birthday_this_month: bool = False
    open_problem: bool = False
    letters_consent: bool = False
    joined_from: date | None = None
    joined_to: date | None = None  # inclusive
    archived: Archived = "active"


@dataclass(frozen=True)
class ListQuery:
    """A filter with its expensive parts resolved: pass it to ``page``, ``count`` and
    ``card_numbers`` as the list scrolls and re-sorts."""

    filter: CustomerFilter
    today: date
    ids: frozenset[int] | None = field(default=None)  # None: no id restriction


@dataclass(frozen=True)
class CustomerRow:
    card_number: str
    name: str
    phone: str | None  # display form
    tier: str | None
    tier_colour: str | None
    points_balance: int
    last_visit: date | None  # the shop's local day
    visit_count: int
    spent_cents: int
    joined: date
    archived: bool


@dataclass(frozen=True)
class ListExport:
    path: Path
    rows: int


def _check_filter(f: CustomerFilter) -> None:
    if f.archived not in ("active", "archived", "all"):
        raise InvalidInput(_("Unknown archive choice {choice}.").format(choice=repr(f.archived)))
    if f.joined_from and f.joined_to and f.joined_from > f.joined_to:
        raise InvalidInput(
            _("The joining dates are reversed: {start} is after {end}.").format(
                start=f.joined_from.isoformat(), end=f.joined_to.isoformat()
            )
        )


def _archive_condition(choice: str) -> ColumnElement[bool] | None:
    if choice == "active":
        return C.c.archived_at.is_(None)
    if choice == "archived":
        return C.c.archived_at.is_not(None)
    return None


def at_risk_ids(connection, today: date, archived: str = "all") -> set[int]:  # noqa: ANN001
    """Customers far past their own rhythm: more than twice their median gap between their
    recent visits, with at least 3 visits (``domain.rhythm.visit_rhythm``, the counter's rule,
    on the same most recent visits the counter judges).

    Read from the stored rhythm figures (``storage.rhythm``, migration 0022): one range query
    on the overdue day (a day's margin for a changed time zone), the rule then judged exactly.
    """
    return {row[0] for row in rhythm_store.overdue(connection, today, archived)}


def _at_risk_ids_python(connection, today: date, archived: str) -> set[int]:  # noqa: ANN001
    """The same rule read visit by visit: the reference the stored figures are tested
    against."""
    # Nobody is overdue within 2 days of a visit (the usual gap counts as at least one day),
    # nor with fewer than 3 visits: only the others' visits are read.
    cutoff = local_midnight(today - timedelta(days=2))
    conditions = [C.c.visit_count >= 3, C.c.last_visit_at < cutoff]
    archive = _archive_condition(archived)
    if archive is not None:
        conditions.append(archive)
    query = (
        select(V.c.customer_id, V.c.at)
        .select_from(V.join(C, C.c.id == V.c.customer_id))
        .where(*conditions, V.c.reversed_at.is_(None))
        .order_by(V.c.customer_id, V.c.at)
    )
    found: set[int] = set()
    current: int | None = None
    times: list[datetime] = []

    def judge() -> None:
        if current is not None and visit_rhythm(times[-RHYTHM_VISITS:], today).overdue:
            found.add(current)

    for customer_id, at in connection.execution_options(yield_per=5000).execute(query):
        if customer_id != current:
            judge()
            current, times = customer_id, []
        times.append(at)
    judge()
    return found


def prepare(db: Database, f: CustomerFilter | None = None) -> ListQuery:
    """Resolve the filter's search text and "at risk" into ids, once for many pages."""
    f = f or CustomerFilter()
    _check_filter(f)
    today = local_date(db.now())
    ids: set[int] | None = None
    with db.read() as session:
        connection = session.connection()
        if f.text.strip():
            matches = search_index.find(
                connection,
                f.text,
                limit=SEARCH_LIMIT,
                include_archived=True,
                phone_digits=_whole_phone(session, f.text),
            )
            ids = {m.customer_id for m in matches}
        if f.at_risk:
            risky = at_risk_ids(connection, today, f.archived)
            ids = risky if ids is None else ids & risky
    return ListQuery(f, today, frozenset(ids) if ids is not None else None)


def _ids_condition(connection, ids: frozenset[int]) -> ColumnElement[bool]:  # noqa: ANN001
    if connection.dialect.name == "sqlite":
        # One JSON parameter instead of one per id: SQLite allows 32,766 parameters.
        values = func.json_each(json.dumps(sorted(ids))).table_valued("value")
        return C.c.id.in_(select(values.c.value))
    return C.c.id.in_(sorted(ids))


def _conditions(connection, query: ListQuery) -> list[ColumnElement[bool]]:  # noqa: ANN001
    f = query.filter
    out: list[ColumnElement[bool]] = []
    archive = _archive_condition(f.archived)
    if archive is not None:
        out.append(archive)
    if f.tier_id is not None:
        out.append(C.c.tier_id == f.tier_id)
    if f.letters_consent:
        out.append(C.c.letters_consent.is_(True))
    if f.birthday_this_month:
        out.append(extract("month", C.c.birthday) == query.today.month)
    if f.open_problem:
        out.append(
            C.c.id.in_(
                select(N.c.customer_id).where(N.c.kind == "problem", N.c.resolved_at.is_(None))
            )
        )
    if f.joined_from is not None:
        out.append(C.c.joined_at >= local_midnight(f.joined_from))
    if f.joined_to is not None:
        out.append(C.c.joined_at < local_midnight(f.joined_to + timedelta(days=1)))
    if query.ids is not None:
        out.append(_ids_condition(connection, query.ids))
    return out


def _order(session, sort: str, descending: bool) -> list:  # noqa: ANN001
    if sort not in SORTS:
        raise InvalidInput(
            _("Unknown sort {sort}; use one of {choices}.").format(
                sort=repr(sort), choices=", ".join(SORTS)
            )
        )
    if sort == "tier":
        # By the ladder (thresholds), not by ids; customers without a tier first (below the
        # lowest tier: a rank, not an empty value).
        ranks = {tier.id: i for i, tier in enumerate(programme.tiers_in(session))}
        key = case(ranks, value=C.c.tier_id, else_=-1) if ranks else C.c.tier_id
        columns = [key, C.c.sort_key]
    else:
        columns = [_SORT_COLUMNS[sort]]
    columns.append(C.c.id)  # a stable order: pages never repeat or skip a customer
    ordered = [c.desc() for c in columns] if descending else [c.asc() for c in columns]
    # Empty values last in both directions, on both engines (SQLite puts NULL first going up,
    # PostgreSQL first going down): never-visited customers and those without a phone end
    # the list. Indexes serve both (SQLite scans NULLs apart; PostgreSQL has DESC NULLS LAST
    # indexes, migration 0014).
    if sort in _NULLABLE:
        ordered[0] = ordered[0].nulls_last()
    return ordered


def _tiers(session) -> dict[int, tuple[str, str]]:  # noqa: ANN001
    return {tier.id: (tier.name, tier.colour) for tier in programme.tiers_in(session)}


def page(
    db: Database,
    query: ListQuery,
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> list[CustomerRow]:
    """One page of the list in the chosen order."""
    limit = max(1, min(limit, 1000))
    with db.read() as session:
        connection = session.connection()
        tiers = _tiers(session)
        statement = (
            select(
                C.c.card_number,
                C.c.name,
                C.c.phone,
                C.c.tier_id,
                C.c.points_balance,
                C.c.last_visit_at,
                C.c.visit_count,
                C.c.spent_cents,
                C.c.joined_at,
                C.c.archived_at,
            )
            .where(*_conditions(connection, query))
            .order_by(*_order(session, sort, descending))
            .limit(limit)
            .offset(max(0, offset))
        )
        rows = connection.execute(statement).all()
    return [_row(r, tiers) for r in rows]


_ROW_COLUMNS = (
    C.c.card_number,
    C.c.name,
    C.c.phone,
    C.c.tier_id,
    C.c.points_balance,
    C.c.last_visit_at,
    C.c.visit_count,
    C.c.spent_cents,
    C.c.joined_at,
    C.c.archived_at,
)


def _row(r, tiers: dict[int, tuple[str, str]]) -> CustomerRow:  # noqa: ANN001 - a result row
    tier = tiers.get(r.tier_id) if r.tier_id is not None else None
    return CustomerRow(
        r.card_number,
        r.name,
        _display_phone(r.phone) if r.phone else None,
        tier[0] if tier else None,
        tier[1] if tier else None,
        r.points_balance,
        local_date(r.last_visit_at) if r.last_visit_at else None,
        r.visit_count,
        r.spent_cents,
        local_date(r.joined_at),
        r.archived_at is not None,
    )


def stream(
    db: Database, query: ListQuery, *, sort: str = "name", descending: bool = False
) -> Iterator[CustomerRow]:
    """Every matching customer in list order, read in batches from one read transaction (a
    consistent picture; 100,000 customers never sit in memory at once). Close the iterator,
    or read it to the end, to end the transaction."""
    with db.read() as session:
        connection = session.connection()
        tiers = _tiers(session)
        statement = (
            select(*_ROW_COLUMNS)
            .where(*_conditions(connection, query))
            .order_by(*_order(session, sort, descending))
        )
        for r in connection.execution_options(yield_per=1000).execute(statement):
            yield _row(r, tiers)


def count(db: Database, query: ListQuery) -> int:
    """How many customers match (the list's total, shown above it)."""
    with db.read() as session:
        connection = session.connection()
        statement = select(func.count()).select_from(C).where(*_conditions(connection, query))
        return int(connection.execute(statement).scalar() or 0)


def card_numbers(
    db: Database, query: ListQuery, *, sort: str = "name", descending: bool = False
) -> list[str]:
    """Every matching card number in list order ("select all" → print cards, export)."""
    with db.read() as session:
        connection = session.connection()
        statement = (
            select(C.c.card_number)
            .where(*_conditions(connection, query))
            .order_by(*_order(session, sort, descending))
        )
        return list(connection.execute(statement).scalars())


EXPORT_HEADERS = (
    "Card number",
    "Name",
    "Phone",
    "Tier",
    "Points balance",
    "Last visit",
    "Visits",
    "Lifetime spend",
    "Joined",
    "Archived",
)


def _rows_for(db: Database, cards: Sequence[str]) -> Iterator[CustomerRow]:
    wanted = list(dict.fromkeys(clean_card_number(c) for c in cards))
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        with db.read() as session:
            connection = session.connection()
            ids = connection.execute(select(C.c.id).where(C.c.card_number.in_(chunk))).scalars()
        query = ListQuery(CustomerFilter(archived="all"), local_date(db.now()), frozenset(ids))
        by_card = {
            row.card_number: row for row in page(db, query, limit=len(chunk) or 1, sort="card")
        }
        yield from (by_card[c] for c in chunk if c in by_card)


def export_csv(db: Database, cards: Sequence[str], path: str | Path) -> ListExport:
    """The chosen customers, in the order given, as a CSV a spreadsheet opens rightly (UTF-8
    with a byte-order mark; text that looks like a formula is made harmless)."""
    if not cards:
        raise InvalidInput(_("Choose the customers to export first."))
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise InvalidInput(_("Give the file the ending .csv."))
    if path.is_dir() or not path.parent.exists():
        raise InvalidInput(
            _("Cannot write {path}: choose a file in an existing folder.").format(path=path)
        )
    partial = path.with_name(f".{path.name}.partial")
    written = 0
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(EXPORT_HEADERS)
            for row in _rows_for(db, cards):
                writer.writerow(
                    [
                        safe_text(row.card_number),
                        safe_text(row.name),
                        row.phone or "",
                        safe_text(row.tier or ""),
                        row.points_balance,
                        row.last_visit.isoformat() if row.last_visit else "",
                        row.visit_count,
                        f"{row.spent_cents / 100:.2f}",
                        row.joined.isoformat(),
                        "yes" if row.archived else "no",
                    ]
                )
                written += 1
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            _("Could not write {path}: {reason}.").format(path=path, reason=error.strerror or error)
        ) from None
    return ListExport(path, written)
