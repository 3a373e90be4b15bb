"""The engine and the unit of work: durable pragmas, one transaction per use case, hot backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.services.customers import create_customer
from shopkeeper.storage.backup import backup_to
from shopkeeper.storage.database import Database, database_url
from shopkeeper.storage.tables import Setting


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_pragmas_on_every_connection(db: Database) -> None:
    for _ in range(2):  # a fresh pooled connection as well as the first
        with db.engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL: a booking survives a power cut
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 5000
        db.engine.dispose()


def test_write_commits_at_the_end_of_the_block(db: Database) -> None:
    with db.write() as session:
        session.add(Setting(key="greeting", value='"Labas"'))
    with db.read() as session:
        assert session.get(Setting, "greeting").value == '"Labas"'


def test_write_rolls_back_everything_on_an_error(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as session:
        session.add(Setting(key="half", value="1"))
        session.flush()
        raise RuntimeError("power cut in the middle")
    with db.read() as session:
        assert session.get(Setting, "half") is None


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO visit (customer_id, at, amount_cents) VALUES (999, '2026-01-01', 1)")
        )


@pytest.mark.sqlite_only("SQLite's BEGIN IMMEDIATE; PostgreSQL locks rows (tests/concurrency)")
def test_write_transactions_begin_immediate(db: Database) -> None:
    statements: list[str] = []
    from sqlalchemy import event

    def remember(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        with db.write() as session:
            session.get(Setting, "shop")
        with db.read() as session:
            session.get(Setting, "shop")
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]


@pytest.mark.sqlite_only("SQLite's WAL file")
def test_hot_backup_holds_what_is_still_in_the_wal(db: Database, tmp_path: Path) -> None:
    create_customer(db, name="Žemaitė")
    target = backup_to(db, tmp_path / "copies" / "shop-copy.db")
    raw = sqlite3.connect(target)
    try:
        assert raw.execute("SELECT name FROM customer").fetchall() == [("Žemaitė",)]
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        raw.close()
    assert not (tmp_path / "copies" / "shop-copy.db.partial").exists()


def test_paths_become_sqlite_urls_and_urls_pass_through(tmp_path: Path) -> None:
    assert database_url(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    url = "postgresql+psycopg://shop@localhost/shopkeeper"
    assert database_url(url) == url


def test_database_choice_cli_then_environment_then_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SHOPKEEPER_DATA_DIR", str(tmp_path / "data"))
    assert settings.database_target(None) == str(tmp_path / "data" / "shopkeeper.db")
    monkeypatch.setenv("SHOPKEEPER_DB", str(tmp_path / "env.db"))
    assert settings.database_target(None) == str(tmp_path / "env.db")
    assert settings.database_target(str(tmp_path / "cli.db")) == str(tmp_path / "cli.db")


def test_open_database_creates_missing_folders(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new" / "folder" / "shop.db", shop_name="Arbatinė")
    try:
        from shopkeeper.services import programme

        assert programme.load(db).shop.name == "Arbatinė"
    finally:
        db.dispose()
