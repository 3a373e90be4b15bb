"""Phones are stored in E.164 whatever the way they were typed; names, emails, birthdays checked."""

from datetime import date

import pytest

from shopkeeper.domain.contact import (
    clean_address,
    clean_email,
    clean_name,
    format_phone,
    normalise_phone,
    parse_birthday,
    phone_regions,
    warm_phone_formats,
)
from shopkeeper.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("861234567", "LT", "+37061234567"),  # Lithuanian national form with trunk 8
        ("8 612 34567", "LT", "+37061234567"),
        ("+370 612 34567", "LT", "+37061234567"),
        ("0037061234567", "CN", "+37061234567"),  # 00 international prefix
        ("+37061234567", "CN", "+37061234567"),  # country code wins over the shop's country
        ("13812345678", "CN", "+8613812345678"),
        ("+86 138-1234-5678", "LT", "+8613812345678"),
        ("0912-345-678", "TW", "+886912345678"),
        ("+886 912 345 678", "LT", "+886912345678"),
        ("lt", "lt", None),
    ],
)
def test_phone_numbers_are_normalised_to_e164(typed: str, region: str, e164: str | None) -> None:
    if e164 is None:
        with pytest.raises(InvalidInput, match="not a phone number"):
            normalise_phone(typed, region)
    else:
        assert normalise_phone(typed, region) == e164


@pytest.mark.parametrize("typed", ["12", "8612", "+3706", "0000000000"])
def test_invalid_numbers_are_refused_with_a_hint(typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_phone(typed, "LT")
    assert "country code" in str(caught.value) or "not a phone number" in str(caught.value)


def test_empty_phone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="empty"):
        normalise_phone("   ", "LT")


def test_phone_display_form() -> None:
    assert format_phone("+37061234567") == "+370 612 34567"
    assert format_phone("+8613812345678") == "+86 138 1234 5678"
    assert format_phone("junk") == "junk"


def test_names() -> None:
    assert clean_name("  王小明 ") == "王小明"
    with pytest.raises(InvalidInput, match="name cannot be empty"):
        clean_name("   ")
    with pytest.raises(InvalidInput, match="too long"):
        clean_name("x" * 121)


@pytest.mark.parametrize("email", ["ona@example.lt", "Ona.J+tag@Example.COM", "王@例子.中国"])
def test_good_emails_are_kept_lower_case(email: str) -> None:
    assert clean_email(f" {email} ") == email.lower()


@pytest.mark.parametrize("email", ["ona", "ona@", "@x.lt", "ona@x", "o na@x.lt", "ona@x.l"])
def test_bad_emails_are_refused(email: str) -> None:
    with pytest.raises(InvalidInput, match="not an email address"):
        clean_email(email)


def test_birthdays_must_be_plausible() -> None:
    today = date(2026, 11, 16)
    assert parse_birthday("2000-02-29", today) == date(2000, 2, 29)
    for text in ("2027-01-01", "1890-01-01"):
        with pytest.raises(InvalidInput, match="not a plausible birthday"):
            parse_birthday(text, today)
    with pytest.raises(InvalidInput, match="not a date"):
        parse_birthday("2001-02-29", today)


def test_address_lines_are_trimmed_and_limited() -> None:
    assert clean_address(" Gedimino pr. 1 \r\n\n LT-01103 Vilnius ") == (
        "Gedimino pr. 1\nLT-01103 Vilnius"
    )
    with pytest.raises(InvalidInput, match="at most 6 lines"):
        clean_address("\n".join("line" for _ in range(7)))


def test_the_regions_of_stored_numbers_come_from_their_calling_codes() -> None:
    assert phone_regions(["+370", "+886", "+861", "+447", "+1 2", "+8869"]) == {
        "LT",
        "TW",
        "CN",
        "GB",
        "US",
    }
    assert phone_regions(["", "+", "+999"]) == set()  # nothing known: nothing guessed


def test_warming_a_region_leaves_nothing_to_compile_when_its_numbers_are_shown() -> None:
    """After the warm-up, showing a Taiwanese mobile and a landline compiles no pattern: the
    counter's first customer from Taiwan pays nothing for the region."""
    from phonenumbers import re_util

    assert warm_phone_formats(["TW", "XX"]) > 0  # an unknown region is passed over
    compiled = dict(re_util._COMPILED_PATTERNS or {})
    assert format_phone("+886912345678") == "+886 912 345 678"
    assert format_phone("+886223456789") == "+886 2 2345 6789"
    assert (re_util._COMPILED_PATTERNS or {}) == compiled
