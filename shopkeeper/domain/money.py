"""Money is integer minor units (cents) everywhere; parsing and formatting live here."""

import re
from decimal import Decimal, InvalidOperation

from shopkeeper.i18n import _

from .errors import InvalidInput

_AMOUNT = re.compile(r"^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$")


def parse_amount(text: str | int | float | Decimal) -> int:
    """Parse an amount typed by a person ("12.50", "12,5", "7") into cents.

    Refuses negatives, more than two decimals and anything that is not a plain number, so that a
    typo never becomes a booking.
    """
    if isinstance(text, bool):
        raise InvalidInput(_("The amount must be a number such as 12.50."))
    if isinstance(text, int):
        text = str(text)
    elif isinstance(text, float | Decimal):
        try:
            text = format(Decimal(str(text)), "f")
        except InvalidOperation:
            raise InvalidInput(_("The amount must be a number such as 12.50.")) from None
    match = _AMOUNT.match(text)
    if not match:
        if text.strip().startswith("-"):
            raise InvalidInput(_("The amount cannot be negative."))
        raise InvalidInput(
            _("{text} is not an amount; type a number such as 12.50.").format(
                text=repr(text.strip()[:40])
            )
        )
    units, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(units) * 100 + int(fraction)


def format_cents(cents: int, currency: str = "") -> str:
    """12.50 style, with an optional currency code or symbol after it."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    text = f"{sign}{cents // 100}.{cents % 100:02d}"
    return f"{text} {currency}".rstrip()
