"""Sealing: give the rows a transaction wrote their place and hash in the chains.

``Database.write`` calls ``seal`` just before it commits, so every writer (an ORM entry, a Core
bulk insert at month-end or import, the demo's driver-level inserts) is chained without having
to remember it. Rows still without a sequence number are this transaction's own (every
committed row was sealed by its own transaction); they get the numbers after the last sealed
row, in id order. On PostgreSQL an advisory lock per chain is taken before the last hash is
read, so two tills committing at once queue here; on SQLite ``BEGIN IMMEDIATE`` already lets one
writer in at a time. Ledger before audit, always: one order, no deadlock.
"""

from __future__ import annotations

import zlib

from sqlalchemy import Connection, bindparam, func, select, text, update
from sqlmodel import Session

from shopkeeper.domain import chain
from shopkeeper.storage import tables as t

BATCH = 10_000
L = t.LedgerEntry.__table__
A = t.AuditEntry.__table__

_LEDGER_UNSEALED = (
    select(
        L.c.id, L.c.at, L.c.customer_id, L.c.points, L.c.kind,
        L.c.visit_id, L.c.redemption_id, L.c.reverses_id,
    )  # fmt: skip
    .where(L.c.chain_seq.is_(None))
    .order_by(L.c.id)
    .limit(BATCH)
)
_AUDIT_UNSEALED = (
    select(
        A.c.id, A.c.at, A.c.till, A.c.staff_id, A.c.staff_name, A.c.kind,
        A.c.customer_id, A.c.digest,
    )  # fmt: skip
    .where(A.c.chain_seq.is_(None))
    .order_by(A.c.id)
    .limit(BATCH)
)


def _last_query(table):  # noqa: ANN001, ANN202
    return select(table.c.chain_seq, table.c.entry_hash).where(
        table.c.chain_seq == select(func.max(table.c.chain_seq)).scalar_subquery()
    )


def _seal_update(table):  # noqa: ANN001, ANN202
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(
            chain_seq=bindparam("seq"), prev_hash=bindparam("prev"), entry_hash=bindparam("hash")
        )
    )


# Built once: every booking runs them (SQLAlchemy then reuses the compiled form).
_LAST = {L.name: _last_query(L), A.name: _last_query(A)}


def _with_last(unsealed, table):  # noqa: ANN001, ANN202
    """The unsealed rows with the last link beside each (SQLite: one read instead of two)."""
    last = _last_query(table).subquery()
    return unsealed.add_columns(
        select(last.c.chain_seq).scalar_subquery().label("last_seq"),
        select(last.c.entry_hash).scalar_subquery().label("last_hash"),
    )


_UNSEALED_WITH_LAST = {
    L.name: _with_last(_LEDGER_UNSEALED, L),
    A.name: _with_last(_AUDIT_UNSEALED, A),
}
_SEAL = {L.name: _seal_update(L), A.name: _seal_update(A)}


def last_link(connection: Connection, table) -> tuple[int, str]:  # noqa: ANN001 - a Table
    """The last sealed row's sequence number and hash (0 and the genesis hash if none)."""
    row = connection.execute(_LAST[table.name]).first()
    if row is None:
        return 0, chain.GENESIS
    return int(row.chain_seq), str(row.entry_hash)


def _write(connection: Connection, table, sealed: list[dict]) -> None:  # noqa: ANN001
    if sealed:  # one row (a booking) as a plain execute: executemany costs more per call
        connection.execute(_SEAL[table.name], sealed[0] if len(sealed) == 1 else sealed)


def _chain(connection: Connection, table, rows: list, start, content) -> None:  # noqa: ANN001
    """Give ``rows`` the next places after ``start`` (sequence number and hash; None: read it
    now), each hashed over the one before with ``content(seq, row)``."""
    seq, prev = start if start is not None else last_link(connection, table)
    sealed = []
    for row in rows:
        seq += 1
        digest = chain.link(prev, content(seq, row))
        sealed.append({"row_id": row.id, "seq": seq, "prev": prev, "hash": digest})
        prev = digest
    _write(connection, table, sealed)


def seal_ledger(connection: Connection, rows: list, start: tuple[int, str] | None = None) -> None:
    """Chain ``rows`` (unsealed ledger rows in id order) after the last sealed entry."""
    _chain(
        connection, L, rows, start,
        lambda seq, row: chain.ledger_content(
            seq=seq, id=row.id, at=row.at, customer_id=row.customer_id, points=row.points,
            kind=row.kind, visit_id=row.visit_id, redemption_id=row.redemption_id,
            reverses_id=row.reverses_id,
        ),
    )  # fmt: skip


def seal_audit(connection: Connection, rows: list, start: tuple[int, str] | None = None) -> None:
    """Chain ``rows`` (unsealed audit rows in id order) after the last sealed audit row."""
    _chain(
        connection, A, rows, start,
        lambda seq, row: chain.audit_content(
            seq=seq, at=row.at, till=row.till, staff_id=row.staff_id,
            staff_name=row.staff_name, kind=row.kind, customer_id=row.customer_id,
            digest=row.digest,
        ),
    )  # fmt: skip


def seal(session: Session) -> None:
    """Seal what this unit of work wrote, in both chains (``Database.write`` calls it)."""
    session.flush()
    seal_connection(session.connection())


def seal_connection(connection: Connection) -> None:
    """Seal what the transaction open on ``connection`` wrote: for work that runs on its own
    connection instead of ``Database.write`` (the SQLite import). Cheap when it wrote nothing:
    two indexed lookups of rows without a sequence number.

    On SQLite the last link is read with the rows (``BEGIN IMMEDIATE`` keeps every other
    writer out); on PostgreSQL only after the chain's lock is taken, or two tills committing
    at once would both chain from the same last row."""
    sqlite = connection.dialect.name == "sqlite"
    for table, query, name, sealer in (
        (L, _LEDGER_UNSEALED, "ledger-chain", seal_ledger),
        (A, _AUDIT_UNSEALED, "audit-chain", seal_audit),
    ):
        if sqlite:
            query = _UNSEALED_WITH_LAST[table.name]
        rows = connection.execute(query).all()
        if rows:
            _lock(connection, name)
        while rows:  # in batches: a demo shop writes millions of entries in one transaction
            sealer(connection, rows, _read_with(rows[0]) if sqlite else None)
            rows = connection.execute(query).all() if len(rows) == BATCH else []


def _read_with(row) -> tuple[int, str]:  # noqa: ANN001
    """The last link that SQLite's read put beside the first unsealed row."""
    return (0, chain.GENESIS) if row.last_seq is None else (int(row.last_seq), str(row.last_hash))


def _lock(connection: Connection, name: str) -> None:
    """``storage.database.advisory_lock`` for a bare connection (the same key)."""
    if connection.dialect.name == "postgresql":
        key = zlib.crc32(f"shopkeeper:{name}".encode())
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
