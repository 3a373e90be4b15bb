"""Shared fixtures: a real SQLite file per test, and a clock the test controls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.storage.database import Database


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


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 16, 10, 0, tzinfo=UTC))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shop.db"


@pytest.fixture
def db(db_path: Path, clock: FakeClock) -> Iterator[Database]:
    database = open_database(db_path, shop_name="Test Bakery", clock=clock)
    yield database
    database.dispose()
