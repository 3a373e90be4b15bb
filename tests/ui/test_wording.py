"""The sentences the counter shows, without a window."""

from datetime import UTC, date, datetime

from shopkeeper.domain.rhythm import Rhythm
from shopkeeper.services.rewards import Redeemed
from shopkeeper.services.visits import VisitBooked, VisitReversed
from shopkeeper.ui import wording


def booked(**changes: object) -> VisitBooked:
    values = dict(
        visit_id=1,
        card_number="200000016",
        name="Ona",
        amount_cents=1250,
        points_earned=12,
        points_balance=240,
        tier="Silver",
        tier_before="Silver",
        affordable=[],
    )
    values.update(changes)
    return VisitBooked(**values)


def test_booking_line_reads_points_balance_and_tier() -> None:
    assert wording.booked_text(booked()) == "+12 points · balance 240 · Silver"


def test_booking_line_announces_an_upgrade_and_a_referral_bonus() -> None:
    text = wording.booked_text(
        booked(tier="Gold", tier_before="Silver", referral_bonus_to="Jonas Jonaitis")
    )
    assert text == (
        "+12 points · balance 240 · now Gold (up from Silver) · referral bonus for Jonas Jonaitis"
    )


def test_a_repeated_booking_says_it_was_already_booked() -> None:
    assert wording.booked_text(booked(duplicate=True)).startswith("Already booked: +12 points")


def test_undo_line_and_singular_point() -> None:
    assert wording.reversed_text(VisitReversed(1, "200000016", 1, 239)) == (
        "Visit undone: \u22121 point · balance 239"
    )


def test_voucher_line_groups_the_code_and_donation_line_names_the_cause() -> None:
    voucher = Redeemed(
        1, "2", "Ona", "Free coffee", 100, 140, "7K3M9QXA2B", date(2027, 2, 14), None
    )
    assert wording.redeemed_text(voucher) == (
        "Voucher 7K3M9-QXA2B · Free coffee · valid until 2027-02-14 · balance 140"
    )
    gift = Redeemed(2, "2", "Ona", "Tree", 50, 90, "ABCDE12345", date(2027, 2, 14), "Forest")
    assert wording.redeemed_text(gift) == "Donated to Forest · receipt ABCDE-12345 · balance 90"


def test_tier_progress_rhythm_and_days() -> None:
    assert wording.tier_progress_text("Gold", 40) == "40 points to Gold"
    assert wording.tier_progress_text(None, 0) == "Top tier"
    assert wording.rhythm_text(Rhythm(7.0, 3, False)) == "every 7 days"
    assert wording.rhythm_text(Rhythm(1.5, 0, False)) == "every 1.5 days"
    assert wording.rhythm_text(Rhythm(None, None, False)) == "not enough visits yet"
    assert wording.days_ago_text(0) == "today"
    assert wording.days_ago_text(1) == "yesterday"
    assert wording.days_ago_text(12) == "12 days ago"
    assert wording.birthday_text(0) == "Birthday today!"
    assert wording.birthday_text(3) == "Birthday in 3 days"
    assert wording.birthday_text(None) == ""


def test_day_text_uses_the_shop_local_day() -> None:
    # 22:30 UTC on 31 December is already 1 January in Vilnius (the tests' time zone).
    assert wording.day_text(datetime(2026, 12, 31, 22, 30, tzinfo=UTC)) == "2027-01-01"


def test_badge_text_colour_is_readable() -> None:
    assert wording.readable_on("#c9a227") == "#000000"  # gold: dark text
    assert wording.readable_on("#b0703c") == "#ffffff"  # bronze: light text
    assert wording.readable_on("not a colour") == "#000000"


def test_prefill_takes_name_phone_or_card() -> None:
    assert wording.prefill_for("Ona Ž") == wording.NewCustomerPrefill(name="Ona Ž")
    assert wording.prefill_for("王小明") == wording.NewCustomerPrefill(name="王小明")
    assert wording.prefill_for("8 612 34567") == wording.NewCustomerPrefill(phone="8 612 34567")
    assert wording.prefill_for("+370 612") == wording.NewCustomerPrefill(phone="+370 612")
    # The shop's own card format (Luhn-checked) is a card, not a phone.
    assert wording.prefill_for("200000016") == wording.NewCustomerPrefill(card_number="200000016")
    # text that is not a card never becomes one, scanned or typed (issue 10)
    assert wording.prefill_for("zemaite") == wording.NewCustomerPrefill(name="zemaite")
    assert wording.prefill_for("200000017").card_number == ""  # a wrong check digit
    assert wording.prefill_for("ABC-991") == wording.NewCustomerPrefill(name="ABC-991")
    assert wording.prefill_for("abc-991", card_pattern=r"ABC-\d{3}").card_number == "abc-991"
    assert wording.prefill_for("12").name == "12"  # too short for a phone


def test_phone_example_is_of_the_shop_country() -> None:
    assert (
        wording.phone_example("LT") == "e.g. +370 612 34567; a foreign number with its country code"
    )
    assert wording.phone_example("tw").startswith("e.g. +886 ")
    assert "country code" in wording.phone_example("??")
