"""Helpers shared by the use cases (inside their transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, select

from shopkeeper.domain.codes import clean_card_number
from shopkeeper.domain.errors import UnknownCard
from shopkeeper.domain.ledger import TIER_KINDS, Kind
from shopkeeper.domain.tiers import Tier, rank
from shopkeeper.storage import tables as t

TIER_WINDOW = timedelta(days=365)  # the rolling twelve months tiers are earned in


def customer_by_card(session: Session, card_number: str, *, for_update: bool = False) -> t.Customer:
    card = clean_card_number(card_number)
    statement = select(t.Customer).where(t.Customer.card_number == card)
    if for_update:  # PostgreSQL: lock the row; SQLite's BEGIN IMMEDIATE already serialises writes
        statement = statement.with_for_update()
    customer = session.exec(statement).first()
    if customer is None:
        raise UnknownCard(card)
    return customer


def append_entry(
    session: Session,
    customer: t.Customer,
    *,
    points: int,
    kind: Kind,
    at: datetime,
    **links: object,
) -> t.LedgerEntry:
    """Append a ledger entry and move the cached balance with it, in the caller's transaction."""
    entry = t.LedgerEntry(customer_id=customer.id, at=at, points=points, kind=str(kind), **links)
    session.add(entry)
    customer.points_balance += points
    session.add(customer)
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


def points_last_12_months(session: Session, customer_id: int, now: datetime) -> int:
    since = now - TIER_WINDOW
    total = session.exec(
        select(func.coalesce(func.sum(t.LedgerEntry.points), 0)).where(
            t.LedgerEntry.customer_id == customer_id,
            t.LedgerEntry.kind.in_([str(k) for k in TIER_KINDS]),
            t.LedgerEntry.redemption_id == None,  # noqa: E711 - a cancelled redemption earns nothing
            t.LedgerEntry.at > since,
        )
    ).one()
    return int(total)


def tier_of(customer: t.Customer, tiers: list[Tier]) -> Tier | None:
    return next((tier for tier in tiers if tier.id == customer.tier_id), None)


@dataclass(frozen=True)
class RewardOption:
    id: int
    name: str
    points_cost: int
    is_donation: bool


def affordable_rewards(
    session: Session, balance: int, tier: Tier | None, tiers: list[Tier]
) -> list[RewardOption]:
    """Active rewards the balance pays for and the tier allows, cheapest first."""
    rows = session.exec(
        select(t.Reward)
        .where(t.Reward.active == True, t.Reward.points_cost <= balance)  # noqa: E712
        .order_by(t.Reward.points_cost, t.Reward.name)
    ).all()
    held = rank(tier, tiers)
    options = []
    for row in rows:
        minimum = next((x for x in tiers if x.id == row.min_tier_id), None)
        if minimum is None or rank(minimum, tiers) <= held:
            options.append(
                RewardOption(row.id, row.name, row.points_cost, row.cause_id is not None)
            )
    return options
