"""The shop leaves chosen customers out of one month's letters, and takes them back.

The clock stands at 16 November 2026: "this month's letters" are October's (the Letters
screen's default month), and the customers below joined in October.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import UnknownCard
from shopkeeper.services import customers, letters
from shopkeeper.services.month_end import default_month
from shopkeeper.services.summary import customer_summary
from shopkeeper.storage.database import Database
from shopkeeper.ui.customers.list_view import CustomerListView
from shopkeeper.ui.models.customer_list import NAME
from shopkeeper.ui.operations import Operations
from tests.conftest import FakeClock
from tests.engines import stored_rows

OCTOBER = Month(2026, 10)
EXCLUDED = "excluded by the shop for this month"


@pytest.fixture
def three(db: Database, clock: FakeClock) -> list[str]:
    now = clock.now
    clock.set(datetime(2026, 10, 2, 9, tzinfo=UTC))
    cards = [
        customers.create_customer(
            db, name=name, address="Gedimino pr. 1\nVilnius", letters_consent=True
        ).card_number
        for name in ("Ona Žemaitė", "王小明", "Jonas Jonaitis")
    ]
    clock.set(now)
    return cards


def skipped(db: Database, month: Month = OCTOBER, **options: object) -> dict[str, str]:
    plan = letters.plan_letters(db, month, **options)
    return {s.card_number: s.reason for s in plan.skipped}


def stored(db_path: Path) -> list[tuple]:
    return stored_rows(
        db_path,
        "SELECT c.name, x.month FROM letter_exclusion x "
        "JOIN customer c ON c.id = x.customer_id ORDER BY x.id",
    )


def test_excluded_customers_are_skipped_with_the_reason_and_included_again(
    db: Database, three: list[str], db_path: Path
) -> None:
    ona, xiaoming, jonas = three
    assert skipped(db) == {}
    done = letters.exclude_from_letters(db, [ona, xiaoming], OCTOBER)
    assert (done.month, done.changed, done.unchanged) == ("2026-10", 2, 0)
    assert skipped(db) == {ona: EXCLUDED, xiaoming: EXCLUDED}
    assert skipped(db, reprint=True) == {ona: EXCLUDED, xiaoming: EXCLUDED}  # even a reprint
    assert [x.name for x in letters.letter_exclusions(db, OCTOBER)] == ["Ona Žemaitė", "王小明"]
    assert skipped(db, Month(2026, 11)) == {}  # November's letters are another month
    plan = letters.plan_letters(db, OCTOBER)
    assert [x.card_number for x in plan.letters] == [jonas]
    assert plan.skipped_by_reason() == {EXCLUDED: 2}

    again = letters.exclude_from_letters(db, [xiaoming, ona], OCTOBER)  # idempotent
    assert (again.changed, again.unchanged) == (0, 2)
    assert stored(db_path) == [("Ona Žemaitė", "2026-10"), ("王小明", "2026-10")]

    back = letters.include_in_letters(db, [xiaoming], OCTOBER)
    assert (back.changed, back.unchanged) == (1, 0)
    assert skipped(db) == {ona: EXCLUDED}
    twice = letters.include_in_letters(db, [xiaoming, jonas], OCTOBER)
    assert (twice.changed, twice.unchanged) == (0, 2)
    assert stored(db_path) == [("Ona Žemaitė", "2026-10")]
    # the shop's choice, not the customer's: consent stays as given
    assert customer_summary(db, ona).letters_consent is True


def test_an_unknown_card_writes_nothing(db: Database, three: list[str], db_path: Path) -> None:
    ona = three[0]
    with pytest.raises(UnknownCard):
        letters.exclude_from_letters(db, [ona, "999999999"], OCTOBER)
    assert stored(db_path) == []
    letters.exclude_from_letters(db, [ona], OCTOBER)
    with pytest.raises(UnknownCard):
        letters.include_in_letters(db, [ona, "999999999"], OCTOBER)
    assert stored(db_path) == [("Ona Žemaitė", "2026-10")]


def test_customer_list_excludes_and_includes_the_selection(
    qtbot,  # noqa: ANN001
    db: Database,
    three: list[str],
    db_path: Path,
) -> None:
    ona, xiaoming, jonas = three
    view = CustomerListView(Operations(db))
    qtbot.addWidget(view)
    assert view.letters_month() == default_month(db) == OCTOBER
    assert "2026-10" in view.exclude_button.toolTip()
    names = [view.model.index(r, NAME).data() for r in range(view.model.rowCount())]
    assert names == ["Jonas Jonaitis", "Ona Žemaitė", "王小明"]
    selection = view.table.selectionModel()
    for row in (1, 2):
        selection.select(
            view.model.index(row, NAME),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    qtbot.mouseClick(view.exclude_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Excluded 2 customers from the letters for 2026-10."
    assert skipped(db) == {ona: EXCLUDED, xiaoming: EXCLUDED}
    assert stored(db_path) == [("Ona Žemaitė", "2026-10"), ("王小明", "2026-10")]

    qtbot.mouseClick(view.exclude_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == (
        "Excluded 0 customers from the letters for 2026-10. 2 customers already excluded."
    )
    qtbot.mouseClick(view.include_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Included 2 customers in the letters for 2026-10 again."
    assert skipped(db) == {}
    assert stored(db_path) == []

    view.table.clearSelection()
    qtbot.mouseClick(view.exclude_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Select the customers to exclude from this month's letters."
    view.all_matching.setChecked(True)
    qtbot.mouseClick(view.exclude_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Excluded 3 customers from the letters for 2026-10."
    assert set(skipped(db)) == {ona, xiaoming, jonas}
