"""Booking a visit, and taking one back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from shopkeeper.domain.calendar import EARLIEST_VISIT, local_date, local_midnight
from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownRecord
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.rules import points_for_visit
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.text import check_request_id, clean_line
from shopkeeper.domain.tiers import Tier, can_rise, tier_after_visit
from shopkeeper.domain.till import why_not_undoable
from shopkeeper.i18n import _
from shopkeeper.services import audit, products, programme, tier_history
from shopkeeper.services.authority import acting_name, require
from shopkeeper.services.common import (
    RewardOption,
    affordable_rewards,
    append_entry,
    card_holder,
    customer_by_card,
    lock_customer,
    points_last_12_months,
    tier_of,
)
from shopkeeper.services.tier_history import Reason
from shopkeeper.storage import rhythm as rhythm_store
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, RetryTransaction


@dataclass(frozen=True)
class VisitBooked:
    visit_id: int
    card_number: str
    name: str
    amount_cents: int
    points_earned: int
    points_balance: int
    tier: str | None
    tier_before: str | None
    affordable: list[RewardOption]
    referral_bonus_to: str | None = None  # the referrer's name, on a first visit
    duplicate: bool = False  # this request was booked before; nothing new was written

    @property
    def tier_changed(self) -> bool:
        return self.tier != self.tier_before


@dataclass(frozen=True)
class VisitReversed:
    visit_id: int
    card_number: str
    points_reversed: int
    points_balance: int


def _name(tier: Tier | None) -> str | None:
    return tier.name if tier else None


_V = t.Visit.__table__
_L = t.LedgerEntry.__table__
_C = t.Customer.__table__
# Prebuilt Core statements (the counter's hot path: no ORM objects, compiled once).
_EARLIER = select(_V.c.id, _V.c.customer_id, _V.c.amount_cents).where(
    _V.c.request_id == bindparam("request_id")
)
_EARNED = select(_L.c.points).where(
    _L.c.visit_id == bindparam("visit_id"), _L.c.kind == str(Kind.VISIT)
)
_ANY_VISIT = select(_V.c.id).where(_V.c.customer_id == bindparam("customer_id")).limit(1)
_INSERT_VISIT = insert(_V)
_INSERT_ENTRY = insert(_L)
# The cached figures move with the ledger and the visit. The balance by a relative update
# (another till's change in between is never lost), returned as it now stands.
_BOOKED = (
    update(_C)
    .where(_C.c.id == bindparam("customer_id"))
    .values(
        points_balance=_C.c.points_balance + bindparam("points"),
        visit_count=_C.c.visit_count + 1,
        spent_cents=_C.c.spent_cents + bindparam("amount"),
        first_visit_at=bindparam("first"),
        last_visit_at=bindparam("last"),
    )
    .returning(_C.c.points_balance)
)
_NEW_TIER = update(_C).where(_C.c.id == bindparam("customer_id")).values(tier_id=bindparam("tier"))


def _replay(connection, earlier, holder, tiers: list[Tier]) -> VisitBooked:  # noqa: ANN001
    earned = connection.execute(_EARNED, {"visit_id": earlier.id}).scalar()
    tier = tier_of(holder, tiers)
    return VisitBooked(
        earlier.id,
        holder.card_number,
        holder.name,
        earlier.amount_cents,
        earned or 0,
        holder.points_balance,
        _name(tier),
        _name(tier),
        affordable_rewards(connection, holder.points_balance, tier, tiers),
        duplicate=True,
    )


def preview_points(db: Database, card_number: str, amount_cents: int) -> int:
    """What a visit of this amount would earn now (the counter's live preview)."""
    with db.read() as session:
        prog = programme.load_in(session)
        customer = customer_by_card(session, card_number)
        tier = tier_of(customer, prog.tiers)
        return points_for_visit(amount_cents, prog.rules, tier.multiplier if tier else 1)


def record_visit(
    db: Database,
    *,
    card_number: str,
    amount_cents: int,
    at: datetime | None = None,
    staff: str | None = None,
    note: str | None = None,
    request_id: str | None = None,
    till: str | None = None,
    items: Sequence[products.ItemRef] | None = None,
) -> VisitBooked:
    """Book a visit and its points in one transaction.

    ``items``: what was bought, (product name or id, quantity) each, stored with the visit in
    the same transaction; an unknown product books nothing. Without items nothing more is read
    or written than before.

    ``request_id`` identifies one booking (one form, one scan): submitting it again returns the
    first booking, marked ``duplicate``, and writes nothing. ``till`` names the till booking
    it, which may undo it the same day (``undo_visit``).
    """
    require(db, Permission.CHANGE_DATA)
    staff = acting_name(db, staff)
    now = db.now()
    when = at or now
    if when > now:
        raise InvalidInput(_("A visit cannot be booked in the future."))
    if when < local_midnight(EARLIEST_VISIT):
        raise InvalidInput(
            _("A visit cannot be dated before {day}.").format(day=EARLIEST_VISIT.isoformat())
        )
    request_id = check_request_id(request_id)
    staff = clean_line(staff, field=_("staff name"), max_length=40) or None if staff else None
    note = clean_line(note, field=_("visit note"), max_length=500) or None if note else None

    # A booking id is looked up before writing only when the insert found it taken (a second
    # submission, another till just now) or the customer is archived: the common case, a new
    # booking, costs no extra read. The unique index on request_id is the real guard.
    seen: list[bool] = []

    def work(session: Session) -> VisitBooked:
        prog = programme.load_in(session)
        holder = card_holder(session, card_number)
        connection = session.connection()
        if request_id and (seen or holder.archived_at is not None):
            earlier = connection.execute(_EARLIER, {"request_id": request_id}).first()
            if earlier is not None and earlier.customer_id != holder.id:
                # Not a double submission but a reused id: saying "already booked" would
                # silently drop this customer's visit.
                raise NotAllowed(
                    _(
                        "This booking id was already used for another customer; "
                        "nothing was booked."
                    )
                )
            if earlier is not None:
                return _replay(connection, earlier, holder, prog.tiers)
        if holder.archived_at is not None:
            raise NotAllowed(
                _("{name} is archived; bring the customer back first.").format(name=holder.name)
            )
        chosen = products.resolve_items(session, items) if items else None
        tier_before = tier_of(holder, prog.tiers)
        points = points_for_visit(
            amount_cents, prog.rules, tier_before.multiplier if tier_before else 1
        )
        # A referral pays once: a reversed first visit does not make the next one "first".
        pays_referral = bool(holder.referred_by_id and prog.rules.referral_bonus) and (
            connection.execute(_ANY_VISIT, {"customer_id": holder.id}).first() is None
        )
        try:
            visit_id = connection.execute(
                _INSERT_VISIT,
                {
                    "customer_id": holder.id, "at": when, "amount_cents": amount_cents,
                    "staff": staff, "note": note, "request_id": request_id,
                    "till": till[:40] if till else None,
                },
            ).inserted_primary_key[0]  # fmt: skip
        except IntegrityError as error:  # the booking id is taken: a second submission
            if request_id is None or seen:
                raise
            seen.append(True)
            raise RetryTransaction() from error  # the next try finds and answers it
        if chosen:
            products.add_items(session, visit_id, chosen)
        connection.execute(
            _INSERT_ENTRY,
            {
                "customer_id": holder.id, "at": when, "points": points,
                "kind": str(Kind.VISIT), "visit_id": visit_id, "staff": staff,
            },
        )  # fmt: skip
        balance = connection.execute(
            _BOOKED,
            {
                "customer_id": holder.id, "points": points, "amount": amount_cents,
                "first": min(filter(None, [holder.first_visit_at, when])),
                "last": max(filter(None, [holder.last_visit_at, when])),
            },
        ).scalar_one()  # fmt: skip
        referrer_name = None
        if pays_referral:
            referrer = lock_customer(session, holder.referred_by_id)
            if referrer is not None and referrer.archived_at is None:
                append_entry(
                    session,
                    referrer,
                    points=prog.rules.referral_bonus,
                    kind=Kind.REFERRAL_BONUS,
                    at=when,
                    visit_id=visit_id,
                )
                referrer_name = referrer.name
        rhythm_store.refresh(connection, [holder.id])
        tier_after = tier_before
        if can_rise(tier_before, prog.tiers):
            tier_after = tier_after_visit(
                tier_before, points_last_12_months(connection, holder.id, now), prog.tiers
            )
        if tier_after is not None and tier_after != tier_before:
            connection.execute(_NEW_TIER, {"customer_id": holder.id, "tier": tier_after.id})
            tier_history.record(
                connection,
                [tier_history.change_row(holder.id, now, holder.tier_id, tier_after, Reason.VISIT)],
            )
        audit.record(
            connection, db, kind="visit", customer_id=holder.id, subject=f"visit {visit_id}",
            after={"visit": visit_id, "amount_cents": amount_cents, "points": points, "at": when},
        )  # fmt: skip
        return VisitBooked(
            visit_id,
            holder.card_number,
            holder.name,
            amount_cents,
            points,
            balance,
            _name(tier_after),
            _name(tier_before),
            affordable_rewards(connection, balance, tier_after, prog.tiers),
            referral_bonus_to=referrer_name,
        )

    return db.transaction(work)


def undo_visit(
    db: Database, *, visit_id: int, till: str, reason: str | None = None
) -> VisitReversed:
    """The counter's Undo: like ``reverse_visit``, but only for a visit this till booked today
    (anything else needs a correction with its reason)."""
    require(db, Permission.CHANGE_DATA)
    return reverse_visit(
        db, visit_id=visit_id, reason=reason or "undone at the counter", only_till=till
    )


def reverse_visit(
    db: Database,
    *,
    visit_id: int,
    reason: str | None = None,
    staff: str | None = None,
    only_till: str | None = None,
) -> VisitReversed:
    """Take back a visit (refund, mistake): a reversing ledger entry, never a delete.

    The points go even if already spent, so the balance may go below zero until the next visits
    make it up. A tier is only reviewed at month-end. ``only_till``: refuse unless that till
    booked it today.
    """
    require(db, Permission.CHANGE_DATA)
    staff = acting_name(db, staff)
    reason = clean_line(reason, field=_("reason"), max_length=500) or None if reason else None

    def work(session: Session) -> VisitReversed:
        # The visit's row is locked first: a second till reversing it waits, then reads it
        # reversed. Then the customer's, whose counts and balance change.
        visit = session.get(t.Visit, visit_id, with_for_update=True, populate_existing=True)
        if visit is None:
            raise UnknownRecord(_("There is no visit number {id}.").format(id=visit_id))
        if visit.reversed_at is not None:
            raise NotAllowed(_("This visit has already been reversed."))
        if only_till is not None:
            refusal = why_not_undoable(
                visit.at, visit.till, today=local_date(db.now()), till=only_till
            )
            if refusal:
                raise NotAllowed(refusal)
        customer = lock_customer(session, visit.customer_id)
        earned = session.exec(
            select(t.LedgerEntry).where(
                t.LedgerEntry.visit_id == visit.id, t.LedgerEntry.kind == str(Kind.VISIT)
            )
        ).one()
        now = db.now()
        append_entry(
            session,
            customer,
            points=-earned.points,
            kind=Kind.REVERSAL,
            at=now,
            visit_id=visit.id,
            reverses_id=earned.id,
            note=reason,
            staff=staff,
        )
        visit.reversed_at = now
        session.add(visit)
        customer.visit_count -= 1
        customer.spent_cents -= visit.amount_cents
        session.flush()
        first, last = session.exec(
            select(func.min(t.Visit.at), func.max(t.Visit.at)).where(
                t.Visit.customer_id == customer.id,
                t.Visit.reversed_at == None,  # noqa: E711
            )
        ).one()
        customer.first_visit_at, customer.last_visit_at = first, last
        rhythm_store.refresh(session.connection(), [customer.id])
        session.add(customer)
        audit.record(
            session, db, kind="visit.undo", customer_id=customer.id, subject=f"visit {visit.id}",
            before={"visit": visit.id, "amount_cents": visit.amount_cents, "points": earned.points},
            after={"reversed": True, "reason": reason, "at_counter": only_till is not None},
        )  # fmt: skip
        return VisitReversed(visit.id, customer.card_number, earned.points, customer.points_balance)

    return db.transaction(work)
