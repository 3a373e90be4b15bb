"""A new customer speaks the shop's language unless they say otherwise: the command line, the
import without a language column and the service all read the shop's (real database)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper.cli.main import main
from shopkeeper.services import importing, programme
from shopkeeper.services.customers import create_customer
from shopkeeper.storage.database import Database


def language_of(db: Database, card: str) -> str:
    with db.read() as session:
        return session.connection().execute(
            text("SELECT language FROM customer WHERE card_number = :c"), {"c": card}
        ).scalar_one()


def languages(db: Database) -> dict[str, str]:
    with db.read() as session:
        rows = session.connection().execute(text("SELECT name, language FROM customer")).all()
    return {name: language for name, language in rows}


def test_a_lithuanian_shops_new_customer_speaks_lithuanian(db: Database) -> None:
    programme.update_shop(db, language="lt")
    card = create_customer(db, name="Jonas Petraitis").card_number
    assert language_of(db, card) == "lt"
    asked = create_customer(db, name="Tom Smith", language="en").card_number
    assert language_of(db, asked) == "en"


def test_an_english_shop_stays_english_and_a_chinese_shop_by_script(db: Database) -> None:
    programme.update_shop(db, language="en")
    assert language_of(db, create_customer(db, name="Emma Brown").card_number) == "en"
    programme.update_shop(db, language="zh-Hant")
    assert language_of(db, create_customer(db, name="陳美玲").card_number) == "zh-Hant"


def test_the_command_line_adds_in_the_shops_language_or_the_one_given(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(db_path)]
    assert main([*base, "shop", "set", "--language", "lt"]) == 0
    assert main([*base, "customer", "add", "--name", "Ona Jonaitė"]) == 0
    assert main([*base, "customer", "add", "--name", "王小明", "--language", "zh-TW"]) == 0
    capsys.readouterr()
    assert languages(db) == {"Ona Jonaitė": "lt", "王小明": "zh-Hant"}


def test_an_imported_row_without_a_language_speaks_the_shops(
    db: Database, tmp_path: Path
) -> None:
    programme.update_shop(db, language="lt")
    path = tmp_path / "klientai.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Phone"])
        writer.writerow(["Rūta Kazlauskienė", "+37061234500"])
    result, _sheet = importing.import_file(db, path)
    assert result.imported == 1
    assert languages(db) == {"Rūta Kazlauskienė": "lt"}
