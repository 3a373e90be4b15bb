"""An import's "items" column: what a customer bought before the shop used Shopkeeper. Stored
for the customers the import creates only (as past visits are), unknown products created, and
"usually buys" falls back to it until the customer buys something live. Real files, a real
shop."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper.domain import importing as rules
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.services import importing
from shopkeeper.services.customers import create_customer
from shopkeeper.services.products import add_product, list_products, usual_items
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.cli.test_cli import Cli
from tests.data.test_import import write

FILE = (
    "Name,Phone,Visits,Items\n"
    'Ona Žemaitė,+37061234567,15,"Rye loaf:12; Oat latte:3"\n'
    'Jonas Kazlauskas,+37061234568,4,"oat latte:2;Bouquet:7;Rye Loaf:1"\n'
    "Wang Xiaoming,+8613800138000,2,\n"
)


def rows(db: Database, query: str) -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(query))]


def history(db: Database) -> list[tuple]:
    return rows(
        db,
        "SELECT c.name, p.name, i.times FROM imported_item i JOIN customer c ON c.id = "
        "i.customer_id JOIN product p ON p.id = i.product_id ORDER BY c.name, p.name",
    )


def card_of(db: Database, name: str) -> str:
    return rows(db, f"SELECT card_number FROM customer WHERE name = '{name}'")[0][0]


def test_items_are_imported_products_created_and_shown_as_usual(
    db: Database, tmp_path: Path
) -> None:
    add_product(db, name="Rye loaf", quick_key="r")
    result, _sheet = importing.import_file(db, write(tmp_path, "old.csv", FILE.encode()))
    assert result.imported == 3 and result.warnings == 0
    assert result.mapping["items"] == "Items"
    assert result.new_products == 2  # oat latte and bouquet; "Rye Loaf" is the stored one
    products = {p.name: p for p in list_products(db)}
    assert set(products) == {"Rye loaf", "Oat latte", "Bouquet"}
    assert products["Oat latte"].active and products["Oat latte"].quick_key is None
    assert history(db) == [
        ("Jonas Kazlauskas", "Bouquet", 7),
        ("Jonas Kazlauskas", "Oat latte", 2),
        ("Jonas Kazlauskas", "Rye loaf", 1),
        ("Ona Žemaitė", "Oat latte", 3),
        ("Ona Žemaitė", "Rye loaf", 12),
    ]
    jonas = card_of(db, "Jonas Kazlauskas")
    assert usual_items(db, jonas) == ["Bouquet", "Oat latte", "Rye loaf"]
    summary = customer_summary(db, card_of(db, "Ona Žemaitė"))
    assert summary.usual_items == ["Rye loaf", "Oat latte"]
    assert summary.last_items == []  # no dates: nothing was "last time"
    assert summary.visit_count == 0 and summary.imported_visits == 15
    assert usual_items(db, card_of(db, "Wang Xiaoming")) == []


def test_the_preview_counts_the_new_products_and_writes_nothing(
    db: Database, tmp_path: Path
) -> None:
    result, _sheet = importing.import_file(
        db, write(tmp_path, "old.csv", FILE.encode()), dry_run=True
    )
    assert result.new_products == 3
    assert list_products(db, include_inactive=True) == [] and history(db) == []


def test_the_same_file_twice_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "old.csv", FILE.encode())
    importing.import_file(db, path)
    before = (history(db), list_products(db, include_inactive=True))
    again, _sheet = importing.import_file(db, path)
    assert again.imported == 0 and again.new_products == 0
    assert (history(db), list_products(db, include_inactive=True)) == before


@pytest.mark.parametrize("changes", [importing.Action.KEEP, importing.Action.UPDATE])
def test_an_existing_customers_items_are_ignored_as_past_visits_are(
    db: Database, tmp_path: Path, changes: importing.Action
) -> None:
    ona = create_customer(db, name="Ona Žemaitė", phone="+37061234567")
    result, _sheet = importing.import_file(
        db, write(tmp_path, "old.csv", FILE.encode()), choices=importing.Choices(changes=changes)
    )
    assert result.imported == 2
    assert [r for r in history(db) if r[0] == "Ona Žemaitė"] == []
    assert usual_items(db, ona.card_number) == []
    assert len(history(db)) == 3  # Jonas's, all new


def test_live_items_take_over_once_the_customer_buys(db: Database, tmp_path: Path) -> None:
    importing.import_file(db, write(tmp_path, "old.csv", FILE.encode()))
    ona = card_of(db, "Ona Žemaitė")
    assert usual_items(db, ona) == ["Rye loaf", "Oat latte"]
    record_visit(db, card_number=ona, amount_cents=4_50, items=[("Bouquet", 1)])
    assert usual_items(db, ona) == ["Bouquet"]
    assert customer_summary(db, ona).usual_items == ["Bouquet"]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("Rye loaf:lots", "Items: 'lots' is not a whole number; left out."),
        ("Rye loaf:-2", "Items: '-2' is negative; left out."),
        ("Rye loaf", "Items: 'Rye loaf' does not say how many times (write it as Rye loaf:12); "
                      "left out."),
        ("x:1;" * 1500, "Items: the list of items has 6000 characters, more than 4000; left out."),
    ],
)  # fmt: skip
def test_a_bad_items_cell_is_left_out_with_a_clear_warning(
    db: Database, tmp_path: Path, cell: str, reason: str
) -> None:
    data = f'Name,Phone,Items\nOna Žemaitė,+37061234567,"{cell}"\n'.encode()
    result, _sheet = importing.import_file(db, write(tmp_path, "bad.csv", data))
    assert result.imported == 1 and result.new_products == 0
    assert result.rows[0].warnings == (reason,)
    assert list_products(db, include_inactive=True) == [] and history(db) == []


def test_a_ten_megabyte_cell_refuses_the_file_and_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    data = ("Name,Items\nOna,Rye loaf:" + "1" * 10 * 2**20 + "\n").encode()
    with pytest.raises(InvalidInput, match="not a readable CSV table"):
        importing.import_file(db, write(tmp_path, "huge.csv", data))
    assert rows(db, "SELECT count(*) FROM customer") == [(0,)]
    assert list_products(db, include_inactive=True) == [] and history(db) == []


def test_the_column_is_recognised_under_its_usual_names() -> None:
    assert "items" in rules.FIELDS  # the wizard's mapping table lists every field
    for header in ("Items", "Item history", "Products", "Prekės", "购买商品", "購買紀錄"):
        assert rules.guess_mapping(["Name", header]) == {"name": 0, "items": 1}, header
    assert rules.parse_item_history("Rye loaf:12； oat LATTE：3;rye LOAF:1\n") == (
        ("Rye loaf", 13),
        ("oat LATTE", 3),
    )


def test_customer_show_lists_the_imported_history(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(db_path, capsys)
    path = write(tmp_path, "old.csv", FILE.encode())
    out = cli("import", str(path))
    assert "3 new products from the item histories." in out
    db = Database.open(db_path)
    try:
        card = card_of(db, "Jonas Kazlauskas")
    finally:
        db.dispose()
    shown = cli.json("customer", "show", card)
    assert shown["usual_items"] == ["Bouquet", "Oat latte", "Rye loaf"]


def test_the_wizard_maps_the_items_column_and_says_what_it_added(
    qtbot, db: Database, tmp_path: Path, monkeypatch  # noqa: ANN001
) -> None:
    from PySide6.QtCore import Qt

    from shopkeeper.ui.data import ImportWizard
    from shopkeeper.ui.data import import_wizard as wizard_module

    path = write(tmp_path, "old.csv", FILE.encode())
    wizard = ImportWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    monkeypatch.setattr(wizard_module, "choose_file", lambda parent: str(path))
    qtbot.mouseClick(wizard.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_COLUMNS, timeout=10_000)
    table = wizard.mapping_table
    labels = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert "Items bought" in labels
    assert wizard.columns["items"].currentText() == "Items"
    qtbot.mouseClick(wizard.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_PREVIEW, timeout=10_000)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert list_products(db, include_inactive=True) == []  # the preview wrote nothing
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert "3 new products from the item histories." in wizard.done_label.text()
    assert usual_items(db, card_of(db, "Ona Žemaitė")) == ["Rye loaf", "Oat latte"]
    wizard.wait()


def test_merging_two_imported_cards_adds_their_histories_up(db: Database, tmp_path: Path) -> None:
    from shopkeeper.services.merge import merge_customers

    importing.import_file(db, write(tmp_path, "old.csv", FILE.encode()))
    ona, jonas = card_of(db, "Ona Žemaitė"), card_of(db, "Jonas Kazlauskas")
    merge_customers(db, keep=ona, other=jonas)
    assert history(db) == [
        ("Ona Žemaitė", "Bouquet", 7),
        ("Ona Žemaitė", "Oat latte", 5),
        ("Ona Žemaitė", "Rye loaf", 13),
    ]
    assert usual_items(db, ona) == ["Rye loaf", "Bouquet", "Oat latte"]


def test_the_customers_own_copy_lists_their_imported_history(
    db: Database, tmp_path: Path
) -> None:
    from shopkeeper.services.privacy import customer_data

    importing.import_file(db, write(tmp_path, "old.csv", FILE.encode()))
    ona = customer_data(db, card_of(db, "Ona Žemaitė")).profile
    assert ona.items_before_shopkeeper == "Rye loaf:12; Oat latte:3"
    assert ona.visits_before_shopkeeper == 15
    assert customer_data(db, card_of(db, "Wang Xiaoming")).profile.items_before_shopkeeper is None
