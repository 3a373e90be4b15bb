"""Migration 0022 fills the rhythm figures of a shop made before it and keeps every row."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.calendar import local_date
from shopkeeper.storage import migrate
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.rhythm.support import check_figures

NOW = datetime(2026, 11, 30, 21, 0, tzinfo=UTC)


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


def shop_at_0017(path: Path) -> None:
    """Six customers with visits as an 0017 Shopkeeper stored them (some reversed, one with
    microseconds, one visiting near local midnight), one without any visit."""
    db = Database.open(path)
    migrate.upgrade(db, "0017")
    db.dispose()
    raw = sqlite3.connect(path)
    visit_id = 0
    with raw:
        for cid in range(1, 8):
            raw.execute(
                "INSERT INTO customer (id, card_number, name, name_key, language, "
                "letters_consent, joined_at, points_balance, visit_count, spent_cents, sort_key, "
                "archived_at) VALUES (?, ?, ?, ?, 'lt', 0, ?, 0, 0, 0, x'', ?)",
                (cid, f"2000000{cid:02d}", f"Klientas {cid}", f"klientas {cid}",
                 _stamp(NOW - timedelta(days=900)),
                 _stamp(NOW) if cid == 6 else None),
            )  # fmt: skip
            if cid == 7:
                continue
            for k in range(cid * 3):
                visit_id += 1
                at = NOW - timedelta(days=cid * 11 + k * (cid + 2), seconds=cid * 3600 + k)
                if cid == 2:
                    at -= timedelta(microseconds=123_457 * k)
                reversed_at = _stamp(NOW) if k % 4 == 3 else None
                raw.execute(
                    "INSERT INTO visit (id, customer_id, at, amount_cents, reversed_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (visit_id, cid, _stamp(at), 100 * k, reversed_at),
                )
    raw.close()


def _all(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as raw:
        return raw.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608


@pytest.mark.sqlite_only("an SQLite file of revision 0017")
def test_the_upgrade_fills_the_figures_and_keeps_every_row(
    db_path: Path, clock: FakeClock
) -> None:
    shop_at_0017(db_path)
    customers, visits = _all(db_path, "customer"), _all(db_path, "visit")
    clock.set(NOW)
    db = open_database(db_path, clock=clock)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        assert (_all(db_path, "customer"), _all(db_path, "visit")) == (customers, visits)
        today = local_date(NOW)
        check_figures(db, [today + timedelta(days=k) for k in (-30, 0, 1, 5, 20, 90)])
        with sqlite3.connect(db_path) as raw:
            assert raw.execute("SELECT count(*) FROM customer_rhythm").fetchone() == (6,)
            plan = raw.execute(
                "EXPLAIN QUERY PLAN SELECT customer_id, visits, last_at, gap_days "
                "FROM customer_rhythm WHERE overdue_from <= '2026-12-01'"
            ).fetchall()
        assert "COVERING INDEX ix_customer_rhythm_due" in str(plan)
    finally:
        db.dispose()
