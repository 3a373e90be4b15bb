"""The rules behind the back-office reports: pure arithmetic, no database, no Qt.

The services aggregate in SQL and hand the figures here, so that "who is overdue", "what the
points are worth" and "what share of a cohort came back" are decided in one tested place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from .calendar import Month, local_date, local_midnight
from .errors import InvalidInput
from .rhythm import REGULAR_VISITS, Stage

# The cohort table's columns: share of a join month's members still visiting after N months.
RETENTION_MONTHS = (1, 3, 6, 12)
LADDER = (Stage.NEW, Stage.REGULAR, Stage.LOYAL, Stage.ADVOCATE)
ACTIVE_DAYS = 90  # "active member": visited in the last 90 days
PROBLEM_AGE_DAYS = 7  # an open problem older than a week goes on the call list


def median_gap_days(julian_days: Sequence[float]) -> float | None:
    """Median days between consecutive visits (times as fractional days, ascending)."""
    if len(julian_days) < 2:
        return None
    return float(median(b - a for a, b in zip(julian_days, julian_days[1:], strict=False)))


def is_overdue(visits: int, usual_gap_days: float | None, days_since_last: int | None) -> bool:
    """Far past their own rhythm: 3+ visits and more than twice the median gap since the last
    visit (a gap under a day counts as one day). The same rule as ``rhythm.visit_rhythm``, given
    figures instead of visit times so a report can judge 100,000 customers."""
    if visits < REGULAR_VISITS or usual_gap_days is None or days_since_last is None:
        return False
    return days_since_last > 2 * max(usual_gap_days, 1.0)


def share(part: int, whole: int) -> float | None:
    """A percentage rounded to one decimal; None when there is nothing to divide."""
    if whole <= 0:
        return None
    return round(100 * part / whole, 1)


@dataclass(frozen=True)
class PointValue:
    """What one point costs the shop when spent on one reward."""

    reward: str
    points_cost: int
    value_cents: int

    @property
    def cents_per_point(self) -> Decimal:
        return Decimal(self.value_cents) / Decimal(self.points_cost)

    def liability_cents(self, points: int) -> int:
        """``points × value_cents / points_cost``, rounded half up to a whole cent."""
        exact = Decimal(points) * Decimal(self.value_cents) / Decimal(self.points_cost)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def formula(self, points: int) -> str:
        return (
            f"{points} points × {self.value_cents} cents / {self.points_cost} points "
            f"({self.reward}) = {self.liability_cents(points)} cents"
        )


def valuation_reward(values: Sequence[PointValue]) -> PointValue | None:
    """The reward that prices the liability: the cheapest active one (fewest points), because
    that is what a balance can be spent on first; ties go to the higher value per point
    (the prudent figure). Rewards worth nothing to the shop are left out."""
    priced = [v for v in values if v.value_cents > 0 and v.points_cost > 0]
    if not priced:
        return None
    return min(priced, key=lambda v: (v.points_cost, -v.cents_per_point, v.reward))


def retention_cutoffs(cohort: Month, current: Month) -> dict[int, datetime | None]:
    """For each retention column, the instant from which a visit counts as "still visiting
    after N months" (the start of the N-th month after joining); None while that month has not
    begun, so a young cohort shows a blank, not a false 0 %."""
    return {
        months: cohort.shift(months).start() if cohort.shift(months) <= current else None
        for months in RETENTION_MONTHS
    }


def stage_rank(stage: Stage) -> int:
    return LADDER.index(stage)


def weeks(start: date, end: date) -> list[date]:
    """Mondays of the ISO weeks that touch ``start``..``end`` (inclusive)."""
    if end < start:
        raise InvalidInput("The report's end date is before its start date.")
    monday = start - timedelta(days=start.weekday())
    out = []
    while monday <= end:
        out.append(monday)
        monday += timedelta(days=7)
    return out


def months(start: date, end: date) -> list[Month]:
    """The calendar months that touch ``start``..``end`` (inclusive)."""
    if end < start:
        raise InvalidInput("The report's end date is before its start date.")
    out, month = [], Month.of(start)
    while month <= Month.of(end):
        out.append(month)
        month = month.shift(1)
    return out


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """``start``..``end`` inclusive local days as a UTC half-open interval."""
    return local_midnight(start), local_midnight(end + timedelta(days=1))


def days_since(last: datetime | None, today: date) -> int | None:
    """Whole local days since a stored instant (as the counter counts them)."""
    return None if last is None else (today - local_date(last)).days
