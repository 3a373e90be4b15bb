"""Card numbers and voucher codes: easy to type, hard to get wrong."""

import re
import secrets

from .errors import InvalidInput

CARD_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,31}$")
# Crockford's base 32 without I, L, O, U: nothing to confuse with 1 or 0.
VOUCHER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VOUCHER_LENGTH = 10


def luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card_number_for(sequence: int) -> str:
    """Shop-issued card: "2" + seven-digit sequence + Luhn check digit, 9 digits in all."""
    body = f"2{sequence:07d}"
    return body + luhn_digit(body)


def clean_card_number(card: str) -> str:
    card = card.strip().replace(" ", "")
    if not CARD_PATTERN.match(card):
        raise InvalidInput(
            f"{card[:40]!r} is not a card number (letters, digits and dashes, at most 32)."
        )
    return card.upper()


def new_voucher_code() -> str:
    return "".join(secrets.choice(VOUCHER_ALPHABET) for _ in range(VOUCHER_LENGTH))


def clean_voucher_code(code: str) -> str:
    code = code.strip().upper().replace("-", "").replace(" ", "")
    code = code.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(code) != VOUCHER_LENGTH or any(ch not in VOUCHER_ALPHABET for ch in code):
        raise InvalidInput(f"{code[:20]!r} is not a voucher code.")
    return code
