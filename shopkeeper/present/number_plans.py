"""Babel's number and money texts, worked out once per locale (used by ``present.numbers``).

Babel parses the locale and walks the pattern on every call: 0.1-0.2 ms a number, 2 ms of
every scan at the counter (a profile's amounts and counts). A plan holds what Babel's
``NumberPattern.apply`` reads (prefixes, grouping, symbols) and formats an exact value with
integer arithmetic. A value that would need rounding, and any locale or pattern the plan is
not sure of (it checks itself against Babel when made), still go to Babel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import numbers as babel_numbers
from babel.numbers import (
    NumberPattern,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

_CHECK_UNITS = (0, 7, 42, 999, 1000, 1234, 12345, 123456, 1234567, 123456789012, -5, -1234567)


@dataclass(frozen=True)
class Plan:
    """One number pattern of one locale (and currency), ready to write exact values."""

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


def _plan(pattern: NumberPattern, locale: Locale, currency: str | None = None) -> Plan | None:
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
    return Plan(
        prefix=(affixes[0], affixes[1]),
        suffix=(affixes[2], affixes[3]),
        int_min=pattern.int_prec[0],
        grouping=pattern.grouping,
        group=group,
        decimal=decimal,
        frac=pattern.frac_prec,
    )


def _checked(plan: Plan | None, babel: Callable[[Decimal], str]) -> Plan | None:
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
def number_plan(locale: str, decimals: int | None) -> Plan | None:
    """Counts (``decimals`` None: the locale's own pattern) or a fixed number of decimals."""
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
def money_plan(locale: str, currency: str, whole: bool) -> Plan | None:
    """Money in the locale's standard pattern, or whole (no decimals: ``WHOLE_CURRENCIES``)."""
    try:
        found = Locale.parse(locale)
        standard = found.currency_formats["standard"]
        pattern = parse_pattern(whole_pattern(locale)) if whole else standard
    except (UnknownLocaleError, ValueError, KeyError):
        return None
    plan = _plan(pattern, found, currency)
    if plan is not None and not whole:
        # Babel writes the currency's own digits, whatever the pattern says.
        digits = get_currency_precision(currency)
        plan = Plan(**{**plan.__dict__, "frac": (digits, digits)})

    def babel(value: Decimal) -> str:
        chosen = pattern if whole else None
        return babel_numbers.format_currency(
            value, currency, locale=found, format=chosen, currency_digits=not whole
        )

    return _checked(plan, babel)


@lru_cache(maxsize=64)
def whole_pattern(locale: str) -> str:
    """The locale's money pattern without decimals."""
    standard = Locale.parse(locale).currency_formats["standard"].pattern
    return re.sub(r"\.0+", "", standard)


@lru_cache(maxsize=64)
def currency_symbol(currency: str, locale: str) -> str:
    """Babel's sign for the currency in the locale (looked up once)."""
    return get_currency_symbol(currency, locale)


def fixed_pattern(decimals: int) -> str:
    """Grouped, with exactly ``decimals`` digits after the point."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


@lru_cache(maxsize=16)
def _fixed(decimals: int) -> NumberPattern:
    return parse_pattern(fixed_pattern(decimals))
