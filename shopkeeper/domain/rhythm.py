"""A customer's visit rhythm and their stage on the loyalty ladder."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from math import floor
from statistics import median

from .calendar import local_date


class Stage(StrEnum):
    """The ladder a good shop walks customers up."""

    NEW = "new"  # fewer than 3 visits
    REGULAR = "regular"  # 3 or more visits
    LOYAL = "loyal"  # 10 or more visits spread over at least 6 months
    ADVOCATE = "advocate"  # has brought at least one other customer


REGULAR_VISITS = 3
LOYAL_VISITS = 10
LOYAL_SPAN_DAYS = 182
RHYTHM_VISITS = 60  # the rhythm is judged on the most recent visits


@dataclass(frozen=True)
class Rhythm:
    usual_gap_days: float | None  # median days between visits; None with fewer than 2 visits
    days_since_last: int | None
    overdue: bool  # far past their own rhythm: more than twice the usual gap, 3+ visits


def visit_rhythm(visit_times: Sequence[datetime], today: date) -> Rhythm:
    """Rhythm from visit times (any order)."""
    times = sorted(visit_times)
    if len(times) < 2:
        return stored_rhythm(len(times), times[-1] if times else None, None, today)
    gaps = [(b - a).total_seconds() / 86400 for a, b in zip(times, times[1:], strict=False)]
    return stored_rhythm(len(times), times[-1], float(median(gaps)), today)


def stored_rhythm(
    visits: int, last_at: datetime | None, gap_days: float | None, today: date
) -> Rhythm:
    """The rhythm from a customer's stored figures (``RhythmFigures``: live visits, the last one
    and the median gap over the latest RHYTHM_VISITS): ``visit_rhythm`` of those visits, without
    reading them."""
    if visits < 1 or last_at is None:
        return Rhythm(None, None, False)
    days_since = (today - local_date(last_at)).days  # the shop's day, not UTC's
    if gap_days is None:
        return Rhythm(None, days_since, False)
    overdue = visits >= REGULAR_VISITS and days_since > 2 * max(gap_days, 1.0)
    return Rhythm(round(gap_days, 1), days_since, overdue)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND_US = 1_000_000


def micros(at: datetime) -> int:
    """An aware time as whole microseconds since 1970: exact, so gaps computed from these
    are the very floats ``visit_rhythm`` computes from datetimes."""
    return (at - EPOCH) // timedelta(microseconds=1)


def from_micros(stamp: int) -> datetime:
    return EPOCH + timedelta(microseconds=stamp)


@dataclass(frozen=True)
class RhythmFigures:
    """What is stored per customer (``storage.rhythm``): enough to judge "overdue" on any day
    without reading their visits again."""

    visits: int  # live visits, all of them
    spent_cents: int  # their amounts
    first_at: datetime
    first_cents: int  # the first visit's amount (the smallest, should two share that time)
    last_at: datetime
    gap_days: float | None  # median gap over the last RHYTHM_VISITS visits, unrounded
    overdue_from: date | None  # the first local day on which they count as overdue


def median_gap(recent: Sequence[int]) -> float | None:
    """Median days between consecutive visits, from ascending microsecond stamps: the same
    arithmetic as ``visit_rhythm`` ((b - a).total_seconds() / 86400, then the median)."""
    if len(recent) < 2:
        return None
    gaps = zip(recent, recent[1:], strict=False)
    return float(median((b - a) / _SECOND_US / 86400 for a, b in gaps))


def overdue_from(visits: int, gap_days: float | None, last_day: date) -> date | None:
    """The first day D with (D - last_day).days > 2 × max(gap, 1): the rule of
    ``visit_rhythm`` / ``reports.is_overdue`` solved for the day (an integer exceeds x exactly
    when it reaches floor(x) + 1)."""
    if visits < REGULAR_VISITS or gap_days is None:
        return None
    return last_day + timedelta(days=floor(2 * max(gap_days, 1.0)) + 1)


def rhythm_figures(
    visits: int, spent_cents: int, first_at: datetime, first_cents: int, recent: Sequence[int]
) -> RhythmFigures:
    """Figures from the live-visit count and spend, the first visit and the latest visits
    (ascending microsecond stamps, at most RHYTHM_VISITS of them, the last the latest visit)."""
    recent = recent[-RHYTHM_VISITS:]
    last_at = from_micros(recent[-1])
    gap = median_gap(recent)
    due = overdue_from(visits, gap, local_date(last_at))
    return RhythmFigures(visits, spent_cents, first_at, first_cents, last_at, gap, due)


def ladder_stage(
    *, visit_count: int, first_visit: datetime | None, last_visit: datetime | None, referrals: int
) -> Stage:
    if referrals > 0:
        return Stage.ADVOCATE
    if (
        visit_count >= LOYAL_VISITS
        and first_visit is not None
        and last_visit is not None
        and (last_visit - first_visit).days >= LOYAL_SPAN_DAYS
    ):
        return Stage.LOYAL
    if visit_count >= REGULAR_VISITS:
        return Stage.REGULAR
    return Stage.NEW


def days_until_birthday(birthday: date, today: date) -> int:
    """Days from today to the next birthday (0 today). 29 February counts as 28 February in
    years without one."""

    def in_year(year: int) -> date:
        try:
            return birthday.replace(year=year)
        except ValueError:
            return date(year, 2, 28)

    nxt = in_year(today.year)
    if nxt < today:
        nxt = in_year(today.year + 1)
    return (nxt - today).days
