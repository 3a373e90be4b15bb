"""``shopkeeper customer list``: every customer by name in the shop language's order, in plain
text (English and Lithuanian output) and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shopkeeper.cli.main import main

NAMES = ["Žukas Ona", "Čapas Jonas", "Zigmas Lukas", "Cyras Tomas"]


def run(db_path: Path, capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    capsys.readouterr()
    assert main(["--db", str(db_path), *args]) == code
    out, err = capsys.readouterr()
    assert err == "" if code == 0 else err.startswith("error: ")
    return out if code == 0 else err


@pytest.fixture
def shop_path(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    for name in NAMES:
        run(db_path, capsys, "customer", "add", "--name", name)
    return db_path


def names_of(out: str) -> list[str]:
    return [line.split("  ")[1] for line in out.splitlines()[:-1]]


def test_an_english_shop_lists_accents_as_minor(
    shop_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(shop_path, capsys, "shop", "set", "--language", "en")
    out = run(shop_path, capsys, "customer", "list")
    assert names_of(out) == ["Čapas Jonas", "Cyras Tomas", "Zigmas Lukas", "Žukas Ona"]
    assert out.splitlines()[-1] == "4 customers"
    assert out.splitlines()[0].endswith(" points")


def test_a_lithuanian_shop_puts_c_caron_after_c(
    shop_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(shop_path, capsys, "shop", "set", "--language", "lt")
    out = run(shop_path, capsys, "customer", "list")
    assert names_of(out) == ["Cyras Tomas", "Čapas Jonas", "Zigmas Lukas", "Žukas Ona"]
    # the lines carry the card numbers, in the same order as the JSON below
    listed = json.loads(run(shop_path, capsys, "customer", "list", "--json"))
    assert [row["name"] for row in listed] == names_of(out)
    assert [row["card_number"] for row in listed] == [
        line.split()[0] for line in out.splitlines()[:-1]
    ]
    assert all(row["archived"] is False for row in listed)


def test_archived_customers_are_listed_on_request(
    shop_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = json.loads(run(shop_path, capsys, "customer", "list", "--json"))[0]["card_number"]
    run(shop_path, capsys, "customer", "archive", card)
    active = json.loads(run(shop_path, capsys, "customer", "list", "--json"))
    archived = json.loads(run(shop_path, capsys, "customer", "list", "--archived", "--json"))
    every = json.loads(run(shop_path, capsys, "customer", "list", "--all", "--json"))
    assert card not in [row["card_number"] for row in active]
    assert [row["card_number"] for row in archived] == [card]
    assert len(every) == len(NAMES)


def test_an_empty_shop_lists_nobody(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(run(db_path, capsys, "customer", "list", "--json")) == []
    assert run(db_path, capsys, "customer", "list").strip() == "0 customers"
