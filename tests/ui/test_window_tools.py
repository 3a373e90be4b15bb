"""What the command line could do and the window could not: a customer's points history, a
correction with its reason, archiving, month-end shown before it runs, the letter's wording,
the version in Help › About. Driven through the real menus, checked on screen and in the rows."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

import shopkeeper
from shopkeeper.domain.calendar import Month
from shopkeeper.services import customers, letters, month_end, programme, search, visits
from shopkeeper.services.ledger import ledger
from shopkeeper.ui import dialogs
from shopkeeper.ui.customers.correction import CorrectionDialog
from shopkeeper.ui.customers.history import PointsHistoryDialog
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.month_end import MonthEndDialog
from shopkeeper.ui.printing.letter_wording import LetterWordingDialog

from .conftest import type_text
from .test_booking import open_customer


def _action(window: MainWindow, name: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.objectName() == name)


def _open_dialog(qtbot, kind: type[QDialog]) -> QDialog:  # noqa: ANN001
    found: list[QDialog] = []

    def visible() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)]
        found[:] = [w for w in found if w.isVisible()]
        return bool(found)

    qtbot.waitUntil(visible, timeout=3000)
    dialog = found[-1]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    return dialog


def test_points_history_shows_every_entry_with_its_reason(qtbot, window, db, shop) -> None:  # noqa: ANN001
    visits.record_visit(db, card_number=shop.ona, amount_cents=1250)
    open_customer(qtbot, window, shop.ona)
    _action(window, "action_points_history").trigger()
    dialog = _open_dialog(qtbot, PointsHistoryDialog)
    rows = [
        [dialog.model.index(r, c).data() for c in range(5)] for r in range(dialog.model.rowCount())
    ]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("Visit", "+12", "62"),
        ("Welcome bonus", "+50", "50"),
    ]
    assert "balance 62 points" in dialog.heading.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_correction_needs_a_reason_and_is_a_ledger_entry(qtbot, window, db, shop) -> None:  # noqa: ANN001
    open_customer(qtbot, window, shop.jonas)
    _action(window, "action_points_history").trigger()
    history = _open_dialog(qtbot, PointsHistoryDialog)
    history.correct_button.click()  # from the history to the correction
    dialog = _open_dialog(qtbot, CorrectionDialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.points.setValue(-60)  # more than the 50 the welcome gave
    type_text(dialog.reason, "double welcome")
    assert dialog.outcome.text() == "Balance 50 → -10"
    assert not save.isEnabled()  # a balance never goes below zero
    dialog.points.setValue(15)
    assert dialog.outcome.text() == "Balance 50 → 65" and save.isEnabled()
    save.click()
    assert [(e.kind, e.points, e.note) for e in ledger(db, shop.jonas)][-1] == (
        "correction",
        15,
        "double welcome",
    )
    assert customers_balance(db, shop.jonas) == 65
    qtbot.waitUntil(lambda: history.model.rowCount() == 2)  # the open history follows
    assert history.model.index(0, 4).data() == "double welcome"
    assert window.message.text() == "Points corrected for Jonas Jonaitis: balance 65."
    assert "65" in window.counter_view.profile.balance.text()
    history.reject()


def customers_balance(db, card: str) -> int:  # noqa: ANN001
    found = search.search_customers(db, card, include_archived=True)
    return found[0].points_balance


def test_archive_then_bring_back(qtbot, window, db, shop, monkeypatch) -> None:  # noqa: ANN001
    questions: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda _p, title, _q: questions.append(title) or True)
    open_customer(qtbot, window, shop.john)
    _action(window, "action_archive").trigger()
    assert questions == ["Archive a customer"]
    assert search.search_customers(db, "John Smith") == []  # gone from the counter's search
    assert "archived" in window.message.text()
    window.menuBar().actions()[1].menu().aboutToShow.emit()
    assert _action(window, "action_archive").text().startswith("Bring back")
    _action(window, "action_archive").trigger()
    assert questions[-1] == "Bring back a customer"
    assert [c.card_number for c in search.search_customers(db, "John Smith")] == [shop.john]


def test_customer_tools_need_an_open_customer(qtbot, window) -> None:  # noqa: ANN001
    _action(window, "action_points_history").trigger()
    assert window.message.text() == "Open the customer at the counter first."


def test_month_end_shows_what_it_will_do_before_it_runs(qtbot, window, db, shop, clock) -> None:  # noqa: ANN001
    programme.update_rules(db, expiry_months=1)
    clock.set(datetime(2027, 1, 10, 10, tzinfo=UTC))  # Ona's welcome points are old now
    before = [(e.kind, e.points) for e in ledger(db, shop.ona)]
    _action(window, "action_month_end").trigger()
    dialog = _open_dialog(qtbot, MonthEndDialog)
    assert dialog.month.currentData() == "2026-12"
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    plan = dialog.plan.text()
    assert "250 points will expire for 5 customers" in plan  # the five welcome bonuses
    assert [(e.kind, e.points) for e in ledger(db, shop.ona)] == before  # nothing written
    assert dialog.run_button.isEnabled()
    dialog.run_button.click()
    assert dialog.status.text() == "2026-12 is closed."
    assert "250 points expire for 5 customers" in dialog.plan.text()
    assert ledger(db, shop.ona)[-1].kind == "expiry"
    dialog.refresh()  # the same month again: nothing left to do
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert "already closed" in dialog.plan.text() and not dialog.run_button.isEnabled()
    assert month_end.month_end(db, Month(2026, 12)).changed_anything is False
    dialog.reject()


def test_the_letter_wording_is_edited_and_checked(qtbot, window, db, monkeypatch) -> None:  # noqa: ANN001
    _action(window, "action_letter_wording").trigger()
    dialog = _open_dialog(qtbot, LetterWordingDialog)
    # It opens on the shop's language (the tests' shops are Lithuanian) ...
    assert dialog.chosen_language == "lt"
    assert dialog.edits["greeting"].text() == "{dear} {first_name},"
    # ... and the language box switches to the English letters' wording.
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    greeting = dialog.edits["greeting"]
    assert dialog.chosen_language == "en" and greeting.text() == "Dear {first_name},"
    greeting.clear()
    type_text(greeting, "Labas, {vardas}!")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "Unknown placeholder {vardas}" in dialog.status.text()
    assert dialog.isVisible() and letters.letter_template(db, "en").greeting == "Dear {first_name},"
    greeting.clear()
    type_text(greeting, "Hello {first_name}!")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert letters.letter_template(db, "en").greeting == "Hello {first_name}!"
    assert letters.letter_template(db, "lt").greeting == "{dear} {first_name},"  # untouched
    assert "wording is saved" in window.message.text()
    _action(window, "action_letter_wording").trigger()
    again = _open_dialog(qtbot, LetterWordingDialog)
    again.language.setCurrentIndex(again.language.findData("en"))
    assert again.edits["greeting"].text() == "Hello {first_name}!"
    monkeypatch.setattr(dialogs, "ask", lambda *_a: True)
    again.reset_button.click()
    assert letters.letter_template(db, "en").greeting == "Dear {first_name},"
    again.reject()


def test_help_about_names_the_version(qtbot, window, monkeypatch) -> None:  # noqa: ANN001
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, message, **_k: shown.append(message))
    help_menu = window.menuBar().actions()[-1].menu()
    help_menu.actions()[0].trigger()
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert shopkeeper.__version__ == pyproject["project"]["version"]
    assert shown and shown[0].startswith(f"Shopkeeper {shopkeeper.__version__}")


def test_archived_customer_is_found_from_the_customer_list_and_brought_back(
    qtbot, window, db, shop, monkeypatch  # noqa: ANN001
) -> None:
    customers.archive_customer(db, shop.meiling)
    monkeypatch.setattr(dialogs, "ask", lambda *_a: True)
    window.open_customer(shop.meiling)  # as the customer list's "archived" filter does
    assert window.counter.profile.summary.archived
    _action(window, "action_archive").trigger()
    assert [c.card_number for c in search.search_customers(db, "陳美玲")] == [shop.meiling]
