"""Lithuanian vocative and gender rules over common names (no Qt, no database)."""

from __future__ import annotations

import pytest

from shopkeeper.domain.vocative import Gender, gender, vocative

# (nominative, vocative, gender): checked against Lithuanian grammar (DLKG declension tables).
NAMES = [
    # masculine -as → -ai
    ("Jonas", "Jonai", Gender.MALE),
    ("Petras", "Petrai", Gender.MALE),
    ("Tomas", "Tomai", Gender.MALE),
    ("Linas", "Linai", Gender.MALE),
    ("Mikas", "Mikai", Gender.MALE),
    ("Justinas", "Justinai", Gender.MALE),
    ("Vytautas", "Vytautai", Gender.MALE),
    ("Matas", "Matai", Gender.MALE),
    ("Lukas", "Lukai", Gender.MALE),
    ("Tadas", "Tadai", Gender.MALE),
    ("Algirdas", "Algirdai", Gender.MALE),
    ("Gintaras", "Gintarai", Gender.MALE),
    ("Mantas", "Mantai", Gender.MALE),
    ("Rokas", "Rokai", Gender.MALE),
    ("Jokūbas", "Jokūbai", Gender.MALE),
    ("Dovydas", "Dovydai", Gender.MALE),
    ("Arūnas", "Arūnai", Gender.MALE),
    ("Žilvinas", "Žilvinai", Gender.MALE),
    ("Kostas", "Kostai", Gender.MALE),
    ("Antanas", "Antanai", Gender.MALE),
    ("Rimantas", "Rimantai", Gender.MALE),
    ("Aleksandras", "Aleksandrai", Gender.MALE),
    ("Mykolas", "Mykolai", Gender.MALE),
    ("Ąžuolas", "Ąžuolai", Gender.MALE),
    ("Žydrūnas", "Žydrūnai", Gender.MALE),
    # masculine -jas/-ias → -jau/-iau (as vėjas → vėjau, kelias → keliau)
    ("Elijas", "Elijau", Gender.MALE),
    ("Tobijas", "Tobijau", Gender.MALE),
    # masculine -is → -i
    ("Kęstutis", "Kęstuti", Gender.MALE),
    ("Jurgis", "Jurgi", Gender.MALE),
    ("Vytis", "Vyti", Gender.MALE),
    ("Gytis", "Gyti", Gender.MALE),
    ("Kęstis", "Kęsti", Gender.MALE),
    # masculine -ys → -y
    ("Kazys", "Kazy", Gender.MALE),
    ("Stasys", "Stasy", Gender.MALE),
    # masculine -ius → -iau, -us → -au
    ("Paulius", "Pauliau", Gender.MALE),
    ("Saulius", "Sauliau", Gender.MALE),
    ("Darius", "Dariau", Gender.MALE),
    ("Andrius", "Andriau", Gender.MALE),
    ("Marius", "Mariau", Gender.MALE),
    ("Vilius", "Viliau", Gender.MALE),
    ("Julius", "Juliau", Gender.MALE),
    ("Kajus", "Kajau", Gender.MALE),
    ("Motiejus", "Motiejau", Gender.MALE),
    # feminine -ė → -e
    ("Agnė", "Agne", Gender.FEMALE),
    ("Eglė", "Egle", Gender.FEMALE),
    ("Giedrė", "Giedre", Gender.FEMALE),
    ("Dovilė", "Dovile", Gender.FEMALE),
    ("Austė", "Auste", Gender.FEMALE),
    # feminine -a stays
    ("Ona", "Ona", Gender.FEMALE),
    ("Rūta", "Rūta", Gender.FEMALE),
    ("Jurgita", "Jurgita", Gender.FEMALE),
    ("Laima", "Laima", Gender.FEMALE),
    ("Aušra", "Aušra", Gender.FEMALE),
    ("Ieva", "Ieva", Gender.FEMALE),
    ("Gabija", "Gabija", Gender.FEMALE),
    ("Austėja", "Austėja", Gender.FEMALE),
    ("Simona", "Simona", Gender.FEMALE),
    ("Marija", "Marija", Gender.FEMALE),
    # foreign or Chinese names: unchanged, gender unknown (a neutral greeting)
    ("Søren", "Søren", Gender.UNKNOWN),
    ("Zoë", "Zoë", Gender.UNKNOWN),
    ("Chloé", "Chloé", Gender.UNKNOWN),
    ("王小明", "王小明", Gender.UNKNOWN),
]


def test_the_list_is_long_enough() -> None:
    assert len(NAMES) >= 40


@pytest.mark.parametrize(("name", "expected", "sex"), NAMES)
def test_vocative_and_gender(name: str, expected: str, sex: Gender) -> None:
    assert vocative(name) == expected
    assert gender(name) is sex


def test_case_of_the_ending_follows_the_name() -> None:
    assert vocative("JONAS") == "JONAI"
    assert vocative("AGNĖ") == "AGNE"


def test_double_names_decline_each_part() -> None:
    assert vocative("Jonas-Petras") == "Jonai-Petrai"
    assert gender("Ona-Marija") is Gender.FEMALE


def test_too_short_or_not_a_word_is_left_alone() -> None:
    assert vocative("As") == "As"
    assert vocative("") == ""
    assert vocative("J.") == "J."
    assert gender("") is Gender.UNKNOWN
