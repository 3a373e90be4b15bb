"""Validation of the ways a shop knows a customer: name, phone, email, birthday, address."""

from collections.abc import Iterable
from datetime import date

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType
from phonenumbers.re_util import re_compile

from shopkeeper.i18n import _

from .calendar import parse_day
from .errors import InvalidInput
from .text import clean_line, clean_text, has_visible_text

# phonenumbers compiles its metadata's patterns through Python's re cache (512 entries, shared
# with everything else): on a busy counter they fell out and each phone shown on a profile was
# compiled again (0.1-0.2 ms). Keep them: a few hundred patterns of the regions seen.
phonenumbers.enable_pattern_cache()

MAX_NAME = 120
MAX_EMAIL = 254
MAX_ADDRESS = 400


def clean_name(name: str) -> str:
    name = clean_line(name, field=_("name"), max_length=MAX_NAME)
    if not name:
        raise InvalidInput(_("The name cannot be empty."))
    if not has_visible_text(name):
        raise InvalidInput(
            _(
                "The name holds only invisible characters (zero-width spaces, direction marks, "
                "accents without a letter); type the customer's name."
            )
        )
    return name


def normalise_phone(phone: str, default_region: str) -> str:
    """E.164 form ("+37061234567"). A number with a country code works whatever the shop's country;
    a national number is read in the shop's country."""
    text = clean_line(phone, field=_("phone"), max_length=40)
    if not text:
        raise InvalidInput(_("The phone number is empty."))
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, default_region.upper() or None)
    except phonenumbers.NumberParseException:
        raise InvalidInput(_("{text} is not a phone number.").format(text=repr(text))) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(
            _(
                "{text} is not a valid phone number for {country}; "
                "add the country code (+...) if it is foreign."
            ).format(text=repr(text), country=default_region.upper())
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """International display form, e.g. "+370 612 34567"."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_regions(prefixes: Iterable[str]) -> set[str]:
    """The main region of each calling code that begins these E.164 prefixes ("+370" → LT,
    "+8869" → TW). Calling codes are prefix-free: one length of one to three digits fits."""
    regions: set[str] = set()
    for prefix in prefixes:
        digits = prefix.lstrip("+")
        for length in (1, 2, 3):
            if digits[:length].isdigit():
                region = phonenumbers.region_code_for_country_code(int(digits[:length]))
                if region != phonenumbers.UNKNOWN_REGION:
                    regions.add(region)
                    break
    return regions


def warm_phone_formats(regions: Iterable[str]) -> int:
    """Load these regions' metadata, compile every one of their formatting patterns and format
    an example of each kind of number, so the first customer of a region shown at the counter
    pays no import or compile (1-5 ms on the scan). Returns the numbers formatted."""
    formatted = 0
    for region in regions:
        metadata = PhoneMetadata.metadata_for_region(region.upper())
        if metadata is None:
            continue
        for number_format in (*metadata.number_format, *metadata.intl_number_format):
            if number_format.leading_digits_pattern:
                re_compile(number_format.leading_digits_pattern[-1])
            re_compile(number_format.pattern)
        for kind in PhoneNumberType.values():
            example = phonenumbers.example_number_for_type(region.upper(), kind)
            if example is not None:
                format_phone(phonenumbers.format_number(example, PhoneNumberFormat.E164))
                formatted += 1
    return formatted


def clean_email(email: str) -> str:
    """Checked by email-validator (syntax only: no DNS look-up, the counter may be offline),
    stored lower-case so the same address is always found."""
    # Local: importing email-validator costs the counter's start ~30 ms; only an email needs it.
    from email_validator import EmailNotValidError, validate_email

    email = clean_line(email, field=_("email"), max_length=MAX_EMAIL)
    try:
        checked = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        checked = None
    # no top-level domain is one letter ("ona@x.l" is a typo)
    if checked is None or len(checked.ascii_domain.rsplit(".", 1)[-1]) < 2:
        raise InvalidInput(_("{email} is not an email address.").format(email=repr(email)))
    return checked.normalized.lower()


def clean_address(address: str) -> str:
    address = clean_text(address, field=_("postal address"), max_length=MAX_ADDRESS)
    lines = [line.strip() for line in address.split("\n") if line.strip()]
    if len(lines) > 6:
        raise InvalidInput(_("A postal address has at most 6 lines."))
    return "\n".join(lines)


def parse_birthday(text: str, today: date) -> date:
    day = parse_day(text)
    check_birthday(day, today)
    return day


def check_birthday(day: date, today: date) -> None:
    if day > today or day.year < today.year - 120:
        raise InvalidInput(_("{day} is not a plausible birthday.").format(day=day.isoformat()))
