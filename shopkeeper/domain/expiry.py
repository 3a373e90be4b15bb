"""Points expire a fixed number of months after they were earned, oldest first.

Spending always takes the oldest points first (FIFO). Because a balance never goes below zero,
the points still alive from before a cutoff are simply "earned before the cutoff minus everything
spent or expired so far", floored at zero. Running the same expiry twice therefore expires nothing
the second time: the first expiry entry counts as spent.
"""

from datetime import datetime

from .calendar import Month


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
