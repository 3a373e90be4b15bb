"""The counter's one-glance view of a customer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, func, select
from sqlmodel import Session

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.codes import clean_card_number
from shopkeeper.domain.contact import format_phone
from shopkeeper.domain.errors import UnknownCard
from shopkeeper.domain.rhythm import (
    Rhythm,
    Stage,
    days_until_birthday,
    ladder_stage,
    stored_rhythm,
)
from shopkeeper.domain.tiers import progress
from shopkeeper.services import programme
from shopkeeper.services.common import (
    TIER_WINDOW,
    RewardOption,
    affordable_rewards,
    merged_into,
    points_since,
)
from shopkeeper.services.feedback import LastFeedback
from shopkeeper.services.notes import NoteInfo
from shopkeeper.services.products import ItemLine, buying_in
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database
from shopkeeper.storage.prepared import Prepared

BIRTHDAY_SOON_DAYS = 7


@dataclass(frozen=True)
class VisitLine:
    id: int
    at: datetime
    amount_cents: int
    points: int
    reversed: bool
    till: str | None = None  # the till that booked it (which may undo it the same day)
    staff: str | None = None  # who booked it (issue 12)


@dataclass(frozen=True)
class CustomerSummary:
    id: int
    card_number: str
    name: str
    phone: str | None
    email: str | None
    address: str | None
    birthday: date | None
    language: str
    letters_consent: bool
    joined_at: datetime
    archived: bool
    referred_by: str | None
    points_balance: int
    tier: str | None
    tier_colour: str | None
    next_tier: str | None
    points_to_next_tier: int
    tier_progress: float
    points_last_12_months: int
    visit_count: int
    spent_cents: int
    rhythm: Rhythm
    stage: Stage
    referrals: int
    birthday_in_days: int | None  # set when the birthday is within a week (0: today)
    affordable: list[RewardOption]
    pinned_notes: list[NoteInfo]
    open_problems: list[NoteInfo]
    notes: list[NoteInfo]  # newest first
    recent_visits: list[VisitLine]  # newest first
    imported_visits: int = 0  # visits before Shopkeeper, from an import (not in visit_count)
    # What they buy (services.products): names most frequent first over 12 months, and the
    # products of the latest live visit that named any.
    usual_items: list[str] = field(default_factory=list)
    last_items: list[ItemLine] = field(default_factory=list)
    last_feedback: LastFeedback | None = None  # how they felt last time (services.feedback)


_C = t.Customer.__table__
_V = t.Visit.__table__
_L = t.LedgerEntry.__table__
_N = t.Note.__table__
_I = t.ImportedVisits.__table__
# Built once: SQLAlchemy memoises a statement's cache key, so a prebuilt statement costs only
# its execution (building and keying nine statements per call took longer than the SQL).
_CUSTOMER = select(
    _C.c.id,
    _C.c.card_number,
    _C.c.name,
    _C.c.phone,
    _C.c.email,
    _C.c.address,
    _C.c.birthday,
    _C.c.language,
    _C.c.letters_consent,
    _C.c.joined_at,
    _C.c.archived_at,
    _C.c.referred_by_id,
    _C.c.tier_id,
    _C.c.points_balance,
    _C.c.visit_count,
    _C.c.spent_cents,
    _C.c.first_visit_at,
    _C.c.last_visit_at,
)
_REFERRED = _C.alias("referred")
_REFERRER = _C.alias("referrer")
_R = t.CustomerRhythm.__table__
_F = t.Feedback.__table__
_LATEST = _F.alias("latest")
_LAST_FEEDBACK = (
    select(_LATEST.c.id)
    .where(_LATEST.c.customer_id == _C.c.id)
    .order_by(_LATEST.c.at.desc(), _LATEST.c.id.desc())
    .limit(1)
    .scalar_subquery()
)
# The customer's row with what is read beside it by key, in one statement: who brought them and
# how many they brought, imported visits, the tier points of the last twelve months (``since``),
# the stored rhythm figures (storage.rhythm, no visits read) and their latest feedback.
_WITH_FIGURES = _CUSTOMER.add_columns(
    select(func.count())
    .select_from(_REFERRED)
    .where(_REFERRED.c.referred_by_id == _C.c.id, _REFERRED.c.visit_count > 0)
    .scalar_subquery()
    .label("referrals"),
    select(_REFERRER.c.name)
    .where(_REFERRER.c.id == _C.c.referred_by_id)
    .scalar_subquery()
    .label("referrer"),
    select(_I.c.visits).where(_I.c.customer_id == _C.c.id).scalar_subquery().label("imported"),
    points_since(_C.c.id).label("points_12m"),
    _R.c.visits.label("live_visits"),
    _R.c.last_at.label("live_last_at"),
    _R.c.gap_days,
    _F.c.at.label("feedback_at"),
    _F.c.score.label("feedback_score"),
    _F.c.touchpoint.label("feedback_touchpoint"),
    _F.c.comment.label("feedback_comment"),
).select_from(
    _C.outerjoin(_R, _R.c.customer_id == _C.c.id).outerjoin(_F, _F.c.id == _LAST_FEEDBACK)
)
_BY_CARD = Prepared(_WITH_FIGURES.where(_C.c.card_number == bindparam("card")))
_BY_ID = Prepared(_WITH_FIGURES.where(_C.c.id == bindparam("id")))
_VISITS = Prepared(  # the covering index (customer, time, amount, reversal, till, staff)
    select(_V.c.id, _V.c.at, _V.c.amount_cents, _V.c.reversed_at, _V.c.till, _V.c.staff)
    .where(_V.c.customer_id == bindparam("id"))
    .order_by(_V.c.at.desc())
    .limit(bindparam("limit", type_=Integer))
)
# The points of the visits shown: the customer's visit entries from the oldest visit shown on
# (by id), from their covering ledger index. Not ``IN`` (the ids shown): a list is an expanding
# parameter, which a prepared statement cannot run (storage.prepared). A visit with a higher id
# that is not shown (booked with an earlier time) only adds a row nobody looks up.
_EARNED = Prepared(
    select(_L.c.visit_id, _L.c.points).where(
        _L.c.customer_id == bindparam("id"),
        _L.c.kind == "visit",
        _L.c.visit_id >= bindparam("first_visit"),
    )
)
_NOTES = Prepared(
    select(
        _N.c.id,
        _N.c.at,
        _N.c.text,
        _N.c.kind,
        _N.c.pinned,
        _N.c.resolved_at,
        _N.c.score,
        _N.c.staff,
    )
    .where(_N.c.customer_id == bindparam("id"))
    .order_by(_N.c.at.desc())
)


def _customer(connection: Connection, card_number: str, since: datetime) -> Any:
    """The customer's row with its figures (``common.customer_by_card``'s rule, merged cards
    followed), read as plain columns: building an ORM object cost more than the query."""
    card = clean_card_number(card_number)
    row = _BY_CARD.first(connection, {"card": card, "since": since})
    if row is None:
        raise UnknownCard(card)
    if row.archived_at is not None:  # merged rows are always archived
        kept = merged_into(Session(bind=connection), row.id)
        if kept is not None:
            row = _BY_ID.first(connection, {"id": kept, "since": since})
    return row


def _last_feedback(c: Any, today: date) -> LastFeedback | None:
    if c.feedback_at is None:
        return None
    return LastFeedback.given(
        c.feedback_at, c.feedback_score, c.feedback_touchpoint, c.feedback_comment, today
    )


def customer_summary(db: Database, card_number: str, *, recent: int = 10) -> CustomerSummary:
    """Everything the counter shows about a customer, in one read transaction.

    On the path from a scan to the profile: the statements are prebuilt and select plain
    columns (SQLAlchemy Core); loading ORM objects and building statements per call cost ten
    times the SQL itself."""
    now = db.now()
    today = local_date(now)
    with db.read_rows() as connection:
        tiers = programme.tiers_on(connection)  # only the tiers: no settings JSON to parse
        c = _customer(connection, card_number, now - TIER_WINDOW)
        tier = next((x for x in tiers if x.id == c.tier_id), None)
        step = progress(tier, c.points_12m, tiers)
        shown = _VISITS.all(connection, {"id": c.id, "limit": recent})
        earned = (
            dict(_EARNED.all(connection, {"id": c.id, "first_visit": min(v.id for v in shown)}))
            if shown
            else {}
        )
        notes = [NoteInfo(*row) for row in _NOTES.all(connection, {"id": c.id})]
        birthday_in = days_until_birthday(c.birthday, today) if c.birthday else None
        buying = buying_in(connection, c.id, now)
        return CustomerSummary(
            id=c.id,
            card_number=c.card_number,
            name=c.name,
            phone=format_phone(c.phone) if c.phone else None,
            email=c.email,
            address=c.address,
            birthday=c.birthday,
            language=c.language,
            letters_consent=c.letters_consent,
            joined_at=c.joined_at,
            archived=c.archived_at is not None,
            referred_by=c.referrer,
            points_balance=c.points_balance,
            tier=tier.name if tier else None,
            tier_colour=tier.colour if tier else None,
            next_tier=step.next_tier.name if step.next_tier else None,
            points_to_next_tier=step.points_to_next,
            tier_progress=step.fraction,
            points_last_12_months=c.points_12m,
            visit_count=c.visit_count,
            spent_cents=c.spent_cents,
            rhythm=stored_rhythm(c.live_visits or 0, c.live_last_at, c.gap_days, today),
            stage=ladder_stage(
                visit_count=c.visit_count,
                first_visit=c.first_visit_at,
                last_visit=c.last_visit_at,
                referrals=c.referrals,
            ),
            referrals=c.referrals,
            birthday_in_days=birthday_in
            if birthday_in is not None and birthday_in <= BIRTHDAY_SOON_DAYS
            else None,
            affordable=affordable_rewards(connection, c.points_balance, tier, tiers),
            pinned_notes=[n for n in notes if n.pinned],
            open_problems=[n for n in notes if n.is_open_problem],
            notes=notes,
            recent_visits=[
                VisitLine(
                    v.id,
                    v.at,
                    v.amount_cents,
                    earned.get(v.id, 0),
                    v.reversed_at is not None,
                    v.till,
                    v.staff,
                )
                for v in shown
            ],
            imported_visits=c.imported or 0,
            usual_items=buying.usual_items,
            last_items=buying.last_items,
            last_feedback=_last_feedback(c, today),
        )
