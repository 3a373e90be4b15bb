"""The one-tap question after a booking, driven through the real counter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shopkeeper.services.notes import resolve_note
from shopkeeper.services.summary import customer_summary
from shopkeeper.ui.main_window import MainWindow
from tests.engines import stored_rows
from tests.ui.conftest import press_enter, type_text
from tests.ui.test_booking import open_customer


def open_card(qtbot, window: MainWindow, card: str) -> None:
    window.counter_view.lookup.search.clear()
    open_customer(qtbot, window, card)


def book(qtbot, window: MainWindow, card: str, amount: str = "12.50") -> None:
    open_card(qtbot, window, card)
    field = window.counter_view.profile.booking.amount
    qtbot.keyClicks(field, amount)
    press_enter(qtbot, field)


def feedback_rows(db_path) -> list[tuple]:
    return stored_rows(
        db_path, "SELECT customer_id, score, comment, touchpoint, visit_id, problem_note_id "
        "FROM feedback ORDER BY id"
    )


def test_answer_3_with_the_keyboard_opens_a_problem_shown_until_resolved(
    qtbot, window: MainWindow, db, db_path, shop, clock
) -> None:
    counter = window.counter
    panel = counter.feedback.panel
    search = window.counter_view.lookup.search
    assert not panel.question.isVisible()
    book(qtbot, window, shop.ona)
    # the question shows, the cursor is in the search field for the next customer as always
    assert panel.question.isVisible()
    assert search.hasFocus()
    assert panel.line.isHidden()  # never answered: nothing to say
    qtbot.keyClick(search, Qt.Key.Key_F9)  # the cashier turns to the question on purpose
    assert panel.question.hasFocus()
    qtbot.keyClick(panel.question, Qt.Key.Key_3)
    assert not panel.question.isVisible()
    assert search.hasFocus()  # back where the next scan goes
    assert counter.feedback.last_message == (
        "Thank you: 3/10 recorded; a problem was opened to follow up."
    )
    assert panel.line.isVisible()
    assert panel.line.text() == "Last feedback: 3/10, today (counter)"
    visit_id = customer_summary(db, shop.ona).recent_visits[0].id
    rows = feedback_rows(db_path)
    assert len(rows) == 1 and rows[0][1:5] == (3, None, "counter", visit_id)
    problem_id = rows[0][5]
    alerts = window.counter_view.profile.alert_texts()
    assert any(a.startswith("Open problem") and "Low score 3/10 (counter)" in a for a in alerts)
    # the next visit, days later: the problem and how they felt show at the counter
    clock.advance(days=3)
    open_card(qtbot, window, shop.jonas)
    open_card(qtbot, window, shop.ona)
    assert any("Low score 3/10" in a for a in window.counter_view.profile.alert_texts())
    assert panel.line.text() == "Last feedback: 3/10, 3 days ago (counter)"
    resolve_note(db, problem_id)
    open_card(qtbot, window, shop.jonas)
    open_card(qtbot, window, shop.ona)
    assert not any("Low score" in a for a in window.counter_view.profile.alert_texts())


def test_skip_stores_nothing_and_the_next_customer_is_not_slowed(
    qtbot, window: MainWindow, db_path, shop
) -> None:
    panel = window.counter.feedback.panel
    search = window.counter_view.lookup.search
    book(qtbot, window, shop.jonas)
    assert panel.question.isVisible()
    qtbot.keyClick(search, Qt.Key.Key_F9)
    qtbot.keyClick(panel.question, Qt.Key.Key_Escape)
    assert not panel.question.isVisible()
    assert search.hasFocus()
    # the Skip button does the same
    book(qtbot, window, shop.jonas, "3")
    panel.question.skip.click()
    assert not panel.question.isVisible()
    # unanswered: the next customer is scanned straight away and the question goes
    book(qtbot, window, shop.john, "4")
    assert panel.question.isVisible() and search.hasFocus()
    type_text(search, shop.ona)
    press_enter(qtbot, search)
    assert window.counter_view.profile.name.text() == "Ona Žemaitė"
    assert not panel.question.isVisible()
    assert window.counter_view.profile.booking.amount.hasFocus()
    assert feedback_rows(db_path) == []


def test_a_tap_answers_without_taking_the_cursor_and_keeps_the_comment(
    qtbot, window: MainWindow, db_path, shop
) -> None:
    panel = window.counter.feedback.panel
    search = window.counter_view.lookup.search
    book(qtbot, window, shop.xiaoming)
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in panel.question.buttons)
    qtbot.mouseClick(panel.question.comment, Qt.MouseButton.LeftButton)
    type_text(panel.question.comment, "很好吃")
    qtbot.mouseClick(panel.question.buttons[10], Qt.MouseButton.LeftButton)
    assert not panel.question.isVisible()
    assert QApplication.focusWidget() is search
    assert [r[1:4] + (r[5],) for r in feedback_rows(db_path)] == [
        (10, "很好吃", "counter", None)
    ]
    assert panel.line.text() == "Last feedback: 10/10, today (counter): “很好吃”"
    # digits typed in the search field are a card number, never an answer
    book(qtbot, window, shop.john)
    type_text(search, "12")
    assert search.text() == "12"
    assert len(feedback_rows(db_path)) == 1


def test_feedback_for_another_touchpoint_from_the_profile(
    qtbot, window: MainWindow, db_path, shop
) -> None:
    open_customer(qtbot, window, shop.meiling)
    controller = window.counter.feedback
    profile = window.counter_view.profile
    profile.tabs.setCurrentWidget(controller.panel.page)
    controller.panel.record.click()  # the profile's Feedback tab
    dialog = controller.dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.touchpoint.itemText(i) for i in range(dialog.touchpoint.count())] == [
        "counter", "phone order", "delivery"
    ]
    assert not dialog.ok.isEnabled()  # a score must be chosen
    dialog.score.setValue(8)
    dialog.touchpoint.setCurrentIndex(2)
    type_text(dialog.comment, "Atvežė laiku")
    dialog.ok.click()
    qtbot.waitUntil(lambda: controller.dialog is None)
    assert [r[1:4] + (r[5],) for r in feedback_rows(db_path)] == [
        (8, "Atvežė laiku", "delivery", None)
    ]
    assert controller.panel.line.text() == "Last feedback: 8/10, today (delivery): “Atvežė laiku”"
    # opened twice in a row: a fresh dialog each time, no dead reference
    for _ in range(2):
        again = controller.open_dialog()
        assert again is not None
        again.reject()
        qtbot.waitUntil(lambda: controller.dialog is None)
