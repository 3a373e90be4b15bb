"""Card numbers and voucher codes: easy to type, hard to get wrong."""

import re
import secrets

from shopkeeper.i18n import _

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


def is_shop_card(text: str) -> bool:
    """A card this shop prints: "2" + seven digits + Luhn check digit."""
    return (
        len(text) == 9 and text.isdigit() and text[0] == "2" and luhn_digit(text[:8]) == text[8]
    )


def check_card_pattern(pattern: str) -> str:
    """The shop's pattern for the cards it imported (a regular expression the whole card must
    match, e.g. ``ABC-\\d{3}``); an empty pattern means no imported cards."""
    pattern = pattern.strip()
    if pattern:
        try:
            re.compile(pattern)
        except re.error as error:
            raise InvalidInput(
                _("{pattern} is not a card pattern: {error}.").format(
                    pattern=repr(pattern), error=error
                )
            ) from None
    return pattern


def is_card_number(text: str, imported_pattern: str = "") -> bool:
    """Whether typed or scanned text is a card number rather than a search: one of the shop's
    own cards (its digits and check digit) or a whole match of the imported-cards pattern.
    Anything else ("zemaite", a voucher code, a phone) is never taken for a card."""
    compact = text.strip().replace(" ", "")
    if is_shop_card(compact):
        return True
    if not imported_pattern or not CARD_PATTERN.match(compact):
        return False
    try:
        return re.fullmatch(imported_pattern, compact, flags=re.IGNORECASE) is not None
    except re.error:
        return False


def card_in_amount(text: str, imported_pattern: str = "") -> str | None:
    """The card read into an amount field (a scan meant for the next customer): one of the
    shop's cards (nine digits with a check digit, never an amount a till takes), or an imported
    card that is no amount at all. An imported card that could be an amount stays an amount."""
    from .money import parse_amount  # money and cards meet only here

    compact = text.strip().replace(" ", "")
    if is_shop_card(compact):
        return compact
    if is_card_number(compact, imported_pattern):
        try:
            parse_amount(compact)
        except InvalidInput:
            return compact
    return None


def looks_like_voucher(text: str) -> bool:
    """Text shaped like a voucher code (ten characters of the voucher alphabet, a dash allowed):
    worth one look-up before it is searched as a name."""
    try:
        clean_voucher_code(text)
    except InvalidInput:
        return False
    return True


def clean_card_number(card: str) -> str:
    card = card.strip().replace(" ", "")
    if not CARD_PATTERN.match(card):
        raise InvalidInput(
            _("{card} is not a card number (letters, digits and dashes, at most 32).").format(
                card=repr(card[:40])
            )
        )
    return card.upper()


def new_voucher_code() -> str:
    return "".join(secrets.choice(VOUCHER_ALPHABET) for _i in range(VOUCHER_LENGTH))


def clean_voucher_code(code: str) -> str:
    code = code.strip().upper().replace("-", "").replace(" ", "")
    code = code.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(code) != VOUCHER_LENGTH or any(ch not in VOUCHER_ALPHABET for ch in code):
        raise InvalidInput(_("{code} is not a voucher code.").format(code=repr(code[:20])))
    return code
