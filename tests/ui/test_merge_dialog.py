"""Customer ▸ Merge with another customer…: find the other card, compare, confirm; the stored
rows move and the old card opens the kept customer at the counter."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from shopkeeper.services import customers, merge, visits
from shopkeeper.services.summary import customer_summary
from shopkeeper.ui import dialogs
from shopkeeper.ui.customers.merge import MergeView
from shopkeeper.ui.main_window import MainWindow
from tests.services.support import balance, ledger_sum, snapshot

from .conftest import press_enter
from .test_booking import open_customer


def _action(window: MainWindow, name: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.objectName() == name)


def _second_card(db) -> customers.CustomerSaved:  # noqa: ANN001
    second = customers.create_customer(db, name="Ona Zemaite", email="ona@example.lt")
    visits.record_visit(db, card_number=second.card_number, amount_cents=3_000)
    return second


def _open_merge(qtbot, window: MainWindow, other: str) -> MergeView:  # noqa: ANN001
    _action(window, "action_merge").trigger()
    view = window.windows.find("merge").findChild(MergeView)
    view.search.setFocus()
    qtbot.keyClicks(view.search, other)
    press_enter(qtbot, view.search)
    return view


def test_merge_from_the_customer_menu(qtbot, window: MainWindow, db, shop, monkeypatch) -> None:  # noqa: ANN001
    second = _second_card(db)
    open_customer(qtbot, window, shop.ona)
    ona_id = window.counter.profile.summary.id
    view = _open_merge(qtbot, window, second.card_number)
    dialog = window.windows.find("merge")

    assert view.results.count() == 1
    preview = view.table
    assert (preview.item(0, 0).text(), preview.item(0, 1).text()) == ("Ona Žemaitė", "Ona Zemaite")
    assert (preview.item(5, 0).text(), preview.item(5, 1).text()) == ("50", "80")
    assert "Taken from the other card: email." in view.summary.text()
    assert "Afterwards: 130 points, 1 visit," in view.summary.text()

    before = snapshot(db)
    monkeypatch.setattr(dialogs, "ask", lambda *_args: False)  # "no": nothing happens
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert snapshot(db) == before and merge.merges(db) == []

    monkeypatch.setattr(dialogs, "ask", lambda *_args: True)
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    (record,) = merge.merges(db)
    assert (record.kept_customer_id, record.merged_customer_id) == (ona_id, second.id)
    assert balance(db, ona_id) == ledger_sum(db, ona_id) == 130
    assert customer_summary(db, second.card_number).card_number == shop.ona
    assert f"Card {second.card_number} merged into card {shop.ona}" in window.message.text()
    assert window.counter.profile.summary.points_balance == 130  # the profile reloaded
    assert window.counter.profile.view.balance.text() == "130"
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())

    # the old card at the counter opens Ona, saying where the card went
    window.counter.lookup.clear()
    open_customer(qtbot, window, second.card_number)
    assert window.counter.profile.summary.card_number == shop.ona
    hint = window.counter_view.lookup.hint.text()
    assert f"Card {second.card_number} was merged into {shop.ona}." in hint

    # the dialog opens again after the first one closed; a second merge is refused inline
    view = _open_merge(qtbot, window, "Jonas")
    view.results.setCurrentRow(0)
    assert view.merge_button.isEnabled()
    assert view.error.text() == ""


def test_keep_the_other_card_instead(qtbot, window: MainWindow, db, shop, monkeypatch) -> None:  # noqa: ANN001
    second = _second_card(db)
    open_customer(qtbot, window, shop.ona)
    view = _open_merge(qtbot, window, second.card_number)
    qtbot.mouseClick(view.swap, Qt.MouseButton.LeftButton)
    assert view.table.item(1, 0).text() == second.card_number
    monkeypatch.setattr(dialogs, "ask", lambda *_args: True)
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert customer_summary(db, shop.ona).card_number == second.card_number
    # the counter showed Ona's old card: it now shows the customer it leads to
    assert window.counter.profile.summary.card_number == second.card_number
    assert window.counter.profile.summary.phone is not None  # filled from the merged card


def test_a_refused_merge_is_explained_in_the_dialog(qtbot, window: MainWindow, db, shop) -> None:  # noqa: ANN001
    second = _second_card(db)
    merge.merge_customers(db, keep=shop.jonas, other=second.card_number)
    open_customer(qtbot, window, shop.ona)
    view = _open_merge(qtbot, window, "Ona Zemaite")
    assert view.results.count() == 0  # merged away: only found as the customer it became
    view.other_card = second.card_number  # as if chosen before another till merged it
    view.preview()
    assert view.error.text() == (
        f"Card {second.card_number} was already merged into card {shop.jonas}."
    )
    assert not view.merge_button.isEnabled()
