"""Amounts typed at the counter become integer cents, or a clear refusal."""

from decimal import Decimal

import pytest

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.money import format_cents, parse_amount


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("12.50", 1250),
        ("12,5", 1250),
        ("12,05", 1205),
        ("7", 700),
        (" 3 ", 300),
        ("0.01", 1),
        ("１２.５", 1250),  # full-width digits from a CJK input method
        ("999999999.99", 99_999_999_999),
        (12, 1200),
        (12.5, 1250),
        (Decimal("3.10"), 310),
    ],
)
def test_amounts_people_type_become_cents(typed: object, cents: int) -> None:
    assert parse_amount(typed) == cents


def test_negative_amount_is_refused_as_negative() -> None:
    with pytest.raises(InvalidInput, match="cannot be negative"):
        parse_amount("-3")
    with pytest.raises(InvalidInput, match="cannot be negative"):
        parse_amount(-1.0)


@pytest.mark.parametrize(
    "typed",
    ["abc", "1e5", "12.505", "12.", ".5", "1 000", "12€", "nan", "inf", "", "9999999999"],
)
def test_anything_but_a_plain_number_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_amount(typed)
    assert "amount" in str(caught.value)


@pytest.mark.parametrize("typed", [float("nan"), float("inf"), 1e5 + 0.001, True, 10**12])
def test_odd_python_values_are_refused(typed: object) -> None:
    with pytest.raises(InvalidInput):
        parse_amount(typed)


def test_huge_input_message_stays_short() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_amount("9" * 10_000)
    assert len(str(caught.value)) < 120


def test_cents_are_formatted_with_two_decimals() -> None:
    assert format_cents(1250) == "12.50"
    assert format_cents(5) == "0.05"
    assert format_cents(-305, "EUR") == "-3.05 EUR"
    assert format_cents(0) == "0.00"
