"""Dates, months and how long ago, in the reader's language (Babel's CLDR data): "2026 m.
lapkričio 30 d.", "2026年11月30日", "30 November 2026" (an English shop in Lithuania) or
"November 30, 2026" (English without a country).

Each function takes a Babel locale (``shop_locale(country, language)`` for a shop or a customer);
None means the language spoken now (``shopkeeper.i18n.language()``). "Now" is never read here:
the caller passes the shop's clock's time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import format_date, format_skeleton, format_timedelta

from shopkeeper.i18n import pgettext
from shopkeeper.present.numbers import current_locale


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def long_date(value: date | datetime, locale: str | None = None) -> str:
    """The date as a letter writes it: "2026 m. lapkričio 30 d.", "2026年11月30日"."""
    return format_date(_day(value), "long", locale=locale or current_locale())


def short_date(value: date | datetime, locale: str | None = None) -> str:
    """The date as a table shows it: "2026-11-30" (lt), "2026/11/30" (zh), "11/30/26" (en)."""
    return format_date(_day(value), "short", locale=locale or current_locale())


def month_name(value: date | datetime, locale: str | None = None) -> str:
    """A month and its year: "2026 m. lapkritis", "2026年11月", "November 2026" (the
    skeleton, not "LLLL y", which gives "十一月 2026" in Chinese)."""
    return format_skeleton("yMMMM", _day(value), locale=locale or current_locale())


def month_of(year: int, month: int, locale: str | None = None) -> str:
    """``month_name`` for a month given by number (a month-end, a report period)."""
    return month_name(date(year, month, 1), locale)


def relative(
    then: date | datetime, now: date | datetime, locale: str | None = None
) -> str:
    """How long ago (or ahead) ``then`` is from ``now``: "3 days ago", "prieš 3 dienas",
    "3天前", "in 2 weeks"; "today" for the same date, "just now" within a minute. Dates count
    whole days; a day or more is never shown in hours."""
    if isinstance(then, datetime) and isinstance(now, datetime):
        delta = then - now
        if abs(delta) < timedelta(minutes=1):
            return pgettext("relative time", "just now")
    else:
        delta = timedelta(days=(_day(then) - _day(now)).days)
        if not delta:
            return pgettext("relative time", "today")
    return format_timedelta(
        delta,
        granularity="day" if abs(delta) >= timedelta(days=1) else "second",
        threshold=1.0,
        add_direction=True,
        locale=locale or current_locale(),
    )
