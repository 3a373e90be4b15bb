"""Notes at the counter: add with kind and pin (no score: that is feedback); resolve a problem;
edit a pinned note."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

from shopkeeper.services import notes
from shopkeeper.services.nps_report import nps_report
from shopkeeper.services.summary import customer_summary
from shopkeeper.ui import dialogs
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.models.notes import SCORE
from tests.old_notes import old_scored_note
from tests.ui.conftest import type_text
from tests.ui.test_booking import open_customer


def select_note(win: MainWindow, text: str) -> None:
    panel = win.counter_view.profile.notes
    for row in range(panel.model.rowCount()):
        if panel.model.note(row).text == text:
            panel.table.selectRow(row)
            return
    raise AssertionError(f"no note {text!r} shown")


def test_add_a_pinned_preference_and_a_feedback_note_in_words(
    qtbot,
    window: MainWindow,
    db,
    shop,
    clock,
) -> None:
    open_customer(qtbot, window, shop.ona)
    profile = window.counter_view.profile
    panel = profile.notes
    # No score on the note form any more: a score is feedback (F9), counted by the NPS report.
    assert panel.findChild(QSpinBox) is None and not hasattr(panel, "score")
    assert panel.table.isColumnHidden(SCORE)
    type_text(panel.text, "Pjausto ruginės duonos, ačiū")
    panel.kind.setCurrentText("preference")
    panel.pin.setChecked(True)
    panel.add.click()
    assert "Note added (preference, pinned)" in panel.message.text()
    assert panel.text.text() == ""
    assert profile.alert_texts() == ["Birthday in 2 days", "Pinned: Pjausto ruginės duonos, ačiū"]
    clock.advance(minutes=5)
    type_text(panel.text, "很好吃")
    panel.kind.setCurrentText("feedback")
    panel.add.click()
    stored = customer_summary(db, shop.ona).notes
    assert [(n.text, n.kind, n.pinned, n.score) for n in stored] == [
        ("很好吃", "feedback", False, None),
        ("Pjausto ruginės duonos, ačiū", "preference", True, None),
    ]
    assert panel.model.rowCount() == 2
    assert profile.tabs.tabText(1) == "Notes (2)"
    assert panel.table.isColumnHidden(SCORE)  # no note has a score: no empty column
    assert nps_report(db).responses == 0  # a note is not an answer


def test_the_score_of_an_old_note_is_still_shown(qtbot, window: MainWindow, db, shop) -> None:
    old_scored_note(db, shop.ona, "Labai skanu", 9)  # written when notes had scores
    open_customer(qtbot, window, shop.ona)
    panel = window.counter_view.profile.notes
    assert not panel.table.isColumnHidden(SCORE)
    assert panel.model.index(0, SCORE).data() == "9/10"
    window.counter_view.lookup.search.clear()
    open_customer(qtbot, window, shop.jonas)  # the next customer has no scored note
    assert panel.table.isColumnHidden(SCORE)


def test_an_empty_note_is_refused_with_a_message(qtbot, window: MainWindow, db, shop) -> None:
    open_customer(qtbot, window, shop.ona)
    panel = window.counter_view.profile.notes
    panel.add.click()
    assert panel.message.text() == "The note is empty."
    assert customer_summary(db, shop.ona).notes == []


def test_resolve_an_open_problem(qtbot, window: MainWindow, db, shop) -> None:
    notes.add_note(db, card_number=shop.ona, text="The cake was dry", kind="problem")
    open_customer(qtbot, window, shop.ona)
    profile = window.counter_view.profile
    assert "Open problem (2026-11-16): The cake was dry" in profile.alert_texts()
    panel = profile.notes
    assert not panel.resolve.isEnabled()
    select_note(window, "The cake was dry")
    assert panel.resolve.isEnabled()
    panel.resolve.click()
    assert customer_summary(db, shop.ona).open_problems == []
    assert not any("Open problem" in text for text in profile.alert_texts())
    assert panel.message.text() == "Problem marked resolved."
    assert not panel.resolve.isEnabled()  # the same note stays selected, now resolved


def test_edit_and_unpin_a_pinned_note(qtbot, window: MainWindow, db, shop, monkeypatch) -> None:
    note = notes.add_note(db, card_number=shop.ona, text="rye loaf", kind="preference", pinned=True)
    monkeypatch.setattr(dialogs, "get_text", lambda _p, _t, _l, text: text + ", sliced")
    open_customer(qtbot, window, shop.ona)
    panel = window.counter_view.profile.notes
    select_note(window, "rye loaf")
    assert panel.edit.isEnabled()
    panel.edit.click()
    assert customer_summary(db, shop.ona).pinned_notes[0].text == "rye loaf, sliced"
    assert "Pinned: rye loaf, sliced" in window.counter_view.profile.alert_texts()
    panel.unpin.click()
    summary = customer_summary(db, shop.ona)
    assert summary.pinned_notes == []
    assert summary.notes[0].id == note.id
