"""Helpers shared by the use cases (inside their transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    ScalarSelect,
    and_,
    bindparam,
    func,
    or_,
    text,
    update,
)
from sqlalchemy import select as sa_select  # plain columns; this module's select is SQLModel's
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from shopkeeper.domain.codes import clean_card_number
from shopkeeper.domain.errors import UnknownCard
from shopkeeper.domain.ledger import TIER_KINDS, Kind
from shopkeeper.domain.tiers import Tier, rank
from shopkeeper.i18n import language
from shopkeeper.storage import tables as t
from shopkeeper.storage.prepared import Prepared

TIER_WINDOW = timedelta(days=365)  # the rolling twelve months tiers are earned in


def join_sentences(sentences: list[str]) -> str:
    """Translated sentences as one paragraph: a space between them, none in Chinese."""
    return ("" if language().startswith("zh") else " ").join(sentences)


_C = t.Customer.__table__
# The columns a booking or a redemption decides on, read without building an ORM object (the
# counter's hot path). FOR UPDATE locks the row on PostgreSQL; SQLite renders nothing, its
# BEGIN IMMEDIATE already serialises writers.
_HOLDER_COLUMNS = (
    _C.c.id, _C.c.card_number, _C.c.name, _C.c.archived_at, _C.c.tier_id, _C.c.points_balance,
    _C.c.referred_by_id, _C.c.first_visit_at, _C.c.last_visit_at,
)  # fmt: skip
_HOLDER_BY_CARD = (
    select(*_HOLDER_COLUMNS).where(_C.c.card_number == bindparam("card")).with_for_update()
)
_HOLDER_BY_ID = (
    select(*_HOLDER_COLUMNS).where(_C.c.id == bindparam("customer_id")).with_for_update()
)


def card_holder(session: Session, card_number: str) -> Row:
    """``customer_by_card(..., for_update=True)`` as a plain row of the columns a booking needs
    (id, card_number, name, archived_at, tier_id, points_balance, referred_by_id,
    first_visit_at, last_visit_at): the row locked, merges followed."""
    connection = session.connection()
    card = clean_card_number(card_number)
    holder = connection.execute(_HOLDER_BY_CARD, {"card": card}).first()
    if holder is None:
        raise UnknownCard(card)
    if holder.archived_at is not None:  # merged rows are always archived
        kept_id = merged_into(session, holder.id)
        if kept_id is not None:
            holder = connection.execute(_HOLDER_BY_ID, {"customer_id": kept_id}).one()
    return holder


def customer_by_card(
    session: Session, card_number: str, *, for_update: bool = False, follow_merges: bool = True
) -> t.Customer:
    """The customer holding this card. A card merged into another customer (``services.merge``)
    leads to the customer it was merged into, through any chain of merges."""
    card = clean_card_number(card_number)
    statement = select(t.Customer).where(t.Customer.card_number == card)
    if for_update:  # PostgreSQL: lock the row; SQLite's BEGIN IMMEDIATE already serialises writes
        # populate_existing: a row the session read before the lock is read again, as it is now
        statement = statement.with_for_update().execution_options(populate_existing=True)
    customer = session.exec(statement).first()
    if customer is None:
        raise UnknownCard(card)
    if follow_merges and customer.archived_at is not None:  # merged rows are always archived
        kept_id = merged_into(session, customer.id)
        if kept_id is not None:
            statement = select(t.Customer).where(t.Customer.id == kept_id)
            if for_update:
                statement = statement.with_for_update().execution_options(populate_existing=True)
            customer = session.exec(statement).one()
    return customer


MAX_MERGE_CHAIN = 1000  # far beyond any real chain; stops a loop a damaged file could hold


def merged_into(session: Session, customer_id: int) -> int | None:
    """The id of the customer this one was finally merged into (A into B, B into C: C), or
    None when it was never merged."""
    kept = None
    for _ in range(MAX_MERGE_CHAIN):
        target = session.exec(
            select(t.CustomerMerge.kept_customer_id).where(
                t.CustomerMerge.merged_customer_id == (kept or customer_id)
            )
        ).first()
        if target is None:
            return kept
        kept = target
    return kept


def merged_away(session: Session, customer_id: int) -> list[int]:
    """Every customer merged into this one, directly or through a chain of merges."""
    found: list[int] = []
    frontier = [customer_id]
    while frontier and len(found) < MAX_MERGE_CHAIN:
        frontier = list(
            session.exec(
                select(t.CustomerMerge.merged_customer_id).where(
                    t.CustomerMerge.kept_customer_id.in_(frontier)
                )
            ).all()
        )
        found.extend(frontier)
    return found
def lock_customer(session: Session, customer_id: int) -> t.Customer | None:
    """The customer's row, locked until the transaction ends and read as committed now: every
    decision on a balance, a visit count or a state is taken on this, never on an older read."""
    return session.get(
        t.Customer, customer_id, with_for_update=True, populate_existing=True
    )


def lock_all_customers(session: Session) -> None:
    """For bulk work (month-end, an import) on PostgreSQL: no till changes a customer until this
    transaction ends, as ``BEGIN IMMEDIATE`` makes them wait on SQLite. Reading stays open.
    Taken before any row lock, so it cannot deadlock with a till."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE customer IN EXCLUSIVE MODE"))


def append_entry(
    session: Session,
    customer: t.Customer,
    *,
    points: int,
    kind: Kind,
    at: datetime,
    **links: object,
) -> t.LedgerEntry:
    """Append a ledger entry and move the cached balance with it, in the caller's transaction.

    The balance moves by a relative ``UPDATE`` (``balance = balance + points``), never by writing
    back a value read earlier: another till's change in between is never lost."""
    entry = t.LedgerEntry(customer_id=customer.id, at=at, points=points, kind=str(kind), **links)
    session.add(entry)
    table = t.Customer.__table__
    balance = session.execute(
        update(table)
        .where(table.c.id == customer.id)
        .values(points_balance=table.c.points_balance + points)
        .returning(table.c.points_balance)
    ).scalar_one()
    set_committed_value(customer, "points_balance", balance)
    return entry


def spent_entries() -> ColumnElement[bool]:
    """The ledger entries that take points out of the balance oldest-first (FIFO): every
    negative entry but a visit's reversal, and, counted against them, the reversal that gives a
    cancelled redemption's points back (so a cancelled redemption spent nothing)."""
    L = t.LedgerEntry.__table__  # noqa: N806
    return or_(
        and_(L.c.points < 0, L.c.kind != str(Kind.REVERSAL)),
        and_(L.c.kind == str(Kind.REVERSAL), L.c.redemption_id.is_not(None)),
    )


_LEDGER = t.LedgerEntry.__table__


def points_since(customer_id: ColumnElement[int]) -> ScalarSelect[int]:
    """The points a customer earned toward their tier after the ``since`` parameter: the sum the
    rolling twelve months are judged on. A scalar subquery, so the counter's customer read can
    carry it (read from the ledger's covering index, migration 0024)."""
    return (
        select(func.coalesce(func.sum(_LEDGER.c.points), 0))
        .where(
            _LEDGER.c.customer_id == customer_id,
            # Equalities, not ``IN``: a list is an expanding parameter, which a prepared
            # statement cannot run as is (storage.prepared); the kind is no index key here.
            or_(*(_LEDGER.c.kind == str(k) for k in TIER_KINDS)),
            _LEDGER.c.redemption_id == None,  # noqa: E711 - a cancelled redemption earns nothing
            _LEDGER.c.at > bindparam("since"),
        )
        .scalar_subquery()
    )


# Prebuilt (read on every booking): SQLAlchemy memoises a statement's cache key.
_POINTS_SINCE = select(points_since(bindparam("customer_id")))


def points_last_12_months(session: Session | Connection, customer_id: int, now: datetime) -> int:
    total = session.execute(
        _POINTS_SINCE, {"customer_id": customer_id, "since": now - TIER_WINDOW}
    ).scalar_one()
    return int(total)


def tier_of(customer: t.Customer | Row, tiers: list[Tier]) -> Tier | None:
    return next((tier for tier in tiers if tier.id == customer.tier_id), None)


@dataclass(frozen=True)
class RewardOption:
    id: int
    name: str
    points_cost: int
    is_donation: bool


_REWARD = t.Reward.__table__
_AFFORDABLE = Prepared(
    sa_select(
        _REWARD.c.id,
        _REWARD.c.name,
        _REWARD.c.points_cost,
        _REWARD.c.min_tier_id,
        _REWARD.c.cause_id,
    )
    .where(_REWARD.c.active == True, _REWARD.c.points_cost <= bindparam("balance"))  # noqa: E712
    .order_by(_REWARD.c.points_cost, _REWARD.c.name)
)


def affordable_rewards(
    session: Session | Connection, balance: int, tier: Tier | None, tiers: list[Tier]
) -> list[RewardOption]:
    """Active rewards the balance pays for and the tier allows, cheapest first."""
    connection = session if isinstance(session, Connection) else session.connection()
    rows = _AFFORDABLE.all(connection, {"balance": balance})
    held = rank(tier, tiers)
    options = []
    for row in rows:
        minimum = next((x for x in tiers if x.id == row.min_tier_id), None)
        if minimum is None or rank(minimum, tiers) <= held:
            options.append(
                RewardOption(row.id, row.name, row.points_cost, row.cause_id is not None)
            )
    return options
