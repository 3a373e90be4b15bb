"""The engine, its SQLite pragmas, and the unit of work every service uses.

``Database.write()`` is the one way to change data: one transaction, committed when the block
ends, rolled back on any exception. On SQLite it starts with ``BEGIN IMMEDIATE`` so two tills
queue on the busy timeout instead of failing half-way with "database is locked".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from shopkeeper.domain.errors import DatabaseBusy

BUSY_TIMEOUT_MS = 5000


def utc_now() -> datetime:
    """Aware UTC: SQLModel stores every datetime in UTC and refuses naive ones."""
    return datetime.now(UTC)


def database_url(target: str | Path) -> str:
    """A path becomes an SQLite URL; anything with ``://`` is passed through (PostgreSQL...)."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling defers it).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: an acknowledged booking survives a power cut, not just a crash.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.execute("PRAGMA cache_size = -32000")
    cursor.close()


def _begin_sqlite(connection) -> None:  # noqa: ANN001 - SQLAlchemy Connection
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def build_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _set_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def is_busy(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


class Database:
    """An engine plus the clock; the object every service takes first."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.clock = clock
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._write_bind = (
            engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else engine
        )

    @classmethod
    def open(cls, target: str | Path, **kwargs) -> Database:  # noqa: ANN003
        return cls(build_engine(database_url(target)), **kwargs)

    def now(self) -> datetime:
        return self.clock()

    @property
    def sqlite_path(self) -> Path | None:
        database = self.engine.url.database
        return Path(database) if self.is_sqlite and database and database != ":memory:" else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; WAL lets it run while a till writes."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: commit at the end of the block, roll back on any exception."""
        session = Session(self._write_bind, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except OperationalError as error:
            session.rollback()
            if is_busy(error):
                raise DatabaseBusy() from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
