"""A new shop's country, currency and language come from the machine's locale."""

from __future__ import annotations

import pytest

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.shop import (
    ShopLocale,
    check_country,
    check_currency,
    check_language,
    from_locale,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zh_CN.UTF-8", ShopLocale("CN", "CNY", "zh-Hans")),
        ("zh_TW.UTF-8", ShopLocale("TW", "TWD", "zh-Hant")),
        ("zh_HK.Big5-HKSCS", ShopLocale("HK", "HKD", "zh-Hant")),
        ("lt_LT.UTF-8", ShopLocale("LT", "EUR", "lt")),
        ("en_GB.UTF-8", ShopLocale("GB", "GBP", "en")),
        ("en_US", ShopLocale("US", "USD", "en")),
        ("de_CH.utf8@euro", ShopLocale("CH", "CHF", "de")),
        ("lt", ShopLocale("LT", "EUR", "lt")),  # a language alone: its most likely country
        ("C.UTF-8", ShopLocale("LT", "EUR", "en")),  # no country at all: the fallback
        ("POSIX", ShopLocale("LT", "EUR", "en")),
        (None, ShopLocale("LT", "EUR", "en")),
        ("", ShopLocale("LT", "EUR", "en")),
    ],
)
def test_locale_gives_country_currency_and_language(name: str | None, expected) -> None:
    assert from_locale(name) == expected


def test_codes_are_checked_and_spelled_one_way() -> None:
    assert check_country(" gb ") == "GB"
    assert check_currency("cny") == "CNY"
    assert check_language("zh-hant") == "zh-Hant"
    assert check_language("en-gb") == "en-GB"
    for check, bad in (
        (check_country, "XX"),
        (check_country, "LTU"),
        (check_currency, "EURO"),
        (check_currency, "XYZ"),
        (check_language, "klingon"),
        (check_language, "zh_CN; drop"),
    ):
        with pytest.raises(InvalidInput):
            check(bad)
