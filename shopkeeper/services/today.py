"""Today at a glance: what the counter's idle page and ``shopkeeper today`` show.

One read transaction; raw values only (counts, dates, days, cents), worded by
``shopkeeper.present.today``. The shop's day is its local calendar day by ``db.now()``
(``domain.calendar``). Archived customers (merged cards too) are never listed.

Choices a reader should know:

* Visits and points "today" are live visits dated today (a visit booked today for a past day,
  from a paper card, is not one) and the points those visits earned.
* A birthday on 29 February is kept on 28 February in a year without one, as the profile and the
  birthday bonus do (``domain.rhythm.days_until_birthday``); a membership that began on
  29 February likewise.
* Birthdays and anniversaries need no stored month-day column (no migration here). Birthdays:
  the database compares the stored date's "MM-DD" (a scan of the customer table without a date
  function per row; 0.1-0.2 s at 100,000 customers on SQLite). Anniversaries: one range of the
  joined-at index per past year (the coming week in that year, a day wider each side); the exact
  local day is decided here.
* Overdue regulars come from the reports service (``reports._overdue``, the same figures as "Who to
  call"), the most valuable (12 months' spend) first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from shopkeeper.domain.anniversary import next_anniversary
from shopkeeper.domain.calendar import local_date, local_midnight
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.rhythm import days_until_birthday
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

C = t.Customer.__table__
V = t.Visit.__table__
L = t.LedgerEntry.__table__
N = t.Note.__table__

SOON_DAYS = 7  # birthdays and anniversaries: today and the next seven days
LINES = 10  # lines per section; each section also carries the count of all


@dataclass(frozen=True)
class BirthdayLine:
    card_number: str
    name: str
    day: date  # the birthday this time round (28 February for 29 February in a common year)
    in_days: int  # 0: today


@dataclass(frozen=True)
class AnniversaryLine:
    card_number: str
    name: str
    day: date  # the anniversary this time round
    in_days: int  # 0: today
    years: int  # with the shop for this many years on ``day`` (1 or more)


@dataclass(frozen=True)
class ProblemLine:
    card_number: str
    name: str
    opened_at: datetime  # the oldest open problem of this customer
    text: str
    open_problems: int  # all of this customer's open problems


@dataclass(frozen=True)
class OverdueLine:
    card_number: str
    name: str
    days_since_last: int
    usual_gap_days: float
    visits: int
    spend_12m_cents: int


@dataclass(frozen=True)
class Section:
    total: int  # everyone who qualifies; ``lines`` holds the first of them
    lines: list = field(default_factory=list)


@dataclass(frozen=True)
class Today:
    day: date  # the shop's local day
    visits: int
    points: int  # earned by today's visits
    till_visits: int | None  # at this till (None: no till named)
    till_points: int | None
    birthdays: Section  # of BirthdayLine, soonest first
    problems: Section  # of ProblemLine, oldest first
    overdue: Section  # of OverdueLine, most valuable first
    anniversaries: Section  # of AnniversaryLine, soonest first


def today(db: Database, *, till: str | None = None, lines: int = LINES) -> Today:
    """Today at a glance, read in one transaction. ``till`` names this till (its visits)."""
    now = db.now()
    day = local_date(now)
    with db.read() as session:
        visits, points, till_visits, till_points = _booked(session, day, till)
        return Today(
            day=day,
            visits=visits,
            points=points,
            till_visits=till_visits if till else None,
            till_points=till_points if till else None,
            birthdays=_birthdays(session, day, lines),
            problems=_problems(session, lines),
            overdue=_overdue(session, now, lines),
            anniversaries=_anniversaries(session, day, lines),
        )


def _booked(session: Session, day: date, till: str | None) -> tuple[int, int, int, int]:
    earned = func.coalesce(L.c.points, 0)
    here = V.c.till == (till or "")
    row = session.execute(
        select(
            func.count(V.c.id),
            func.coalesce(func.sum(earned), 0),
            func.coalesce(func.sum(case((here, 1), else_=0)), 0),
            func.coalesce(func.sum(case((here, earned), else_=0)), 0),
        )
        .select_from(V.outerjoin(L, and_(L.c.visit_id == V.c.id, L.c.kind == Kind.VISIT.value)))
        .where(
            V.c.reversed_at.is_(None),
            V.c.at >= local_midnight(day),
            V.c.at < local_midnight(day + timedelta(days=1)),
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def _month_day(session: Session, column):  # noqa: ANN001, ANN202 - SQL: "11-30" of a DATE
    if session.get_bind().dialect.name == "sqlite":
        return func.substr(column, 6, 5)  # stored as "YYYY-MM-DD": no date function per row
    return func.to_char(column, "MM-DD")


def _codes(days: list[date]) -> list[str]:
    codes = {f"{d.month:02d}-{d.day:02d}" for d in days}
    if "02-28" in codes:
        codes.add("02-29")  # kept on 28 February in a common year; decided exactly in Python
    return sorted(codes)


def _soon(day: date) -> list[date]:
    return [day + timedelta(days=n) for n in range(SOON_DAYS + 1)]


def _in_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return date(year, 2, 28)


def _birthdays(session: Session, day: date, lines: int) -> Section:
    found = []
    for card, name, birthday in session.execute(
        select(C.c.card_number, C.c.name, C.c.birthday).where(
            C.c.archived_at.is_(None),
            C.c.birthday.is_not(None),
            _month_day(session, C.c.birthday).in_(_codes(_soon(day))),
        )
    ):
        in_days = days_until_birthday(birthday, day)
        if in_days <= SOON_DAYS:
            found.append(BirthdayLine(card, name, day + timedelta(days=in_days), in_days))
    found.sort(key=lambda b: (b.in_days, b.name, b.card_number))
    return Section(len(found), found[:lines])


def _anniversaries(session: Session, day: date, lines: int) -> Section:
    """One range of the joined-at index per past year: the coming week in that year, a day wider
    each side (a local day's instants fall on the UTC day before, of, or after it)."""
    first = session.execute(select(func.min(C.c.joined_at))).scalar_one()
    if first is None:
        return Section(0, [])
    ranges = []
    for year in range(first.year - 1, day.year + 1):
        start = local_midnight(_in_year(day, year) - timedelta(days=1))
        end = local_midnight(_in_year(day, year) + timedelta(days=SOON_DAYS + 2))
        ranges.append(and_(C.c.joined_at >= start, C.c.joined_at < end))
    found = []
    for card, name, joined_at in session.execute(
        select(C.c.card_number, C.c.name, C.c.joined_at).where(
            C.c.archived_at.is_(None), or_(*ranges)
        )
    ):
        in_days, years = next_anniversary(local_date(joined_at), day)
        if in_days <= SOON_DAYS and years >= 1:
            found.append(AnniversaryLine(card, name, day + timedelta(in_days), in_days, years))
    found.sort(key=lambda a: (a.in_days, -a.years, a.name, a.card_number))
    return Section(len(found), found[:lines])


def _problems(session: Session, lines: int) -> Section:
    oldest: dict[int, list] = {}
    for row in session.execute(
        select(N.c.customer_id, N.c.at, N.c.text, C.c.card_number, C.c.name)
        .join(C, C.c.id == N.c.customer_id)
        .where(N.c.kind == "problem", N.c.resolved_at.is_(None), C.c.archived_at.is_(None))
        .order_by(N.c.at, N.c.id)
    ):
        if row.customer_id in oldest:
            oldest[row.customer_id][4] += 1
        else:
            oldest[row.customer_id] = [row.card_number, row.name, row.at, row.text, 1]
    found = [ProblemLine(*values) for values in oldest.values()]
    return Section(len(found), found[:lines])


def _overdue(session: Session, now: datetime, lines: int) -> Section:
    # Imported here: the reports module is big, and Today is read on a worker after the window
    # is on screen, so it need not slow the counter's start.
    from shopkeeper.services import reports

    overdue = reports._overdue(session, now)  # noqa: SLF001 - the "who to call" figures
    overdue.sort(key=lambda r: (-r[4], r[2], r[0]))  # as ``reports.at_risk``
    shown = overdue[:lines]
    people = {
        row.id: row
        for row in session.execute(
            select(C.c.id, C.c.card_number, C.c.name).where(C.c.id.in_([r[0] for r in shown]))
        )
    }
    found = [
        OverdueLine(people[cid].card_number, people[cid].name, since, gap, visits, spend)
        for cid, gap, since, visits, spend in shown
    ]
    return Section(len(overdue), found)
