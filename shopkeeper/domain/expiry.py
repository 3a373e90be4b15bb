"""Points expire a fixed number of months after they were earned, oldest first.

Spending always takes the oldest points first (FIFO). Because a balance never goes below zero,
the points still alive from before a cutoff are simply "earned before the cutoff minus everything
spent or expired so far", floored at zero. Running the same expiry twice therefore expires nothing
the second time: the first expiry entry counts as spent.
"""

from bisect import bisect_right, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from .calendar import Month, local_date
from .ledger import Kind


def expiry_cutoff(closed: Month, expiry_months: int) -> datetime:
    """Points earned before this instant expire when month ``closed`` is closed: with 12 months,
    closing November 2026 expires what was earned before December 2025."""
    return closed.shift(1 - expiry_months).start()


def points_to_expire(earned_before_cutoff: int, spent: int, balance: int) -> int:
    """Points that must expire now.

    ``earned_before_cutoff`` is every point earned before the cutoff (net of reversals of those
    very entries); ``spent`` is the total already taken out of the balance by redemptions,
    corrections and earlier expiries (a positive number). ``balance`` caps the result so a
    balance never goes negative.
    """
    return max(0, min(balance, earned_before_cutoff - spent))


# --- expiry under a history of rule changes ---------------------------------------------------
#
# A rule change is never retroactive against the customer: points keep at least the life they
# were earned with. A change that makes points last longer (a longer expiry, or none) applies to
# every point still held; one that makes them last less (switching expiry on, shortening it)
# applies only to points earned after it. So a point earned under rule set i lives the longest
# of the expiries of rule set i and every later one ("0" meaning never).


@dataclass(frozen=True)
class RulePeriod:
    """One rule set in force from ``since`` (pass them through ``effective`` first)."""

    since: datetime  # the first period also covers everything earned before it
    expiry_months: int  # 0: never


def effective(periods: Sequence[RulePeriod]) -> list[RulePeriod]:
    """Periods in order with the ones replaced at the same instant dropped (a new shop's
    defaults changed at once): only the last rule set of an instant was ever in force."""
    out: list[RulePeriod] = []
    for period in sorted(periods, key=lambda p: p.since):
        if out and out[-1].since == period.since:
            out[-1] = period
        else:
            out.append(period)
    return out


def lifetimes(periods: Sequence[RulePeriod]) -> list[int | None]:
    """For each period, the months its points live (None: forever): the longest of its own and
    every later period's expiry."""
    out: list[int | None] = []
    longest: int | None = 0
    for period in reversed(periods):
        months = period.expiry_months or None
        if longest is not None:
            longest = None if months is None else max(longest, months)
        out.append(longest)
    return out[::-1]


def single_lifetime(periods: Sequence[RulePeriod]) -> int | None | bool:
    """The one lifetime every point has (months, or None for forever), or False when points of
    different periods live differently and each customer's ledger must be walked."""
    lives = set(lifetimes(periods)) if periods else {None}
    return lives.pop() if len(lives) == 1 else False


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    points: int
    kind: str
    reverses_id: int | None = None
    period: str | None = None  # an expiry entry's month, "2026-11"


@dataclass
class _Lot:
    at: datetime
    deadline: Month | None  # expires when this month is closed; None: never
    left: int


def _take(lots: list[_Lot], points: int, which: Callable[[_Lot], bool] = lambda _lot: True) -> int:
    for lot in lots:
        if points <= 0:
            break
        if lot.left > 0 and which(lot):
            used = min(lot.left, points)
            lot.left -= used
            points -= used
    return points


def points_due(
    entries: Iterable[Entry],
    closed: Month,
    periods: Sequence[RulePeriod],
    balance: int,
) -> int:
    """Points to expire when ``closed`` is closed, by walking one customer's ledger: every
    positive entry is a lot with its own deadline; redemptions, corrections and the like take
    the oldest lots first; a reversal cancels the lot it reverses; an earlier expiry took the
    lots that were due then. Capped by the balance."""
    lives = lifetimes(periods)
    starts = [p.since for p in periods]
    lots: list[_Lot] = []
    by_id: dict[int, _Lot] = {}
    times: dict[int, datetime] = {}
    for entry in sorted(entries, key=lambda e: (e.at, e.id)):
        times[entry.id] = entry.at
        if entry.kind == Kind.EXPIRY and entry.points < 0:
            done = Month.parse(entry.period) if entry.period else closed
            left = _take(lots, -entry.points, lambda lot, m=done: _due(lot, m))
            _take(lots, left)
        elif entry.kind == Kind.REVERSAL and entry.points < 0 and entry.reverses_id in by_id:
            lot = by_id[entry.reverses_id]
            used = min(lot.left, -entry.points)
            lot.left -= used
            _take(lots, -entry.points - used)
        elif entry.points > 0:
            earned = times.get(entry.reverses_id, entry.at) if entry.reverses_id else entry.at
            index = max(0, bisect_right(starts, earned) - 1)
            months = lives[index] if lives else None
            deadline = Month.of(local_date(earned)).shift(months) if months else None
            lot = _Lot(earned, deadline, entry.points)
            insort(lots, lot, key=lambda x: x.at)
            by_id[entry.id] = lot
        elif entry.points < 0:
            _take(lots, -entry.points)
    due = sum(lot.left for lot in lots if _due(lot, closed))
    return max(0, min(balance, due))


def _due(lot: _Lot, closed: Month) -> bool:
    return lot.deadline is not None and lot.deadline <= closed
