"""The feedback touchpoints editor on the Programme screen, driven through the real window: add,
rename, remove, the same change twice, the counter kept, a staff member refused, the feedback
dialog following at once, and answers at a removed touchpoint still counted in the NPS report."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.services import audit, feedback
from shopkeeper.services import staff as staff_service
from shopkeeper.services.nps_report import nps_report
from shopkeeper.storage.database import Database
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.settings.touchpoints import TouchpointsTab
from tests.engines import stored_rows
from tests.staff.test_window import _answer
from tests.ui.conftest import Shop
from tests.ui.test_booking import open_customer

OWNER_PIN = "4821"
STAFF_PIN = "7301"


def stored(db_path) -> list[str] | None:  # noqa: ANN001
    found = stored_rows(db_path, "SELECT value FROM setting WHERE key = 'feedback_touchpoints'")
    return json.loads(found[0][0]) if found else None


def audited(db: Database) -> list[tuple[list[str], list[str]]]:
    rows = audit.entries(db, audit.AuditFilter(kind="programme.touchpoints"))
    return [(r.before["touchpoints"], r.after["touchpoints"]) for r in reversed(rows)]


def editor(qtbot, win: MainWindow) -> TouchpointsTab:  # noqa: ANN001
    win.show_view("settings")
    view = win.settings_view.ensure_built()
    view.tabs.setCurrentWidget(view.touchpoints)
    tab = view.touchpoints
    qtbot.waitUntil(tab.add_button.isVisible)
    return tab


def shown(tab: TouchpointsTab) -> list[str]:
    return [tab.list.item(i, 0).text() for i in range(tab.list.rowCount())]


def choose(qtbot, tab: TouchpointsTab, label: str) -> None:  # noqa: ANN001
    (item,) = tab.list.findItems(label, Qt.MatchFlag.MatchExactly)
    rect = tab.list.visualItemRect(item)
    qtbot.mouseClick(tab.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.list.currentItem() is item


def type_name(qtbot, tab: TouchpointsTab, text: str) -> None:  # noqa: ANN001
    tab.name.selectAll()
    qtbot.keyClick(tab.name, Qt.Key.Key_Delete)
    qtbot.keyClicks(tab.name, text)


def click(qtbot, button) -> None:  # noqa: ANN001
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def window(qtbot, db: Database, shop: Shop, qsettings: QSettings) -> Iterator[MainWindow]:
    win = MainWindow(db, qsettings)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_add_rename_remove_and_the_same_change_twice(
    qtbot, window: MainWindow, db: Database, db_path
) -> None:
    tab = editor(qtbot, window)
    assert shown(tab) == ["counter", "phone order", "delivery"]
    assert stored(db_path) is None  # the defaults: nothing stored yet
    # add by typing and Enter
    qtbot.keyClicks(tab.name, "  market stall ")
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    assert tab.message.text() == "market stall added."
    assert shown(tab) == ["counter", "phone order", "delivery", "market stall"]
    assert stored(db_path) == ["counter", "phone order", "delivery", "market stall"]
    # the same addition again (another case): refused, nothing changes
    type_name(qtbot, tab, "Market Stall")
    click(qtbot, tab.add_button)
    assert tab.message.text() == "There is already a touchpoint called market stall."
    assert stored(db_path) == ["counter", "phone order", "delivery", "market stall"]
    # rename in place
    choose(qtbot, tab, "phone order")
    assert tab.name.text() == "phone order"
    type_name(qtbot, tab, "phone")
    click(qtbot, tab.rename_button)
    assert tab.message.text() == "phone order renamed to phone."
    assert shown(tab) == ["counter", "phone", "delivery", "market stall"]
    assert tab.list.currentItem().text() == "phone"
    # the same rename again: the name is already that, nothing stored, nothing audited
    type_name(qtbot, tab, "phone")
    click(qtbot, tab.rename_button)
    assert tab.message.text() == "phone is unchanged."
    # renaming onto another touchpoint is refused
    type_name(qtbot, tab, "DELIVERY")
    click(qtbot, tab.rename_button)
    assert tab.message.text() == "There is already a touchpoint called delivery."
    assert stored(db_path) == ["counter", "phone", "delivery", "market stall"]
    # remove, then Remove again with nothing chosen
    choose(qtbot, tab, "delivery")
    click(qtbot, tab.remove_button)
    assert tab.message.text() == "delivery removed."
    assert shown(tab) == ["counter", "phone", "market stall"]
    assert not tab.remove_button.isEnabled()  # nothing chosen now
    tab.remove()
    assert tab.message.text() == "Choose a touchpoint in the list first."
    assert stored(db_path) == ["counter", "phone", "market stall"]
    # three changes, three audit entries (the refused and unchanged ones left none)
    assert audited(db) == [
        (["counter", "phone order", "delivery"], ["counter", "phone order", "delivery",
                                                  "market stall"]),
        (["counter", "phone order", "delivery", "market stall"],
         ["counter", "phone", "delivery", "market stall"]),
        (["counter", "phone", "delivery", "market stall"], ["counter", "phone", "market stall"]),
    ]  # fmt: skip
    # the screen shown again reads the same list
    window.show_view("counter")
    window.show_view("settings")
    assert shown(tab) == ["counter", "phone", "market stall"]


def test_the_counter_stays(qtbot, window: MainWindow, db: Database, db_path) -> None:
    tab = editor(qtbot, window)
    choose(qtbot, tab, "counter")
    assert not tab.rename_button.isEnabled() and not tab.remove_button.isEnabled()
    # the service refuses too (the command line, or a button enabled by mistake)
    tab.remove()
    assert tab.message.text() == (
        "The counter stays: the question after a booking records its answers there."
    )
    assert stored(db_path) is None
    with pytest.raises(InvalidInput, match="The counter stays"):
        feedback.set_touchpoints(db, ["phone order"])
    with pytest.raises(InvalidInput, match="The counter stays"):
        feedback.rename_touchpoint(db, "Counter", "till")
    assert feedback.touchpoints(db) == ["counter", "phone order", "delivery"]


def test_a_new_touchpoint_is_offered_by_the_feedback_dialog_without_a_restart(
    qtbot, window: MainWindow, db: Database, db_path, shop: Shop
) -> None:
    open_customer(qtbot, window, shop.meiling)
    controller = window.counter.feedback
    profile = window.counter_view.profile
    profile.tabs.setCurrentWidget(controller.panel.page)
    click(qtbot, controller.panel.record)  # the profile's Feedback tab
    first = controller.dialog
    assert [first.touchpoint.itemText(i) for i in range(first.touchpoint.count())] == [
        "counter", "phone order", "delivery"
    ]
    first.reject()
    qtbot.waitUntil(lambda: controller.dialog is None)
    tab = editor(qtbot, window)
    qtbot.keyClicks(tab.name, "market stall")
    click(qtbot, tab.add_button)
    choose(qtbot, tab, "phone order")
    click(qtbot, tab.remove_button)
    window.show_view("counter")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.counter_view.lookup.search, Qt.Key.Key_F9)  # F9: the dialog
    dialog = controller.dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.touchpoint.itemText(i) for i in range(dialog.touchpoint.count())] == [
        "counter", "delivery", "market stall"
    ]
    dialog.score.setValue(9)
    dialog.touchpoint.setCurrentIndex(2)
    dialog.ok.click()
    qtbot.waitUntil(lambda: controller.dialog is None)
    assert stored_rows(db_path, "SELECT score, touchpoint FROM feedback") == [
        (9, "market stall")
    ]


def test_answers_at_a_removed_or_renamed_touchpoint_stay_in_the_nps_report(
    qtbot, window: MainWindow, db: Database, shop: Shop
) -> None:
    feedback.record_feedback(db, shop.ona, 3, touchpoint="delivery")
    feedback.record_feedback(db, shop.jonas, 10, touchpoint="phone order")
    feedback.record_feedback(db, shop.john, 9, touchpoint="delivery")
    tab = editor(qtbot, window)
    choose(qtbot, tab, "delivery")
    click(qtbot, tab.remove_button)
    choose(qtbot, tab, "phone order")
    type_name(qtbot, tab, "phone")
    click(qtbot, tab.rename_button)
    assert shown(tab) == ["counter", "phone"]
    report = nps_report(db)
    assert [(r.key, r.promoters, r.detractors, r.responses) for r in report.by_touchpoint] == [
        ("delivery", 1, 1, 2),
        ("phone order", 1, 0, 1),
    ]
    assert (report.responses, report.nps) == (3, 33)


def test_a_staff_member_is_refused_with_one_clear_message(
    qtbot, db: Database, shop: Shop, qsettings: QSettings, db_path
) -> None:
    staff_service.add_staff(db, name="Asta", role="owner", pin=OWNER_PIN)
    db.actor = staff_service.authenticate(db, "Asta", OWNER_PIN)
    staff_service.add_staff(db, name="Rasa", role="staff", pin=STAFF_PIN)
    db.actor = None
    win = MainWindow(db, qsettings)
    qtbot.addWidget(win)
    _answer(qtbot, STAFF_PIN, name="Rasa")  # the window asks who is at the till
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: db.actor is not None, timeout=5000)
    assert db.actor.name == "Rasa"
    tab = editor(qtbot, win)
    qtbot.keyClicks(tab.name, "market stall")
    offered: list = []
    _answer(qtbot, "", seen=offered)  # the owner's approval is offered; nobody gives it
    click(qtbot, tab.add_button)
    assert offered and offered[0][0] == "owner_approval"
    assert tab.message.text() == (
        "Only an owner may change the programme (rules, tiers, rewards); Rasa is a staff member."
    )
    assert shown(tab) == ["counter", "phone order", "delivery"]
    assert stored(db_path) is None and audited(db) == []
    # approved on the spot by the owner's PIN: done once, audited under the owner
    _answer(qtbot, OWNER_PIN, name="Asta")
    click(qtbot, tab.add_button)
    assert tab.message.text() == "market stall added."
    assert stored(db_path) == ["counter", "phone order", "delivery", "market stall"]
    rows = audit.entries(db, audit.AuditFilter(kind="programme.touchpoints"))
    assert [r.staff_name for r in rows] == ["Asta"]
    assert db.actor.name == "Rasa"
    win.close()
