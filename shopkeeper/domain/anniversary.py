"""Membership anniversaries: the day a customer joined comes round again each year.

A membership that began on 29 February is kept on 28 February in a common year, as birthdays are
(``rhythm.days_until_birthday``)."""

from __future__ import annotations

from datetime import date, timedelta

from .rhythm import days_until_birthday


def next_anniversary(joined: date, today: date) -> tuple[int, int]:
    """(days from ``today`` to the next anniversary, 0 today; the years it marks). The years are
    0 on the very day someone joined: no anniversary yet."""
    in_days = days_until_birthday(joined, today)
    return in_days, (today + timedelta(days=in_days)).year - joined.year


def years_today(joined: date, today: date) -> int | None:
    """The years with the shop when ``today`` is an anniversary (1 or more), else None."""
    in_days, years = next_anniversary(joined, today)
    return years if in_days == 0 and years >= 1 else None
