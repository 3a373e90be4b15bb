"""Money, counts and shares for a locale, by Babel (Qt's ``QLocale`` cannot format by ISO
currency code). Services return cents, counts and fractions; only the faces call these."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal

from shopkeeper import i18n
from shopkeeper.present.number_plans import (
    currency_symbol,
    fixed_pattern,
    money_plan,
    number_plan,
    whole_pattern,
)

DEFAULT_LANGUAGE = i18n.SOURCE_LANGUAGE
# Currencies a country writes without cents, with the symbol its people read without doubt
# (Babel's zh_Hant_TW writes TWD as a bare "$"): NT$120, not $120.00.
WHOLE_CURRENCIES = {"TWD"}
CLEAR_SYMBOLS = {"TWD": "NT$"}


def shop_locale(country: str | None, language: str | None = None) -> str:
    """The locale whose formats a shop in ``country`` uses with ``language`` words (a BCP 47
    tag; None: the language spoken now): "en" + "LT" -> "en_LT" ("1 250,50 €", "30 November
    2026"), "zh-Hant" + "TW" -> "zh_Hant_TW". Without such a pair Babel knows, the language's
    own locale ("lt" -> "lt_LT", "en" -> "en")."""
    return _shop_locale(country, language or i18n.language())


@lru_cache(maxsize=64)
def _shop_locale(country: str | None, language: str) -> str:
    tag = i18n.supported_language(language)
    base = i18n.catalog_name(tag) if tag else language.replace("-", "_")  # zh-Hans -> zh_Hans
    if country:
        candidate = f"{base}_{country.upper()}"
        try:
            found = Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            pass
        else:
            if str(found) == candidate:  # Babel reads zh_Hant_CN as zh_Hans_CN: not ours
                return candidate
    if tag:
        return i18n.babel_locale(tag)
    try:
        return str(Locale.parse(base))
    except (UnknownLocaleError, ValueError):
        return DEFAULT_LANGUAGE


def current_locale() -> str:
    """The Babel locale of the language spoken here and now (``lt`` -> ``lt_LT``)."""
    return i18n.babel_locale(i18n.language())


def _amount(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)  # exact: no float rounding of 0.1 + 0.2 kinds


def money(cents: int, currency: str, locale: str | None = None) -> str:
    """253575.70 EUR -> "€253,575.70" (en) or "253 575,70 €" (lt, en_LT); 12.50 CNY ->
    "¥12.50" (zh_Hans_CN); 120 TWD -> "NT$120" (zh_Hant_TW). None: the current language."""
    locale = locale or current_locale()
    currency = (currency or "EUR").upper()
    whole = currency in WHOLE_CURRENCIES and cents % 100 == 0
    plan = money_plan(locale, currency, whole)
    text = plan.format(cents, 2) if plan is not None else None
    if text is None:
        text = _babel_money(cents, currency, locale, whole)
    clear = CLEAR_SYMBOLS.get(currency)
    if clear:
        symbol = currency_symbol(currency, locale)
        if symbol != clear and clear not in text:
            text = text.replace(symbol, clear, 1)
    return text


def _babel_money(cents: int, currency: str, locale: str, whole: bool) -> str:
    pattern = whole_pattern(locale) if whole else None
    return format_currency(
        _amount(cents), currency, locale=locale, format=pattern, currency_digits=pattern is None
    )


def number(
    value: int | float | Decimal, locale: str | None = None, *, decimals: int | None = None
) -> str:
    """A count or measure with the locale's grouping: 12345 -> "12,345". ``decimals`` fixes
    the digits after the point (an average score 7.25 with decimals=1 -> "7.3")."""
    locale = locale or current_locale()
    plan = number_plan(locale, decimals)
    if plan is not None:
        text = plan.format_value(value)
        if text is not None:
            return text
    if decimals is None:
        return format_decimal(value, locale=locale)
    return format_decimal(value, format=fixed_pattern(decimals), locale=locale)


def amount(cents: int, locale: str | None = None) -> str:
    """Cents as a plain number with two decimals, without a currency: 1550 -> "15.50"
    ("15,50" in Lithuanian)."""
    locale = locale or current_locale()
    plan = number_plan(locale, 2)
    text = plan.format(cents, 2) if plan is not None else None
    return text if text is not None else number(_amount(cents), locale, decimals=2)


def share(percent: float, locale: str | None = None, *, decimals: int = 1) -> str:
    """A share given in percent (43.6 -> "43.6%", "43,6 %" in Lithuanian)."""
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(percent / 100, format=pattern, locale=locale or current_locale())


def points(n: int, locale: str | None = None) -> str:
    """A count of points in words of the current language: "1 point", "12 points"; lt "21
    taškas", "2 taškai", "10 taškų"; zh "12 积分"."""
    return i18n.ngettext("{n} point", "{n} points", n).format(n=number(n, locale))


def signed(value: int, locale: str | None = None) -> str:
    """Points moving a balance: "+12", "−1,200" (a real minus sign), "0"."""
    text = number(abs(value), locale)
    return f"+{text}" if value > 0 else f"\u2212{text}" if value < 0 else text


@dataclass(frozen=True)
class Numbers:
    """A locale and a currency bound together, for a screen or a document to hold."""

    locale: str = field(default_factory=current_locale)  # the language spoken when made
    currency: str = "EUR"

    @classmethod
    def for_shop(cls, country: str | None, currency: str, language: str | None = None):  # noqa: ANN206
        """The shop's currency in the formats of its country and ``language`` (None: the
        language spoken now; a customer's language for their letter)."""
        return cls(shop_locale(country, language), currency or "EUR")

    def money(self, cents: int) -> str:
        return money(cents, self.currency, self.locale)

    def number(self, value: int | float, *, decimals: int | None = None) -> str:
        return number(value, self.locale, decimals=decimals)

    def share(self, percent: float, *, decimals: int = 1) -> str:
        return share(percent, self.locale, decimals=decimals)

    def signed(self, value: int) -> str:
        return signed(value, self.locale)
