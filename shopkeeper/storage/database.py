"""The engine, its SQLite pragmas, and the unit of work every service uses.

``Database.write()`` is the one way to change data: one transaction, committed when the block
ends, rolled back on any exception. On SQLite it starts with ``BEGIN IMMEDIATE`` so two tills
queue for the write lock instead of failing half-way with "database is locked"; when the lock
stays taken past the busy timeout, the ``BEGIN`` is tried again with a growing pause until
``WRITE_BUDGET_S`` is spent.

``Database.transaction(work)`` runs ``work(session)`` as one such unit of work and runs it
again from the start when the database says it lost a race that a second try wins: a
deadlock or serialization failure on PostgreSQL, a busy SQLite file, or ``RetryTransaction``
raised by the work itself (a card number taken by another till meanwhile). The person at the
till never sees these; only when the budget is spent does ``DatabaseBusy`` reach them.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, NoSuchTableError
from sqlmodel import Session

from shopkeeper.domain.acting import Actor
from shopkeeper.domain.errors import DatabaseBusy, InvalidInput
from shopkeeper.i18n import _
from shopkeeper.storage.pg import normalise_url

BUSY_TIMEOUT_MS = 5000
WRITE_BUDGET_S = 20.0  # how long one write may wait for the other tills, all tries together
RETRIES = 10  # tries of a unit of work after a lost race (deadlock, serialization failure)
# PostgreSQL's "try again" errors: serialization failure, deadlock, lock not available.
_RETRY_SQLSTATES = {"40001", "40P01", "55P03"}

T = TypeVar("T")


class RetryTransaction(Exception):  # noqa: N818 - a signal, not an error for the user
    """Raised inside ``Database.transaction`` work: roll back and run the work again."""


def utc_now() -> datetime:
    """Aware UTC: SQLModel stores every datetime in UTC and refuses naive ones."""
    return datetime.now(UTC)


def database_url(target: str | Path) -> str:
    """A path becomes an SQLite URL; anything with ``://`` is passed through (PostgreSQL...)."""
    text = str(target)
    if "://" in text:
        return normalise_url(text)
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling defers it).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: an acknowledged booking survives a power cut, not just a crash.
    cursor.execute("PRAGMA synchronous = FULL")
    # A checkpoint copies the WAL back into the file at the commit that crosses this many
    # pages. A booking writes about 40 pages, so SQLite's 1,000 made every 25th booking pay for
    # a checkpoint; at 4,000 (16 MB of WAL) it is every hundredth, and hot pages (index ends,
    # the chains' last rows) are copied once for all the bookings between.
    cursor.execute("PRAGMA wal_autocheckpoint = 4000")
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


def is_busy(error: DBAPIError) -> bool:
    """The database asks to try again: a locked SQLite file, a PostgreSQL deadlock or
    serialization failure."""
    if getattr(error.orig, "sqlstate", None) in _RETRY_SQLSTATES:
        return True
    message = str(error.orig).lower()
    return "database is locked" in message or "database is busy" in message


def _refused_text(error: DBAPIError) -> InvalidInput | None:
    """PostgreSQL refuses a NUL character in text, which SQLite stores: one clear line."""
    if "cannot contain nul" in str(error.orig).lower():
        return InvalidInput(_("A text contains the NUL character (\\0), which cannot be stored."))
    return None


@contextmanager
def _refusals() -> Iterator[None]:
    """A refusal the database words badly (``_refused_text``) raised as one clear line."""
    try:
        yield
    except DBAPIError as error:
        refused = _refused_text(error)
        if refused is None:
            raise
        raise refused from error


def _pause(attempt: int, deadline: float) -> None:
    """Back off before the next try: growing, jittered (so tills do not collide again in step),
    never past the deadline."""
    delay = min(0.5, 0.005 * 2**attempt) * random.uniform(0.5, 1.5)
    time.sleep(max(0.0, min(delay, deadline - time.monotonic())))


def advisory_lock(session: Session, name: str) -> None:
    """Hold the named lock until the transaction ends; a second holder waits. SQLite needs
    none: ``BEGIN IMMEDIATE`` already lets one writer in at a time."""
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"shopkeeper:{name}".encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


class Database:
    """An engine plus the clock and the person at the till; the object every service takes
    first."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.clock = clock
        self._till_actor: Actor | None = None
        self._approved = threading.local()  # an owner approving one action, on one thread
        self._chained = False  # the schema has the hash chains (checked until it has)
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
    def actor(self) -> Actor | None:
        """The person at this till (see ``domain.acting``); on a thread inside ``acting``, the
        owner who approved that one action."""
        approved = getattr(self._approved, "actor", None)
        return approved if approved is not None else self._till_actor

    @actor.setter
    def actor(self, actor: Actor | None) -> None:
        self._till_actor = actor

    @contextmanager
    def acting(self, actor: Actor) -> Iterator[None]:
        """``actor`` acts for what this thread does inside the block, and only this thread: a
        job an owner approved runs as them on the worker while the till's person goes on."""
        before = getattr(self._approved, "actor", None)
        self._approved.actor = actor
        try:
            yield
        finally:
            self._approved.actor = before

    @property
    def sqlite_path(self) -> Path | None:
        database = self.engine.url.database
        return Path(database) if self.is_sqlite and database and database != ":memory:" else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; WAL lets it run while a till writes."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                with _refusals():
                    yield session
            finally:
                session.rollback()

    @contextmanager
    def read_rows(self) -> Iterator[Connection]:
        """A read-only transaction on a plain connection, for reads of plain rows (the scan's
        profile): no ORM session to build and close, 0.3 ms less a scan."""
        with self.engine.connect() as connection:
            transaction = connection.begin()
            try:
                with _refusals():
                    yield connection
            finally:
                transaction.rollback()

    def _begin(self, session: Session) -> None:
        """Start the transaction now. On SQLite this takes the write lock (``BEGIN IMMEDIATE``):
        past the busy timeout it is asked for again, with pauses, until the budget is spent."""
        deadline = time.monotonic() + WRITE_BUDGET_S
        attempt = 0
        while True:
            try:
                session.connection()
                return
            except DBAPIError as error:
                session.close()
                if not is_busy(error):
                    raise
                if time.monotonic() >= deadline:
                    raise DatabaseBusy() from error
                _pause(attempt, deadline)
                attempt += 1

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: commit at the end of the block, roll back on any exception."""
        session = Session(self._write_bind, expire_on_commit=False)
        try:
            self._begin(session)
            yield session
            self._seal(session)
            session.commit()
        except DBAPIError as error:
            session.rollback()
            if is_busy(error):
                raise DatabaseBusy() from error
            refused = _refused_text(error)
            if refused is not None:
                raise refused from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _seal(self, session: Session) -> None:
        """Chain the ledger and audit rows this unit of work wrote (``storage.chain``), on a
        schema that has the chains (migration 0019; an older file is being upgraded)."""
        if not self._chained:
            try:
                columns = inspect(session.connection()).get_columns("ledger_entry")
            except NoSuchTableError:
                columns = []
            self._chained = any(c["name"] == "chain_seq" for c in columns)
            if not self._chained:
                return
        from shopkeeper.storage.chain import seal  # noqa: PLC0415 - chain imports this module

        seal(session)

    def transaction(self, work: Callable[[Session], T], *, retries: int = RETRIES) -> T:
        """``work(session)`` as one unit of work, run again from the start (up to ``retries``
        more times, within ``WRITE_BUDGET_S``) when another till won a race. ``work`` must
        therefore only change the database, never anything outside it."""
        deadline = time.monotonic() + WRITE_BUDGET_S
        attempt = 0
        while True:
            try:
                with self.write() as session:
                    return work(session)
            except (DatabaseBusy, RetryTransaction) as error:
                if attempt >= retries or time.monotonic() >= deadline:
                    if isinstance(error, DatabaseBusy):
                        raise
                    raise DatabaseBusy() from error
                _pause(attempt, deadline)
                attempt += 1

    def dispose(self) -> None:
        self.engine.dispose()
