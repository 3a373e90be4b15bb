"""The counter's idle page, Today, driven like a person at the till: it lists the day's people,
each line opens the customer (mouse or keyboard), and it stays right through bookings, a long
session and a new day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shopkeeper.services import customers, notes, visits
from shopkeeper.services.ledger import ledger
from shopkeeper.ui.main_window import MainWindow
from tests.ui.conftest import press_enter

# The clock fixture stands at 2026-11-16 10:00 UTC (noon in Vilnius), a Monday; Ona's birthday
# (18 November) is on Wednesday.


@pytest.fixture
def window(qtbot, db, shop, qsettings, clock):  # noqa: ANN001, ANN201
    clock.set(datetime(2023, 11, 16, 9, tzinfo=UTC))
    customers.create_customer(db, name="Vaida Senoji")  # three years with us today
    clock.set(datetime(2026, 11, 16, 10, tzinfo=UTC))
    notes.add_note(db, card_number=shop.john, text="Wrong change given", kind="problem")
    win = MainWindow(db, qsettings)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    wait_loaded(qtbot, win)
    yield win
    win.close()


def panel(win: MainWindow):  # noqa: ANN201
    return win.counter_view.welcome.today


def wait_loaded(qtbot, win: MainWindow) -> None:  # noqa: ANN001
    controller = win.counter.today
    qtbot.waitUntil(
        lambda: controller.shown is not None
        and not controller._loading
        and not controller.stale
        and not win.operations.busy,
        timeout=10_000,
    )


def line_of(win: MainWindow, name: str) -> tuple[str, str, str]:
    return next(line for line in panel(win).lines() if line[0] == name)


def back_to_today(qtbot, win: MainWindow) -> None:  # noqa: ANN001
    """Esc until the idle page shows: to the search field, clear it, then Today."""
    field = win.counter_view.lookup.search
    for _ in range(3):
        target = QApplication.focusWidget() or field
        qtbot.keyClick(target, Qt.Key.Key_Escape)
        if win.counter_view.page() == "welcome":
            break
    assert win.counter_view.page() == "welcome"
    assert field.hasFocus()


def test_the_idle_page_shows_today(qtbot, window: MainWindow, shop) -> None:  # noqa: ANN001
    today = panel(window)
    assert window.counter_view.page() == "welcome"
    assert window.counter_view.welcome.title.text() == "Today at Test Bakery"
    assert today.day.text() == "Monday, 16 November 2026"
    assert today.booked.text() == "So far today: 0 visits, 0 points"
    assert today.till.text() == "At this till: 0 visits, 0 points"
    assert today.titles() == [
        "Birthdays this week (1)",
        "Open problems (1)",
        "Regulars overdue by their own rhythm (0)",
        "Membership anniversaries this week (1)",
    ]
    assert line_of(window, "Ona Žemaitė") == ("Ona Žemaitė", "birthday on Wednesday", shop.ona)
    name, what, _card = line_of(window, "John Smith")
    assert what.startswith("open since ") and what.endswith(": Wrong change given")
    assert line_of(window, "Vaida Senoji")[1] == "3 years with us today"
    # The search field keeps the focus: a scan goes where it always went.
    assert window.counter_view.lookup.search.hasFocus()


def test_clicking_a_line_opens_the_customer(qtbot, window: MainWindow, shop) -> None:  # noqa: ANN001
    tree = panel(window).list
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0) == "John Smith"
    )
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.counter_view.page() == "profile"
    assert window.counter_view.profile.name.text() == "John Smith"
    assert window.counter_view.lookup.search.text() == shop.john
    assert window.counter_view.profile.booking.amount.hasFocus()


def test_down_from_the_empty_search_field_and_enter_open_a_line(
    qtbot, window: MainWindow, shop  # noqa: ANN001
) -> None:
    field = window.counter_view.lookup.search
    qtbot.keyClick(field, Qt.Key.Key_Down)
    tree = panel(window).list
    assert tree.hasFocus()
    assert panel(window).current_card() == shop.ona  # the first line: Ona's birthday
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert panel(window).current_card() == shop.john  # section titles are skipped
    qtbot.keyClick(tree, Qt.Key.Key_Up)
    qtbot.keyClick(tree, Qt.Key.Key_Up)  # Up from the first line: back to the search field
    assert field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    press_enter(qtbot, tree)
    assert window.counter_view.page() == "profile"
    assert window.counter_view.profile.name.text() == "John Smith"


def test_typing_in_the_list_goes_on_in_the_search_field(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    field = window.counter_view.lookup.search
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClicks(panel(window).list, "jon")
    assert field.hasFocus()
    assert field.text() == "jon"


def test_booking_a_visit_updates_visits_today(qtbot, window: MainWindow, db, shop) -> None:  # noqa: ANN001
    field = window.counter_view.lookup.search
    qtbot.keyClick(field, Qt.Key.Key_Down)
    press_enter(qtbot, panel(window).list)  # Ona, from her birthday line
    amount = window.counter_view.profile.booking.amount
    qtbot.keyClicks(amount, "12.50")
    press_enter(qtbot, amount)
    assert [e.kind for e in ledger(db, shop.ona)][-1] == "visit"
    assert not window.counter.today._loading  # the page was not on screen: only marked stale
    back_to_today(qtbot, window)
    wait_loaded(qtbot, window)
    assert panel(window).booked.text() == "So far today: 1 visit, 12 points"
    assert panel(window).till.text() == "At this till: 1 visit, 12 points"
    # Booked elsewhere (another till, the command line) while Today is on screen.
    visits.record_visit(db, card_number=shop.jonas, amount_cents=3000, till="till-other")
    window.operations.announce("visit", shop.jonas)
    wait_loaded(qtbot, window)
    assert panel(window).booked.text() == "So far today: 2 visits, 42 points"
    assert panel(window).till.text() == "At this till: 1 visit, 12 points"


def test_a_long_session_keeps_the_page_right(qtbot, window: MainWindow, db, shop) -> None:  # noqa: ANN001
    field = window.counter_view.lookup.search
    cards = [shop.ona, shop.jonas, shop.xiaoming, shop.meiling, shop.john]
    for n in range(1, 21):
        card = cards[n % len(cards)]
        if n % 2:
            qtbot.keyClicks(field, card)
            press_enter(qtbot, field)
        else:
            window.counter.open_customer(card, from_elsewhere=True)
        assert window.counter_view.page() == "profile"
        amount = window.counter_view.profile.booking.amount
        qtbot.keyClicks(amount, "10")
        press_enter(qtbot, amount)
        back_to_today(qtbot, window)
        wait_loaded(qtbot, window)
        visits_word = "visit" if n == 1 else "visits"
        assert panel(window).booked.text() == f"So far today: {n} {visits_word}, {n * 10} points"
    assert len(panel(window).lines()) == 3  # the same people as this morning, listed once
    booked = sum(1 for c in cards for e in ledger(db, c) if e.kind == "visit")
    assert booked == 20


def test_a_new_day_by_the_shops_clock_refreshes_the_page(qtbot, window: MainWindow, db, shop, clock) -> None:  # noqa: ANN001, E501
    visits.record_visit(db, card_number=shop.ona, amount_cents=1000)
    window.operations.announce("visit", shop.ona)
    wait_loaded(qtbot, window)
    assert panel(window).booked.text() == "So far today: 1 visit, 10 points"
    window.counter.today.day_timer.setInterval(20)
    clock.advance(days=2)  # Wednesday: Ona's birthday, Vaida's anniversary was on Monday
    qtbot.waitUntil(lambda: panel(window).day.text() == "Wednesday, 18 November 2026", timeout=5000)
    wait_loaded(qtbot, window)
    assert panel(window).booked.text() == "So far today: 0 visits, 0 points"
    assert line_of(window, "Ona Žemaitė")[1] == "birthday today"
    assert "Vaida Senoji" not in [line[0] for line in panel(window).lines()]


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_the_page_fits_small_and_large_screens(qtbot, window: MainWindow, size) -> None:  # noqa: ANN001
    window.resize(*size)
    QApplication.processEvents()
    page = window.counter_view.welcome
    tree = panel(window).list
    assert tree.height() >= 150  # room for the lines beside the help and the rewards
    assert page.today.width() <= page.width()
    # Every line's name and what it says are readable without scrolling sideways.
    for column in (0, 1):
        assert tree.columnWidth(column) > 120
    widths = sum(tree.columnWidth(column) for column in range(3))
    assert widths <= tree.viewport().width() + 2


def test_the_profile_says_the_anniversary_on_the_day(qtbot, window: MainWindow, clock) -> None:  # noqa: ANN001
    field = window.counter_view.lookup.search
    qtbot.keyClicks(field, "Vaida")
    qtbot.waitUntil(lambda: window.counter.lookup._shown_query == "Vaida", timeout=5000)
    press_enter(qtbot, field)
    member_since = window.counter_view.profile.member_since.value
    assert member_since.text() == "2023-11-16 · 3 years with us today"
    clock.advance(days=1)
    window.counter.profile.reload()
    assert member_since.text() == "2023-11-16"


def test_the_day_after_a_booking_at_midnight(qtbot, window: MainWindow, db, shop, clock) -> None:  # noqa: ANN001
    """Local 23:50 booking, then local 00:10: the new day starts empty (the UTC day has not
    changed yet)."""
    clock.set(datetime(2026, 11, 16, 21, 50, tzinfo=UTC))
    visits.record_visit(db, card_number=shop.ona, amount_cents=1000)
    window.operations.announce("visit", shop.ona)
    wait_loaded(qtbot, window)
    assert panel(window).booked.text() == "So far today: 1 visit, 10 points"
    clock.set(clock.now + timedelta(minutes=20))
    window.counter.today.check_day()
    wait_loaded(qtbot, window)
    assert panel(window).day.text() == "Tuesday, 17 November 2026"
    assert panel(window).booked.text() == "So far today: 0 visits, 0 points"


def test_coming_back_to_the_counter_shows_what_changed_meanwhile(
    qtbot, window: MainWindow, db, shop  # noqa: ANN001
) -> None:
    window.show_view("rewards")
    visits.record_visit(db, card_number=shop.ona, amount_cents=2000)
    window.operations.announce("visit", shop.ona)
    assert window.counter.today.stale and not window.counter.today._loading  # not on screen
    assert panel(window).booked.text() == "So far today: 0 visits, 0 points"
    window.show_view("counter")
    wait_loaded(qtbot, window)
    assert panel(window).booked.text() == "So far today: 1 visit, 20 points"
