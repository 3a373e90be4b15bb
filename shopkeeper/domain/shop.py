"""The shop's country, currency and language: read from the machine's locale for a new shop, and
checked whenever they are changed.

The country decides how national phone numbers are read, so it must be one phonenumbers knows;
the currency one ISO 4217 code Babel knows; the language a BCP 47 tag (``lt``, ``en``,
``zh-Hans``, ``zh-Hant``) Babel can format for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_territory_currencies, list_currencies

from shopkeeper.i18n import _, supported_language

from .errors import InvalidInput

# A machine without a usable locale ("C", "POSIX", unset): the project's first home.
FALLBACK_COUNTRY, FALLBACK_CURRENCY, FALLBACK_LANGUAGE = "LT", "EUR", "en"
_LOCALE = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})(?:[_-](?P<script>[A-Za-z]{4}))?(?:[_-](?P<region>[A-Za-z]{2}|\d{3}))?"
)
_HANT_REGIONS = {"TW", "HK", "MO"}


@dataclass(frozen=True)
class ShopLocale:
    country: str  # ISO 3166 alpha-2, upper case
    currency: str  # ISO 4217
    language: str  # BCP 47 tag


def language_tag(language: str, script: str | None, region: str | None) -> str:
    """The tag the shop speaks: Chinese by script (zh-Hans, zh-Hant), others by language only."""
    language = language.lower()
    if language != "zh":
        return language
    if script:
        return f"zh-{script.title()}"
    return "zh-Hant" if (region or "").upper() in _HANT_REGIONS else "zh-Hans"


def currency_of(country: str) -> str:
    found = get_territory_currencies(country, tender=True)
    return found[0] if found else FALLBACK_CURRENCY


def from_locale(name: str | None) -> ShopLocale:
    """``zh_CN.UTF-8`` -> CN, CNY, zh-Hans; ``lt_LT`` -> LT, EUR, lt; ``en_GB`` -> GB, GBP, en.
    A language without a region takes its most likely one (``lt`` -> LT); "C", "POSIX" or
    nothing gives the fallback."""
    text = (name or "").split(".")[0].split("@")[0]
    match = _LOCALE.match(text)
    if not match or text.upper() in ("C", "POSIX"):
        return ShopLocale(FALLBACK_COUNTRY, FALLBACK_CURRENCY, FALLBACK_LANGUAGE)
    lang, script, region = match["lang"].lower(), match["script"], match["region"]
    if region is None or not region.isalpha():
        likely = get_global("likely_subtags").get(lang if not script else f"{lang}_{script}")
        region = likely.split("_")[-1] if likely else None
    region = (region or "").upper()
    language = _known_language(lang, script, region)
    if region not in phonenumbers.SUPPORTED_REGIONS:
        return ShopLocale(FALLBACK_COUNTRY, FALLBACK_CURRENCY, language)
    return ShopLocale(region, currency_of(region), language)


def _known_language(lang: str, script: str | None, region: str | None) -> str:
    tag = language_tag(lang, script, region)
    try:
        return check_language(tag)
    except InvalidInput:
        return FALLBACK_LANGUAGE


def check_country(text: str) -> str:
    country = text.strip().upper()
    if country not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(
            _("{text} is not a country code; use two letters such as LT, GB or CN.").format(
                text=repr(text.strip()[:20])
            )
        )
    return country


def check_currency(text: str) -> str:
    currency = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency) or currency not in list_currencies():
        raise InvalidInput(
            _("{text} is not a currency code; use three letters such as EUR or CNY.").format(
                text=repr(text.strip()[:20])
            )
        )
    return currency


_TAG = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")


def chinese_tag(text: str) -> str | None:
    """A Chinese tag as people and systems write it, in the program's spelling: ``zh``,
    ``zh-CN``, ``zh_CN`` -> ``zh-Hans``; ``zh-TW``, ``zh_TW``, ``zh-HK`` -> ``zh-Hant``.
    None for anything else (other languages keep their own spelling)."""
    tag = text.strip()
    if not _TAG.fullmatch(tag) or tag[:2].lower() != "zh" or tag[2:3] not in ("", "-", "_"):
        return None
    return supported_language(tag)


def check_language(text: str) -> str:
    """A BCP 47 tag Babel knows, in its usual spelling (``zh-hans`` -> ``zh-Hans``); Chinese
    by script alone (``zh``, ``zh-CN``, ``zh_CN`` -> ``zh-Hans``; ``zh-TW``, ``zh-HK`` ->
    ``zh-Hant``)."""
    chinese = chinese_tag(text)
    if chinese:
        return chinese
    tag = text.strip()
    try:
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
            raise ValueError(tag)
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        raise InvalidInput(
            _("{text} is not a language; use a tag such as en, lt, zh-Hans or zh-Hant.").format(
                text=repr(tag[:20])
            )
        ) from None
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    return "-".join(parts)
