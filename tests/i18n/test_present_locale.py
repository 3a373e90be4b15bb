"""Dates, months, relative times and money in each of the four languages (Babel's formats,
with Taiwan's NT$ and whole dollars)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from shopkeeper import i18n
from shopkeeper.present import dates
from shopkeeper.present.numbers import Numbers, money, shop_locale

DAY = date(2026, 11, 30)
NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "country", "locale", "long", "month", "ago", "ahead"),
    [
        ("en", "LT", "en_LT", "30 November 2026", "November 2026", "3 days ago", "in 2 weeks"),
        ("en", None, "en", "November 30, 2026", "November 2026", "3 days ago", "in 2 weeks"),
        ("lt", "LT", "lt_LT", "2026 m. lapkričio 30 d.", "2026 m. lapkritis", "prieš 3 dienas",
         "po 2 savaičių"),
        ("zh-Hans", "CN", "zh_Hans_CN", "2026年11月30日", "2026年11月", "3天前", "2周后"),
        ("zh-Hant", "TW", "zh_Hant_TW", "2026年11月30日", "2026年11月", "3 天前", "2 週後"),
    ],
)  # fmt: skip
def test_dates_months_and_relative_times(
    language: str, country: str | None, locale: str, long: str, month: str, ago: str, ahead: str
) -> None:
    assert shop_locale(country, language) == locale
    assert dates.long_date(DAY, locale) == long
    assert dates.month_name(DAY, locale) == month
    assert dates.month_of(2026, 11, locale) == month
    assert dates.relative(date(2026, 11, 27), DAY, locale) == ago
    assert dates.relative(date(2026, 12, 14), DAY, locale) == ahead


def test_the_current_language_is_the_default() -> None:
    assert dates.long_date(DAY) == "November 30, 2026"
    with i18n.speaking("lt"):
        assert dates.long_date(datetime(2026, 11, 30, 9, tzinfo=UTC)) == "2026 m. lapkričio 30 d."
        assert dates.month_name(DAY) == "2026 m. lapkritis"
        assert dates.relative(DAY, DAY) == "šiandien"
        assert money(1250, "EUR") == f"12,50{NBSP}€"
    with i18n.speaking("zh-Hans"):
        assert dates.relative(date(2026, 11, 27), DAY) == "3天前"
        assert money(1250, "CNY") == "¥12.50"
        assert Numbers().locale == "zh_Hans_CN"
    with i18n.speaking("zh-Hant"):
        assert dates.month_name(DAY) == "2026年11月"
        assert money(12000, "TWD") == "NT$120"


def test_times_within_a_day_and_just_now() -> None:
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    assert dates.relative(datetime(2026, 11, 30, 9, tzinfo=UTC), now, "en") == "3 hours ago"
    assert dates.relative(datetime(2026, 11, 30, 9, tzinfo=UTC), now, "lt_LT") == "prieš 3 valandas"
    with i18n.speaking("zh-Hant"):
        assert dates.relative(now, now) == "剛剛"
    assert dates.relative(DAY, DAY, "en") == "today"


@pytest.mark.parametrize(
    ("cents", "currency", "language", "country", "expected"),
    [
        (1250, "EUR", "lt", "LT", f"12,50{NBSP}€"),
        (125050, "EUR", "lt", "LT", f"1{NBSP}250,50{NBSP}€"),
        (1250, "EUR", "en", "LT", f"12,50{NBSP}€"),  # an English shop in Lithuania
        (1250, "EUR", "en", None, "€12.50"),
        (1250, "CNY", "zh-Hans", "CN", "¥12.50"),
        (12000, "TWD", "zh-Hant", "TW", "NT$120"),  # Taiwan writes dollars without cents
        (1200000, "TWD", "zh-Hant", "TW", "NT$12,000"),
        (12050, "TWD", "zh-Hant", "TW", "NT$120.50"),  # cents are never hidden
        (12000, "TWD", "en", None, "NT$120"),
    ],
)  # fmt: skip
def test_money_per_language_and_shop_currency(
    cents: int, currency: str, language: str, country: str | None, expected: str
) -> None:
    assert money(cents, currency, shop_locale(country, language)) == expected
    assert Numbers.for_shop(country, currency, language).money(cents) == expected


def test_a_chinese_customer_of_a_lithuanian_shop() -> None:
    """The letter's words and formats follow the customer; the currency stays the shop's."""
    numbers = Numbers.for_shop("LT", "EUR", "zh-Hans")
    assert numbers.locale == "zh_Hans_CN"  # Babel has no zh_Hans_LT
    assert numbers.money(1250) == "€12.50"
    assert dates.long_date(DAY, numbers.locale) == "2026年11月30日"
    # Babel reads zh_Hant_CN as zh_Hans_CN: the script is kept instead
    assert shop_locale("CN", "zh-Hant") == "zh_Hant_TW"
