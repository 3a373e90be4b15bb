"""The monthly reward letter's rules: who gets one, what it says, and the shop's editable wording.

A letter "for November" is printed after November is closed (early December). So it shows
November's figures, the points that will expire when *December* is closed, and the birthday line
for customers born in December: the month-end job gives that birthday bonus one month ahead
precisely so this letter can announce it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from .calendar import Month
from .errors import InvalidInput
from .expiry import expiry_cutoff
from .text import clean_text, is_cjk, search_key
from .tiers import Tier, rank

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Every placeholder a template may use, with what it stands for (shown to the shop when editing).
PLACEHOLDERS: dict[str, str] = {
    "first_name": "the customer's first name (the whole name for Chinese names)",
    "name": "the customer's full name",
    "card_number": "the loyalty card number",
    "shop_name": "the shop's name",
    "month": "the month of the letter, e.g. November 2026",
    "month_number": "the month of the letter as 2026-11",
    "visits": "visits in the month",
    "points_earned": "points earned in the month",
    "points": "the points balance now",
    "tier": "the customer's tier",
    "next_tier": "the next tier up",
    "points_to_next": "points still needed for the next tier",
    "expiring_points": "points that expire at the next month-end",
    "expiry_date": "the day those points expire",
    "birthday_bonus": "birthday points given for the birthday month",
    "reward": "the reward of the voucher in the letter",
    "voucher_code": "the voucher's code",
    "valid_until": "the last day the voucher is valid",
}

MAX_TEMPLATE_TEXT = 1000


@dataclass(frozen=True)
class LetterTemplate:
    """The wording of the letter, every piece editable by the shop (any language)."""

    greeting: str = "Dear {first_name},"
    intro: str = (
        "Thank you for being part of {shop_name}. Here is your {month} with us, and what your "
        "points can do for you now."
    )
    figures_title: str = "Your {month}"
    visits_label: str = "Visits"
    points_earned_label: str = "Points earned"
    balance_label: str = "Points balance"
    tier_label: str = "Tier"
    progress: str = "{points_to_next} more points to reach {next_tier}."
    top_tier: str = "You are at our highest tier. Thank you!"
    rewards_title: str = "Rewards you can claim now"
    no_rewards: str = "A few more visits and your first reward is yours."
    expiring: str = (
        "{expiring_points} of your points expire on {expiry_date}: use them before then."
    )
    birthday: str = "Happy birthday this month, {first_name}! We wish you a wonderful day."
    birthday_bonus_line: str = "We have added {birthday_bonus} birthday points to your balance."
    voucher_title: str = "Your voucher: {reward}"
    voucher_note: str = "Show this at the counter by {valid_until}. It can be used once."
    closing: str = "See you soon!"
    signature: str = "{shop_name}"


TEMPLATE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(LetterTemplate))


def _label(field: str) -> str:
    return field.replace("_", " ")


def placeholders_in(text: str, *, field: str = "text") -> list[str]:
    """The placeholder names in ``text``; refuses anything but plain ``{name}`` placeholders."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise InvalidInput(
            f"The {_label(field)} has an unmatched '{{' or '}}'; "
            "write {{ or }} for a literal brace."
        ) from None
    names = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name == "":
            raise InvalidInput(
                f"The {_label(field)} has an empty placeholder {{}}; "
                "write a name such as {first_name}."
            )
        if spec or conversion or not name.isidentifier():
            raise InvalidInput(
                f"The placeholder {{{name}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}} in the {_label(field)} is not allowed; "
                "use a plain name such as {points}."
            )
        names.append(name)
    return names


def check_template_text(field: str, text: str) -> str:
    """Clean one piece of wording and check every placeholder is known."""
    if field not in TEMPLATE_FIELDS:
        raise InvalidInput(
            f"The letter has no part called {field!r}; parts: {', '.join(TEMPLATE_FIELDS)}."
        )
    text = clean_text(str(text), field=_label(field), max_length=MAX_TEMPLATE_TEXT)
    for name in placeholders_in(text, field=field):
        if name not in PLACEHOLDERS:
            raise InvalidInput(
                f"Unknown placeholder {{{name}}} in the {_label(field)}. "
                f"Known placeholders: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
            )
    return text


def check_template(template: LetterTemplate) -> LetterTemplate:
    """Refuse a template that would print a broken letter; called before anything is printed."""
    for field in TEMPLATE_FIELDS:
        check_template_text(field, getattr(template, field))
    return template


def template_from(data: Mapping[str, object]) -> LetterTemplate:
    """A template from stored settings: missing parts take the default wording."""
    known = {k: str(v) for k, v in data.items() if k in TEMPLATE_FIELDS}
    return LetterTemplate(**known)


def fill(text: str, values: Mapping[str, object]) -> str:
    """Put the values into a checked template text."""
    return text.format_map(values)


def first_name(name: str) -> str:
    """How the greeting addresses someone: the first word of a Western name; a Chinese name is
    written whole (family name first, and "Dear 小明" would be too familiar)."""
    name = name.strip()
    if any(is_cjk(ch) for ch in name):
        return name
    return name.split()[0] if name.split() else name


def month_label(month: Month) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def mailing_month(month: Month) -> Month:
    """The letter for ``month`` is mailed (and read) in the month after it."""
    return month.shift(1)


def is_birthday_letter(birthday: date | None, month: Month) -> bool:
    """The birthday line goes to those whose birthday falls in the month the letter is read."""
    return birthday is not None and birthday.month == mailing_month(month).month


@dataclass(frozen=True)
class ExpiryWindow:
    """Points earned before ``cutoff`` expire when ``closes`` is closed, at the end of
    ``last_day``."""

    closes: Month
    cutoff: datetime
    last_day: date


def next_expiry(month: Month, expiry_months: int) -> ExpiryWindow | None:
    """The expiry the letter for ``month`` warns about: the next month-end after it.

    Uses the same cutoff as the month-end job (``expiry.expiry_cutoff``); the amount is
    ``expiry.points_to_expire`` with everything spent so far, i.e. the same FIFO rule.
    None when points never expire.
    """
    if expiry_months <= 0:
        return None
    closes = mailing_month(month)
    return ExpiryWindow(
        closes, expiry_cutoff(closes, expiry_months), closes.shift(1).first_day - timedelta(days=1)
    )


@dataclass(frozen=True)
class CatalogueReward:
    name: str
    points_cost: int
    min_tier_id: int | None


def claimable(
    rewards: Sequence[CatalogueReward], balance: int, tier: Tier | None, tiers: Sequence[Tier]
) -> list[CatalogueReward]:
    """Active rewards this balance pays for and this tier allows, cheapest first (the same rule
    as the counter's ``affordable_rewards``)."""
    held = rank(tier, tiers)
    out = []
    for reward in sorted(rewards, key=lambda r: (r.points_cost, r.name)):
        if reward.points_cost > balance:
            continue
        minimum = next((t for t in tiers if t.id == reward.min_tier_id), None)
        if minimum is None or rank(minimum, tiers) <= held:
            out.append(reward)
    return out


# Why a customer gets no letter, in the order they are checked.
SKIP_ARCHIVED = "archived"
SKIP_NO_CONSENT = "no consent to letters"
SKIP_NO_ADDRESS = "no postal address"
SKIP_ALREADY_SENT = "already sent"


SKIP_NOT_YET_MEMBER = "joined after the month"
SKIP_EXCLUDED = "excluded by the shop for this month"


def skip_reason(
    *,
    archived: bool,
    consent: bool,
    address: str | None,
    sent_on: date | None,
    reprint: bool,
    joined_after: bool = False,
    excluded: bool = False,
) -> str | None:
    """None when the customer gets a letter; otherwise the reason shown in the skip report.
    ``joined_after``: the customer joined after the month ended (no letter about a month they
    were not a member in). ``excluded``: the shop left them out of this month's letters (its
    choice, checked after the customer's own consent and address, and even on a reprint)."""
    if archived:
        return SKIP_ARCHIVED
    if joined_after:
        return SKIP_NOT_YET_MEMBER
    if not consent:
        return SKIP_NO_CONSENT
    if not (address or "").strip():
        return SKIP_NO_ADDRESS
    if excluded:
        return SKIP_EXCLUDED
    if sent_on is not None and not reprint:
        return f"{SKIP_ALREADY_SENT} on {sent_on.isoformat()} (choose reprint to send again)"
    return None


MAX_ADDRESS_LINES = 7  # what fits the envelope window


def address_block(name: str, address_lines: Sequence[str]) -> list[str]:
    """The lines shown in the envelope window: the name, then the postal address. A stored
    address that already starts with the name (or the name written without accents) does not
    get it twice."""
    lines = [line.strip() for line in address_lines if line.strip()]
    if not (lines and search_key(lines[0]) == search_key(name)):
        lines.insert(0, name.strip())
    return lines[:MAX_ADDRESS_LINES]
