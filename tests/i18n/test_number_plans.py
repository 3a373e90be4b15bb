"""Money and counts written from a per-locale plan: exactly Babel's texts, without asking Babel
for each one (a scan shows a dozen amounts and counts; Babel took 0.1-0.2 ms each)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from babel import numbers as babel_numbers

from shopkeeper.present import number_plans, numbers
from shopkeeper.present.numbers import Numbers, amount, money, number

# The shop's locales, and some whose patterns differ: Indian grouping (12,34,567), Swiss
# apostrophes, Arabic and Persian signs, currencies after the number, Kuwaiti 3-digit dinars.
LOCALES = [
    "en", "en_LT", "lt_LT", "zh_Hans_CN", "zh_Hant_TW", "en_IN", "hi_IN", "de_CH", "fr_CH",
    "ar_EG", "fa", "he", "sv", "my", "es",
]  # fmt: skip
CURRENCIES = ["EUR", "USD", "TWD", "CNY", "JPY", "KWD", "INR", "CHF"]
VALUES = [0, 1, -1, 7, 99, 100, 999, 1000, 1001, 12345, 100000, 1234567, -1234567, 10**15 + 3]
VALUES += random.Random(10).sample(range(-(10**9), 10**9), 12)


def _babel_money(cents: int, currency: str, locale: str) -> str:
    """What ``money`` wrote before the plans: Babel's text, TWD whole, NT$ for Taiwan."""
    whole = currency in numbers.WHOLE_CURRENCIES and cents % 100 == 0
    pattern = number_plans.whole_pattern(locale) if whole else None
    text = babel_numbers.format_currency(
        Decimal(cents).scaleb(-2), currency, locale=locale, format=pattern,
        currency_digits=pattern is None,
    )  # fmt: skip
    clear = numbers.CLEAR_SYMBOLS.get(currency)
    symbol = babel_numbers.get_currency_symbol(currency, locale)
    if clear and symbol != clear and clear not in text:
        text = text.replace(symbol, clear, 1)
    return text


@pytest.mark.parametrize("locale", LOCALES)
def test_money_is_babel_s_text(locale: str) -> None:
    for currency in CURRENCIES:
        for cents in VALUES + [value * 100 for value in VALUES]:
            assert money(cents, currency, locale) == _babel_money(cents, currency, locale), (
                cents,
                currency,
            )


@pytest.mark.parametrize("locale", LOCALES)
def test_counts_measures_and_amounts_are_babel_s_text(locale: str) -> None:
    for value in VALUES:
        assert number(value, locale) == babel_numbers.format_decimal(value, locale=locale)
        for decimals in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            for shown in (value, Decimal(value).scaleb(-2), value / 7):
                expected = babel_numbers.format_decimal(shown, format=pattern, locale=locale)
                assert number(shown, locale, decimals=decimals) == expected, (shown, decimals)
        expected = babel_numbers.format_decimal(
            Decimal(value).scaleb(-2), format="#,##0.00", locale=locale
        )
        assert amount(value, locale) == expected


def test_what_needs_rounding_is_rounded_as_babel_rounds() -> None:
    """Half to even, as Babel's Decimal does: the plan hands such values to Babel."""
    assert number(Decimal("2.5"), "en", decimals=0) == "2"
    assert number(Decimal("3.5"), "en", decimals=0) == "4"
    assert number(7.25, "en", decimals=1) == "7.2"
    assert money(150, "JPY", "en") == babel_numbers.format_currency(
        Decimal("1.50"), "JPY", locale="en"
    )


def test_a_screen_full_of_amounts_asks_babel_nothing(monkeypatch) -> None:
    """Once a locale's plan is made, formatting does not go through Babel."""
    shop = Numbers("lt_LT", "EUR")
    shop.money(1), shop.number(1), amount(1, "lt_LT")  # the plans are made
    asked: list[object] = []
    for name in ("format_currency", "format_decimal"):
        real = getattr(numbers, name)
        monkeypatch.setattr(
            numbers, name, lambda *a, _real=real, **k: (asked.append(a), _real(*a, **k))[1]
        )
    texts = [shop.money(cents) for cents in range(0, 500_000, 997)]
    texts += [shop.number(count) for count in range(0, 50_000, 97)]
    texts += [amount(cents, "lt_LT") for cents in range(0, 500_000, 997)]
    assert asked == []
    assert "4\xa0985,00\xa0€" in texts  # Babel's no-break spaces
    assert shop.money(123_456_789) == "1\xa0234\xa0567,89\xa0€"
