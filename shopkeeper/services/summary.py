"""The counter's one-glance view of a customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import select

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.contact import format_phone
from shopkeeper.domain.rhythm import Rhythm, Stage, days_until_birthday, ladder_stage, visit_rhythm
from shopkeeper.domain.tiers import progress
from shopkeeper.services import programme
from shopkeeper.services.common import (
    RewardOption,
    affordable_rewards,
    customer_by_card,
    points_last_12_months,
    tier_of,
)
from shopkeeper.services.notes import NoteInfo, info
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

RHYTHM_VISITS = 60  # the rhythm is judged on the most recent visits
BIRTHDAY_SOON_DAYS = 7


@dataclass(frozen=True)
class VisitLine:
    id: int
    at: datetime
    amount_cents: int
    points: int
    reversed: bool
    till: str | None = None  # the till that booked it (which may undo it the same day)


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


def customer_summary(db: Database, card_number: str, *, recent: int = 10) -> CustomerSummary:
    now = db.now()
    today = local_date(now)
    with db.read() as session:
        tiers = programme.tiers_in(session)  # only the tiers: no settings JSON to parse
        c = customer_by_card(session, card_number)
        tier = tier_of(c, tiers)
        points_12m = points_last_12_months(session, c.id, now)
        step = progress(tier, points_12m, tiers)
        visit_rows = session.exec(
            select(t.Visit)
            .where(t.Visit.customer_id == c.id)
            .order_by(t.Visit.at.desc())
            .limit(max(RHYTHM_VISITS, recent))
        ).all()
        earned = dict(
            session.exec(
                select(t.LedgerEntry.visit_id, t.LedgerEntry.points).where(
                    t.LedgerEntry.visit_id.in_([v.id for v in visit_rows[:recent]]),
                    t.LedgerEntry.kind == "visit",
                )
            ).all()
        )
        live_times = [v.at for v in visit_rows if v.reversed_at is None]
        referrals = session.exec(
            select(func.count(t.Customer.id)).where(
                t.Customer.referred_by_id == c.id, t.Customer.visit_count > 0
            )
        ).one()
        note_rows = session.exec(
            select(t.Note).where(t.Note.customer_id == c.id).order_by(t.Note.at.desc())
        ).all()
        notes = [info(n) for n in note_rows]
        referrer = session.get(t.Customer, c.referred_by_id) if c.referred_by_id else None
        birthday_in = days_until_birthday(c.birthday, today) if c.birthday else None
        imported = session.get(t.ImportedVisits, c.id)
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
            referred_by=referrer.name if referrer else None,
            points_balance=c.points_balance,
            tier=tier.name if tier else None,
            tier_colour=tier.colour if tier else None,
            next_tier=step.next_tier.name if step.next_tier else None,
            points_to_next_tier=step.points_to_next,
            tier_progress=step.fraction,
            points_last_12_months=points_12m,
            visit_count=c.visit_count,
            spent_cents=c.spent_cents,
            rhythm=visit_rhythm(live_times, today),
            stage=ladder_stage(
                visit_count=c.visit_count,
                first_visit=c.first_visit_at,
                last_visit=c.last_visit_at,
                referrals=referrals,
            ),
            referrals=referrals,
            birthday_in_days=birthday_in
            if birthday_in is not None and birthday_in <= BIRTHDAY_SOON_DAYS
            else None,
            affordable=affordable_rewards(session, c.points_balance, tier, tiers),
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
                )
                for v in visit_rows[:recent]
            ],
            imported_visits=imported.visits if imported else 0,
        )
