"""Lithuanian first names in the vocative case, and their grammatical gender: a Lithuanian letter
says "Mielasis Jonai," and "Mieloji Agne,", never "Jonas" or "Agnė".

Pure rules by the name's ending (first and second declensions, and -us names of the third/fourth):

- masculine -as → -ai (Jonas → Jonai); -jas, -ias → -jau, -iau (Elijas → Elijau);
- masculine -is → -i (Kęstutis → Kęstuti, Jurgis → Jurgi);
- masculine -ys → -y (Kazys → Kazy);
- masculine -us → -au, -ius → -iau (Kajus → Kajau, Paulius → Pauliau);
- feminine -ė → -e (Agnė → Agne); feminine (and the few masculine) -a stay (Ona → Ona).

A name that ends otherwise (Søren, Zoë, 王小明) is left as written. Irregular names get a
per-customer salutation instead (``Customer.salutation``), which the letter prints as it stands.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


# (ending, replacement), longest ending first: the first that matches wins.
_RULES: tuple[tuple[str, str], ...] = (
    ("ias", "iau"),
    ("jas", "jau"),
    ("ius", "iau"),
    ("as", "ai"),
    ("is", "i"),
    ("ys", "y"),
    ("us", "au"),
    ("ė", "e"),
)
_MALE_ENDINGS = ("as", "is", "ys", "us")
_FEMALE_ENDINGS = ("a", "ė")


_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]{3,}")


def _is_lithuanian_word(word: str) -> bool:
    """Rules only apply to a Latin-script word of three letters or more."""
    return _LATIN_WORD.fullmatch(word) is not None


def _apply_case(source: str, replacement: str) -> str:
    """Write the new ending in the case the old one was written in (JONAS → JONAI)."""
    return replacement.upper() if source.isupper() else replacement


def vocative_word(word: str) -> str:
    """One name in the vocative; a word no rule fits is returned unchanged."""
    if not _is_lithuanian_word(word):
        return word
    lower = word.lower()
    for ending, replacement in _RULES:
        if lower.endswith(ending) and len(lower) > len(ending):
            stem = word[: len(word) - len(ending)]
            return stem + _apply_case(word[len(stem) :], replacement)
    return word


@lru_cache(maxsize=4096)  # first names repeat across a batch of letters
def vocative(first_name: str) -> str:
    """The first name in the vocative: "Jonas" → "Jonai"; a double name ("Jonas-Petras") is
    declined in each part."""
    name = first_name.strip()
    return "-".join(vocative_word(part) for part in name.split("-"))


@lru_cache(maxsize=4096)
def gender(first_name: str) -> Gender:
    """The grammatical gender the name's ending tells (-a/-ė feminine; -as/-is/-ys/-us
    masculine); UNKNOWN for anything else (a foreign name), so the letter uses a neutral
    greeting instead of guessing."""
    name = first_name.strip().split("-")[-1]
    if not _is_lithuanian_word(name):
        return Gender.UNKNOWN
    lower = name.lower()
    if lower.endswith(_MALE_ENDINGS):
        return Gender.MALE
    if lower.endswith(_FEMALE_ENDINGS):
        return Gender.FEMALE
    return Gender.UNKNOWN
