"""The shop's wording of the letter: placeholders checked before anything is printed."""

from __future__ import annotations

import json

import pytest

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.letters import (
    PLACEHOLDERS,
    TEMPLATE_FIELDS,
    LetterTemplate,
    address_block,
    check_template,
    check_template_text,
    fill,
    first_name,
)
from shopkeeper.printing.letters import values_for
from shopkeeper.services import letters
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

from .conftest import NOVEMBER, Shop


def test_the_default_template_is_valid_and_uses_only_known_placeholders() -> None:
    assert check_template(LetterTemplate()) == LetterTemplate()


def test_an_unknown_placeholder_is_named_in_the_error() -> None:
    with pytest.raises(InvalidInput, match=r"Unknown placeholder \{firstname\} in the greeting"):
        check_template_text("greeting", "Dear {firstname},")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Dear {},", "empty placeholder"),
        ("Dear {first_name,", "unmatched"),
        ("Dear first_name},", "unmatched"),
        ("{name.__class__}", "not allowed"),
        ("{points:>10}", "not allowed"),
        ("{name!r}", "not allowed"),
        ("{0}", "not allowed"),
    ],
)
def test_anything_but_a_plain_placeholder_is_refused(text: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        check_template_text("intro", text)


def test_literal_braces_are_written_doubled() -> None:
    text = check_template_text("closing", "See you soon {{with a smile}}, {first_name}!")
    assert fill(text, {"first_name": "Ona"}) == "See you soon {with a smile}, Ona!"


def test_saving_checks_first_and_keeps_the_other_parts(db: Database) -> None:
    saved = letters.save_letter_template(db, "en", greeting="Hello {first_name}!")
    assert saved.greeting == "Hello {first_name}!"
    assert letters.letter_template(db, "en").greeting == "Hello {first_name}!"
    assert letters.letter_template(db, "en").closing == LetterTemplate().closing

    with pytest.raises(InvalidInput, match=r"\{taškai\}"):
        letters.save_letter_template(db, "en", closing="Jūsų {taškai}", greeting="Sveiki!")
    assert letters.letter_template(db, "en").greeting == "Hello {first_name}!"  # nothing saved
    with pytest.raises(InvalidInput, match="no part called"):
        letters.save_letter_template(db, "en", footer="x")

    assert letters.reset_letter_template(db, "en") == LetterTemplate()
    assert letters.letter_template(db, "en") == LetterTemplate()


def test_a_broken_stored_template_stops_the_batch_before_printing(db: Database, shop: Shop) -> None:
    """A template written by an older version or edited by hand is checked again."""
    broken = {field: getattr(LetterTemplate(), field) for field in TEMPLATE_FIELDS}
    broken["intro"] = "Your {bonus_points} this month"
    with db.write() as session:
        session.add(t.Setting(key=f"{letters.TEMPLATE_KEY}:en", value=json.dumps(broken)))
    with pytest.raises(InvalidInput, match=r"Unknown placeholder \{bonus_points\} in the intro"):
        letters.plan_letters(db, NOVEMBER)


def test_every_placeholder_has_a_value_in_a_letter(db: Database, shop: Shop) -> None:
    plan = letters.plan_letters(db, NOVEMBER)
    every = " ".join("{" + name + "}" for name in PLACEHOLDERS)
    for letter in plan.letters:
        assert set(values_for(plan, letter)) == set(PLACEHOLDERS)
        fill(every, values_for(plan, letter))  # no KeyError


def test_first_names_western_and_chinese() -> None:
    assert first_name("Ona Žemaitė") == "Ona"
    assert first_name("  Zoë   Faure ") == "Zoë"
    assert first_name("王小明") == "王小明"  # a Chinese name is written whole
    assert first_name("陳 美玲") == "陳 美玲"


def test_the_address_block_does_not_repeat_the_name() -> None:
    assert address_block("Ona Žemaitė", ["Pilies g. 5", "Vilnius"]) == [
        "Ona Žemaitė",
        "Pilies g. 5",
        "Vilnius",
    ]
    assert address_block("Ona Žemaitė", ["ONA ZEMAITE", "Pilies g. 5"]) == [
        "ONA ZEMAITE",
        "Pilies g. 5",
    ]
    assert len(address_block("X", [f"line {i}" for i in range(9)])) == 7
