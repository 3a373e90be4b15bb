"""Tamper evidence: walk the ledger's and the audit log's hash chains (``domain.chain``).

``verify`` streams each chain in sequence order and recomputes every hash. The first broken
row is named with what is wrong:

* ``edited``: its content no longer matches its hash (a value changed behind the program);
* ``deleted``: a sequence number is missing before it (rows removed);
* ``inserted``: it carries no place in the chain, or its link to the previous row is not the
  previous row's hash (a row added or moved from outside the program).

Lawful changes keep the chain whole: erasure blanks text the hashes never covered (audit
rows keep the digest of what was there); a merge moves ledger entries to the kept customer,
so an entry whose hash names a customer merged into its current one is still intact.

Limit, said plainly: a chain cannot show that its newest rows were cut off the end; and
someone who knows this code could recompute every hash after an edit. It reveals edits made
with a database tool, which is what it is for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from shopkeeper.domain import chain
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

L = t.LedgerEntry.__table__
A = t.AuditEntry.__table__
LEDGER = "ledger_entry"
AUDIT = "audit_entry"
EDITED, DELETED, INSERTED = "edited", "deleted", "inserted"
_FETCH = 20_000


@dataclass(frozen=True)
class Break:
    """The first row where a chain is broken."""

    table: str  # LEDGER or AUDIT
    row_id: int
    seq: int | None
    problem: str  # EDITED, DELETED or INSERTED
    missing: int = 0  # DELETED: how many sequence numbers are missing before the row


@dataclass(frozen=True)
class Verification:
    ledger_rows: int
    audit_rows: int
    broken: Break | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify(db: Database) -> Verification:
    """Walk both chains; the first break found (ledger first), or intact."""
    with db.read() as session:
        connection = session.connection()
        merged_into = _merged_customers(connection)
        ledger_rows, broken = _walk_ledger(connection, merged_into)
        audit_rows, audit_broken = _walk_audit(connection, merged_into)
    return Verification(ledger_rows, audit_rows, broken or audit_broken)


def _merged_customers(connection) -> dict[int, list[int]]:  # noqa: ANN001
    """kept customer id -> every customer merged into it, directly or through another merge."""
    direct: dict[int, list[int]] = defaultdict(list)
    for kept, merged in connection.execute(
        select(t.CustomerMerge.kept_customer_id, t.CustomerMerge.merged_customer_id)
    ):
        direct[kept].append(merged)
    every: dict[int, list[int]] = {}
    for kept in direct:
        seen, todo = [], list(direct[kept])
        while todo:
            other = todo.pop()
            if other not in seen:
                seen.append(other)
                todo.extend(direct.get(other, ()))
        every[kept] = seen
    return every


def _unsealed(connection, table) -> int | None:  # noqa: ANN001
    return connection.execute(
        select(func.min(table.c.id)).where(table.c.chain_seq.is_(None))
    ).scalar()


def _walk(connection, table, name: str, query, intact) -> tuple[int, Break | None]:  # noqa: ANN001
    """Follow one chain in sequence order: the first gap, stranger or edited row breaks it
    (``intact(row, prev)`` judges a row's content), then any row left without a place."""
    expected, prev, count = 1, chain.GENESIS, 0
    for row in connection.execute(query.execution_options(yield_per=_FETCH)):
        count += 1
        broken = _link_problem(name, row, expected, prev)
        if broken is not None:
            return count, broken
        if not intact(row, prev):
            return count, Break(name, row.id, row.chain_seq, EDITED)
        expected, prev = row.chain_seq + 1, row.entry_hash
    stray = _unsealed(connection, table)
    if stray is not None:
        return count, Break(name, stray, None, INSERTED)
    return count, None


def _walk_ledger(connection, merged_into: dict[int, list[int]]) -> tuple[int, Break | None]:  # noqa: ANN001
    query = (
        select(
            L.c.id, L.c.chain_seq, L.c.prev_hash, L.c.entry_hash, L.c.at, L.c.customer_id,
            L.c.points, L.c.kind, L.c.visit_id, L.c.redemption_id, L.c.reverses_id,
        )  # fmt: skip
        .where(L.c.chain_seq.is_not(None))
        .order_by(L.c.chain_seq)
    )

    def intact(row, prev: str) -> bool:  # noqa: ANN001
        content = chain.ledger_content(
            seq=row.chain_seq, id=row.id, at=row.at, customer_id=row.customer_id,
            points=row.points, kind=row.kind, visit_id=row.visit_id,
            redemption_id=row.redemption_id, reverses_id=row.reverses_id,
        )  # fmt: skip
        return chain.link(prev, content) == row.entry_hash or _moved_by_merge(
            row, content, prev, merged_into
        )

    return _walk(connection, L, LEDGER, query, intact)


def _moved_by_merge(row, content: dict, prev: str, merged_into: dict[int, list[int]]) -> bool:  # noqa: ANN001
    """The entry was written for a customer since merged into its current one."""
    for other in merged_into.get(row.customer_id, ()):
        if chain.link(prev, {**content, "customer": other}) == row.entry_hash:
            return True
    return False


def _link_problem(table: str, row, expected: int, prev: str) -> Break | None:  # noqa: ANN001
    if row.chain_seq > expected:
        return Break(table, row.id, row.chain_seq, DELETED, missing=row.chain_seq - expected)
    if row.chain_seq < expected or row.prev_hash != prev:
        return Break(table, row.id, row.chain_seq, INSERTED)
    return None


def _walk_audit(connection, merged_into: dict[int, list[int]]) -> tuple[int, Break | None]:  # noqa: ANN001
    erased = set(connection.execute(select(t.Erasure.customer_id)).scalars())
    erased |= {other for kept in erased for other in merged_into.get(kept, ())}
    query = select(A).where(A.c.chain_seq.is_not(None)).order_by(A.c.chain_seq)

    def intact(row, prev: str) -> bool:  # noqa: ANN001
        content = chain.audit_content(
            seq=row.chain_seq, at=row.at, till=row.till, staff_id=row.staff_id,
            staff_name=row.staff_name, kind=row.kind, customer_id=row.customer_id,
            digest=row.digest,
        )  # fmt: skip
        if row.redacted:
            # Only an erased customer's rows may have their text blanked.
            text_ok = row.customer_id in erased and row.before is None and row.after is None
        else:
            text_ok = chain.details_digest(row.subject, row.before, row.after) == row.digest
        return text_ok and chain.link(prev, content) == row.entry_hash

    return _walk(connection, A, AUDIT, query, intact)
