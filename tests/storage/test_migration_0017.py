"""Migration 0017: a shop's existing customers get their sort keys in the shop's language, and
their stored search keys fold Traditional Chinese, so the old rows are found and ordered too."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.collation import sort_key
from shopkeeper.services import customer_list as cl
from shopkeeper.services.search import search_customers
from shopkeeper.storage import migrate
from shopkeeper.storage import search as search_index
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock

T = "2026-10-05 09:30:00.000000"
# (name, the name key an 0014 Shopkeeper stored: Traditional characters kept as they were)
PEOPLE = [("陳美玲", "陳美玲"), ("陈静", "陈静"), ("王小明", "王小明"), ("張偉", "張偉"),
          ("Čapas Jonas", "capas jonas"), ("Cyras Tomas", "cyras tomas")]  # fmt: skip


def shop_at_0014(path: Path, language: str) -> None:
    db = Database.open(path)
    migrate.upgrade(db, "0014")
    db.dispose()
    raw = sqlite3.connect(path)
    with raw:
        shop = {"name": "巷口茶行", "country": "TW", "currency": "TWD", "language": language,
                "shop_id": "6c1f0d47-3c47-4c2a-9a43-8a0b7f1d2e11", "address": ""}  # fmt: skip
        raw.execute("INSERT INTO setting VALUES ('shop', ?)", (json.dumps(shop),))
        for i, (name, key) in enumerate(PEOPLE, start=1):
            raw.execute(
                "INSERT INTO customer (id, card_number, name, name_key, language, "
                "letters_consent, joined_at, points_balance, visit_count, spent_cents) "
                "VALUES (?, ?, ?, ?, 'zh-tw', 0, ?, 0, 0, 0)",
                (i, f"20000{i:04d}", name, key, T),
            )
    raw.close()
    db = Database.open(path)
    with db.engine.begin() as connection:  # the search index as 0014 built it
        search_index.index_many(connection, [(i, key, None) for i, (_n, key) in
                                             enumerate(PEOPLE, start=1)])  # fmt: skip
    db.dispose()


@pytest.mark.sqlite_only("an SQLite file of revision 0014")
def test_the_upgrade_keeps_every_row_and_fills_the_keys(db_path: Path, clock: FakeClock) -> None:
    shop_at_0014(db_path, "zh-Hant")
    before = sqlite3.connect(db_path).execute(
        "SELECT id, card_number, name FROM customer ORDER BY id"
    ).fetchall()
    db = open_database(db_path, clock=clock)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        raw = sqlite3.connect(db_path)
        rows = raw.execute("SELECT id, card_number, name, name_key, sort_key FROM customer "
                           "ORDER BY id").fetchall()  # fmt: skip
        raw.close()
        assert [r[:3] for r in rows] == before  # every customer kept as they were
        assert {r[2]: r[3] for r in rows}["陳美玲"] == "陈美玲"  # the key folded to one script
        assert {r[2]: r[3] for r in rows}["Čapas Jonas"] == "capas jonas"
        assert all(r[4] == sort_key(r[2], "zh-Hant") for r in rows)  # every key filled
        # and the old customers are found in either script and listed by strokes
        assert [h.name for h in search_customers(db, "陈美")] == ["陳美玲"]
        assert sorted(h.name for h in search_customers(db, "陳")) == ["陈静", "陳美玲"]
        assert [h.name for h in search_customers(db, "张伟")] == ["張偉"]
        listed = [r.name for r in cl.page(db, cl.prepare(db))]
        assert sorted(listed) == sorted(name for name, _key in PEOPLE)
        taiwanese = [name for name in listed if name in ("王小明", "張偉", "陳美玲")]
        assert taiwanese == ["王小明", "張偉", "陳美玲"]  # 4, 11, 11 strokes (張 before 陳)
    finally:
        db.dispose()


@pytest.mark.sqlite_only("an SQLite file of revision 0014")
def test_a_lithuanian_shop_upgrades_to_lithuanian_order(db_path: Path, clock: FakeClock) -> None:
    shop_at_0014(db_path, "lt")
    db = open_database(db_path, clock=clock)
    try:
        listed = [r.name for r in cl.page(db, cl.prepare(db))]
        assert listed[:2] == ["Cyras Tomas", "Čapas Jonas"]
    finally:
        db.dispose()
