"""The import wizard with another shop's export and a Chinese teahouse's file, driven like a
user: the preview lists conflicts, differences and possible duplicates with a choice for each
row, offers the phone numbers' country, and the import does what was chosen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from shopkeeper.bootstrap import open_database
from shopkeeper.services import export
from shopkeeper.services.customers import create_customer
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.storage.database import Database
from shopkeeper.ui.data import ImportWizard
from shopkeeper.ui.data import import_wizard as wizard_module
from shopkeeper.ui.operations import Operations
from tests.data.sheets import SIMPLIFIED, encode
from tests.data.test_import import data_snapshot


@pytest.fixture
def wizard(qtbot, db: Database) -> ImportWizard:
    widget = ImportWizard(db)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.wait()


def open_file(qtbot, wizard: ImportWizard, path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(wizard_module, "choose_file", lambda parent: str(path))
    qtbot.mouseClick(wizard.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_COLUMNS, timeout=10_000)
    qtbot.mouseClick(wizard.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_PREVIEW, timeout=10_000)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)


def table_lines(wizard: ImportWizard) -> list[tuple[str, ...]]:
    return [
        tuple(wizard.problems.item(r, c).text() for c in range(4))
        for r in range(wizard.problems.rowCount())
    ]


def test_conflicts_are_listed_with_a_choice_per_row_and_the_import_follows_it(
    qtbot, wizard: ImportWizard, db: Database, tmp_path: Path, monkeypatch, clock  # noqa: ANN001
) -> None:
    ona = create_customer(db, name="Ona Žemaitė", phone="+37061234567")
    jonas = create_customer(db, name="Jonas Kazlauskas", birthday=date(1970, 1, 2))
    other = open_database(tmp_path / "other.db", shop_name="Another Bakery")
    other.clock = clock
    build_demo_shop(other, customers=10, months=3, seed=7)
    path = tmp_path / "their-customers.csv"
    export.export_table(other, "customers", path)
    other.dispose()
    before = data_snapshot(db)
    open_file(qtbot, wizard, path, monkeypatch)
    assert data_snapshot(db) == before  # the preview wrote nothing
    assert "2 conflicts" in wizard.summary.text()
    conflicts = [line for line in table_lines(wizard) if line[2] == "Conflict"]
    assert [line[3] for line in conflicts] == [
        f"Has the card of Ona Žemaitė (card {ona.card_number}) but another name and contacts.",
        f"Has the card of Jonas Kazlauskas (card {jonas.card_number}) but another name and "
        "contacts.",
    ]
    first, second = (int(line[0]) for line in conflicts)
    assert set(wizard.choices) == {first, second}
    assert wizard.choices[first].currentText() == "Import as a new customer"
    # the user leaves the first conflict out and takes the second as a new customer
    leave_out = wizard.choices[first]
    leave_out.setCurrentIndex(leave_out.findText("Leave out"))
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as signal:
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    result = signal.args[0]
    by_row = {r.row: r for r in result.rows}
    assert by_row[first].status == "skipped"
    assert by_row[second].status == "imported" and by_row[second].card_number != jonas.card_number
    assert (result.imported, result.skipped) == (9, 1)
    assert wizard.done_label.text().startswith("Imported 9 new customers. Updated 0 customers.")
    # ours are untouched; the skipped row's person is not in the shop
    assert customer_summary(db, ona.card_number).name == "Ona Žemaitė"
    assert customer_summary(db, jonas.card_number).name == "Jonas Kazlauskas"
    assert search_customers(db, by_row[first].name) == []
    assert customer_summary(db, by_row[second].card_number).name == by_row[second].name


def test_the_phone_country_is_offered_and_taken(
    qtbot, db: Database, tmp_path: Path, monkeypatch  # noqa: ANN001
) -> None:
    operations = Operations(db)
    changes = []
    operations.changed.connect(changes.append)
    wizard = ImportWizard(db, operations=operations)
    qtbot.addWidget(wizard)
    wizard.show()
    table = [list(r) for r in SIMPLIFIED]
    table[1][1], table[2][1], table[4][1] = "13800138003", "13900001111", "13722223333"
    path = tmp_path / "茶馆.csv"
    path.write_bytes(encode(table, "gbk"))
    open_file(qtbot, wizard, path, monkeypatch)
    assert wizard.phone_hint.isVisible()
    assert wizard.phone_hint.text() == (
        "3 phone numbers are not valid for LT but are for CN: choose CN to keep them."
    )
    assert sum(1 for line in table_lines(wizard) if line[2] == "Value dropped") == 3
    wizard.phone_country.setCurrentIndex(wizard.phone_country.findData("CN"))
    wizard.phone_country.activated.emit(wizard.phone_country.currentIndex())
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert not any(line[2] == "Value dropped" for line in table_lines(wizard))
    assert wizard.phone_country.findData("LT") >= 0  # the way back
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert [c.what for c in changes] == ["import"]  # every screen heard of it once
    [wang] = search_customers(db, "王小明")
    assert customer_summary(db, wang.card_number).phone == "+86 138 0013 8003"
    wizard.wait()
