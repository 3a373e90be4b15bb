"""Who may be the same person: rules for "possible duplicate" customers.

Two records may be one customer when their names, folded for accents, case and spacing, are the
same and so is the birthday; or when the names are close (a typo, a missing accent, the family
name first) and the phone numbers end in the same digits (one written with the country code, the
other without, or one digit mistyped at the front). Pure Python: the import preview and a merge
both ask a ``DuplicateFinder`` built from plain ``Person`` records.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from shopkeeper.i18n import N_

from .text import digits_only, search_key

CLOSE_NAMES = 85  # rapidfuzz token_sort_ratio from which two folded names count as close
PHONE_ENDING = 7  # digits compared at the end of two phone numbers

# Codes that read as English; a face shows them through ``_(reason)``.
SAME_NAME_AND_BIRTHDAY = N_("same name and birthday")
CLOSE_NAME_AND_PHONE = N_("close name and the same phone ending")


_NOT_LETTERS = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 18)  # an import folds each name several times (matching, duplicates)
def fold_name(name: str) -> str:
    """ "Žemaitė  Ona" -> "zemaite ona": the name as people compare it by eye."""
    return _NOT_LETTERS.sub(" ", search_key(name)).strip()


def names_close(a: str, b: str) -> bool:
    """Folded names that differ by a typo or by word order ("Ona Žemaitė" / "Zemaite Ona")."""
    first, second = fold_name(a), fold_name(b)
    if not first or not second:
        return False
    return first == second or fuzz.token_sort_ratio(first, second) >= CLOSE_NAMES


def names_agree(a: str, b: str) -> bool:
    """Close, or one name is a part of the other ("Ona" / "Ona Žemaitė"): used to confirm a
    card, phone or e-mail match, where the key already points at the person."""
    first, second = fold_name(a), fold_name(b)
    if not first or not second:
        return False
    return names_close(a, b) or fuzz.token_set_ratio(first, second) >= 95


def phone_ending(phone: str | None) -> str | None:
    digits = digits_only(phone or "")
    return digits[-PHONE_ENDING:] if len(digits) >= PHONE_ENDING else None


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    birthday: date | None = None
    phone: str | None = None


@dataclass(frozen=True)
class PossibleDuplicate:
    id: int
    reason: str  # SAME_NAME_AND_BIRTHDAY or CLOSE_NAME_AND_PHONE


class DuplicateFinder:
    """An in-memory index of people, asked about one person at a time (fast on 100,000)."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._by_name_birthday: dict[tuple[str, date], list[int]] = defaultdict(list)
        self._by_phone_ending: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        folded = fold_name(person.name)
        if person.birthday is not None and folded:
            self._by_name_birthday[(folded, person.birthday)].append(person.id)
        ending = phone_ending(person.phone)
        if ending is not None:
            self._by_phone_ending[ending].append((person.id, person.name))

    def find(self, person: Person, *, exclude: Iterable[int] = ()) -> list[PossibleDuplicate]:
        """The people ``person`` may be, each once, by id (``exclude``: known to be others)."""
        skip = {person.id, *exclude}
        found: dict[int, str] = {}
        folded = fold_name(person.name)
        if person.birthday is not None and folded:
            for other in self._by_name_birthday.get((folded, person.birthday), ()):
                if other not in skip:
                    found.setdefault(other, SAME_NAME_AND_BIRTHDAY)
        ending = phone_ending(person.phone)
        if ending is not None:
            for other, name in self._by_phone_ending.get(ending, ()):
                if other not in skip and other not in found and names_close(person.name, name):
                    found[other] = CLOSE_NAME_AND_PHONE
        return [PossibleDuplicate(i, reason) for i, reason in sorted(found.items())]
