"""The Audit log screen, driven like a person: filter by customer, kind, person and period,
export what is shown to CSV (checked against the stored rows), double-click to open the
customer; and the tamper check after a backup warns on the backups screen."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from shopkeeper.services import audit, backups
from shopkeeper.services.ledger import correct_points
from shopkeeper.services.visits import record_visit
from shopkeeper.ui import dialogs
from shopkeeper.ui.audit import view as audit_view
from shopkeeper.ui.audit.model import AuditTableModel
from shopkeeper.ui.data import BackupsView
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.operations import Operations
from tests.audit.support import raw, starts
from tests.ui.conftest import Shop, press_enter, type_text


def shown(view: audit_view.AuditView) -> list[tuple[str, str, str]]:
    model = view.model
    return [
        tuple(model.data(model.index(r, c)) for c in (1, 3, 4)) for r in range(model.rowCount())
    ]


def test_filter_export_and_open_a_customer_from_the_log(
    qtbot, window: MainWindow, db, shop: Shop, tmp_path: Path, monkeypatch  # noqa: ANN001
) -> None:
    record_visit(db, card_number=shop.ona, amount_cents=4_000)
    correct_points(db, card_number=shop.ona, points=5, reason="stamp card")
    record_visit(db, card_number=shop.jonas, amount_cents=1_000)
    window.show_view("audit")
    view = window.audit_view.content
    assert isinstance(view, audit_view.AuditView)
    assert len(shown(view)) == len(audit.entries(db, limit=None)) == len(starts(db)) + 5 + 3

    type_text(view.card, shop.ona)
    press_enter(qtbot, view.card)
    assert shown(view) == [
        ("(no name)", "Points corrected", shop.ona),
        ("(no name)", "Visit booked", shop.ona),
        ("(no name)", "Customer added", shop.ona),
    ]
    assert view.message.text() == "3 rows"
    changes = view.model.data(view.model.index(0, 5))
    assert "points: 5" in changes and "reason: stamp card" in changes

    view.kind.setCurrentIndex(view.kind.findData("correction"))
    assert shown(view) == [("(no name)", "Points corrected", shop.ona)]

    target = tmp_path / "audit.csv"
    monkeypatch.setattr(audit_view, "ask_csv_path", lambda _parent, _name: str(target))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == f"1 row exported to {target}."
    with target.open(encoding="utf-8-sig", newline="") as handle:
        exported = list(csv.DictReader(handle))
    stored = audit.entries(db, audit.AuditFilter(kind="correction"))
    assert [(r["kind"], r["card_number"], json.loads(r["after"])) for r in exported] == [
        ("correction", shop.ona, stored[0].after)
    ]

    # a period without anything, then a wrong date said inline
    view.kind.setCurrentIndex(0)
    type_text(view.until, "2020-01-01")
    press_enter(qtbot, view.until)
    assert shown(view) == [] and view.message.text() == "0 rows"
    view.until.clear()
    type_text(view.since, "2026-02-30")
    press_enter(qtbot, view.since)
    assert view.message.text() == "'2026-02-30' is not a date; use YYYY-MM-DD."
    view.since.clear()
    press_enter(qtbot, view.since)

    # a double-click opens the customer at the counter
    assert {card for _who, _what, card in shown(view)} == {shop.ona}  # the card filter stays
    view.table.doubleClicked.emit(view.model.index(1, 3))  # as the other list tests do
    assert window.current_view() == "counter"
    assert window.counter.profile.summary.card_number == shop.ona


def test_the_model_fetches_the_log_page_by_page(qtmodeltester, db, shop: Shop) -> None:  # noqa: ANN001
    for _ in range(250):
        record_visit(db, card_number=shop.jonas, amount_cents=100)
    calls: list[tuple[int, int]] = []

    def fetch(offset: int, limit: int) -> list[audit.AuditRow]:
        calls.append((offset, limit))
        return audit.entries(db, offset=offset, limit=limit)

    model = AuditTableModel(fetch)
    model.reset()
    assert model.rowCount() == 200 and model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    every = len(starts(db)) + 5 + 250  # the upgrade, the shop's customers, the visits
    assert model.rowCount() == every and not model.canFetchMore(model.index(-1, -1))
    assert calls == [(0, 200), (200, 200)]
    assert [model.row(r).id for r in range(every)] == [
        r.id for r in audit.entries(db, limit=None)
    ]
    qtmodeltester.check(model)


@pytest.mark.sqlite_only("edits the SQLite file with the sqlite3 module")
def test_a_backup_of_tampered_books_warns_on_the_backups_screen(
    qtbot, db, db_path: Path, shop: Shop, monkeypatch  # noqa: ANN001
) -> None:
    operations = Operations(db)
    view = BackupsView(db, operations=operations)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.backed_up, timeout=10_000):
        qtbot.mouseClick(view.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.chains.last is not None, timeout=10_000)
    assert view.chains.last.intact and view.message.text().startswith("Backed up and checked")

    raw(db_path, "UPDATE ledger_entry SET points = 5000 WHERE chain_seq = 2")
    with qtbot.waitSignal(view.backed_up, timeout=10_000):
        qtbot.mouseClick(view.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.chains.last.intact, timeout=10_000)
    assert view.message.text().startswith(
        "Warning: the tamper check after the backup failed. BROKEN: ledger entry 2 was changed"
    )
    # that backup restored (the shop decides): the restored books are checked and it says so
    tampered = backups.list_backups(db)[0].path
    monkeypatch.setattr(dialogs, "ask", lambda *_args: True)
    done = view.restore_file(tampered)
    assert done is not None and not done.verification.intact
    assert "Warning: the restored data fails the tamper check. BROKEN: ledger entry 2" in (
        view.message.text()
    )
