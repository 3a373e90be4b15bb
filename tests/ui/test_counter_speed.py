"""The counter's speed, guarded by its structure (timings are flaky in CI; these are not):
what runs Python on every paint or event, how many reads a scan takes, what moves the layout.
The figures themselves come from ``tests.benchmarks.bench_counter``."""

from __future__ import annotations

import sys
from collections import Counter

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel

from shopkeeper.domain.codes import card_number_for
from shopkeeper.services import customers, merge
from shopkeeper.services.visits import record_visit
from shopkeeper.ui import none_refs
from shopkeeper.ui.counter import lookup as lookup_module
from shopkeeper.ui.counter import profile as profile_module
from shopkeeper.ui.counter.welcome import help_html
from shopkeeper.ui.main_window import MainWindow
from tests.ui.conftest import scan, type_search, type_text, wait_for_results


def _counting(monkeypatch, module, name: str) -> list[object]:
    calls: list[object] = []
    real = getattr(module, name)

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(args[1] if len(args) > 1 else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_counter_tables_paint_without_calling_python(window: MainWindow) -> None:
    """Every counter table is Qt's own item model: a paint asks Python for nothing."""
    view = window.counter_view
    models = [
        view.lookup.model,
        view.profile.visits_model,
        view.profile.vouchers_panel.model,
        view.profile.notes.model,
        view.profile.rewards.model,
    ]
    for model in models:
        assert isinstance(model, QStandardItemModel)
        assert type(model).data is QStandardItemModel.data, type(model).__name__
        assert type(model).flags is QStandardItemModel.flags, type(model).__name__


def test_a_scan_reads_the_customer_once_and_searches_nothing(
    qtbot, window: MainWindow, shop, monkeypatch
) -> None:
    summaries = _counting(monkeypatch, profile_module, "customer_summary")
    searches = _counting(monkeypatch, lookup_module, "search_customers")
    window.counter.lookup.open_scanned(shop.jonas)
    assert summaries == [shop.jonas]
    assert searches == []
    assert window.counter_view.page() == "profile"
    assert window.counter_view.profile.name.text() == "Jonas Jonaitis"
    model = window.counter_view.lookup.model
    assert [model.hit(r).card_number for r in range(model.rowCount())] == [shop.jonas]
    assert model.index(0, 0).data() == "Jonas Jonaitis"
    assert window.counter_view.profile.booking.amount.hasFocus()


def test_a_scanned_merged_card_opens_the_kept_customer_and_says_so(
    qtbot, window: MainWindow, db, shop
) -> None:
    merge.merge_customers(db, keep=shop.ona, other=shop.jonas)
    field = window.counter_view.lookup.search
    field.setFocus()
    scan(field, shop.jonas)
    assert window.counter.profile.card_number == shop.ona
    assert window.counter_view.profile.name.text().startswith("Ona Žemaitė")
    hint = window.counter_view.lookup.hint.text()
    assert f"Card {shop.jonas} was merged into {shop.ona}" in hint


def test_an_unknown_card_scanned_still_offers_a_new_customer(
    qtbot, window: MainWindow, shop
) -> None:
    field = window.counter_view.lookup.search
    field.setFocus()
    free = card_number_for(999)  # the shop's format, nobody holds it yet
    scan(field, free)
    assert window.counter_view.page() == "form"
    assert window.counter.profile.card_number is None
    assert f"Card {free} is not known yet." in window.counter_view.lookup.hint.text()


def test_the_hidden_vouchers_tab_is_not_read_on_a_scan(
    qtbot, window: MainWindow, db, shop, monkeypatch
) -> None:
    from shopkeeper.ui.counter import history

    record_visit(db, card_number=shop.ona, amount_cents=5000)
    reads = _counting(monkeypatch, history, "recent_vouchers")
    window.counter.open_customer(shop.ona)
    assert not window.counter_view.profile.vouchers_panel.isVisible()
    assert reads == []
    window.counter_view.profile.tabs.setCurrentWidget(window.counter_view.profile.vouchers_panel)
    assert reads == [shop.ona]


def test_results_coming_and_going_never_resize_the_table(qtbot, window: MainWindow, db) -> None:
    """A resize repaints every row and re-stretches the name column: the scroll bar stays and
    the hint keeps its height whatever it says."""
    for number in range(40):
        customers.create_customer(db, name=f"Petras Petraitis {number}")
    table = window.counter_view.lookup.table
    empty = table.viewport().size()
    type_search(qtbot, window, "petr")
    assert window.counter_view.lookup.model.rowCount() == 40
    assert table.viewport().size() == empty
    window.counter_view.lookup.search.clear()
    type_search(qtbot, window, "nobody like this")
    assert "Nobody matches" in window.counter_view.lookup.hint.text()
    assert table.viewport().size() == empty


def test_the_welcome_help_keeps_its_height_for_a_width(window: MainWindow) -> None:
    """Worked out once per width (QLabel lays rich text out on every call), and the same as
    a plain label's."""
    help_label = window.counter_view.welcome.help
    plain = QLabel(help_html())
    plain.setWordWrap(True)
    plain.setFont(help_label.font())
    assert help_label.heightForWidth(300) == plain.heightForWidth(300)
    assert help_label.heightForWidth(300) == help_label.heightForWidth(300)
    tall = help_label.heightForWidth(300)
    help_label.setText(help_html() * 2)  # new text: new heights
    assert help_label.heightForWidth(300) > tall


def test_window_shortcuts_watch_only_the_focused_widget(
    qtbot, window: MainWindow, shop
) -> None:
    """No Python filter on the whole application: it watches the one widget Qt asks."""
    search = window.counter_view.lookup.search
    search.setFocus()
    qtbot.waitUntil(lambda: window.shortcuts.watched is search)
    window.counter.open_customer(shop.ona)  # the cursor goes to the amount
    amount = window.counter_view.profile.booking.amount
    qtbot.waitUntil(lambda: window.shortcuts.watched is amount)


def test_none_stays_alive_through_many_qt_calls(qapp) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None on every call of a Qt method that
    returns nothing; the keeper tops it up so the interpreter never aborts."""
    label = QLabel("x")
    none_refs.top_up()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        label.setText("y")
    none_refs.top_up()
    assert sys.getrefcount(None) >= min(before, none_refs.FLOOR)
    if none_refs.NEEDED:
        assert sys.getrefcount(None) >= none_refs.FLOOR


def test_the_profile_shows_money_and_counts_in_the_shops_formats(
    qtbot, window: MainWindow, db, shop
) -> None:
    """Through the presentation helper (currency sign, grouping), not by hand."""
    from shopkeeper.present.numbers import Numbers
    from shopkeeper.services import programme

    for _ in range(2):  # a visit is at most 1,000.00 by default
        record_visit(db, card_number=shop.ona, amount_cents=61_725)
    window.counter.open_customer(shop.ona)
    prog = programme.load(db)
    numbers = Numbers.for_shop(prog.shop.country, prog.shop.currency)
    totals = window.counter_view.profile.visits.value.text()
    assert totals.endswith(numbers.money(123_450))
    grouped = totals.replace("\xa0", " ")  # Babel's no-break space in "1 234,50 €"
    assert any(form in grouped for form in ("1,234.50", "1 234,50", "1.234,50"))
    assert any(sign in totals for sign in ("€", "EUR", "$", "£", "¥"))


def test_scans_refill_the_same_alert_labels_without_new_style_sheets(
    qtbot, window: MainWindow, db, shop, monkeypatch
) -> None:
    """A scan sets the alerts' texts; it builds no label and polishes no style sheet again
    (each cost a relayout and a re-polish on every scan)."""
    from shopkeeper.services import notes

    notes.add_note(db, card_number=shop.jonas, kind="preference", text="Rye loaf", pinned=True)
    notes.add_note(db, card_number=shop.john, kind="preference", text="No sugar", pinned=True)
    profile = window.counter_view.profile
    window.counter.lookup.open_scanned(shop.jonas)
    labels_before = set(profile.findChildren(QLabel))
    styled: list[object] = []
    real = QLabel.setStyleSheet
    monkeypatch.setattr(
        QLabel, "setStyleSheet", lambda label, style: (styled.append(label), real(label, style))
    )
    window.counter.lookup.open_scanned(shop.ona)  # a birthday first, where a pinned note was
    assert [text.split()[0] for text in profile.alert_texts()] == ["Birthday"]
    window.counter.lookup.open_scanned(shop.jonas)
    window.counter.lookup.open_scanned(shop.john)
    assert profile.alert_texts() == ["Pinned: No sugar"]
    window.counter.lookup.open_scanned(shop.jonas)
    assert profile.alert_texts() == ["Pinned: Rye loaf"]
    window.counter.lookup.open_scanned(shop.xiaoming)
    assert profile.alert_texts() == []
    assert styled == []
    assert set(profile.findChildren(QLabel)) == labels_before


def test_a_scan_paints_the_profile_s_parts_once(qtbot, window: MainWindow, db, shop) -> None:
    """The parts whose sizes change (facts, tabs, last visits) are laid out before the profile
    itself, so one frame paints them: not a second layout pass and a second paint. The name
    and the details (selectable under the mouse only) are not laid out again inside their own
    paint. (From one customer with visits to another; the first scan, from the welcome page,
    paints twice.)"""
    from PySide6.QtCore import QEvent, QObject

    for card, visits in ((shop.ona, 3), (shop.jonas, 1), (shop.xiaoming, 6)):
        for _ in range(visits):
            record_visit(db, card_number=card, amount_cents=1_250)
    profile = window.counter_view.profile
    parts = [profile.member_since, profile.rhythm, profile.last_visit, profile.visits]
    parts += [profile.tabs, profile.visits_table, profile.name, profile.details]
    # The results' header: the reset of the results sized its stretched column after the
    # frame and painted the header again in a second one.
    parts += [window.counter_view.lookup.table.horizontalHeader().viewport()]
    paints: list[QObject] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                paints.append(watched)
            return False

    window.counter.lookup.open_scanned(shop.john)  # from the welcome page to the profile
    qtbot.wait(60)
    counter = Paints()
    for part in parts:
        part.installEventFilter(counter)
    for card in (shop.ona, shop.jonas, shop.ona, shop.xiaoming):  # each unlike the one before
        window.counter.lookup.open_scanned(card)
        qtbot.wait(60)
        assert window.counter_view.profile.name.text() != ""
        assert paints, "the profile was not painted"
        assert max(paints.count(part) for part in parts) == 1
        paints.clear()


def test_fifty_results_ask_one_tooltip_a_row_and_format_each_balance_once(
    qapp, monkeypatch
) -> None:
    """The results of every keystroke: Babel formats a balance once per language (0.1 ms a
    number), and a row's tooltip, the same on every cell, is built once."""
    from shopkeeper.present import numbers as numbers_module
    from shopkeeper.services.search import CustomerHit
    from shopkeeper.ui.counter.cells import ResultsModel

    formatted = _counting(monkeypatch, numbers_module, "format_decimal")
    model = ResultsModel()
    tips = _counting(monkeypatch, type(model._shape), "decorate")
    hits = [
        CustomerHit(f"2000{i:05d}", f"Petras {i}", None, None, 7_000 + i % 5, False, "name")
        for i in range(50)
    ]
    model.set_rows(hits)
    model.set_rows(list(reversed(hits)))
    assert len(formatted) <= 5  # five balances; fewer when another test formatted them
    assert len(tips) == 2 * 50
    assert model.index(0, 3).data() == numbers_module.Numbers().number(hits[-1].points_balance)
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Petras 49 · matched by name"
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "Petras 49 · matched by name"


def test_window_shortcuts_are_gathered_once_and_again_when_an_action_changes(
    qtbot, window: MainWindow, shop, monkeypatch
) -> None:
    """Each key asked the window for all its actions' shortcuts (a scan is 14 keys). Now they
    are gathered once; an action disabled, enabled or given another key is seen at once."""
    from PySide6.QtGui import QAction

    from shopkeeper.ui import dialogs
    from shopkeeper.ui.shortcuts import WindowShortcuts

    gathered = _counting(monkeypatch, WindowShortcuts, "_keys")
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "get_text", lambda _p, title, _l, *_a: asked.append(title))
    search = window.counter_view.lookup.search
    search.setFocus()
    scan(search, shop.ona)  # the profile opens, the cursor goes to the amount
    window.counter.focus_search()
    type_search(qtbot, window, "jon")
    assert len(gathered) <= 2  # once per distinct key combination, not per key
    use_voucher = window.findChild(QAction, "action_use_voucher")
    qtbot.keyClick(search, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Use a voucher"] and search.text() == "jon"
    use_voucher.setEnabled(False)  # e.g. while a dialog owns the till
    qtbot.keyClick(search, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Use a voucher"]  # the field's own Ctrl+U ran instead
    use_voucher.setEnabled(True)
    search.setText("jon")
    qtbot.keyClick(search, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Use a voucher"] * 2 and search.text() == "jon"


def test_the_last_visits_show_amounts_in_the_shops_currency(
    qtbot, window: MainWindow, db, shop
) -> None:
    """The profile's visits once read "617.28"; now as the shop writes money (its currency
    sign and grouping), as the totals above them do, formatted without Babel on each scan."""
    from shopkeeper.present import numbers as numbers_module
    from shopkeeper.services import programme
    from shopkeeper.ui.models.visits import AMOUNT

    record_visit(db, card_number=shop.ona, amount_cents=61_728)
    prog = programme.load(db)
    shop_numbers = numbers_module.Numbers.for_shop(prog.shop.country, prog.shop.currency)
    window.counter.lookup.open_scanned(shop.ona)
    model = window.counter_view.profile.visits_model
    assert model.index(0, AMOUNT).data() == shop_numbers.money(61_728)
    assert model.index(0, AMOUNT).data() != "617.28"
    window.counter.lookup.open_scanned(shop.jonas)
    assert model.rowCount() == 0  # another customer: none of Ona's visits


def test_rewards_coming_and_going_keep_their_place_and_size(
    qtbot, window: MainWindow, db, shop
) -> None:
    """From a customer with rewards within reach to one without, and back (a third of scans):
    the list and the words "Nothing to redeem yet" share one place of one size, instead of one
    hiding and the other showing with another size (which laid out and moved the whole profile
    below them on such a scan)."""
    record_visit(db, card_number=shop.jonas, amount_cents=9_000)  # a free coffee within reach
    rewards = window.counter_view.profile.rewards
    window.counter.lookup.open_scanned(shop.jonas)
    qtbot.wait(30)
    assert window.counter.profile.summary.affordable
    heights = (rewards.options.height(), rewards.height())
    for card in (shop.john, shop.jonas, shop.john):
        window.counter.lookup.open_scanned(card)
        qtbot.wait(30)
        affordable = window.counter.profile.summary.affordable
        assert rewards.table.isVisible() == bool(affordable)
        assert rewards.empty.isVisible() == (not affordable)
        assert rewards.options.currentWidget() is (rewards.table if affordable else rewards.empty)
        assert (rewards.options.height(), rewards.height()) == heights
    assert not window.counter.profile.summary.affordable  # John: nothing yet
    assert rewards.empty.text().startswith("Nothing to redeem yet with")
    assert not rewards.redeem.isEnabled()


def test_a_chinese_name_after_a_latin_one_moves_nothing_below_it(
    qtbot, window: MainWindow, db, shop
) -> None:
    """A Chinese name is set in a fallback font a few pixels taller than a Latin one: the name
    keeps one height for every script, so the scan from Petras to 王小明 and back lays out and
    repaints only what changed, not the whole profile below the name."""
    petras = customers.create_customer(db, name="Petras Žemaitis").card_number
    wang = customers.create_customer(db, name="王小明").card_number
    view = window.counter_view.profile
    window.counter.lookup.open_scanned(petras)
    qtbot.wait(30)
    places = (view.name.height(), view.tabs.geometry(), view.booking.geometry())
    for card in (wang, petras, wang):
        window.counter.lookup.open_scanned(card)
        qtbot.wait(30)
        assert (view.name.height(), view.tabs.geometry(), view.booking.geometry()) == places
    assert view.name.text() == "王小明"
    assert view.name.sizeHint().height() <= view.name.height()  # shown whole, not clipped


def test_a_scanners_keys_call_python_once_or_twice_each(window: MainWindow) -> None:
    """The search field hands key presses to its handlers from ``keyPressEvent``. Event filters
    on it were a call into Python for every event the field got (the shortcut check, press,
    release, input-method queries, paints): with two of them, a scanner's burst cost 1.3 ms
    before its profile was even read."""
    field = window.counter_view.lookup.search
    field.setFocus()
    keys = [
        QKeyEvent(kind, Qt.Key(ord(ch)), Qt.KeyboardModifier.NoModifier, ch)
        for ch in "2006530950"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
    ]
    entered: list[str] = []
    here = sys._getframe()

    def profiler(frame, event, _arg) -> None:  # noqa: ANN001
        if event == "call" and frame.f_back is here:  # Python entered from Qt, not from Python
            entered.append(frame.f_code.co_name)

    sys.setprofile(profiler)
    try:
        for key in keys:
            QApplication.sendEvent(field, key)
    finally:
        sys.setprofile(None)
    assert field.text() == "2006530950"
    # The press handler once a key (the slots that follow the text are called from it).
    assert len(entered) <= 10, Counter(entered)


def test_a_scanners_burst_searches_nothing_before_the_profile(
    qtbot, window: MainWindow, shop, monkeypatch
) -> None:
    """The first key of a scan cannot be told from a person's key; its search waits for the
    event loop to turn, and the burst (delivered at once on a busy window) comes first: no
    search competes with the profile's read."""
    searches = _counting(monkeypatch, lookup_module, "search_customers")
    field = window.counter_view.lookup.search
    field.setFocus()
    scan(field, shop.jonas)
    qtbot.wait(80)
    assert searches == []
    assert window.counter_view.profile.name.text() == "Jonas Jonaitis"


def test_keys_typed_in_one_turn_of_the_event_loop_are_one_search(
    qtbot, window: MainWindow, shop, monkeypatch
) -> None:
    """A person's keystroke searches as soon as the loop turns; keys already queued behind it
    search once, for all of them."""
    searches = _counting(monkeypatch, lookup_module, "search_customers")
    type_search(qtbot, window, "zem")
    assert searches == ["zem"]
    model = window.counter_view.lookup.model
    assert [model.hit(r).card_number for r in range(model.rowCount())] == [shop.ona]
    type_text(window.counter_view.lookup.search, "a")  # one more key: its own search
    wait_for_results(qtbot, window, "zema")
    assert searches == ["zem", "zema"]


def test_the_name_and_details_can_be_selected_under_the_mouse(window: MainWindow, shop) -> None:
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QEnterEvent
    from PySide6.QtWidgets import QApplication

    window.counter.lookup.open_scanned(shop.ona)
    profile = window.counter_view.profile
    for label in (profile.name, profile.details):
        selectable = Qt.TextInteractionFlag.TextSelectableByMouse
        assert not label.textInteractionFlags() & selectable  # painted once per scan
        QApplication.sendEvent(label, QEnterEvent(QPointF(2, 2), QPointF(2, 2), QPointF(2, 2)))
        assert label.textInteractionFlags() & selectable
        label.setSelection(0, 3)
        QApplication.sendEvent(label, QEvent(QEvent.Type.Leave))
        assert label.selectedText() == label.text()[:3]  # a selection stays to be copied
        label.setSelection(0, 0)
        QApplication.sendEvent(label, QEvent(QEvent.Type.Leave))
        assert not label.textInteractionFlags() & selectable


def test_a_shop_without_staff_watches_no_event_for_the_idle_lock(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    """The idle lock's filter is on the application only while someone is signed in: with
    nobody at the till no Python runs for every key and paint of the counter."""
    watched: list[object] = []
    person = window.till_person

    class Spy(type(person)):  # the filter's own class, counting its calls
        def eventFilter(self, obj, event):  # noqa: N802, ANN001, ANN202
            watched.append(event.type())
            return False

    monkeypatch.setattr(person, "__class__", Spy)
    search = window.counter_view.lookup.search
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_A)
    search.repaint()
    assert search.text() == "a"
    assert watched == []
    assert not window.till_person.idle.isActive()


def test_the_last_visits_of_the_next_customer_replace_the_rows_without_a_reset(qapp) -> None:  # noqa: ANN001
    """Scan after scan the profile's last visits are refilled in place: one ``dataChanged`` for
    the rows both customers have, the rest added or removed; never a reset, which laid the table
    out again after the frame and painted it a second time."""
    from datetime import UTC, datetime

    from shopkeeper.services.summary import VisitLine
    from shopkeeper.ui.counter.cells import RecentVisitsModel

    def visits(n: int, cents: int) -> list[VisitLine]:
        return [
            VisitLine(i, datetime(2026, 11, 1 + i, 9, 0, tzinfo=UTC), cents, 10, False)
            for i in range(n)
        ]

    model = RecentVisitsModel()
    model.set_rows(visits(3, 1_000))
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    for n, cents in ((3, 2_000), (5, 3_000), (2, 4_000)):
        model.set_rows(visits(n, cents))
        assert model.rowCount() == n
        assert [model.row_object(r).amount_cents for r in range(n)] == [cents] * n
        amount = model.item(n - 1, 1).text()
        assert str(cents // 100) in amount, amount
    assert resets == []
    assert changed == [(0, 2), (0, 2), (0, 1)]
