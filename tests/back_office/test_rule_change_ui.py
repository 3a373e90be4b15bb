"""The earning-rules tab: a change saved from the window is recorded, shown with its date, and
does not expire points already earned."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from shopkeeper.domain.calendar import Month
from shopkeeper.services import programme
from shopkeeper.services.customers import create_customer
from shopkeeper.services.month_end import month_end
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.settings import SettingsView
from tests.services.support import balance


def test_switching_expiry_on_in_the_window_spares_held_points(qtbot, db, clock) -> None:  # noqa: ANN001
    programme.update_rules(db, expiry_months=0)
    clock.set(datetime(2026, 11, 20, 10, tzinfo=UTC))
    ona = create_customer(db, name="Ona")  # 50 points under "never expire"
    clock.set(datetime(2026, 12, 1, 10, tzinfo=UTC))
    view = SettingsView(Operations(db))
    qtbot.addWidget(view)
    tab = view.rules
    assert tab.expiry.text() == "never"
    tab.expiry.setValue(1)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "saved" in tab.message.text()
    assert tab.last_change.text() == "Last changed 2026-12-01: expiry months."
    assert programme.rules_history(db)[-1].at == datetime(2026, 12, 1, 10, tzinfo=UTC)
    clock.set(datetime(2027, 3, 2, 10, tzinfo=UTC))
    assert month_end(db, Month(2027, 2)).expired_points == 0
    assert balance(db, ona.id) == 50
