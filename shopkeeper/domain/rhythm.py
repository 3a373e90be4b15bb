"""A customer's visit rhythm and their stage on the loyalty ladder."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
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


@dataclass(frozen=True)
class Rhythm:
    usual_gap_days: float | None  # median days between visits; None with fewer than 2 visits
    days_since_last: int | None
    overdue: bool  # far past their own rhythm: more than twice the usual gap, 3+ visits


def visit_rhythm(visit_times: Sequence[datetime], today: date) -> Rhythm:
    """Rhythm from visit times (any order)."""
    times = sorted(visit_times)
    if not times:
        return Rhythm(None, None, False)
    days_since = (today - local_date(times[-1])).days  # the shop's day, not UTC's
    if len(times) < 2:
        return Rhythm(None, days_since, False)
    gaps = [(b - a).total_seconds() / 86400 for a, b in zip(times, times[1:], strict=False)]
    usual = float(median(gaps))
    overdue = len(times) >= 3 and days_since > 2 * max(usual, 1.0)
    return Rhythm(round(usual, 1), days_since, overdue)


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
