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
from typing import Any

from shopkeeper import i18n
from shopkeeper.i18n import N_, _

from .calendar import Month, local_date, local_midnight
from .errors import InvalidInput
from .figures import Share, plain
from .rhythm import REGULAR_VISITS, Stage

# The cohort table's columns: share of a join month's members still visiting after N months.
RETENTION_MONTHS = (1, 3, 6, 12)
LADDER = (Stage.NEW, Stage.REGULAR, Stage.LOYAL, Stage.ADVOCATE)
ACTIVE_DAYS = 90  # "active member": visited in the last 90 days
PROBLEM_AGE_DAYS = 7  # an open problem older than a week goes on the call list


def english(value: Any) -> str:
    """A raw value as the source language writes it without a locale (CSV, JSON, logs)."""
    if isinstance(value, Share):
        return f"{value.percent:.1f}%"
    if isinstance(value, tuple | list):
        return ", ".join(english(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return plain(value)


class Phrase(str):
    """Words for a person kept raw: the English message id (marked with ``N_``), its plural and
    count, and the raw values of its placeholders (counts, ``Money``, dates, other phrases; a
    tuple is a list). Translated and formatted only where shown
    (``shopkeeper.present.reports.say``); as a ``str`` it is the English text with locale-free
    values, so JSON, CSV and logs stay stable."""

    msgid: str
    plural: str | None
    n: int | None
    context: str | None
    values: dict[str, Any]

    def __new__(
        cls,
        msgid: str,
        plural: str | None = None,
        n: int | None = None,
        context: str | None = None,
        /,
        **values: Any,
    ) -> Phrase:
        template = plural if plural is not None and n != 1 else msgid
        self = super().__new__(cls, template.format(**{k: english(v) for k, v in values.items()}))
        self.msgid, self.plural, self.n, self.context = msgid, plural, n, context
        self.values = values
        return self

    @classmethod
    def ngettext(cls, singular: str, plural: str, n: int, /, **values: Any) -> Phrase:
        """A phrase with plural forms, chosen by ``n`` where shown (named so the catalog
        tools extract it as a plural message)."""
        return cls(singular, plural, n, None, **values)

    @classmethod
    def pgettext(cls, context: str, msgid: str, /, **values: Any) -> Phrase:
        """A phrase whose English word has another meaning elsewhere ("Name" of a person)."""
        return cls(msgid, None, None, context, **values)

    def __reduce__(self):  # noqa: ANN204 - copies and pickles keep the raw parts
        return (_rebuild, (self.msgid, self.plural, self.n, self.context, self.values))


def template_of(phrase: Phrase) -> str:
    """The phrase's message in the language spoken now, placeholders still open."""
    if phrase.plural is not None:
        return i18n.ngettext(phrase.msgid, phrase.plural, phrase.n or 0)
    if phrase.context is not None:
        return i18n.pgettext(phrase.context, phrase.msgid)
    return _(phrase.msgid)


def _rebuild(
    msgid: str, plural: str | None, n: int | None, context: str | None, values: dict[str, Any]
) -> Phrase:
    return Phrase(msgid, plural, n, context, **values)


class Period(str):
    """A month ("2026-11") or a week (its Monday, "2026-11-09") heading a report row; shown as
    the locale names it ("2026 m. lapkritis", "2026年11月")."""

    first_day: date
    by: str

    def __new__(cls, label: str) -> Period:
        self = super().__new__(cls, label)
        by = "week" if len(label) == 10 else "month"
        self.first_day = date.fromisoformat(label if by == "week" else f"{label}-01")
        self.by = by
        return self

    def __reduce__(self):  # noqa: ANN204
        return (Period, (str(self),))


def period_cell(label: Any) -> Any:
    """``Period`` for a "YYYY-MM" or "YYYY-MM-DD" label; anything else unchanged."""
    if isinstance(label, str) and not isinstance(label, Period):
        try:
            return Period(label)
        except ValueError:
            return label
    return label


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

    def formula(self, points: int) -> Phrase:
        return Phrase(
            N_("{points} points × {value} cents / {cost} points ({reward}) = {liability} cents"),
            points=points,
            value=self.value_cents,
            cost=self.points_cost,
            reward=self.reward,
            liability=self.liability_cents(points),
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
        raise InvalidInput(_("The report's end date is before its start date."))
    monday = start - timedelta(days=start.weekday())
    out = []
    while monday <= end:
        out.append(monday)
        monday += timedelta(days=7)
    return out


def months(start: date, end: date) -> list[Month]:
    """The calendar months that touch ``start``..``end`` (inclusive)."""
    if end < start:
        raise InvalidInput(_("The report's end date is before its start date."))
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
