"""Money, counts and shares for a locale, by Babel (Qt's ``QLocale`` cannot format by ISO
currency code). Services return cents, counts and fractions; only the faces call these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal

DEFAULT_LANGUAGE = "en"  # the wording is English until the translations arrive


@lru_cache(maxsize=64)
def shop_locale(country: str | None, language: str = DEFAULT_LANGUAGE) -> str:
    """The locale whose number formats a shop in ``country`` uses with ``language`` words
    ("en" + "LT" -> "en_LT": "1 250,50 €"); just the language when Babel has no such pair."""
    if country:
        candidate = f"{language}_{country.upper()}"
        try:
            Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            pass
        else:
            return candidate
    return language


def _amount(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)  # exact: no float rounding of 0.1 + 0.2 kinds


def money(cents: int, currency: str, locale: str) -> str:
    """253575.70 EUR -> "€253,575.70" (en) or "253 575,70 €" (lt, en_LT)."""
    return format_currency(_amount(cents), currency or "EUR", locale=locale)


def number(value: int | float | Decimal, locale: str, *, decimals: int | None = None) -> str:
    """A count or measure with the locale's grouping: 12345 -> "12,345". ``decimals`` fixes
    the digits after the point (an average score 7.25 with decimals=1 -> "7.3")."""
    if decimals is None:
        return format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)


def share(percent: float, locale: str, *, decimals: int = 1) -> str:
    """A share given in percent (43.6 -> "43.6%", "43,6 %" in Lithuanian)."""
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(percent / 100, format=pattern, locale=locale)


def signed(value: int, locale: str) -> str:
    """Points moving a balance: "+12", "−1,200" (a real minus sign), "0"."""
    text = number(abs(value), locale)
    return f"+{text}" if value > 0 else f"\u2212{text}" if value < 0 else text


@dataclass(frozen=True)
class Numbers:
    """A locale and a currency bound together, for a screen or a document to hold."""

    locale: str = DEFAULT_LANGUAGE
    currency: str = "EUR"

    @classmethod
    def for_shop(cls, country: str | None, currency: str, language: str = DEFAULT_LANGUAGE):  # noqa: ANN206
        return cls(shop_locale(country, language), currency or "EUR")

    def money(self, cents: int) -> str:
        return money(cents, self.currency, self.locale)

    def number(self, value: int | float, *, decimals: int | None = None) -> str:
        return number(value, self.locale, decimals=decimals)

    def share(self, percent: float, *, decimals: int = 1) -> str:
        return share(percent, self.locale, decimals=decimals)

    def signed(self, value: int) -> str:
        return signed(value, self.locale)
