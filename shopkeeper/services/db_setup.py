"""Setting up a shared PostgreSQL database: create its schema, and move a shop into it.

``init_database`` checks the connection and the server (UTF-8), creates the schema and the
default programme, and says what it found. ``migrate_to`` copies a shop from its SQLite file
into an empty PostgreSQL database in one transaction: every table, ids kept, id sequences moved
past them; then it compares every table's row count and every customer's balance with the
source and with the ledger, and commits only if all agree. A target that already holds a shop
is refused; one holding only what ``init_database`` writes (the default programme) is filled,
its programme replaced by the shop's.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Table, create_engine, inspect, select, text

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.errors import InvalidInput, NotAllowed
from shopkeeper.i18n import _, ngettext
from shopkeeper.storage import pg
from shopkeeper.storage.database import Database, database_url
from shopkeeper.storage.tables import metadata

BATCH = 5_000
# Tables that hold a shop's life; a target with rows in any of them is not empty.
LIFE = ("customer", "visit", "ledger_entry", "redemption", "note")
ENGINE_TABLES = ("alembic_version", "customer_fts", "sqlite_")  # made by migrations or SQLite


@dataclass(frozen=True)
class InitDone:
    database: str  # the URL, password hidden
    server_version: str
    revision: str
    customers: int
    created: bool  # the schema was made now


@dataclass(frozen=True)
class MigrationDone:
    target: str  # the URL, password hidden
    rows: dict[str, int]  # table -> rows copied (equal in source and target)
    customers: int
    balances_checked: int
    seconds: float


def _require_postgres(url: str) -> str:
    if not pg.is_postgres(url):
        raise InvalidInput(
            _(
                "{url} is not a PostgreSQL URL; give postgresql://user:password@server/database."
            ).format(url=pg.shown(url))
        )
    if not pg.driver_installed():
        raise pg.CannotConnect(
            _("PostgreSQL support is not installed; {hint}").format(hint=pg.INSTALL_HINT)
        )
    return database_url(url)


def _probe(url: str) -> tuple[str, list[str]]:
    """Connect once: the server's version and the tables already there (refusing a database
    that is not UTF-8: names in every script must fit)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            encoding = connection.exec_driver_sql("SHOW server_encoding").scalar()
            version = connection.exec_driver_sql("SHOW server_version").scalar()
            tables = inspect(connection).get_table_names()
    except Exception as error:  # noqa: BLE001 - translated, or re-raised as it was
        if (problem := pg.explain(error, url)) is not None:
            raise problem from None
        raise
    finally:
        engine.dispose()
    if encoding != "UTF8":
        raise NotAllowed(
            _(
                "The database {url} uses the {encoding} encoding; Shopkeeper needs UTF8 "
                "(CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0)."
            ).format(url=pg.shown(url), encoding=encoding)
        )
    return str(version), tables


def _revision_and_customers(db: Database) -> tuple[str, int]:
    with db.engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        customers = connection.exec_driver_sql("SELECT count(*) FROM customer").scalar()
    return str(revision), int(customers or 0)


def init_database(url: str) -> InitDone:
    """Check the connection, create the schema and the default programme if missing."""
    url = _require_postgres(url)
    version, tables = _probe(url)
    db = open_database(url)
    try:
        revision, customers = _revision_and_customers(db)
    finally:
        db.dispose()
    return InitDone(pg.shown(url), version, revision, customers, "customer" not in tables)


# --- moving a shop --------------------------------------------------------------------------


def _check_target_empty(url: str, tables: list[str]) -> None:
    if not tables:
        return
    shop_tables = {table.name for table in metadata.sorted_tables}
    foreign = sorted(set(tables) - shop_tables - {"alembic_version"})
    if foreign or "customer" not in tables:
        shown = ", ".join(foreign or sorted(tables))[:200]
        raise NotAllowed(
            _(
                "{url} is not empty: it holds other tables ({tables}). Give an empty "
                "database; nothing was copied."
            ).format(url=pg.shown(url), tables=shown)
        )
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = {
                table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                for table in LIFE
                if table in tables
            }
    finally:
        engine.dispose()
    if any(found.values()):
        raise NotAllowed(
            _(
                "{url} already holds a shop ({customers} customers, {entries} ledger entries); "
                "a shop is copied only into an empty database. Nothing was copied."
            ).format(
                url=pg.shown(url),
                customers=found.get("customer", 0),
                entries=found.get("ledger_entry", 0),
            )
        )


def _source_tables(source: Database) -> set[str]:
    with source.engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    return {n for n in names if not n.startswith(ENGINE_TABLES)}


def _batches(connection: Connection, table: Table) -> Iterator[list[tuple]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(yield_per=BATCH).execute(
        select(*table.columns).order_by(*order)
    )
    for partition in result.partitions(BATCH):
        yield [tuple(row) for row in partition]


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    binds = [c.type.bind_processor(target.dialect) for c in table.columns]
    raw = target.connection.driver_connection
    copied = 0
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for batch in _batches(source, table):
            for row in batch:
                copy.write_row(
                    [
                        b(v) if b is not None and v is not None else v
                        for b, v in zip(binds, row, strict=True)
                    ]
                )
            copied += len(batch)
    return copied


def _advance_sequences(target: Connection) -> None:
    """Every sequence owned by a column starts after the column's largest value."""
    owned = target.execute(
        text(
            "SELECT s.relname, t.relname, a.attname FROM pg_class s "
            "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
            "JOIN pg_class t ON t.oid = d.refobjid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
            "JOIN pg_namespace n ON n.oid = s.relnamespace "
            "WHERE s.relkind = 'S' AND n.nspname = current_schema()"
        )
    ).all()
    for sequence, table, column in owned:
        target.exec_driver_sql(
            f'SELECT setval(\'"{sequence}"\', coalesce(max("{column}"), 0) + 1, false) '
            f'FROM "{table}"'
        )


_BALANCES = (
    "SELECT c.id, c.card_number, c.points_balance, coalesce(l.total, 0) FROM customer c "
    "LEFT JOIN (SELECT customer_id, sum(points) AS total FROM ledger_entry "
    "GROUP BY customer_id) l ON l.customer_id = c.id ORDER BY c.id"
)


def _counts(connection: Connection, tables: list[Table]) -> dict[str, int]:
    return {
        t.name: int(connection.exec_driver_sql(f'SELECT count(*) FROM "{t.name}"').scalar())
        for t in tables
    }


def _verify(source: Connection, target: Connection, tables: list[Table]) -> int:
    """Row counts and balances equal in both; every balance equal to its ledger sum."""
    wanted, got = _counts(source, tables), _counts(target, tables)
    differ = {name: (wanted[name], got[name]) for name in wanted if wanted[name] != got[name]}
    if differ:
        raise RuntimeError(f"Row counts differ after the copy (source, target): {differ}")
    before = source.exec_driver_sql(_BALANCES).all()
    after = target.exec_driver_sql(_BALANCES).all()
    off = [r for r in before if r[2] != r[3]]
    if off:
        cards = ", ".join(
            _("{card} ({balance} vs ledger {ledger})").format(card=r[1], balance=r[2], ledger=r[3])
            for r in off[:3]
        )
        raise NotAllowed(
            ngettext(
                "{n} balance in the shop's file disagrees with its ledger: {cards}. "
                "Nothing was copied; the file needs repair first.",
                "{n} balances in the shop's file disagree with their ledger: {cards}. "
                "Nothing was copied; the file needs repair first.",
                len(off),
            ).format(n=len(off), cards=cards)
        )
    if [tuple(r) for r in before] != [tuple(r) for r in after]:
        raise RuntimeError("Balances differ between the shop's file and the copy.")
    return len(after)


def migrate_to(source: Database, url: str) -> MigrationDone:
    """Copy the SQLite shop ``source`` into the empty PostgreSQL database at ``url``."""
    started = time.perf_counter()
    if not source.is_sqlite:
        raise InvalidInput(
            _("Only a shop kept in an SQLite file can be copied to PostgreSQL.")
        )
    url = _require_postgres(url)
    _version, tables = _probe(url)
    _check_target_empty(url, tables)
    ordered = list(metadata.sorted_tables)
    unknown = _source_tables(source) - {t.name for t in ordered}
    if unknown:
        raise NotAllowed(
            _(
                "The shop's file has tables this version does not know ({tables}); "
                "nothing was copied."
            ).format(tables=", ".join(sorted(unknown)))
        )
    target = open_database(url)  # the schema at the same revision as the opened source
    try:
        with source.engine.connect() as reading, target.write() as session:
            writing = session.connection()
            for table in reversed(ordered):  # the default programme of a new database
                writing.exec_driver_sql(f'DELETE FROM "{table.name}"')
            rows = {table.name: _copy_table(reading, writing, table) for table in ordered}
            _advance_sequences(writing)
            checked = _verify(reading, writing, ordered)
    finally:
        target.dispose()
    return MigrationDone(
        pg.shown(url),
        rows,
        rows.get("customer", 0),
        checked,
        round(time.perf_counter() - started, 2),
    )
