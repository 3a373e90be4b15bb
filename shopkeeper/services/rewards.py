"""The rewards catalogue, redemptions with single-use vouchers, and donations to causes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.catalogue import clean_reward
from shopkeeper.domain.codes import clean_voucher_code, new_voucher_code
from shopkeeper.domain.errors import NotAllowed, NotEnoughPoints, UnknownRecord
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.products import clean_category
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.text import clean_line
from shopkeeper.domain.tiers import rank
from shopkeeper.domain.till import why_not_undoable
from shopkeeper.i18n import _
from shopkeeper.services import audit, programme
from shopkeeper.services.authority import acting_name, require
from shopkeeper.services.common import append_entry, customer_by_card, lock_customer, tier_of
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, RetryTransaction


@dataclass(frozen=True)
class RewardInfo:
    id: int
    name: str
    points_cost: int
    value_cents: int
    min_tier: str | None
    active: bool
    valid_days: int
    cause: str | None  # set for a donation reward
    category: str | None = None  # limited to this category of products ("any bread")


@dataclass(frozen=True)
class Redeemed:
    redemption_id: int
    card_number: str
    customer_name: str
    reward_name: str
    points_spent: int
    points_balance: int
    voucher_code: str
    valid_until: date
    cause: str | None


@dataclass(frozen=True)
class Voucher:
    code: str
    reward_name: str
    customer_name: str
    card_number: str
    valid_until: date
    used_at: object | None
    cause: str | None
    cancelled_at: datetime | None = None
    redeemed_at: datetime | None = None
    points: int = 0
    till: str | None = None  # the till that redeemed it (which may cancel it the same day)
    category: str | None = None  # the reward is for any product of this category


@dataclass(frozen=True)
class RedemptionCancelled:
    """A redemption taken back: its points are back (a reversal entry), its voucher is void."""

    voucher_code: str
    card_number: str
    customer_name: str
    reward_name: str
    points_returned: int
    points_balance: int


@dataclass(frozen=True)
class CauseTotal:
    cause_id: int
    name: str
    donations: int
    points: int
    value_cents: int


def list_rewards(db: Database, *, include_inactive: bool = False) -> list[RewardInfo]:
    with db.read() as session:
        tiers = {tier.id: tier.name for tier in programme.tiers_in(session)}
        causes = {c.id: c.name for c in session.exec(select(t.Cause)).all()}
        statement = select(t.Reward).order_by(t.Reward.points_cost, t.Reward.name)
        if not include_inactive:
            statement = statement.where(t.Reward.active == True)  # noqa: E712
        return [
            RewardInfo(
                r.id,
                r.name,
                r.points_cost,
                r.value_cents,
                tiers.get(r.min_tier_id),
                r.active,
                r.valid_days,
                causes.get(r.cause_id),
                r.category,
            )
            for r in session.exec(statement).all()
        ]


def add_reward(
    db: Database,
    *,
    name: str,
    points_cost: int,
    value_cents: int = 0,
    valid_days: int = 90,
    min_tier_id: int | None = None,
    cause: str | None = None,
    category: str | None = None,
) -> RewardInfo:
    """Add a reward; with ``cause`` it is a donation to that cause (created if new); with
    ``category`` it is for any product of that category (the voucher says so)."""
    require(db, Permission.PROGRAMME)
    name = clean_reward(name, points_cost, value_cents, valid_days)
    category = clean_category(category)
    with db.write() as session:
        cause_row = None
        if cause:
            cause_name = clean_line(cause, field=_("cause"), max_length=120)
            cause_row = session.exec(select(t.Cause).where(t.Cause.name == cause_name)).first()
            if cause_row is None:
                cause_row = t.Cause(name=cause_name)
                session.add(cause_row)
                session.flush()
        row = t.Reward(
            name=name,
            points_cost=points_cost,
            value_cents=value_cents,
            valid_days=valid_days,
            min_tier_id=min_tier_id,
            cause_id=cause_row.id if cause_row else None,
            category=category,
        )
        session.add(row)
        session.flush()
        tiers = {tier.id: tier.name for tier in programme.tiers_in(session)}
        audit.record(
            session, db, kind="programme.reward", subject=f"reward {row.id}",
            after={"name": name, "points_cost": points_cost, "value_cents": value_cents,
                   "valid_days": valid_days, "min_tier": tiers.get(min_tier_id),
                   "cause": cause_row.name if cause_row else None},
        )  # fmt: skip
        return RewardInfo(
            row.id,
            name,
            points_cost,
            value_cents,
            tiers.get(min_tier_id),
            True,
            valid_days,
            cause_row.name if cause_row else None,
            category,
        )


def redeem_reward(
    db: Database,
    *,
    card_number: str,
    reward_id: int,
    staff: str | None = None,
    till: str | None = None,
) -> Redeemed:
    """Spend points on a reward; gives a single-use voucher code.

    The balance is taken with one conditional UPDATE (``balance >= cost``), so two tills
    redeeming at the same moment can never spend the same points twice.
    """
    require(db, Permission.CHANGE_DATA)
    staff = acting_name(db, staff)
    now = db.now()

    def work(session: Session) -> Redeemed:
        prog = programme.load_in(session)
        customer = customer_by_card(session, card_number, for_update=True)
        reward = session.get(t.Reward, reward_id)
        if reward is None or not reward.active:
            raise UnknownRecord(
                _("There is no active reward number {id}.").format(id=reward_id)
            )
        if customer.archived_at is not None:
            raise NotAllowed(_("{name} is archived.").format(name=customer.name))
        minimum = next((x for x in prog.tiers if x.id == reward.min_tier_id), None)
        held = tier_of(customer, prog.tiers)
        if minimum is not None and rank(held, prog.tiers) < rank(minimum, prog.tiers):
            raise NotAllowed(
                _("{reward} is for {tier} members and above.").format(
                    reward=reward.name, tier=minimum.name
                )
            )
        taken = session.execute(
            update(t.Customer)
            .where(t.Customer.id == customer.id, t.Customer.points_balance >= reward.points_cost)
            .values(points_balance=t.Customer.points_balance - reward.points_cost)
        )
        if taken.rowcount != 1:
            session.refresh(customer)
            raise NotEnoughPoints(reward.points_cost, customer.points_balance)
        valid_until = local_date(now) + timedelta(days=reward.valid_days)
        for _attempt in range(5):
            code = new_voucher_code()
            taken_code = select(t.Redemption.id).where(t.Redemption.voucher_code == code)
            if session.exec(taken_code).first() is None:
                break
        redemption = t.Redemption(
            customer_id=customer.id,
            reward_id=reward.id,
            at=now,
            points=reward.points_cost,
            value_cents=reward.value_cents,
            voucher_code=code,
            valid_until=valid_until,
            cause_id=reward.cause_id,
            used_at=now if reward.cause_id else None,
            till=till[:40] if till else None,
        )
        session.add(redemption)
        try:
            session.flush()
        except IntegrityError as error:  # another till drew the same code meanwhile
            raise RetryTransaction() from error
        session.add(
            t.LedgerEntry(
                customer_id=customer.id,
                at=now,
                points=-reward.points_cost,
                kind=str(Kind.REDEMPTION),
                redemption_id=redemption.id,
                staff=staff,
            )
        )
        session.flush()
        session.refresh(customer)
        cause = session.get(t.Cause, reward.cause_id) if reward.cause_id else None
        audit.record(
            session, db, kind="redemption", customer_id=customer.id,
            subject=f"voucher {code}",
            after={"reward": reward.id, "reward_name": reward.name, "points": reward.points_cost,
                   "voucher": code, "valid_until": valid_until},
        )  # fmt: skip
        return Redeemed(
            redemption.id,
            customer.card_number,
            customer.name,
            reward.name,
            reward.points_cost,
            customer.points_balance,
            code,
            valid_until,
            cause.name if cause else None,
        )

    return db.transaction(work)


def _voucher(session, code: str, *, for_update: bool = False) -> tuple[t.Redemption, Voucher]:  # noqa: ANN001
    statement = select(t.Redemption).where(t.Redemption.voucher_code == code)
    if for_update:  # a second till taking the same voucher waits, then reads it used
        statement = statement.with_for_update().execution_options(populate_existing=True)
    row = session.exec(statement).first()
    if row is None:
        raise UnknownRecord(_("No voucher has the code {code}.").format(code=code))
    reward = session.get(t.Reward, row.reward_id)
    customer = session.get(t.Customer, row.customer_id)
    cause = session.get(t.Cause, row.cause_id) if row.cause_id else None
    return row, Voucher(
        row.voucher_code,
        reward.name,
        customer.name,
        customer.card_number,
        row.valid_until,
        row.used_at,
        cause.name if cause else None,
        row.cancelled_at,
        row.at,
        row.points,
        row.till,
        reward.category,
    )


def find_voucher(db: Database, code: str) -> Voucher:
    with db.read() as session:
        return _voucher(session, clean_voucher_code(code))[1]


def use_voucher(db: Database, code: str) -> Voucher:
    """Mark a voucher used at the counter; a used or expired voucher is refused."""
    require(db, Permission.CHANGE_DATA)
    code = clean_voucher_code(code)
    now = db.now()

    def work(session: Session) -> Voucher:
        row, voucher = _voucher(session, code, for_update=True)
        if row.cancelled_at is not None:
            raise NotAllowed(
                _("Voucher {code} was cancelled on {day}; it is void.").format(
                    code=code, day=local_date(row.cancelled_at)
                )
            )
        if row.used_at is not None:
            raise NotAllowed(
                _("Voucher {code} was already used on {day}.").format(
                    code=code, day=local_date(row.used_at)
                )
            )
        if row.valid_until < local_date(now):
            raise NotAllowed(
                _("Voucher {code} expired on {day}.").format(
                    code=code, day=row.valid_until.isoformat()
                )
            )
        row.used_at = now
        session.add(row)
        audit.record(
            session, db, kind="voucher.use", customer_id=row.customer_id,
            subject=f"voucher {code}", after={"used": True},
        )  # fmt: skip
        return _voucher(session, code)[1]

    return db.transaction(work)


def cancel_redemption(
    db: Database,
    *,
    code: str,
    only_till: str | None = None,
    reason: str | None = None,
    staff: str | None = None,
) -> RedemptionCancelled:
    """Take back a redemption: its points come back as a reversal entry and its voucher is
    void. A used voucher (or a donation, given at once) cannot be taken back, nor one cancelled
    before. ``only_till``: refuse unless that till redeemed it today (the counter's rule)."""
    require(db, Permission.CHANGE_DATA)
    staff = acting_name(db, staff)
    code = clean_voucher_code(code)
    reason = clean_line(reason, field=_("reason"), max_length=500) or None if reason else None
    now = db.now()

    def work(session: Session) -> RedemptionCancelled:
        # The voucher's row first (a second till cancelling or using it waits), then the
        # customer's, whose balance changes.
        row, voucher = _voucher(session, code, for_update=True)
        if row.cancelled_at is not None:
            raise NotAllowed(
                _(
                    "Voucher {code} was already cancelled on {day}; "
                    "its points were given back then."
                ).format(code=code, day=local_date(row.cancelled_at))
            )
        if row.used_at is not None:
            if row.cause_id:
                refusal = _(
                    "This donation ({code}) was already used on {day}; it cannot be cancelled."
                )
            else:
                refusal = _(
                    "This voucher ({code}) was already used on {day}; it cannot be cancelled."
                )
            raise NotAllowed(refusal.format(code=code, day=local_date(row.used_at)))
        if only_till is not None:
            refusal = why_not_undoable(row.at, row.till, today=local_date(now), till=only_till)
            if refusal:
                raise NotAllowed(refusal)
        customer = lock_customer(session, row.customer_id)
        taken = session.exec(
            select(t.LedgerEntry).where(
                t.LedgerEntry.redemption_id == row.id,
                t.LedgerEntry.kind == str(Kind.REDEMPTION),
            )
        ).one()
        append_entry(
            session,
            customer,
            points=-taken.points,
            kind=Kind.REVERSAL,
            at=now,
            redemption_id=row.id,
            reverses_id=taken.id,
            note=reason or "redemption cancelled",
            staff=staff,
        )
        row.cancelled_at = now
        session.add(row)
        session.flush()
        audit.record(
            session, db, kind="redemption.cancel", customer_id=customer.id,
            subject=f"voucher {code}", before={"points": taken.points, "voucher": code},
            after={"cancelled": True, "reason": reason, "at_counter": only_till is not None},
        )  # fmt: skip
        return RedemptionCancelled(
            code,
            customer.card_number,
            customer.name,
            voucher.reward_name,
            -taken.points,
            customer.points_balance,
        )

    return db.transaction(work)


def recent_vouchers(db: Database, card_number: str, *, limit: int = 15) -> list[Voucher]:
    """A customer's latest redemptions, newest first (the counter's voucher history); one
    query, since the counter shows it with every profile."""
    with db.read() as session:
        customer = customer_by_card(session, card_number)
        found = session.exec(
            select(t.Redemption, t.Reward.name, t.Cause.name)
            .join(t.Reward, t.Reward.id == t.Redemption.reward_id)
            .join(t.Cause, t.Cause.id == t.Redemption.cause_id, isouter=True)
            .where(t.Redemption.customer_id == customer.id)
            .order_by(t.Redemption.at.desc(), t.Redemption.id.desc())
            .limit(limit)
        ).all()
        return [
            Voucher(
                row.voucher_code,
                reward_name,
                customer.name,
                customer.card_number,
                row.valid_until,
                row.used_at,
                cause_name,
                row.cancelled_at,
                row.at,
                row.points,
                row.till,
            )
            for row, reward_name, cause_name in found
        ]


def donation_totals(db: Database) -> list[CauseTotal]:
    """What customers have given to each cause so far (the shop's running total)."""
    with db.read() as session:
        rows = session.exec(
            select(
                t.Cause.id,
                t.Cause.name,
                func.count(t.Redemption.id),
                func.coalesce(func.sum(t.Redemption.points), 0),
                func.coalesce(func.sum(t.Redemption.value_cents), 0),
            )
            .join(t.Redemption, t.Redemption.cause_id == t.Cause.id, isouter=True)
            .group_by(t.Cause.id, t.Cause.name)
            .order_by(t.Cause.name)
        ).all()
        return [CauseTotal(*row) for row in rows]
