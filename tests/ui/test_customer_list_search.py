"""The customer list (F5) searched like a person types: every keystroke filters at once, keys
typed while a search runs are coalesced into one search, an older answer never replaces a newer
filter, and counts and money read in the shop's formats."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer

from shopkeeper.services import customer_list, visits
from shopkeeper.ui.customers.list_view import CustomerListView
from shopkeeper.ui.models.customer_list import BALANCE, NAME, SPENT, VISITS
from shopkeeper.ui.operations import Operations
from tests.ui.conftest import Shop, type_text

EVERYONE = ["John Smith", "Jonas Jonaitis", "Ona Žemaitė", "王小明", "陳美玲"]


def names(view: CustomerListView) -> list[str]:
    model = view.model
    return [model.index(r, NAME).data() for r in range(model.rowCount())]


@pytest.fixture
def operations(db) -> Operations:  # noqa: ANN001
    return Operations(db)


@pytest.fixture
def view(qtbot, operations: Operations, shop: Shop) -> CustomerListView:  # noqa: ANN001
    widget = CustomerListView(operations)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert names(widget) == EVERYONE
    yield widget
    operations.wait()


class HeldSearch:
    """Holds the list's text searches on the worker thread until ``release``, recording the
    text of each (the real service runs; only its start is delayed)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        self.gate = threading.Event()
        real = customer_list.prepare

        def prepare(db, chosen=None):  # noqa: ANN001, ANN202
            if chosen is not None and chosen.text:
                self.texts.append(chosen.text)
                self.gate.wait(5)  # never hangs a run that searches on the GUI thread
            return real(db, chosen)

        monkeypatch.setattr(customer_list, "prepare", prepare)

    def release(self) -> None:
        self.gate.set()


def test_each_keystroke_filters_without_a_fixed_delay(qtbot, view: CustomerListView) -> None:
    view.search.setFocus()
    type_text(view.search, "J")
    # Before the event loop runs again: no timer stands in front of the search (the old list
    # waited 250 ms after every key), and the search has already gone to the worker.
    assert [t.interval() for t in view.findChildren(QTimer) if t.isActive()] == []
    assert view.model.searching and view.model.searches == 1
    qtbot.waitUntil(lambda: names(view) == ["John Smith", "Jonas Jonaitis"], timeout=3000)
    assert view.total_label.text() == "2 customers"
    type_text(view.search, "on")
    assert view.model.searches == 2  # "Jo" went at once; "Jon" waits for it (coalesced)
    qtbot.waitUntil(lambda: names(view) == ["Jonas Jonaitis"], timeout=3000)
    assert view.total_label.text() == "1 customer"
    qtbot.waitUntil(lambda: not view.model.searching, timeout=3000)
    assert view.model.searches == 3  # one per keystroke, "Jon" after "Jo" came back


def test_keys_typed_while_a_search_runs_become_one_search(
    qtbot, view: CustomerListView, monkeypatch
) -> None:
    held = HeldSearch(monkeypatch)
    shown: list[str] = []
    view.model.filtered.connect(lambda: shown.append(view.model.query.filter.text))
    view.search.setFocus()
    type_text(view.search, "J")
    qtbot.waitUntil(lambda: held.texts == ["J"], timeout=1000)
    type_text(view.search, "ona")  # three keys while "J" is still being searched
    qtbot.wait(50)
    assert names(view) == EVERYONE  # nothing shown yet: the user still sees the whole list
    assert held.texts == ["J"] and view.model.searching and view.model.searches == 1
    held.release()
    qtbot.waitUntil(lambda: names(view) == ["Jonas Jonaitis"], timeout=2000)
    qtbot.waitUntil(lambda: not view.model.searching, timeout=2000)
    # "J" and then the newest text only: "Jo" and "Jon" were never searched, and the answer
    # for "J" (already outdated) was never put on screen.
    assert held.texts == ["J", "Jona"]
    assert shown == ["Jona"]
    assert view.total_label.text() == "1 customer"


def test_an_older_answer_never_replaces_a_newer_filter(
    qtbot, view: CustomerListView, monkeypatch
) -> None:
    held = HeldSearch(monkeypatch)
    view.search.setFocus()
    type_text(view.search, "王")
    qtbot.waitUntil(lambda: held.texts == ["王"], timeout=1000)
    view.search.clear()  # the person changed their mind: no text is an instant filter
    assert names(view) == EVERYONE
    held.release()
    qtbot.waitUntil(lambda: not view.model.searching, timeout=2000)
    qtbot.wait(20)
    assert names(view) == EVERYONE
    assert view.total_label.text() == "5 customers"


def test_a_filter_typed_then_sorted_shows_in_the_order_chosen_last(
    qtbot, view: CustomerListView, db, shop: Shop, monkeypatch  # noqa: ANN001
) -> None:
    visits.record_visit(db, card_number=shop.john, amount_cents=30_000)
    held = HeldSearch(monkeypatch)
    view.search.setText("Jo")  # pasted
    qtbot.waitUntil(lambda: held.texts == ["Jo"], timeout=1000)
    view.sort_by_balance(descending=False)  # while the search is on the worker
    held.release()
    qtbot.waitUntil(lambda: not view.model.searching and view.model.total == 2, timeout=2000)
    assert names(view) == ["Jonas Jonaitis", "John Smith"]  # 50 points, then 350


def test_counts_and_money_read_in_the_shops_formats(
    qtbot, db, shop: Shop, operations: Operations  # noqa: ANN001
) -> None:
    for cents in (99_999, 25_001):
        visits.record_visit(db, card_number=shop.jonas, amount_cents=cents)
    view = CustomerListView(operations)
    qtbot.addWidget(view)
    row = names(view).index("Jonas Jonaitis")
    cell = {c: view.model.index(row, c).data() for c in (BALANCE, VISITS, SPENT)}
    stored = view.model.row_at(row)
    assert stored.spent_cents == 125_000 and stored.points_balance >= 1000
    # A Lithuanian shop (the tests' locale): euro after the amount, spaces between thousands.
    assert cell[SPENT] == "1\u00a0250,00\u00a0€"
    assert cell[BALANCE] == f"{stored.points_balance:,}".replace(",", "\u00a0")
    assert cell[VISITS] == "2"
    assert view.total_label.text() == "5 customers"
