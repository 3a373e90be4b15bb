"""The first-run welcome: a person sets a new shop up, imports a customer list into it, or looks
around the demo shop; a shop already in use never sees the welcome, and the demo never writes
into the real shop's file."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.services import customers, programme, shop_setup
from shopkeeper.services.search import search_customers
from shopkeeper.storage import migrate
from shopkeeper.storage.database import Database
from shopkeeper.ui import app as app_module
from shopkeeper.ui import first_run
from shopkeeper.ui.data import ImportWizard
from shopkeeper.ui.data import import_wizard as wizard_module
from shopkeeper.ui.first_run import FirstRunWelcome
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.operations import Operations
from tests.ui.conftest import type_text


@pytest.fixture
def new_shop(tmp_path: Path, clock) -> Iterator[Database]:  # noqa: ANN001
    """The shop's database as ``app.py`` hands it to the welcome: not connected, no file."""
    database = Database.open(tmp_path / "shop" / "shopkeeper.db", clock=clock)
    yield database
    database.dispose()


@pytest.fixture
def welcome(qtbot, new_shop: Database) -> FirstRunWelcome:  # noqa: ANN001
    widget = FirstRunWelcome(Operations(new_shop))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pick(qtbot, combo: QComboBox, code: str) -> None:  # noqa: ANN001
    """Open the list and click the entry, as a person does (``activated`` fires)."""
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def stored_profile(path: Path) -> tuple[str, str, str, str]:
    db = open_database(path)
    try:
        shop = programme.load(db).shop
    finally:
        db.dispose()
    return shop.name, shop.country, shop.currency, shop.language


def setup_row(path: Path) -> dict:
    with closing(sqlite3.connect(path)) as connection:
        (value,) = connection.execute("SELECT value FROM setting WHERE key = 'setup'").fetchone()
    return json.loads(value)


# --- the welcome itself ---------------------------------------------------------------------


def test_the_welcome_is_prefilled_from_the_machine_and_writes_nothing_before_a_choice(
    welcome: FirstRunWelcome, new_shop: Database
) -> None:
    assert welcome.windowTitle() == "Welcome to Shopkeeper"
    assert welcome.name.text() == "" and welcome.name.hasFocus()
    # the tests' machine is Lithuanian (SHOPKEEPER_LOCALE=lt_LT.UTF-8 in conftest)
    assert welcome.country.currentData() == "LT"
    assert welcome.country.currentText() == "Lithuania — LT"
    assert welcome.currency.currentText() == "Euro — EUR"
    assert welcome.language.currentData() == "lt"
    path = new_shop.sqlite_path
    assert welcome.data_label.text() == f"Your shop's data will be kept in {path}"
    assert welcome.backups_label.text() == (
        f"A backup is made every day into {settings.data_dir() / 'backups'}"
    )
    assert not path.exists() and not path.parent.exists()


def test_start_my_shop_sets_up_the_shop_as_typed_and_chosen(
    qtbot, welcome: FirstRunWelcome, new_shop: Database, clock  # noqa: ANN001
) -> None:
    type_text(welcome.name, "Arbatinė „Žalia“")
    pick(qtbot, welcome.country, "TW")
    assert welcome.currency.currentData() == "TWD"  # the currency follows the country
    pick(qtbot, welcome.language, "zh-Hant")
    with qtbot.waitSignal(welcome.chosen, timeout=5000) as chosen:
        qtbot.mouseClick(welcome.start_button, Qt.MouseButton.LeftButton)
    assert chosen.args == ["start"]
    assert not welcome.error.isVisible()
    started = welcome.started
    assert (started.name, started.country, started.currency, started.language) == (
        "Arbatinė „Žalia“", "TW", "TWD", "zh-Hant",
    )  # fmt: skip
    path = new_shop.sqlite_path
    assert started.created and started.database == str(path)
    assert stored_profile(path) == ("Arbatinė „Žalia“", "TW", "TWD", "zh-Hant")
    assert setup_row(path) == {"at": clock.now.isoformat(), "how": "window"}
    assert shop_setup.set_up_at(new_shop) == clock.now
    assert not shop_setup.first_run_needed(path)  # next time: straight to the counter


def test_a_currency_the_person_picked_stays_when_the_country_changes(
    qtbot, welcome: FirstRunWelcome  # noqa: ANN001
) -> None:
    pick(qtbot, welcome.currency, "USD")
    pick(qtbot, welcome.country, "CN")
    assert welcome.currency.currentData() == "USD"


def test_a_refused_profile_is_said_in_the_welcome_and_nothing_is_created(
    qtbot, welcome: FirstRunWelcome, new_shop: Database  # noqa: ANN001
) -> None:
    seen: list[str] = []
    welcome.chosen.connect(seen.append)
    qtbot.mouseClick(welcome.start_button, Qt.MouseButton.LeftButton)
    assert welcome.error.isVisible() and welcome.error.text() == "The shop needs a name."
    assert welcome.name.hasFocus()
    type_text(welcome.name, "x" * 121)  # the field stops at 120
    assert len(welcome.name.text()) == 120
    welcome.name.clear()
    type_text(welcome.name, "Kepyklėlė")
    qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
    assert seen == ["demo"]
    assert not new_shop.sqlite_path.exists()  # the demo way writes nothing here


def test_import_sets_the_shop_up_first_then_says_import(
    qtbot, welcome: FirstRunWelcome, new_shop: Database  # noqa: ANN001
) -> None:
    type_text(welcome.name, "Corner Shop")
    pick(qtbot, welcome.country, "GB")
    pick(qtbot, welcome.language, "en")
    with qtbot.waitSignal(welcome.chosen, timeout=5000) as chosen:
        qtbot.mouseClick(welcome.import_button, Qt.MouseButton.LeftButton)
    assert chosen.args == ["import"]
    assert stored_profile(new_shop.sqlite_path) == ("Corner Shop", "GB", "GBP", "en")
    assert setup_row(new_shop.sqlite_path)["how"] == "import"


# --- the program: the welcome when no shop exists, its three ways ---------------------------


def run_program(
    args: argparse.Namespace,
    at_welcome: Callable[[FirstRunWelcome], None] | None,
    in_window: Callable[[MainWindow], None],
) -> tuple[int, list[str]]:
    """Run the program as a person would: act in the welcome when it shows, then in the main
    window, then close it. Returns the exit code and the titles seen."""
    seen: list[str] = []
    tries = iter(range(3000))  # up to a minute on a busy machine
    running = [True]  # a look left over must not close the next test's window

    def look() -> None:
        if not running[0]:
            return
        tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        welcomes = [w for w in tops if isinstance(w, FirstRunWelcome)]
        windows = [w for w in tops if isinstance(w, MainWindow)]
        if welcomes and at_welcome is not None and "welcome" not in seen:
            seen.append("welcome")
            QTimer.singleShot(0, lambda: at_welcome(welcomes[0]))
        elif windows:
            seen.append(windows[0].windowTitle())
            in_window(windows[0])
            windows[0].close()
            return
        if next(tries, None) is not None:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    try:
        code = app_module.run(args)
    finally:
        running[0] = False
    return code, seen


def type_and(button: str, name: str = "Arbata") -> Callable[[FirstRunWelcome], None]:
    def act(welcome: FirstRunWelcome) -> None:
        type_text(welcome.name, name)
        getattr(welcome, button).click()

    return act


@pytest.fixture
def program(monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    monkeypatch.setattr(app_module, "DEMO_CUSTOMERS", 150)
    monkeypatch.setattr(app_module, "DEMO_MONTHS", 3)


def test_a_new_shop_opens_the_welcome_and_start_opens_its_counter(
    qtbot, tmp_path: Path, program  # noqa: ANN001
) -> None:
    target = tmp_path / "shopkeeper.db"
    code, seen = run_program(
        argparse.Namespace(db=str(target), demo=False), type_and("start_button"), lambda w: None
    )
    assert code == 0
    assert seen == ["welcome", "Shopkeeper — Arbata"]
    assert stored_profile(target) == ("Arbata", "LT", "EUR", "lt")
    # the next start goes straight to the counter
    code, seen = run_program(argparse.Namespace(db=str(target), demo=False), None, lambda w: None)
    assert seen == ["Shopkeeper — Arbata"]


def test_import_my_customers_goes_straight_into_the_import_wizard(
    qtbot, tmp_path: Path, program, monkeypatch  # noqa: ANN001
) -> None:
    target = tmp_path / "shopkeeper.db"
    sheet = tmp_path / "klientai.csv"
    sheet.write_text(
        "name,phone,email\nOna Žemaitė,861234567,ona@example.lt\n"
        "Jonas Jonaitis,+37069911122,\nRūta Kazlauskienė,,ruta@example.lt\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(wizard_module, "choose_file", lambda parent: str(sheet))
    imported: list[int] = []

    def in_window(window: MainWindow) -> None:
        dialog = window.windows.find("import")
        assert dialog is not None and dialog.isVisible()
        wizard = dialog.findChild(ImportWizard)
        qtbot.mouseClick(wizard.choose_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_COLUMNS, timeout=10_000)
        qtbot.mouseClick(wizard.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_PREVIEW, timeout=10_000)
        qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
        with qtbot.waitSignal(wizard.imported, timeout=10_000) as done:
            qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
        imported.append(done.args[0].imported)
        assert wizard.done_label.text().startswith("Imported 3 new customers")

    code, seen = run_program(
        argparse.Namespace(db=str(target), demo=False),
        type_and("import_button", "Kepyklėlė"),
        in_window,
    )
    assert code == 0 and seen == ["welcome", "Shopkeeper — Kepyklėlė"]
    assert imported == [3]
    db = open_database(target)
    try:
        found = search_customers(db, "Ona Žemaitė")
        assert [c.name for c in found] == ["Ona Žemaitė"]
        assert found[0].phone == "+370 612 34567"  # read as Lithuanian: the shop's country
        assert programme.load(db).shop.name == "Kepyklėlė"
    finally:
        db.dispose()


def test_the_demo_opens_in_its_own_file_and_the_real_shop_is_never_created(
    qtbot, tmp_path: Path, program  # noqa: ANN001
) -> None:
    target = tmp_path / "shopkeeper.db"
    code, seen = run_program(
        argparse.Namespace(db=str(target), demo=False), type_and("demo_button"), lambda w: None
    )
    assert code == 0
    assert seen == ["welcome", "Shopkeeper — Demo Bakery  (demo shop)"]
    assert not target.exists()
    assert not list(tmp_path.glob("shopkeeper.db*"))
    assert settings.demo_database().exists()
    # no shop yet: the next start welcomes again
    assert shop_setup.first_run_needed(target)


def test_the_demo_leaves_an_unset_shop_file_byte_for_byte_as_it_was(
    qtbot, tmp_path: Path, program  # noqa: ANN001
) -> None:
    """A file with the schema but neither profile nor customers (made outside the program) is
    no shop yet: the welcome shows; the demo does not touch it."""
    target = tmp_path / "shopkeeper.db"
    bare = Database.open(target)
    migrate.upgrade(bare)
    bare.dispose()

    def files() -> dict[str, tuple[bytes, int]]:
        return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.glob("shop*")}

    before = files()
    assert shop_setup.first_run_needed(target)
    code, seen = run_program(
        argparse.Namespace(db=str(target), demo=False), type_and("demo_button"), lambda w: None
    )
    assert code == 0 and seen[0] == "welcome" and seen[1].endswith("(demo shop)")
    assert files() == before


def test_closing_the_welcome_leaves_no_shop_behind(
    qtbot, tmp_path: Path, program  # noqa: ANN001
) -> None:
    target = tmp_path / "shopkeeper.db"
    code, seen = run_program(
        argparse.Namespace(db=str(target), demo=False), lambda w: w.close(), lambda w: None
    )
    assert code == 0 and seen == ["welcome"]
    assert not target.exists()


def must_not_welcome(_operations: Operations) -> str:
    raise AssertionError("the welcome showed")


def test_a_shop_in_use_never_sees_the_welcome(
    qtbot, tmp_path: Path, program, monkeypatch, clock  # noqa: ANN001
) -> None:
    monkeypatch.setattr(first_run, "ask", must_not_welcome)
    # a shop opened before (by the CLI or an older version): its profile, no customers yet
    fresh = tmp_path / "opened.db"
    open_database(fresh, shop_name="Bakery").dispose()
    # an old shop with customers whose profile was never written
    old = tmp_path / "old.db"
    db = open_database(old, clock=clock)
    customers.create_customer(db, name="Ona Žemaitė", phone="861234567")
    db.dispose()
    with closing(sqlite3.connect(old)) as connection, connection:
        connection.execute("DELETE FROM setting WHERE key = 'shop'")
    for target, title in ((fresh, "Shopkeeper — Bakery"), (old, "Shopkeeper — My Shop")):
        code, seen = run_program(
            argparse.Namespace(db=str(target), demo=False), None, lambda w: None
        )
        assert code == 0 and seen == [title]


def test_demo_option_opens_the_demo_directly_without_a_welcome(
    qtbot, program, monkeypatch  # noqa: ANN001
) -> None:
    monkeypatch.setattr(first_run, "ask", must_not_welcome)
    code, seen = run_program(argparse.Namespace(db=None, demo=True), None, lambda w: None)
    assert code == 0 and seen == ["Shopkeeper — Demo Bakery  (demo shop)"]
    assert not settings.default_database().exists()  # the real shop was never created
