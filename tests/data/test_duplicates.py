"""Possible duplicates: the rules alone, and asked about a stored customer of a real shop."""

from __future__ import annotations

from datetime import date

from shopkeeper.domain.duplicates import (
    CLOSE_NAME_AND_PHONE,
    SAME_NAME_AND_BIRTHDAY,
    DuplicateFinder,
    Person,
    fold_name,
    names_agree,
    names_close,
)
from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.duplicates import Duplicate, possible_duplicates
from shopkeeper.storage.database import Database


def test_names_fold_and_compare_as_people_read_them() -> None:
    assert fold_name("  Žemaitė-Kairienė,  ONA ") == "zemaite kairiene ona"
    assert names_close("Ona Žemaitė", "Zemaite Ona")  # word order
    assert names_close("Jonas Kazlauskas", "Jonas Kazlauskis")  # a typo
    assert not names_close("Ona Žemaitė", "Harry Moore")
    assert not names_close("王小明", "王小红")
    assert names_agree("Ona", "Ona Žemaitė") and not names_close("Ona", "Ona Žemaitė")


def test_the_finder_needs_the_birthday_or_the_phone_ending_beside_the_name() -> None:
    born = date(1980, 12, 5)
    finder = DuplicateFinder([
        Person(1, "Ona Žemaitė", born), Person(2, "Ona Žemaitė", date(1991, 1, 1)),
        Person(3, "Jonas Kazlauskas", None, "+37061234567"), Person(4, "Jonas Petraitis",
                                                                     None, "+37061234567"),
    ])  # fmt: skip
    found = finder.find(Person(0, "ONA ZEMAITE", born, "+48501234567"))
    assert [(d.id, d.reason) for d in found] == [(1, SAME_NAME_AND_BIRTHDAY)]
    found = finder.find(Person(0, "Jonas Kazlauskis", None, "+48 501 234 567"))
    assert [(d.id, d.reason) for d in found] == [(3, CLOSE_NAME_AND_PHONE)]
    assert finder.find(Person(1, "Ona Žemaitė", born)) == []  # not a duplicate of herself


def test_possible_duplicates_of_a_stored_customer(db: Database) -> None:
    ona = create_customer(db, name="Ona Žemaitė", birthday=date(1980, 12, 5))
    twin = create_customer(db, name="Ona Zemaite", birthday=date(1980, 12, 5))
    gone = create_customer(db, name="ONA ŽEMAITĖ", birthday=date(1980, 12, 5))
    archive_customer(db, gone.card_number)
    create_customer(db, name="Ona Žemaitė", birthday=date(1991, 1, 1))
    assert possible_duplicates(db, ona.card_number) == [
        Duplicate(twin.card_number, "Ona Zemaite", SAME_NAME_AND_BIRTHDAY)
    ]
