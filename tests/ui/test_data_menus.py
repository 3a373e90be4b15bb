"""File and Customer menus: import, backups, and a customer's privacy rights from the counter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction

from shopkeeper.services import privacy, search
from shopkeeper.ui import dialogs
from shopkeeper.ui.data import BackupsView, ImportWizard
from shopkeeper.ui.main_window import MainWindow

from .test_booking import open_customer


def _menu_action(window: MainWindow, name: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.objectName() == name)


def test_import_and_backups_open_from_the_file_menu(qtbot, window: MainWindow) -> None:
    _menu_action(window, "action_import").trigger()
    assert isinstance(window.windows.dialogs()[-1].findChild(ImportWizard), ImportWizard)
    _menu_action(window, "action_backups").trigger()
    assert isinstance(window.windows.dialogs()[-1].findChild(BackupsView), BackupsView)


def test_export_the_open_customers_data(qtbot, window: MainWindow, shop, tmp_path, monkeypatch):
    out = tmp_path / "ona.html"
    monkeypatch.setattr(dialogs, "save_path", lambda *_args: str(out))
    open_customer(qtbot, window, shop.ona)
    _menu_action(window, "action_privacy_export").trigger()
    text = Path(out).read_text(encoding="utf-8")
    assert "Ona Žemaitė" in text and shop.ona in text
    assert str(out) in window.message.text()


def test_erase_asks_then_the_customer_is_gone(qtbot, window: MainWindow, db, shop, monkeypatch):
    answers = iter([False, True])
    monkeypatch.setattr(dialogs, "ask", lambda *_args: next(answers))
    open_customer(qtbot, window, shop.john)
    _menu_action(window, "action_privacy_erase").trigger()  # "no": nothing happens
    assert not privacy.is_erased(db, shop.john)
    assert window.counter_view.page() == "profile"
    _menu_action(window, "action_privacy_erase").trigger()  # "yes"
    assert search.search_customers(db, "John Smith", include_archived=True) == []
    assert window.counter_view.page() == "welcome"
    assert "erased" in window.message.text()


def test_privacy_actions_need_an_open_customer(qtbot, window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(dialogs, "ask", lambda *_args: True)
    _menu_action(window, "action_privacy_erase").trigger()
    assert window.message.text() == "Open the customer at the counter first."


def test_a_voucher_is_checked_then_marked_used_once(
    qtbot, window: MainWindow, db, shop, monkeypatch
):
    from shopkeeper.services import rewards, visits

    visits.record_visit(db, card_number=shop.ona, amount_cents=22000)
    code = rewards.redeem_reward(db, card_number=shop.ona, reward_id=1).voucher_code
    questions: list[str] = []
    monkeypatch.setattr(dialogs, "get_text", lambda *_args: code.lower())
    monkeypatch.setattr(dialogs, "ask", lambda _p, _t, q: questions.append(q) or True)
    _menu_action(window, "action_use_voucher").trigger()
    assert "Free coffee for Ona Žemaitė" in questions[0]
    assert rewards.find_voucher(db, code).used_at is not None
    assert window.message.text().startswith(f"Voucher {code} used")
    _menu_action(window, "action_use_voucher").trigger()  # the same voucher again
    assert len(questions) == 1  # not even asked
    assert "already used" in window.message.text()
