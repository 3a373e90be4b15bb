"""Closing a month: points expiry, birthday bonuses, tier review.

Idempotent by construction: expiry counts earlier expiries as spent, a birthday bonus is unique
per customer and year, and the tier review sets what the last twelve months earned. Running it
twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    bindparam,
    extract,
    func,
    insert,
    literal_column,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import aliased

from shopkeeper.domain.calendar import Month, local_date
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.expiry import expiry_cutoff, points_to_expire
from shopkeeper.domain.ledger import TIER_KINDS, Kind
from shopkeeper.domain.tiers import rank, tier_at_review
from shopkeeper.services import programme, tier_history
from shopkeeper.services.common import TIER_WINDOW
from shopkeeper.services.tier_history import Reason
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

L = t.LedgerEntry.__table__
C = t.Customer.__table__


@dataclass(frozen=True)
class MonthEndResult:
    month: str
    expired_customers: int
    expired_points: int
    birthday_bonuses: int
    birthday_points: int
    tier_upgrades: int
    tier_downgrades: int

    @property
    def changed_anything(self) -> bool:
        return any(
            (
                self.expired_customers,
                self.birthday_bonuses,
                self.tier_upgrades,
                self.tier_downgrades,
            )
        )


def _scanned(connection):  # noqa: ANN001, ANN202 - a SQL expression
    """``ledger_entry.at`` for a range covering much of the ledger. On SQLite the unary ``+``
    keeps the planner off the reports' index on ``at``: reading half the table through it took
    3.5 s where a plain scan takes 0.55 s (2.6 million entries)."""
    if connection.dialect.name != "sqlite":
        return L.c.at
    return type_coerce(literal_column("+ledger_entry.at"), L.c.at.type)


def _move_balances(connection, deltas: dict[int, int]) -> None:  # noqa: ANN001
    if deltas:
        connection.execute(
            update(C)
            .where(C.c.id == bindparam("cid"))
            .values(points_balance=C.c.points_balance + bindparam("delta")),
            [{"cid": cid, "delta": delta} for cid, delta in deltas.items()],
        )


def _expire(connection, months: int, month: Month, at: datetime) -> tuple[int, int]:  # noqa: ANN001
    if months <= 0:
        return 0, 0
    cutoff = expiry_cutoff(month, months)
    earned = dict(
        connection.execute(
            select(L.c.customer_id, func.sum(L.c.points))
            .where(L.c.points > 0, L.c.kind != str(Kind.REVERSAL), _scanned(connection) < cutoff)
            .group_by(L.c.customer_id)
        ).all()
    )
    if not earned:
        return 0, 0
    original = aliased(L)
    for customer_id, points in connection.execute(
        select(L.c.customer_id, func.sum(L.c.points))
        .join(original, L.c.reverses_id == original.c.id)
        .where(L.c.kind == str(Kind.REVERSAL), original.c.at < cutoff)
        .group_by(L.c.customer_id)
    ).all():
        earned[customer_id] = earned.get(customer_id, 0) + points
    spent = dict(
        connection.execute(
            select(L.c.customer_id, -func.sum(L.c.points))
            .where(L.c.points < 0, L.c.kind != str(Kind.REVERSAL))
            .group_by(L.c.customer_id)
        ).all()
    )
    balances = dict(connection.execute(select(C.c.id, C.c.points_balance)).all())
    # One expiry per customer and month: a re-run after a back-dated booking leaves those
    # points to the next month's closing instead of failing on the unique period.
    done = set(
        connection.execute(
            select(L.c.customer_id).where(L.c.kind == str(Kind.EXPIRY), L.c.period == str(month))
        ).scalars()
    )
    entries, deltas = [], {}
    for customer_id, earned_before in earned.items():
        if customer_id in done:
            continue
        points = points_to_expire(
            earned_before, spent.get(customer_id, 0), balances.get(customer_id, 0)
        )
        if points:
            entries.append(
                {
                    "customer_id": customer_id,
                    "at": at,
                    "points": -points,
                    "kind": str(Kind.EXPIRY),
                    "period": str(month),
                }
            )
            deltas[customer_id] = -points
    if entries:
        connection.execute(insert(t.LedgerEntry), entries)
        _move_balances(connection, deltas)
    return len(entries), -sum(deltas.values())


def _birthday_bonuses(connection, bonus: int, birthday_month: Month, at: datetime) -> int:  # noqa: ANN001
    if bonus <= 0:
        return 0
    period = str(birthday_month.year)
    already = (
        select(L.c.id)
        .where(
            L.c.customer_id == C.c.id, L.c.kind == str(Kind.BIRTHDAY_BONUS), L.c.period == period
        )
        .exists()
    )
    ids = (
        connection.execute(
            select(C.c.id).where(
                C.c.archived_at.is_(None),
                C.c.birthday.is_not(None),
                extract("month", C.c.birthday) == birthday_month.month,
                ~already,
            )
        )
        .scalars()
        .all()
    )
    if ids:
        connection.execute(
            insert(t.LedgerEntry),
            [
                {
                    "customer_id": cid,
                    "at": at,
                    "points": bonus,
                    "kind": str(Kind.BIRTHDAY_BONUS),
                    "period": period,
                }
                for cid in ids
            ],
        )
        _move_balances(connection, {cid: bonus for cid in ids})
    return len(ids)


def _review_tiers(connection, tiers, at: datetime) -> tuple[int, int]:  # noqa: ANN001
    if not tiers:
        return 0, 0
    earned = dict(
        connection.execute(
            select(L.c.customer_id, func.sum(L.c.points))
            .where(
                L.c.kind.in_([str(k) for k in TIER_KINDS]),
                _scanned(connection) > at - TIER_WINDOW,
                _scanned(connection) <= at,
            )
            .group_by(L.c.customer_id)
        ).all()
    )
    by_id = {tier.id: tier for tier in tiers}
    changes, logged, up, down = [], [], 0, 0
    for customer_id, tier_id in connection.execute(
        select(C.c.id, C.c.tier_id).where(C.c.archived_at.is_(None))
    ).all():
        new = tier_at_review(earned.get(customer_id, 0), tiers)
        new_id = new.id if new else None
        if new_id != tier_id:
            changes.append({"cid": customer_id, "tier": new_id})
            logged.append(tier_history.change_row(customer_id, at, tier_id, new, Reason.REVIEW))
            if rank(new, tiers) > rank(by_id.get(tier_id), tiers):
                up += 1
            else:
                down += 1
    if changes:
        connection.execute(
            update(C).where(C.c.id == bindparam("cid")).values(tier_id=bindparam("tier")), changes
        )
        tier_history.record(connection, logged)
    return up, down


def default_month(db: Database) -> Month:
    """The last complete month."""
    return Month.of(local_date(db.now())).shift(-1)


def month_end(db: Database, month: Month | None = None, *, dry_run: bool = False) -> MonthEndResult:
    """Close ``month`` (default: the last complete one) in one transaction.

    Expires points earned more than the programme's expiry months before the month's end, gives
    the birthday bonus to those whose birthday falls in the *next* month (so the monthly letter
    can tell them), and reviews every tier against the twelve months up to now (the review is
    the only moment a tier can go down).

    ``dry_run`` does all of it and rolls it back: what closing would do, counted by the very
    code that would do it (the window shows it before asking).
    """
    now = db.now()
    month = month or default_month(db)
    if month.start() > now:
        raise InvalidInput(f"{month} has not started yet; it cannot be closed.")
    at = min(month.end(), now)
    with db.write() as session:
        prog = programme.load_in(session)
        connection = session.connection()
        expired_customers, expired_points = _expire(connection, prog.rules.expiry_months, month, at)
        birthdays = _birthday_bonuses(connection, prog.rules.birthday_bonus, month.shift(1), at)
        up, down = _review_tiers(connection, prog.tiers, now)
        if dry_run:
            session.rollback()  # nothing written; the block's commit then has nothing to do
        return MonthEndResult(
            str(month),
            expired_customers,
            expired_points,
            birthdays,
            birthdays * prog.rules.birthday_bonus,
            up,
            down,
        )
