"""The window with staff: asked who is at the till at start, the person always shown, Ctrl+L to
switch, a booking recorded under that person, an owner action refused and then approved by the
owner's PIN, the till asking again after sitting idle."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from shopkeeper.services import staff as staff_service
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.staff import PinDialog, StaffDialog
from tests.ui.conftest import Shop, press_enter, qsettings, shop  # noqa: F401 - fixtures

OWNER_PIN = "4821"
focus: list[bool] = []  # whether the PIN field had the focus when the PIN was typed
STAFF_PIN = "7301"


def _answer(qtbot, pin: str, *, name: str | None = None, seen: list | None = None) -> None:
    """When the next PIN dialog shows, type like a person: the name (if asked), the PIN, Enter
    (or Escape for an empty PIN)."""

    def fill() -> None:
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, PinDialog) and w.isVisible()]
        dialog = shown[-1] if shown else None
        if dialog is None:
            QTimer.singleShot(10, fill)
            return
        if seen is not None:
            seen.append((dialog.objectName(), dialog.intro.text(), dialog.error.text()))
        if not pin:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            return
        try:
            if name is not None:
                dialog.name.clear()
                qtbot.keyClicks(dialog.name, name)
                press_enter(qtbot, dialog.name)  # on to the PIN
            focus.append(dialog.focusWidget() is dialog.pin)
            qtbot.keyClicks(dialog.pin, pin)
            press_enter(qtbot, dialog.pin)
        finally:
            if dialog.isVisible() and dialog.error.text() == "":
                dialog.reject()  # never leave a test waiting on a dialog

    QTimer.singleShot(0, fill)


@pytest.fixture
def staffed(db: Database, shop: Shop) -> Shop:  # noqa: F811
    staff_service.add_staff(db, name="Asta", role="owner", pin=OWNER_PIN)
    db.actor = staff_service.authenticate(db, "Asta", OWNER_PIN)
    staff_service.add_staff(db, name="Rasa", role="staff", pin=STAFF_PIN)
    db.actor = None  # a fresh start of the program: nobody at the till yet
    return shop


@pytest.fixture
def window(qtbot, db: Database, staffed: Shop, qsettings: QSettings) -> Iterator[MainWindow]:  # noqa: F811
    win = MainWindow(db, qsettings)
    qtbot.addWidget(win)
    _answer(qtbot, OWNER_PIN, name="Asta")  # the window asks at start
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: db.actor is not None, timeout=5000)
    yield win
    win.close()


def test_switch_book_refused_then_approved(qtbot, window: MainWindow, db, staffed) -> None:
    label = window.findChild(type(window.message), "till_person")
    assert label.text() == "At the till: Asta (owner)"
    # Ctrl+L and Rasa's PIN; a wrong PIN first is explained in the dialog
    seen: list = []
    _answer(qtbot, "0000", name="Rasa", seen=seen)
    QTimer.singleShot(300, lambda: _answer(qtbot, STAFF_PIN, seen=seen))
    window.counter_view.lookup.search.setFocus()
    qtbot.keyClick(window.counter_view.lookup.search, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: label.text() == "At the till: Rasa (staff member)", timeout=5000)
    assert len(seen) == 2, seen
    assert "Wrong name or PIN for Rasa; 4 more wrong PINs lock it." in seen[-1][2]
    assert db.actor.name == "Rasa"

    # a booking is Rasa's, in the profile and in the database
    search = window.counter_view.lookup.search
    qtbot.keyClicks(search, staffed.jonas)
    press_enter(qtbot, search)
    profile = window.counter_view.profile
    qtbot.keyClicks(profile.booking.amount, "12.50")
    press_enter(qtbot, profile.booking.amount)
    assert profile.booking.result.text().startswith("+12 points")
    model = profile.visits_model
    by = model.columnCount() - 1
    assert model.headerData(by, Qt.Orientation.Horizontal) == "By"
    assert model.index(0, by).data() == "Rasa"
    with db.read() as session:
        assert session.exec(select(t.Visit.staff)).all() == ["Rasa"]

    # staff management is the owner's: refused, the owner's approval offered (declined)
    window.findChild(QAction, "action_staff").trigger()
    dialog = window.findChild(StaffDialog, "staff_dialog")
    qtbot.keyClicks(dialog.name, "Mantas")
    qtbot.keyClicks(dialog.pin, "2222")
    offered: list = []
    _answer(qtbot, "", seen=offered)  # Escape: nobody approves
    dialog.add_button.click()
    assert offered[0][0] == "owner_approval"
    assert "Only an owner may manage staff; Rasa is a staff member." in offered[0][1]
    assert dialog.message.text() == "Only an owner may manage staff; Rasa is a staff member."
    assert [p.name for p in staff_service.list_staff(db)] == ["Asta", "Rasa"]

    # ... then approved on the spot by the owner's PIN, once; the till stays Rasa's
    _answer(qtbot, OWNER_PIN, name="Asta")
    dialog.add_button.click()
    assert [p.name for p in staff_service.list_staff(db)] == ["Asta", "Mantas", "Rasa"]
    assert dialog.table.rowCount() == 3
    assert db.actor.name == "Rasa" and label.text() == "At the till: Rasa (staff member)"
    with db.read() as session:
        audit = session.exec(
            select(t.AuditEntry.kind, t.AuditEntry.staff_name, t.AuditEntry.subject).where(
                t.AuditEntry.kind.in_(["staff.approve", "staff.add"])
            ).order_by(t.AuditEntry.id)
        ).all()
    assert audit[-2:] == [("staff.approve", "Rasa", "Asta"), ("staff.add", "Asta", "Mantas")]
    dialog.close()


def test_an_idle_till_asks_for_the_pin_again(qtbot, window: MainWindow, db) -> None:
    person = window.till_person
    assert person.idle.isActive() and person.idle.interval() == 10 * 60_000
    label = window.findChild(type(window.message), "till_person")
    seen: list = []
    _answer(qtbot, OWNER_PIN, seen=seen)  # the name is filled in: just the PIN
    person.idle.timeout.emit()
    assert seen[0][1] == "The till was idle. Enter your PIN to go on."
    assert db.actor.name == "Asta" and label.text() == "At the till: Asta (owner)"
    # nobody answers: nobody is at the till, and changes are refused until someone signs in
    _answer(qtbot, "")
    person.idle.timeout.emit()
    assert db.actor is None
    assert label.text() == "Nobody at the till — Ctrl+L to sign in"


def test_a_refused_background_job_is_approved_by_the_owner_and_runs_as_them(
    qtbot, db: Database, staffed: Shop
) -> None:
    """An owner-only job (here the earning rules, as an import or month-end would be) started by
    a staff member: the owner's approval is asked, the job runs again as the owner on its worker
    thread, and the till stays the staff member's all along."""
    from shopkeeper.domain.staff import RoleNeeded
    from shopkeeper.services import audit, programme
    from shopkeeper.ui.operations import Operations

    ops = Operations(db)
    owner = staff_service.authenticate(db, "Asta", OWNER_PIN)
    db.actor = staff_service.authenticate(db, "Rasa", STAFF_PIN)
    asked: list[str] = []

    def approver(error: RoleNeeded):  # noqa: ANN202 - the window's dialog, answered by Asta
        asked.append(str(error))
        assert db.actor.name == "Rasa"
        return owner

    done: list = []
    ops.approver = approver
    ops.background_write(
        programme.update_rules, welcome_bonus=75, what="programme", on_done=done.append
    )
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    refusal = (
        "Only an owner may change the programme (rules, tiers, rewards); Rasa is a staff member."
    )
    assert asked == [refusal]
    assert programme.load(db).rules.welcome_bonus == 75
    assert db.actor.name == "Rasa"  # the approval was for that one job
    changed = audit.entries(db, audit.AuditFilter(kind="programme.rules"), limit=1)[0]
    assert changed.staff_name == "Asta" and changed.after == {"welcome_bonus": 75}

    # Declined: the refusal is reported as before and nothing changes.
    failed: list[str] = []
    ops.approver = lambda error: None
    ops.failed.connect(failed.append)
    ops.background_write(
        programme.update_rules, welcome_bonus=10, what="programme", on_done=done.append
    )
    qtbot.waitUntil(lambda: bool(failed), timeout=10_000)
    assert failed == [refusal]
    assert programme.load(db).rules.welcome_bonus == 75
    ops.shutdown()


def test_an_approval_acts_on_its_own_thread_only(db: Database, staffed: Shop) -> None:
    import threading

    owner = staff_service.authenticate(db, "Asta", OWNER_PIN)
    db.actor = staff_service.authenticate(db, "Rasa", STAFF_PIN)
    seen: list[str] = []
    with db.acting(owner):
        other = threading.Thread(target=lambda: seen.append(db.actor.name))
        other.start()
        other.join()
        seen.append(db.actor.name)
    seen.append(db.actor.name)
    assert seen == ["Rasa", "Asta", "Rasa"]


def test_a_key_restarts_the_idle_countdown(qtbot, window: MainWindow) -> None:
    """While a person is at the till, every key starts the idle countdown again."""
    person = window.till_person
    person.idle.setTimerType(Qt.TimerType.PreciseTimer)  # its remaining time to the ms
    person.idle.start(10_000)
    qtbot.wait(300)
    assert person.idle.remainingTime() < 9_800
    qtbot.keyClick(window.counter_view.lookup.search, Qt.Key.Key_A)
    assert person.idle.remainingTime() > 9_900
    assert person.idle.interval() == 10_000
