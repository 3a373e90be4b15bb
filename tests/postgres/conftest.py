"""PostgreSQL fixtures: a fresh database per test on the server named by
``SHOPKEEPER_TEST_PG_URL`` (or ``SHOPKEEPER_TEST_DB`` when it is a PostgreSQL URL), dropped
afterwards. Without such a URL, or when the server cannot be reached, these tests are skipped
with the reason; the role needs CREATEDB.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from shopkeeper.bootstrap import open_database
from shopkeeper.storage import pg
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock

ENV_NAMES = ("SHOPKEEPER_TEST_PG_URL", "SHOPKEEPER_TEST_DB")


def _server_url() -> URL:
    for name in ENV_NAMES:
        value = os.environ.get(name, "")
        if pg.is_postgres(value):
            break
    else:
        pytest.skip(
            "PostgreSQL tests need a server: set "
            "SHOPKEEPER_TEST_PG_URL=postgresql://user:pw@host/db (a role with CREATEDB)"
        )
    if not pg.driver_installed():
        pytest.skip("PostgreSQL tests need psycopg: pip install 'shopkeeper[postgres]'")
    return pg.parse(value)


@pytest.fixture(scope="session")
def pg_server() -> URL:
    url = _server_url()
    engine = create_engine(url.set(database="postgres"))
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means: no server to test against
        pytest.skip(f"PostgreSQL at {pg.shown(url)} is not reachable: {error}".splitlines()[0])
    finally:
        engine.dispose()
    return url


class Databases:
    """Creates databases named after the test URL's, drops them all at the end."""

    def __init__(self, server: URL) -> None:
        self.server = server
        self.admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
        self.made: list[str] = []

    def new(self) -> str:
        name = f"{self.server.database or 'shopkeeper'}_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as connection:
            connection.execute(
                text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
            )
        self.made.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as connection:
            for name in self.made:
                # FORCE ends our own leftover sessions; an autovacuum worker it may not end,
                # so try again until it has finished.
                for attempt in range(20):
                    try:
                        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                        break
                    except DBAPIError:
                        if attempt == 19:
                            raise
                        time.sleep(0.5)
        self.admin.dispose()


@pytest.fixture
def pg_databases(pg_server: URL) -> Iterator[Databases]:
    databases = Databases(pg_server)
    yield databases
    databases.drop_all()


@pytest.fixture
def pg_url(pg_databases: Databases) -> str:
    """The URL of a new, empty database."""
    return pg_databases.new()


@pytest.fixture
def pg_db(pg_url: str, clock: FakeClock) -> Iterator[Database]:
    database = open_database(pg_url, shop_name="Test Bakery")
    database.clock = clock
    yield database
    database.dispose()


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "till.db"


@pytest.fixture
def sqlite_db(sqlite_path: Path, clock: FakeClock) -> Iterator[Database]:
    """Always an SQLite file, even when the suite's ``db`` fixture runs on PostgreSQL."""
    database = open_database(sqlite_path, shop_name="Test Bakery")
    database.clock = clock
    yield database
    database.dispose()


@pytest.fixture
def both(sqlite_db: Database, pg_db: Database) -> dict[str, Database]:
    """The same new shop on SQLite and on PostgreSQL, sharing the test's clock."""
    return {"sqlite": sqlite_db, "postgresql": pg_db}


ShopBuilder = Callable[[Database], None]
