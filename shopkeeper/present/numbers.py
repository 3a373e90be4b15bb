"""Money, counts and shares for a locale, by Babel (Qt's ``QLocale`` cannot format by ISO
currency code). Services return cents, counts and fractions; only the faces call these."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import numbers as babel_numbers
from babel.numbers import (
    NumberPattern,
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

from shopkeeper import i18n

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
    plan = _money_plan(locale, currency, whole)
    text = plan.format(cents, 2) if plan is not None else None
    if text is None:
        text = _babel_money(cents, currency, locale, whole)
    clear = CLEAR_SYMBOLS.get(currency)
    if clear:
        symbol = _currency_symbol(currency, locale)
        if symbol != clear and clear not in text:
            text = text.replace(symbol, clear, 1)
    return text


def _babel_money(cents: int, currency: str, locale: str, whole: bool) -> str:
    pattern = _whole_pattern(locale) if whole else None
    return format_currency(
        _amount(cents), currency, locale=locale, format=pattern, currency_digits=pattern is None
    )


def number(
    value: int | float | Decimal, locale: str | None = None, *, decimals: int | None = None
) -> str:
    """A count or measure with the locale's grouping: 12345 -> "12,345". ``decimals`` fixes
    the digits after the point (an average score 7.25 with decimals=1 -> "7.3")."""
    locale = locale or current_locale()
    plan = _number_plan(locale, decimals)
    if plan is not None:
        text = plan.format_value(value)
        if text is not None:
            return text
    if decimals is None:
        return format_decimal(value, locale=locale)
    return format_decimal(value, format=_fixed_pattern(decimals), locale=locale)


def amount(cents: int, locale: str | None = None) -> str:
    """Cents as a plain number with two decimals, without a currency: 1550 -> "15.50"
    ("15,50" in Lithuanian)."""
    locale = locale or current_locale()
    plan = _number_plan(locale, 2)
    text = plan.format(cents, 2) if plan is not None else None
    return text if text is not None else number(_amount(cents), locale, decimals=2)


# -- the same texts, worked out once per locale ----------------------------------------------
# Babel parses the locale and walks the pattern on every call: 0.1-0.2 ms a number, 2 ms of
# every scan at the counter (a profile's amounts and counts). A plan holds what Babel's
# ``NumberPattern.apply`` reads (prefixes, grouping, symbols) and formats an exact value with
# integer arithmetic. A value that would need rounding, and any locale or pattern the plan is
# not sure of (it checks itself against Babel when made), still go to Babel.
_CHECK_UNITS = (0, 7, 42, 999, 1000, 1234, 12345, 123456, 1234567, 123456789012, -5, -1234567)


@dataclass(frozen=True)
class _Plan:
    prefix: tuple[str, str]  # positive, negative: currency signs already in place
    suffix: tuple[str, str]
    int_min: int
    grouping: tuple[int, int]
    group: str
    decimal: str
    frac: tuple[int, int]  # the fewest and most digits after the point

    def format(self, units: int, scale: int, negative: bool | None = None) -> str | None:
        """``units / 10**scale`` as Babel writes it; None when that needs rounding."""
        if negative is None:
            negative = units < 0
        units = abs(units)
        if units >= 10**20:
            return None  # beyond Decimal's default precision once quantized: Babel decides
        low, high = self.frac
        if scale > high:
            dropped = 10 ** (scale - high)
            if units % dropped:
                return None
            units //= dropped
            scale = high
        whole, part = divmod(units, 10**scale)
        digits = str(whole)
        if len(digits) < self.int_min:
            digits = "0" * (self.int_min - len(digits)) + digits
        size, grouped = self.grouping[0], ""
        while len(digits) > size:
            grouped = self.group + digits[-size:] + grouped
            digits = digits[:-size]
            size = self.grouping[1]
        text = digits + grouped
        fraction = (f"{part:0{scale}d}" if scale else "") + "0" * (high - scale)
        if len(fraction) < low:
            fraction += "0" * (low - len(fraction))
        if high and not (low == 0 and int(fraction or "0") == 0):
            while len(fraction) > low and fraction[-1] == "0":
                fraction = fraction[:-1]
            text += self.decimal + fraction
        return self.prefix[negative] + text + self.suffix[negative]

    def format_value(self, value: object) -> str | None:
        """An int, Decimal or float (read as Babel reads it: through ``str``)."""
        if type(value) is int:
            return self.format(value, 0)
        if isinstance(value, float):
            value = Decimal(str(value))
        if not isinstance(value, Decimal):
            return None
        sign, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int) or len(digits) > 20:
            return None  # NaN, infinity, or more digits than a count has
        units = int("".join(map(str, digits)))
        if exponent > 0:
            units *= 10**exponent
        return self.format(units, max(0, -exponent), negative=bool(sign))


def _plan(pattern: NumberPattern, locale: Locale, currency: str | None = None) -> _Plan | None:
    """What ``pattern.apply`` reads, or None for what the plan does not do (scientific,
    significant digits, percent scaling, quoted text, currency names)."""
    if pattern.exp_prec or "@" in pattern.pattern or pattern.scale or not pattern.number_pattern:
        return None
    affixes = [*pattern.prefix, *pattern.suffix]
    if any("'" in affix or "¤¤¤" in affix for affix in affixes):
        return None
    if currency is not None:
        symbol = get_currency_symbol(currency, locale)
        affixes = [
            affix.replace("¤¤", currency).replace("¤", symbol) if "¤" in affix else affix
            for affix in affixes
        ]
        if any("'" in affix for affix in affixes):
            return None
    group = get_group_symbol(locale, numbering_system="latn")
    decimal = get_decimal_symbol(locale, numbering_system="latn")
    if "'" in group + decimal:
        return None
    return _Plan(
        prefix=(affixes[0], affixes[1]),
        suffix=(affixes[2], affixes[3]),
        int_min=pattern.int_prec[0],
        grouping=pattern.grouping,
        group=group,
        decimal=decimal,
        frac=pattern.frac_prec,
    )


def _checked(plan: _Plan | None, babel: Callable[[Decimal], str]) -> _Plan | None:
    """The plan, if it writes every check value it takes exactly as Babel does (whole
    numbers and cents; what needs rounding it leaves to Babel anyway)."""
    if plan is None:
        return None
    for scale in (0, 2):
        for units in _CHECK_UNITS:
            text = plan.format(units, scale)
            if text is not None and text != babel(Decimal(units).scaleb(-scale)):
                return None
    return plan


@lru_cache(maxsize=64)
def _number_plan(locale: str, decimals: int | None) -> _Plan | None:
    try:
        found = Locale.parse(locale)
        pattern = found.decimal_formats[None] if decimals is None else _fixed(decimals)
    except (UnknownLocaleError, ValueError, KeyError):
        return None
    return _checked(
        _plan(pattern, found),
        lambda value: babel_numbers.format_decimal(value, format=pattern, locale=found),
    )


@lru_cache(maxsize=64)
def _money_plan(locale: str, currency: str, whole: bool) -> _Plan | None:
    try:
        found = Locale.parse(locale)
        standard = found.currency_formats["standard"]
        pattern = parse_pattern(_whole_pattern(locale)) if whole else standard
    except (UnknownLocaleError, ValueError, KeyError):
        return None
    plan = _plan(pattern, found, currency)
    if plan is not None and not whole:
        # Babel writes the currency's own digits, whatever the pattern says.
        digits = get_currency_precision(currency)
        plan = _Plan(**{**plan.__dict__, "frac": (digits, digits)})

    def babel(value: Decimal) -> str:
        chosen = pattern if whole else None
        return babel_numbers.format_currency(
            value, currency, locale=found, format=chosen, currency_digits=not whole
        )

    return _checked(plan, babel)


@lru_cache(maxsize=64)
def _whole_pattern(locale: str) -> str:
    standard = Locale.parse(locale).currency_formats["standard"].pattern
    return re.sub(r"\.0+", "", standard)


@lru_cache(maxsize=64)
def _currency_symbol(currency: str, locale: str) -> str:
    return get_currency_symbol(currency, locale)


def _fixed_pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


@lru_cache(maxsize=16)
def _fixed(decimals: int) -> NumberPattern:
    return parse_pattern(_fixed_pattern(decimals))


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
