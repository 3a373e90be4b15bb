"""Migration 0019 on a shop with history: every ledger row kept, the chain built over them in
batches and valid, and the log's first row saying it starts at this upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.services import audit, integrity
from shopkeeper.services.visits import record_visit
from shopkeeper.storage import migrate
from tests.conftest import FakeClock
from tests.storage.test_migrations import ROWS_AT_0001, all_rows, fill_at_first_revision

EXTRA = 12_001  # more than two of the migration's batches


@pytest.mark.sqlite_only("SQLite files of older revisions")
def test_0019_chains_the_existing_ledger_and_starts_the_log(
    db_path: Path, clock: FakeClock
) -> None:
    old = fill_at_first_revision(db_path)
    migrate.upgrade(old, "0017")
    old.dispose()
    raw = sqlite3.connect(db_path)
    with raw:
        raw.executemany(
            "INSERT INTO ledger_entry (customer_id, at, points, kind, note) VALUES (?, ?, ?, ?, ?)",
            [(1 + n % 2, f"2026-10-{1 + n % 28:02d} 09:00:00.000000", n % 7 - 3, "correction",
              f"row {n}") for n in range(EXTRA)],
        )  # fmt: skip
    raw.close()
    before = all_rows(db_path, "ledger_entry")
    assert len(before) == len(ROWS_AT_0001["ledger_entry"]) + EXTRA

    db = open_database(db_path, clock=clock)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        after = all_rows(db_path, "ledger_entry")
        width = len(before[0])
        assert [row[:width] for row in after] == before  # every row, every value kept
        assert [row[width] for row in after] == list(range(1, len(before) + 1))
        checked = integrity.verify(db)
        assert checked.intact, checked.broken
        assert checked.ledger_rows == len(before)
        (start,) = audit.entries(db)
        assert (start.kind, start.at, start.staff_name) == ("audit.start", clock.now, None)
        assert start.after == {"revision": "0019", "ledger_entries": len(before)}
        # the shop goes on: a new booking joins the chain after the migrated rows
        record_visit(db, card_number=all_rows(db_path, "customer")[0][1], amount_cents=1_000)
        assert integrity.verify(db).ledger_rows == len(before) + 1
        assert integrity.verify(db).intact
    finally:
        db.dispose()
