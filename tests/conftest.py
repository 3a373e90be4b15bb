"""Shared fixtures: a real database per test, and a clock the test controls.

The database is an SQLite file by default. With ``SHOPKEEPER_TEST_DB=postgresql+psycopg://...``
the same tests run against that PostgreSQL server instead: the database named in the URL gets a
fresh schema once per session, and every test starts from the freshly seeded shop (all tables
emptied with ``TRUNCATE ... RESTART IDENTITY`` and the defaults written again: about 30 ms, where
a ``CREATE DATABASE ... TEMPLATE`` plus its ``DROP`` costs over a second because of the
checkpoint ``DROP DATABASE`` forces). Tests that need the SQLite file itself are marked
``@pytest.mark.sqlite_only("why")`` and skipped there.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.storage.database import Database

TEST_DB = os.environ.get("SHOPKEEPER_TEST_DB", "").strip()
ON_POSTGRES = TEST_DB.startswith("postgresql")
SHOP_NAME = "Test Bakery"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test needs the SQLite file itself (skipped on PG)"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    marker = item.get_closest_marker("sqlite_only")
    if marker is not None and ON_POSTGRES:
        reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "SQLite only")
        pytest.skip(f"SQLite only: {reason}")


def pytest_report_header() -> str:
    return f"shopkeeper test database: {'PostgreSQL' if ON_POSTGRES else 'SQLite files'}"


class FakeClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test ever touches the real user data folder or a real shop."""
    monkeypatch.setenv("SHOPKEEPER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("SHOPKEEPER_DB", raising=False)
    # A new shop takes its country from the locale: the tests' shops are Lithuanian wherever
    # they run (tests of the locale itself change this).
    monkeypatch.setenv("SHOPKEEPER_LOCALE", "lt_LT.UTF-8")
    monkeypatch.setenv("TZ", "Europe/Vilnius")
    import time

    time.tzset()


@pytest.fixture(autouse=True)
def _none_stays_alive() -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None per Qt call that returns nothing
    (``shopkeeper.ui.none_refs``); a whole suite of widget tests makes far more calls than a
    day at the counter, so every test starts with the spare references topped up."""
    if sys.version_info < (3, 12) and "PySide6" in sys.modules:
        from shopkeeper.ui import none_refs

        none_refs.top_up()


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> None:
    """As in the program (``shopkeeper.ui.collector``): once a QApplication exists, Python's
    collector runs on its thread only, never on a worker that would free Qt objects there."""
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            from shopkeeper.ui import collector

            collector.install(app)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The suite speaks English whatever the machine's locale or the test shop's language
    (Lithuanian): ``SHOPKEEPER_LANG`` decides for the command line, its subprocesses and the
    window; tests of another language set it (or ``--lang``) themselves."""
    from shopkeeper import i18n

    monkeypatch.setenv(i18n.ENV_LANG, "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def catalogs() -> Iterator[object]:
    """The shipped catalogs (complete: ``tests/i18n/test_catalogs.py``), read afresh; every test
    using it ends in English again. Yields the folder they are read from."""
    from shopkeeper import i18n

    i18n.translations.cache_clear()
    yield i18n.LOCALE_DIR
    i18n.set_language("en")
    i18n.translations.cache_clear()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 16, 10, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def _postgres_schema() -> Iterator[str | None]:
    """PostgreSQL only: a fresh, migrated schema in the database named by SHOPKEEPER_TEST_DB."""
    if not ON_POSTGRES:
        yield None
        return
    from shopkeeper.storage import migrate
    from tests.engines import reset_schema

    reset_schema(TEST_DB)
    database = Database.open(TEST_DB)
    try:
        migrate.upgrade(database)
    finally:
        database.dispose()
    yield TEST_DB


@pytest.fixture
def db_path(tmp_path: Path, _postgres_schema: str | None) -> Path | str:
    """Where the test's shop lives: an SQLite file, or the PostgreSQL URL (emptied first)."""
    if _postgres_schema is None:
        return tmp_path / "shop.db"
    from tests.engines import empty_tables

    empty_tables(_postgres_schema)
    return _postgres_schema


@pytest.fixture
def db(db_path: Path | str, clock: FakeClock) -> Iterator[Database]:
    database = open_database(db_path, shop_name=SHOP_NAME, clock=clock)
    yield database
    database.dispose()
