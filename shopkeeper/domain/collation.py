"""The order people expect names in, by the shop's language (ICU collation through PyICU).

Lithuanian puts Č after C, Š after S and Ž after Z; Simplified Chinese sorts by pinyin;
Traditional Chinese (Taiwan) by stroke count; English and other languages by their own CLDR
rules. The database cannot collate like that by itself (SQLite knows only code points, and
PostgreSQL's collations depend on the server's locales), so each customer stores
``sort_key(name, language)``: ICU's sort key, bytes whose plain byte order (SQLite BLOB,
PostgreSQL bytea) is the language's order. An index on it sorts 100,000 customers by name.

Sort keys from different ICU versions or languages do not compare: ``collation_id`` names what
the stored keys were made with, so they can be rebuilt when it changes.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from shopkeeper.i18n import supported_language

if TYPE_CHECKING:
    import icu

# The shop's language -> ICU locale. Chinese needs care: "zh" alone sorts by pinyin, and Taiwan
# expects the stroke order (zh_Hant's default, named here so that it stays so).
_LOCALES = {
    "zh-Hans": "zh_Hans_CN",
    "zh-Hant": "zh_Hant_TW@collation=stroke",
    "en": "en",
    "lt": "lt",
}


def collation_locale(language: str) -> str:
    """The ICU locale whose order names follow in a shop speaking ``language`` (BCP 47)."""
    tag = (language or "en").strip()
    known = supported_language(tag)
    if known in _LOCALES:
        return _LOCALES[known]
    # Any other language ICU knows (de, pl, sv...): its own CLDR order.
    return _icu().Locale.forLanguageTag(tag).getName() or "en"


@cache
def _icu():  # noqa: ANN202 - the module
    """PyICU, imported when a key is first needed (10-40 ms that a booking never pays)."""
    import icu

    return icu


@cache
def _collator(locale: str) -> icu.Collator:
    icu = _icu()
    return icu.Collator.createInstance(icu.Locale(locale))


def sort_key(name: str, language: str) -> bytes:
    """``name``'s place in the order of ``language``: compare the bytes, not the text."""
    return _collator(collation_locale(language)).getSortKey(name)


def sort_names(names: list[str], language: str) -> list[str]:
    """``names`` in the order of ``language`` (small lists in memory: reports, tests)."""
    return sorted(names, key=lambda name: sort_key(name, language))


def collation_id(language: str) -> str:
    """What keys made for ``language`` depend on: the ICU locale and the ICU and Unicode
    versions. Keys made under another id must be rebuilt before they are compared."""
    icu = _icu()
    return f"{collation_locale(language)} icu {icu.ICU_VERSION} unicode {icu.UNICODE_VERSION}"
