"""Old database files open in a new Shopkeeper: upgraded after a backup copy, every row kept."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.collation import sort_key
from shopkeeper.domain.errors import DatabaseTooNew
from shopkeeper.services.ledger import ledger
from shopkeeper.services.month_end import month_end
from shopkeeper.services.programme import rules_history
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage import migrate
from shopkeeper.storage.database import Database
from shopkeeper.storage.tables import metadata
from tests.conftest import FakeClock

T = "2026-10-05 09:30:00.000000"
# fmt: off
ROWS_AT_0001 = {
    "setting": [
        ("shop", '{"country": "LT", "currency": "EUR", "name": "Senoji kepykla", "address": ""}'),
        ("next_card_sequence", "3"),
    ],
    "tier": [
        (1, "Bronze", 0, "1", "#b0703c", 0),
        (2, "Silver", 250, "1.25", "#8a9597", 1),
    ],
    "cause": [(1, "Gyvūnų prieglauda", 1)],
    "customer": [
        (1, "200000016", "Žemaitė Ona", "zemaite ona", "+37061234567", "ona@example.lt",
         "Gedimino pr. 1\nVilnius", "1990-11-20", "lt", 1, T, None, None, 1, 140, 1, 9000,
         T, T),
        (2, "200000024", "王小明", "王小明", "+8613812345678", None, None, None, "zh", 0, T,
         1, None, 2, 300, 1, 25000, T, T),
    ],
    "reward": [
        (1, "Free coffee", 100, 250, None, 1, 90, None),
        (2, "Dog meal", 100, 300, None, 1, 90, 1),
    ],
    "visit": [
        (1, 1, T, 9000, "Rūta", "paper card", "req-1", None),
        (2, 2, T, 25000, None, None, None, None),
    ],
    "redemption": [(1, 1, 2, T, 100, 300, "ABCDEFGHJK", "2027-01-03", T, 1)],
    "ledger_entry": [
        (1, 1, T, 50, "welcome_bonus", None, None, None, None, None, None),
        (2, 1, T, 90, "visit", 1, None, None, None, None, "Rūta"),
        (3, 1, T, 100, "referral_bonus", 2, None, None, None, None, None),
        (4, 1, T, -100, "redemption", None, 1, None, None, None, None),
        (5, 2, T, 50, "welcome_bonus", None, None, None, None, None, None),
        (6, 2, T, 250, "visit", 2, None, None, None, None, None),
    ],
    "note": [(1, 1, T, "Mėgsta 🥐 ir ☕", "preference", 1, None, None, "Rūta")],
}
# fmt: on


def fill_at_first_revision(path: Path) -> Database:
    db = Database.open(path)
    migrate.upgrade(db, "0001")
    assert migrate.current_revision(db) == "0001"
    raw = sqlite3.connect(path)
    with raw:
        for table, rows in ROWS_AT_0001.items():
            marks = ",".join("?" * len(rows[0]))
            raw.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    raw.close()
    return db


def all_rows(path: Path, table: str) -> list[tuple]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    finally:
        raw.close()


@pytest.mark.sqlite_only("SQLite files of older revisions and their backup copies")
def test_a_first_revision_database_is_upgraded_with_every_row(
    db_path: Path, clock: FakeClock
) -> None:
    old = fill_at_first_revision(db_path)
    old.dispose()
    db = open_database(db_path, clock=clock)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        for table, rows in ROWS_AT_0001.items():
            if table != "setting":
                upgraded = all_rows(db_path, table)
                width = len(rows[0])
                if table == "customer":  # 0015: Chinese by script ("zh" -> "zh-Hans")
                    rows = [(*r[:8], "zh-Hans" if r[8] == "zh" else r[8], *r[9:]) for r in rows]
                # every old value kept; columns added later start empty
                assert [row[:width] for row in upgraded] == rows, table
                later = [row[width:] for row in upgraded]
                if table == "customer":  # but the sort key of the name (0017) is filled
                    later = [row[:-1] for row in later]
                    assert [row[-1] for row in upgraded] == [
                        sort_key(row[2], "en") for row in rows
                    ]
                if table == "ledger_entry":  # but the hash chain (0019) is built over them
                    assert [row[0] for row in later] == list(range(1, len(rows) + 1))
                    assert all(len(row[2]) == 64 for row in later)
                    later = [row[3:] for row in later]
                assert all(value is None for row in later for value in row), table
        # the shop kept its settings and was given a stable id (migration 0009)
        settings = dict(all_rows(db_path, "setting"))
        shop = json.loads(settings["shop"])
        assert {k: shop[k] for k in ("name", "country", "currency")} == {
            "name": "Senoji kepykla", "country": "LT", "currency": "EUR"
        }
        assert uuid.UUID(shop["shop_id"]).version == 4
        assert settings["next_card_sequence"] == "3"
        # the rules in force become the first record, dated by the shop's clock
        assert [(h.at, h.rules.expiry_months) for h in rules_history(db)] == [(clock.now, 12)]
        # the upgrade indexed the old customers: every kind of search finds them
        assert [h.name for h in search_customers(db, "zemaite")] == ["Žemaitė Ona"]
        assert [h.name for h in search_customers(db, "小明")] == ["王小明"]
        assert [h.name for h in search_customers(db, "明")] == ["王小明"]
        assert [h.name for h in search_customers(db, "612 345")] == ["Žemaitė Ona"]
        assert [h.name for h in search_customers(db, "200000024")] == ["王小明"]
        ona = customer_summary(db, "200000016")
        assert (ona.points_balance, ona.visit_count, ona.address) == (
            140,
            1,
            "Gedimino pr. 1\nVilnius",
        )
        assert [n.text for n in ona.pinned_notes] == ["Mėgsta 🥐 ir ☕"]
        assert [x.balance_after for x in ledger(db, "200000016")] == [50, 140, 240, 140]
        assert customer_summary(db, "200000024").tier == "Silver"
        # and the shop goes on working
        booked = record_visit(db, card_number="200000016", amount_cents=1_000, request_id="req-2")
        assert booked.points_balance == 150
        assert month_end(db).month == "2026-10"
        assert all_rows(db_path, "setting")[0][0] == "shop"  # the old shop was not re-seeded
    finally:
        db.dispose()


@pytest.mark.sqlite_only("SQLite files of older revisions and their backup copies")
def test_the_backup_copy_is_taken_first_and_opens(db_path: Path) -> None:
    fill_at_first_revision(db_path).dispose()
    open_database(db_path).dispose()
    backup = db_path.with_name(f"shop.before-{migrate.head_revision()}.db")
    assert backup.exists()
    raw = sqlite3.connect(backup)
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT name FROM customer ORDER BY id").fetchall() == [
            ("Žemaitė Ona",),
            ("王小明",),
        ]
    finally:
        raw.close()
    reopened = open_database(backup)  # the copy is a whole database: it upgrades in turn
    try:
        assert [h.name for h in search_customers(reopened, "zemaite")] == ["Žemaitė Ona"]
    finally:
        reopened.dispose()


@pytest.mark.sqlite_only("SQLite files of older revisions and their backup copies")
def test_a_current_database_is_not_copied_again(db_path: Path) -> None:
    open_database(db_path).dispose()
    open_database(db_path).dispose()
    assert sorted(p.name for p in db_path.parent.iterdir() if ".before-" in p.name) == []


def test_migrations_and_models_agree(db: Database) -> None:
    def include_name(name: str | None, type_: str, parent_names: object) -> bool:
        if type_ == "index" and name and name.startswith("pgx_"):  # PostgreSQL only (0014)
            return False
        return not (type_ == "table" and name and name.startswith("customer_fts"))

    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


@pytest.mark.sqlite_only("SQLite files of older revisions and their backup copies")
def test_a_newer_database_is_refused_and_left_unchanged(db_path: Path) -> None:
    open_database(db_path).dispose()
    raw = sqlite3.connect(db_path)
    with raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    raw.close()
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    files = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(DatabaseTooNew, match="newer version of Shopkeeper") as caught:
        open_database(db_path)
    assert "9999_from_the_future" in str(caught.value)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in db_path.parent.iterdir() if ".before-" in p.name) == []
    assert sorted(p.name for p in db_path.parent.iterdir()) == files


def test_the_quick_head_revision_is_alembics_head() -> None:
    """Start-up reads the head from the migration files' text (no Alembic import); it must be
    the head Alembic itself computes."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()


@pytest.mark.sqlite_only("an SQLite file at revision 0014")
def test_the_shops_own_letter_wording_survives_as_its_languages_template(
    db_path: Path, clock: FakeClock
) -> None:
    """Before 0016 the shop had one wording (any language); it becomes the template of the
    shop's language, and the customers gain an empty salutation."""
    from shopkeeper.services import letters

    old = Database.open(db_path)
    migrate.upgrade(old, "0014")
    old.dispose()
    wording = {"greeting": "Labas, {first_name}!", "closing": "Iki greito!"}
    raw = sqlite3.connect(db_path)
    with raw:
        raw.execute(
            "INSERT INTO setting VALUES (?, ?)",
            ("shop", json.dumps({"name": "Senoji kepykla", "country": "LT", "currency": "EUR",
                                 "language": "lt", "address": ""})),  # fmt: skip
        )
        raw.execute(
            "INSERT INTO setting VALUES (?, ?)", ("letter_template", json.dumps(wording))
        )
    raw.close()
    db = open_database(db_path, clock=clock)
    try:
        settings = dict(all_rows(db_path, "setting"))
        assert "letter_template" not in settings
        assert json.loads(settings["letter_template:lt"]) == wording
        kept = letters.letter_template(db, "lt")
        assert (kept.greeting, kept.closing) == ("Labas, {first_name}!", "Iki greito!")
        assert kept.intro.startswith("Dėkojame")  # the parts never edited: Lithuanian defaults
        assert letters.letter_template(db, "en").greeting == "Dear {first_name},"
        raw = sqlite3.connect(db_path)
        try:
            columns = [row[1] for row in raw.execute("PRAGMA table_info(customer)")]
        finally:
            raw.close()
        assert "salutation" in columns
    finally:
        db.dispose()
