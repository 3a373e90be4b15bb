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
from shopkeeper.i18n import _, ngettext
from shopkeeper.services.rewards import Redeemed
from shopkeeper.services.visits import VisitBooked, VisitReversed

MINUS = "\u2212"
DOT = " \u00b7 "
_PHONE_CHARS = set("0123456789 +-()./")


def points_text(points: int) -> str:
    return ngettext("{n} point", "{n} points", abs(points)).format(n=points)


def signed_points(points: int) -> str:
    sign = "+" if points >= 0 else MINUS
    return sign + points_text(abs(points))


def booked_text(booked: VisitBooked) -> str:
    """The inline result of a booking, e.g. "+12 points · balance 240 · Silver"."""
    parts = [signed_points(booked.points_earned), _("balance {n}").format(n=booked.points_balance)]
    if booked.tier:
        if booked.tier_changed and not booked.duplicate:
            parts.append(
                _("now {tier} (up from {before})").format(
                    tier=booked.tier, before=booked.tier_before or _("no tier")
                )
            )
        else:
            parts.append(booked.tier)
    if booked.referral_bonus_to and not booked.duplicate:
        parts.append(_("referral bonus for {name}").format(name=booked.referral_bonus_to))
    text = DOT.join(parts)
    return _("Already booked: {text}").format(text=text) if booked.duplicate else text


def reversed_text(reversal: VisitReversed) -> str:
    return _("Visit undone: {points}").format(
        points=signed_points(-reversal.points_reversed)
    ) + DOT + _("balance {n}").format(n=reversal.points_balance)


def voucher_display(code: str) -> str:
    """Ten characters read better in two groups; the code is accepted with or without the dash."""
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def redeemed_text(redeemed: Redeemed) -> str:
    balance = _("balance {n}").format(n=redeemed.points_balance)
    if redeemed.cause:
        return DOT.join(
            [
                _("Donated to {cause}").format(cause=redeemed.cause),
                _("receipt {code}").format(code=voucher_display(redeemed.voucher_code)),
                balance,
            ]
        )
    return DOT.join(
        [
            _("Voucher {code}").format(code=voucher_display(redeemed.voucher_code)),
            redeemed.reward_name,
            _("valid until {day}").format(day=day_text(redeemed.valid_until)),
            balance,
        ]
    )


def tier_progress_text(next_tier: str | None, points_to_next: int) -> str:
    if next_tier is None:
        return _("Top tier")
    if points_to_next <= 0:
        return _("{tier} reached").format(tier=next_tier)
    return _("{points} to {tier}").format(points=points_text(points_to_next), tier=next_tier)


def day_text(day: date | datetime) -> str:
    """A stored instant shown as the shop's local day; ISO so no reader misreads 03/04."""
    if isinstance(day, datetime):
        day = local_date(day)
    return day.isoformat()


def days_ago_text(days: int | None) -> str:
    if days is None:
        return _("no visits yet")
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)


def rhythm_text(rhythm: Rhythm) -> str:
    if rhythm.usual_gap_days is None:
        return _("not enough visits yet")
    gap = rhythm.usual_gap_days
    if gap < 1:
        return _("more than once a day")
    shown = f"{gap:.0f}" if gap >= 3 or gap == int(gap) else f"{gap:.1f}"
    return _("every day") if shown == "1" else _("every {n} days").format(n=shown)


def birthday_text(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return _("Birthday today!")
    if days == 1:
        return _("Birthday tomorrow")
    return ngettext("Birthday in {n} day", "Birthday in {n} days", days).format(n=days)


def phone_example(country: str) -> str:
    """A placeholder for the phone field in the shop's own country, e.g. "+370 612 34567"."""
    number = phonenumbers.example_number_for_type(
        country.upper(), phonenumbers.PhoneNumberType.MOBILE
    )
    if number is None:
        return _("with the country code, e.g. +370 612 34567")
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return _("e.g. {example}; a foreign number with its country code").format(example=shown)


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
