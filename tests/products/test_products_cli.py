"""``shopkeeper product ...``, ``visit --item`` and ``customer show``'s usual and last items."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


@pytest.fixture
def card(cli: Cli) -> str:
    cli("product", "add", "Rye loaf", "--key", "r", "--category", "bread")
    cli("product", "add", "Oat latte", "--key", "L")
    cli("product", "add", "Bouquet")
    return cli.json("customer", "add", "--name", "Žemaitė Ona")["card_number"]


def test_products_are_added_and_listed(cli: Cli, card: str) -> None:
    listed = cli.json("product", "list")
    assert [(p["name"], p["quick_key"], p["category"], p["active"]) for p in listed] == [
        ("Rye loaf", "r", "bread", True),
        ("Oat latte", "l", None, True),
        ("Bouquet", None, None, True),
    ]
    text = cli("product", "list")
    assert "[r]" in text and "Rye loaf  (bread)" in text
    assert cli("product", "add", "Tea", "--key", "t") == "Added Tea (quick key t).\n"
    cli("product", "edit", "tea", "--key", "", "--category", "drinks")
    cli("product", "deactivate", "Tea")
    assert "Tea" not in cli("product", "list")
    assert "Tea  (drinks) [inactive]" in cli("product", "list", "--all")


def test_product_mistakes_are_one_line_and_change_nothing(cli: Cli, card: str) -> None:
    assert "already a product called 'Rye loaf'" in cli.fails("product", "add", "RYE LOAF")
    assert "already picks Rye loaf" in cli.fails("product", "add", "Bun", "--key", "R")
    assert "typed in amounts" in cli.fails("product", "add", "Bun", "--key", "5")
    assert "no product 'Baguette'" in cli.fails("product", "deactivate", "Baguette")


def test_a_visit_with_items_shows_in_customer_show(cli: Cli, card: str) -> None:
    cli("visit", card, "--amount", "4.20", "--item", "rye loaf", "--item", "Oat latte:2")
    cli("visit", card, "--amount", "2.10", "--item", "oat latte")
    shown = cli.json("customer", "show", card)
    assert shown["usual_items"] == ["Oat latte", "Rye loaf"]
    assert [(i["name"], i["quantity"]) for i in shown["last_items"]] == [("Oat latte", 1)]
    text = cli("customer", "show", card)
    assert "Usually buys: Oat latte, Rye loaf" in text
    assert "Last time: Oat latte" in text
    cli("visit", card, "--amount", "9", "--item", "Rye loaf:3", "--item", "Bouquet")
    assert "Last time: Rye loaf ×3, Bouquet" in cli("customer", "show", card)


def test_a_visit_without_items_is_as_before(cli: Cli, card: str) -> None:
    booked = cli.json("visit", card, "--amount", "12.99")
    assert booked["points_earned"] == 12
    shown = cli.json("customer", "show", card)
    assert shown["usual_items"] == [] and shown["last_items"] == []
    assert "Usually buys" not in cli("customer", "show", card)


def test_a_bad_item_books_nothing(cli: Cli, card: str) -> None:
    assert "no product 'croissant'" in cli.fails(
        "visit", card, "--amount", "5", "--item", "Rye loaf", "--item", "croissant"
    )
    assert "listed twice" in cli.fails(
        "visit", card, "--amount", "5", "--item", "Rye loaf", "--item", "rye LOAF:2"
    )
    assert "between 1 and 999" in cli.fails("visit", card, "--amount", "5", "--item", "Bouquet:0")
    assert cli.json("customer", "show", card)["visit_count"] == 0
