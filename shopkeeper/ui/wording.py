"""What the counter says, as plain functions of the services' results (Qt-free, tested alone).

Keeping the sentences here keeps the widgets to layout, and lets a test read
"+12 points · balance 240 · Silver" without opening a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import phonenumbers

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.codes import is_card_number
from shopkeeper.domain.rhythm import Rhythm
from shopkeeper.domain.text import digits_only
from shopkeeper.services.rewards import Redeemed
from shopkeeper.services.visits import VisitBooked, VisitReversed

MINUS = "\u2212"
DOT = " \u00b7 "
_PHONE_CHARS = set("0123456789 +-()./")


def points_text(points: int) -> str:
    return f"{points} point" if abs(points) == 1 else f"{points} points"


def signed_points(points: int) -> str:
    sign = "+" if points >= 0 else MINUS
    return sign + points_text(abs(points))


def booked_text(booked: VisitBooked) -> str:
    """The inline result of a booking, e.g. "+12 points · balance 240 · Silver"."""
    parts = [signed_points(booked.points_earned), f"balance {booked.points_balance}"]
    if booked.tier:
        if booked.tier_changed and not booked.duplicate:
            parts.append(f"now {booked.tier} (up from {booked.tier_before or 'no tier'})")
        else:
            parts.append(booked.tier)
    if booked.referral_bonus_to and not booked.duplicate:
        parts.append(f"referral bonus for {booked.referral_bonus_to}")
    text = DOT.join(parts)
    return f"Already booked: {text}" if booked.duplicate else text


def reversed_text(reversal: VisitReversed) -> str:
    return (
        f"Visit undone: {signed_points(-reversal.points_reversed)}"
        f"{DOT}balance {reversal.points_balance}"
    )


def voucher_display(code: str) -> str:
    """Ten characters read better in two groups; the code is accepted with or without the dash."""
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def redeemed_text(redeemed: Redeemed) -> str:
    balance = f"balance {redeemed.points_balance}"
    if redeemed.cause:
        return DOT.join(
            [
                f"Donated to {redeemed.cause}",
                f"receipt {voucher_display(redeemed.voucher_code)}",
                balance,
            ]
        )
    return DOT.join(
        [
            f"Voucher {voucher_display(redeemed.voucher_code)}",
            redeemed.reward_name,
            f"valid until {day_text(redeemed.valid_until)}",
            balance,
        ]
    )


def tier_progress_text(next_tier: str | None, points_to_next: int) -> str:
    if next_tier is None:
        return "Top tier"
    if points_to_next <= 0:
        return f"{next_tier} reached"
    return f"{points_text(points_to_next)} to {next_tier}"


def day_text(day: date | datetime) -> str:
    """A stored instant shown as the shop's local day; ISO so no reader misreads 03/04."""
    if isinstance(day, datetime):
        day = local_date(day)
    return day.isoformat()


def days_ago_text(days: int | None) -> str:
    if days is None:
        return "no visits yet"
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def rhythm_text(rhythm: Rhythm) -> str:
    if rhythm.usual_gap_days is None:
        return "not enough visits yet"
    gap = rhythm.usual_gap_days
    if gap < 1:
        return "more than once a day"
    shown = f"{gap:.0f}" if gap >= 3 or gap == int(gap) else f"{gap:.1f}"
    return "every day" if shown == "1" else f"every {shown} days"


def birthday_text(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "Birthday today!"
    if days == 1:
        return "Birthday tomorrow"
    return f"Birthday in {days} days"


def phone_example(country: str) -> str:
    """A placeholder for the phone field in the shop's own country, e.g. "+370 612 34567"."""
    number = phonenumbers.example_number_for_type(
        country.upper(), phonenumbers.PhoneNumberType.MOBILE
    )
    if number is None:
        return "with the country code, e.g. +370 612 34567"
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"e.g. {shown}; a foreign number with its country code"


def readable_on(colour: str | None) -> str:
    """Black or white, whichever reads better on a tier colour such as "#c9a227"."""
    text = (colour or "").lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    try:
        red, green, blue = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return "#000000"
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#000000" if luminance > 140 else "#ffffff"


@dataclass(frozen=True)
class NewCustomerPrefill:
    """What the "New customer" form starts with when a lookup found nobody."""

    name: str = ""
    phone: str = ""
    card_number: str = ""


def looks_like_phone(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(stripped)
        and all(ch in _PHONE_CHARS for ch in stripped)
        and len(digits_only(stripped)) >= 6
    )


def prefill_for(query: str, *, card_pattern: str = "") -> NewCustomerPrefill:
    """A card number (the shop's own format, or its imported-cards pattern) becomes the card;
    digits that read as a phone number become the phone; anything else is taken for the name.
    Scanned or not, text that is not a card number never becomes one."""
    text = query.strip()
    compact = text.replace(" ", "")
    if is_card_number(compact, card_pattern):
        return NewCustomerPrefill(card_number=compact)
    if looks_like_phone(text):
        return NewCustomerPrefill(phone=text)
    return NewCustomerPrefill(name=text)
