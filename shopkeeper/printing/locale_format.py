"""Dates, months, numbers and money on paper, in the reader's locale ("2026 m. lapkričio 30 d.",
"2026年11月30日", "12,50 €", "¥12.50", "NT$120").

Interim home: the shared presentation package (``shopkeeper/present``) is growing the same
formats; fold these into it when it lands. Every function is cached: a batch of a thousand
letters asks for the same few dates again and again, and Babel is slow to ask.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal

from shopkeeper.domain.calendar import Month
from shopkeeper.i18n import babel_locale


@lru_cache(maxsize=4096)
def long_date(day: date, language: str) -> str:
    """A day as the language writes it in a letter: "November 30, 2026",
    "2026 m. lapkričio 30 d.", "2026年11月30日"."""
    return format_date(day, "long", locale=babel_locale(language))


@lru_cache(maxsize=256)
def month_name(month: Month, language: str) -> str:
    """A month and its year: "November 2026", "2026 m. lapkritis", "2026年11月"."""
    return format_skeleton("yMMMM", month.first_day, locale=babel_locale(language))


@lru_cache(maxsize=4096)
def number(value: int, language: str) -> str:
    """A count with the locale's grouping: "1,250", "1 250" (Lithuanian, no-break space)."""
    return format_decimal(value, locale=babel_locale(language))


@lru_cache(maxsize=4096)
def money(cents: int, currency: str, language: str) -> str:
    """An amount in the shop's currency for the reader: "12,50 €", "¥12.50", "NT$120".

    Taiwan writes its dollar "NT$" and, for whole amounts, without cents; Babel gives "$120.00"."""
    amount = Decimal(cents) / 100
    locale = babel_locale(language)
    if currency.upper() == "TWD":
        pattern = "#,##0" if cents % 100 == 0 else "#,##0.00"
        sign = "-" if cents < 0 else ""
        return f"{sign}NT${format_decimal(abs(amount), format=pattern, locale=locale)}"
    return format_currency(amount, currency.upper(), locale=locale)
