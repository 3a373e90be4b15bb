"""The import wizard, the backups screen and the start-up restore offer, driven like a user."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from shopkeeper.bootstrap import open_database
from shopkeeper.services import backups
from shopkeeper.services.customers import create_customer
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.storage.database import Database
from shopkeeper.ui import dialogs
from shopkeeper.ui.data import BackupsView, ImportWizard, offer_restore_if_damaged
from shopkeeper.ui.data import backups_view as backups_module
from shopkeeper.ui.data import import_wizard as wizard_module
from tests.data.sheets import LITHUANIAN, encode
from tests.data.test_backups import damage
from tests.data.test_import import data_snapshot


@pytest.fixture
def sheet_file(tmp_path: Path) -> Path:
    rejected = [["", "123", "nobody", "", "", ""], ["Ona vėl", "861234567", "", "", "", ""]]
    rows = [*LITHUANIAN, *rejected]
    path = tmp_path / "klientai.csv"
    path.write_bytes(encode(rows, "cp1257", ";"))
    return path


@pytest.fixture
def wizard(qtbot, db: Database) -> ImportWizard:
    widget = ImportWizard(db)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.wait()


def settle(qtbot, widget) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not widget.busy, timeout=10_000)


def test_the_wizard_reads_guesses_previews_and_imports(
    qtbot, wizard: ImportWizard, db: Database, sheet_file: Path, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(wizard_module, "choose_file", lambda parent: str(sheet_file))
    qtbot.mouseClick(wizard.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_COLUMNS, timeout=10_000)
    # how the file was read, shown and changeable
    assert (wizard.encoding.currentData(), wizard.delimiter.currentData()) == ("cp1257", ";")
    assert wizard.encoding.currentText() == "Windows Baltic (cp1257)"
    # the guessed columns, with the first values to judge them by
    assert wizard.columns["name"].currentText() == "Vardas Pavardė"
    assert wizard.columns["phone"].currentText() == "Telefonas"
    assert wizard.columns["card"].currentText() == wizard_module.NOT_IMPORTED
    assert wizard.mapping_table.item(0, 2).text() == (
        "Žemaitė Ona · Šarūnas Vaišvila · Rūta Čiurlionytė"
    )
    # a wrong encoding chosen by hand shows at once in the names
    wizard.encoding.setCurrentIndex(wizard.encoding.findData("cp1252"))
    wizard.encoding.activated.emit(wizard.encoding.currentIndex())
    settle(qtbot, wizard)
    assert wizard.mapping_table.item(0, 2).text().startswith("Þemaitë Ona")
    wizard.encoding.setCurrentIndex(wizard.encoding.findData("cp1257"))
    wizard.encoding.activated.emit(wizard.encoding.currentIndex())
    settle(qtbot, wizard)
    assert wizard.mapping_table.item(0, 2).text().startswith("Žemaitė Ona")
    # the user decides the points column is not to be imported
    points = wizard.columns["points"]
    points.setCurrentIndex(points.findText(wizard_module.NOT_IMPORTED))
    assert wizard.mapping_table.item(list(wizard.columns).index("points"), 2).text() == ""
    before = data_snapshot(db)
    qtbot.mouseClick(wizard.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_PREVIEW, timeout=10_000)
    assert data_snapshot(db) == before  # the preview wrote nothing
    assert wizard.summary.text().startswith("4 new customers will be imported.")
    lines = [
        tuple(wizard.problems.item(r, c).text() for c in range(4))
        for r in range(wizard.problems.rowCount())
    ]
    assert (
        "6",
        "",
        "Left out",
        "No name, no valid phone and no valid e-mail: nothing to know the customer by.",
    ) in lines
    assert ("7", "", "Left out", "Duplicate: the same phone as row 2.") in lines  # fmt: skip
    # the rejected rows, saved to fix
    target = tmp_path / "to-fix.csv"
    monkeypatch.setattr(wizard_module, "choose_save_file", lambda parent, suggested: str(target))
    qtbot.mouseClick(wizard.save_rejected_button, Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert [r[0] for r in csv.reader(handle, delimiter=";")] == [
            "Vardas Pavardė", "", "Ona vėl"
        ]  # fmt: skip
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as signal:
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert (signal.args[0].imported, signal.args[0].rejected) == (4, 2)
    assert wizard.pages.currentIndex() == wizard.PAGE_DONE
    assert wizard.done_label.text().startswith("Imported 4 new customers. Updated 0 customers.")
    [ona] = search_customers(db, "zemaite")
    summary = customer_summary(db, ona.card_number)
    assert (summary.name, summary.points_balance, summary.imported_visits) == (
        "Žemaitė Ona", 0, 14  # points were left unmapped on purpose
    )  # fmt: skip
    qtbot.mouseClick(wizard.again_button, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == wizard.PAGE_FILE and wizard.file_edit.text() == ""


def test_the_wizard_explains_what_it_cannot_do(
    qtbot, wizard: ImportWizard, db: Database, tmp_path: Path
) -> None:
    qtbot.mouseClick(wizard.open_button, Qt.MouseButton.LeftButton)
    assert wizard.status.text() == "Choose a file first."
    wizard.file_edit.setText(str(tmp_path / "missing.csv"))
    qtbot.mouseClick(wizard.open_button, Qt.MouseButton.LeftButton)
    settle(qtbot, wizard)
    assert wizard.status.text() == f"There is no file {tmp_path / 'missing.csv'}."
    assert wizard.pages.currentIndex() == wizard.PAGE_FILE
    path = tmp_path / "odd.csv"
    path.write_text("Kas,Ryšys\nOna,861234567\n", encoding="utf-8")
    wizard.file_edit.setText(str(path))
    qtbot.keyClick(wizard.file_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_COLUMNS, timeout=10_000)
    qtbot.mouseClick(wizard.preview_button, Qt.MouseButton.LeftButton)
    assert "name, the phone or the e-mail" in wizard.status.text()
    wizard.columns["name"].setCurrentIndex(wizard.columns["name"].findText("Kas"))
    wizard.columns["phone"].setCurrentIndex(wizard.columns["phone"].findText("Kas"))
    qtbot.mouseClick(wizard.preview_button, Qt.MouseButton.LeftButton)
    assert wizard.status.text() == "One column is chosen for several fields: Name, Phone."
    assert wizard.pages.currentIndex() == wizard.PAGE_COLUMNS


@pytest.fixture
def view(qtbot, db: Database) -> BackupsView:
    widget = BackupsView(db)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.wait()


@pytest.mark.sqlite_only("backups, restores and checks of the SQLite file")
def test_backing_up_and_restoring_from_the_screen(
    qtbot, view: BackupsView, db: Database, clock, monkeypatch
) -> None:
    assert view.table.rowCount() == 0 and not view.restore_button.isEnabled()
    create_customer(db, name="Žemaitė Ona")
    with qtbot.waitSignal(view.backed_up, timeout=10_000):
        qtbot.mouseClick(view.backup_button, Qt.MouseButton.LeftButton)
    assert view.table.rowCount() == 1
    assert [view.table.item(0, c).text() for c in range(3)] == [
        "2026-11-16 12:00", "By hand", view.table.item(0, 2).text()
    ]  # fmt: skip
    assert view.message.text().startswith("Backed up and checked: shop-20261116T100000Z-manual")
    create_customer(db, name="王小明")
    view.table.selectRow(0)
    assert view.restore_button.isEnabled()
    questions = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, q: questions.append(q) or False)
    qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)
    assert "taken 2026-11-16 12:00 (1 customer)" in questions[0]
    # a customer was added since: the question says exactly what would be lost
    assert (
        "It would lose 1 customer, 1 points ledger entry recorded since the backup was "
        "taken, the latest on 2026-11-16 12:00." in questions[0]
    )
    assert len(search_customers(db, "王小明")) == 1  # said no: nothing changed
    assert not list(db.sqlite_path.parent.glob("*before-restore*"))
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, q: True)
    order = []
    view.about_to_restore.connect(lambda: order.append("about"))
    view.restored.connect(lambda done: order.append(done.customers))
    qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)
    assert order == ["about", 1]
    assert search_customers(db, "王小明") == [] and len(search_customers(db, "zemaite")) == 1
    assert view.message.text().startswith("Restored the backup taken 2026-11-16 12:00")
    # the same backup again: nothing would be lost, so the question has no warning
    view.table.selectRow(0)
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, q: questions.append(q) or False)
    qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)
    assert "would lose" not in questions[-1] and "another shop" not in questions[-1]


@pytest.mark.sqlite_only("backups, restores and checks of the SQLite file")
def test_choosing_the_backup_folder(qtbot, view: BackupsView, db: Database, tmp_path, monkeypatch):
    stick = tmp_path / "USB"
    monkeypatch.setattr(backups_module, "choose_folder", lambda parent, current: str(stick))
    qtbot.mouseClick(view.folder_button, Qt.MouseButton.LeftButton)
    assert view.folder_label.text() == str(stick.resolve())
    with qtbot.waitSignal(view.backed_up, timeout=10_000) as signal:
        qtbot.mouseClick(view.backup_button, Qt.MouseButton.LeftButton)
    assert signal.args[0].path.parent == stick.resolve()
    qtbot.mouseClick(view.default_button, Qt.MouseButton.LeftButton)
    assert view.folder_label.text() == str(backups.default_folder())
    assert view.table.rowCount() == 0  # the stick's backups are not in the default folder


class Dialogs:
    """Records the questions and messages; answers ``ask`` with ``answer``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: bool) -> None:
        self.asked: list[str] = []
        self.told: list[tuple[str, bool]] = []
        monkeypatch.setattr(dialogs, "ask", self.ask)
        monkeypatch.setattr(dialogs, "inform", self.inform)
        self.answer = answer

    def ask(self, parent, title: str, question: str) -> bool:  # noqa: ANN001
        self.asked.append(question)
        return self.answer

    def inform(self, parent, title: str, message: str, *, warning: bool = False) -> None:  # noqa: ANN001
        self.told.append((message, warning))


def damaged_shop(db: Database, db_path: Path, *, with_backup: bool = True) -> None:
    for i in range(300):
        create_customer(db, name=f"Pirkėjas {i}")
    if with_backup:
        backups.back_up(db)
    db.dispose()
    damage(db_path)


@pytest.mark.sqlite_only("backups, restores and checks of the SQLite file")
def test_a_sound_database_opens_without_a_word(qtbot, db: Database, db_path: Path, monkeypatch):
    said = Dialogs(monkeypatch, answer=False)
    assert offer_restore_if_damaged(None, db_path)
    assert offer_restore_if_damaged(None, db_path.with_name("new-shop.db"))
    assert (said.asked, said.told) == ([], [])


@pytest.mark.sqlite_only("backups, restores and checks of the SQLite file")
def test_a_damaged_database_is_restored_from_its_latest_good_backup(
    qtbot, db: Database, db_path: Path, monkeypatch
) -> None:
    damaged_shop(db, db_path)
    said = Dialogs(monkeypatch, answer=True)
    assert offer_restore_if_damaged(None, db_path)
    [question] = said.asked
    assert question.startswith(f"The shop's database {db_path} is damaged")
    assert "Restore the latest good backup, taken 2026-11-16 12:00 (300 customers)?" in question
    [(message, warning)] = said.told
    assert message.startswith("The backup taken 2026-11-16 12:00 is restored (300 customers).")
    assert not warning
    reopened = open_database(db_path)
    try:
        assert len(search_customers(reopened, "Pirk", limit=200)) == 200
    finally:
        reopened.dispose()


@pytest.mark.sqlite_only("backups, restores and checks of the SQLite file")
def test_without_a_backup_the_damage_is_explained_and_the_window_stays_closed(
    qtbot, db: Database, db_path: Path, monkeypatch
) -> None:
    damaged_shop(db, db_path, with_backup=False)
    said = Dialogs(monkeypatch, answer=True)
    assert not offer_restore_if_damaged(None, db_path)
    [(message, warning)] = said.told
    assert warning and "No good backup of it was found" in message and said.asked == []


@pytest.mark.sqlite_only("backups, restores and checks of the SQLite file")
def test_declining_the_restore_changes_nothing(
    qtbot, db: Database, db_path: Path, monkeypatch
) -> None:
    damaged_shop(db, db_path)
    before = db_path.read_bytes()
    said = Dialogs(monkeypatch, answer=False)
    assert not offer_restore_if_damaged(None, db_path)
    assert len(said.asked) == 1 and said.told == []
    assert db_path.read_bytes() == before
