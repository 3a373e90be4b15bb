"""The program's words in the reader's language: one gettext mechanism for every layer.

Qt's ``tr()`` cannot reach the Qt-free core, and a message must read the same in the window, in
the terminal and on paper, so every user-visible string is marked here and translated through
gettext catalogs managed with Babel (``shopkeeper/locale/<dir>/LC_MESSAGES/shopkeeper.po``).

- ``_("Card {card} is unknown.").format(card=...)``: never an f-string inside ``_()``.
- ``ngettext("{n} point", "{n} points", n).format(n=...)``: Lithuanian has three forms.
- ``pgettext("button", "Book")`` when one English word has two meanings.
- ``N_("...")`` marks a constant for extraction; translate it where it is shown with ``_(x)``.

The language is process-wide (``set_language``) with a per-context override (``speaking``):
a batch of letters prints each customer's letter in that customer's language while the window
keeps the shop's. A new thread starts in the process-wide language.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "lt", "zh-Hans", "zh-Hant")
DOMAIN = "shopkeeper"
LOCALE_DIR = Path(__file__).parent / "locale"

# Each language in its own words, for the choosers (never translated).
LANGUAGE_NAMES = {
    "en": "English",
    "lt": "Lietuvių",
    "zh-Hans": "中文（简体）",
    "zh-Hant": "中文（繁體）",
}
# The environment variables that choose the language, strongest first (GNU gettext's order,
# after the program's own ``SHOPKEEPER_LANG``, which is the ``--lang`` option's twin).
ENV_LANG = "SHOPKEEPER_LANG"
_ENV_ORDER = (ENV_LANG, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# What people and systems write for the four languages, folded to lower case with "-".
_ALIASES = {
    "en": "en",
    "lt": "lt",
    "zh": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-my": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "zh-hant-hk": "zh-Hant",
}

# The locale Babel formats dates and money with, per language.
_BABEL_LOCALES = {"en": "en", "lt": "lt_LT", "zh-Hans": "zh_Hans_CN", "zh-Hant": "zh_Hant_TW"}


def supported_language(tag: str | None) -> str | None:
    """One of ``LANGUAGES`` for a tag or a POSIX locale name (``zh_TW.UTF-8`` -> ``zh-Hant``,
    ``en_GB`` -> ``en``, ``lt-LT`` -> ``lt``), or None when the program does not speak it."""
    if not tag:
        return None
    text = tag.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if text in ("", "c", "posix"):
        return None
    if text in _ALIASES:
        return _ALIASES[text]
    parts = text.split("-")
    if parts[0] == "zh":
        # zh-Hans-XX / zh-Hant-XX / zh-XX: the script decides, else the region.
        for part in parts[1:]:
            if f"zh-{part}" in _ALIASES:
                return _ALIASES[f"zh-{part}"]
        return "zh-Hans"
    return _ALIASES.get(parts[0])


def environment_language(
    environ: Mapping[str, str] | None = None, *, names: tuple[str, ...] = _ENV_ORDER
) -> str | None:
    """The language the environment asks for (``SHOPKEEPER_LANG``, then ``LANGUAGE``'s list,
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), or None when none names a language the program
    speaks ("C", "de_DE", unset): then the shop's language decides."""
    environ = os.environ if environ is None else environ
    for name in names:
        for value in (environ.get(name) or "").split(":"):
            found = supported_language(value)
            if found:
                return found
    return None


def catalog_name(tag: str) -> str:
    """The catalog folder of a language: ``zh-Hans`` -> ``zh_Hans`` (Babel's spelling)."""
    return tag.replace("-", "_")


def babel_locale(tag: str | None) -> str:
    """The Babel locale for dates, months and money in this language (``lt`` -> ``lt_LT``)."""
    return _BABEL_LOCALES.get(supported_language(tag) or SOURCE_LANGUAGE, SOURCE_LANGUAGE)


@cache
def translations(tag: str) -> _gettext.NullTranslations:
    """The compiled catalog of a language; English (the source) and a missing catalog read
    the source text unchanged."""
    language = supported_language(tag) or SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[catalog_name(language)], fallback=True
    )


_process_language = SOURCE_LANGUAGE
_context_language: ContextVar[str | None] = ContextVar("shopkeeper_language", default=None)


def set_language(tag: str | None) -> str:
    """Make ``tag`` the language of the whole process (the window, the CLI); an unknown tag
    falls back to English. Returns the language now spoken."""
    global _process_language
    _process_language = supported_language(tag) or SOURCE_LANGUAGE
    return _process_language


def language() -> str:
    """The language spoken here and now."""
    return _context_language.get() or _process_language


@contextmanager
def speaking(tag: str | None) -> Iterator[str]:
    """Speak ``tag`` inside the block only (one customer's letter), whatever the process speaks.
    None keeps the current language."""
    chosen = supported_language(tag) or language()
    token = _context_language.set(chosen)
    try:
        yield chosen
    finally:
        _context_language.reset(token)


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form of the current language for ``n`` (lt: 1 taškas, 2 taškai, 10 taškų)."""
    return translations(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` translated in ``context``, for an English word with two meanings."""
    return translations(language()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(language()).npgettext(context, singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a constant for extraction without translating it yet."""
    return message
