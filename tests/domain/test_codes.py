"""Card numbers carry a Luhn check digit; voucher codes avoid look-alike letters."""

import pytest

from shopkeeper.domain.codes import (
    VOUCHER_ALPHABET,
    VOUCHER_LENGTH,
    card_number_for,
    clean_card_number,
    clean_voucher_code,
    new_voucher_code,
)
from shopkeeper.domain.errors import InvalidInput


def luhn_valid(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_shop_cards_are_nine_digits_with_a_valid_luhn_digit() -> None:
    cards = [card_number_for(n) for n in (1, 2, 99, 1234567, 9_999_999)]
    assert cards[0] == "200000016"
    assert all(len(c) == 9 and c.startswith("2") and luhn_valid(c) for c in cards)
    assert len(set(cards)) == len(cards)


def test_one_wrong_digit_breaks_the_check() -> None:
    card = card_number_for(4242)
    for i in range(len(card)):
        wrong = card[:i] + str((int(card[i]) + 1) % 10) + card[i + 1 :]
        assert not luhn_valid(wrong)


def test_card_numbers_are_cleaned_and_checked() -> None:
    assert clean_card_number(" 2000 0001 6 ") == "200000016"
    assert clean_card_number("ab-12") == "AB-12"
    for bad in ("", "-12", "a" * 33, "12;DROP", "王小明"):
        with pytest.raises(InvalidInput, match="not a card number"):
            clean_card_number(bad)


def test_voucher_codes_use_the_unambiguous_alphabet() -> None:
    codes = {new_voucher_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == VOUCHER_LENGTH
        assert set(code) <= set(VOUCHER_ALPHABET)
        assert not set(code) & set("ILOU")


def test_voucher_codes_typed_loosely_are_read_back() -> None:
    assert clean_voucher_code(" abcd-efgh-jk ") == "ABCDEFGHJK"
    assert clean_voucher_code("o1il0-12345") == "01110" + "12345"
    with pytest.raises(InvalidInput, match="not a voucher code"):
        clean_voucher_code("ABC")
    with pytest.raises(InvalidInput, match="not a voucher code"):
        clean_voucher_code("ABCDEFGHJU")  # U is not in the alphabet


def test_a_card_in_an_amount_field_is_a_card_and_an_amount_stays_an_amount() -> None:
    from shopkeeper.domain.codes import card_in_amount, card_number_for

    card = card_number_for(42)
    assert card_in_amount(f" {card} ") == card
    assert card_in_amount("12.50") is None
    assert card_in_amount("200000000") is None  # nine digits without their check digit
    assert card_in_amount("ABC-123", r"ABC-\d{3}") == "ABC-123"  # no amount at all
    assert card_in_amount("1250", r"\d{4}") is None  # could be an amount: it stays one
