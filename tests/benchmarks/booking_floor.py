"""The floor for a booking: the statements ``services.visits.record_visit`` runs, written by hand
against plain ``sqlite3`` on the same file, with the same pragmas and the same hashing.

What a booking must do whatever the framework: take the write lock, read the programme and the
card holder, insert the visit and its ledger entry, move the customer's figures, refresh the
stored rhythm, check the tier, append the audit row, list the rewards now affordable, chain both
rows (SHA-256) and commit with ``synchronous = FULL``. ``bench_core`` runs it interleaved with
the service, booking for booking, so both see the same disk and the same neighbours; the
difference between the two is what the program's own code costs.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from statistics import median

from shopkeeper.domain import chain

PRAGMAS = (
    "busy_timeout = 5000",
    "journal_mode = WAL",
    "synchronous = FULL",
    "foreign_keys = ON",
    "temp_store = MEMORY",
    "cache_size = -32000",
    "wal_autocheckpoint = 4000",
)
_STAMP = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a UTC time in SQLite


def connect(path: str) -> sqlite3.Connection:
    raw = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        raw.execute(f"PRAGMA {pragma}")
    return raw


def _seal(raw: sqlite3.Connection, table: str, columns: str, content) -> None:  # noqa: ANN001
    rows = raw.execute(
        f"SELECT {columns} FROM {table} WHERE chain_seq IS NULL ORDER BY id"  # noqa: S608
    ).fetchall()
    seq, prev = raw.execute(
        f"SELECT chain_seq, entry_hash FROM {table} "  # noqa: S608
        f"WHERE chain_seq = (SELECT max(chain_seq) FROM {table})"
    ).fetchone() or (0, chain.GENESIS)
    for row in rows:
        seq += 1
        digest = chain.link(prev, content(seq, row))
        raw.execute(
            f"UPDATE {table} SET chain_seq = ?, prev_hash = ?, entry_hash = ? WHERE id = ?",  # noqa: S608
            (seq, prev, digest, row[0]),
        )
        prev = digest


def book(
    raw: sqlite3.Connection, card: str, amount_cents: int, request_id: str, now: datetime
) -> int:
    """One booking as bare SQL; returns the new balance."""
    at = now.astimezone(UTC).strftime(_STAMP)
    raw.execute("BEGIN IMMEDIATE")
    try:
        _shop, earning = raw.execute(
            "SELECT (SELECT value FROM setting WHERE key = 'shop'),"
            " (SELECT value FROM setting WHERE key = 'earning')"
        ).fetchone()
        rate = float(json.loads(earning or "{}").get("points_per_unit", 1))
        tiers = raw.execute(
            "SELECT id, threshold, multiplier FROM tier ORDER BY threshold"
        ).fetchall()
        cid, tier_id, first, last = raw.execute(
            "SELECT id, tier_id, first_visit_at, last_visit_at FROM customer"
            " WHERE card_number = ?",
            (card,),
        ).fetchone()
        multiplier = next((float(m) for i, _t, m in tiers if i == tier_id), 1.0)
        points = int(amount_cents / 100 * rate * multiplier)
        visit_id = raw.execute(
            "INSERT INTO visit (customer_id, at, amount_cents, request_id) VALUES (?, ?, ?, ?)",
            (cid, at, amount_cents, request_id),
        ).lastrowid
        raw.execute(
            "INSERT INTO ledger_entry (customer_id, at, points, kind, visit_id)"
            " VALUES (?, ?, ?, 'visit', ?)",
            (cid, at, points, visit_id),
        )
        (balance,) = raw.execute(
            "UPDATE customer SET points_balance = points_balance + ?,"
            " visit_count = visit_count + 1, spent_cents = spent_cents + ?,"
            " first_visit_at = ?, last_visit_at = ? WHERE id = ? RETURNING points_balance",
            (points, amount_cents, min(first or at, at), max(last or at, at), cid),
        ).fetchone()
        count, spent, first_at, first_cents = raw.execute(
            "SELECT count(*), coalesce(sum(amount_cents), 0), min(at),"
            " (SELECT amount_cents FROM visit WHERE customer_id = ?1 AND reversed_at IS NULL"
            "  ORDER BY at, amount_cents LIMIT 1)"
            " FROM visit WHERE customer_id = ?1 AND reversed_at IS NULL",
            (cid,),
        ).fetchone()
        stamps = sorted(
            datetime.strptime(a, _STAMP)
            for (a,) in raw.execute(
                "SELECT at FROM visit WHERE customer_id = ? AND reversed_at IS NULL"
                " ORDER BY at DESC LIMIT 60",
                (cid,),
            )
        )
        gaps = [(b - a).total_seconds() / 86400 for a, b in zip(stamps, stamps[1:], strict=False)]
        raw.execute(
            "INSERT INTO customer_rhythm (customer_id, visits, spent_cents, first_at, first_cents,"
            " last_at, gap_days, overdue_from) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)"
            " ON CONFLICT (customer_id) DO UPDATE SET visits = excluded.visits,"
            " spent_cents = excluded.spent_cents, first_at = excluded.first_at,"
            " first_cents = excluded.first_cents, last_at = excluded.last_at,"
            " gap_days = excluded.gap_days, overdue_from = excluded.overdue_from",
            (cid, count, spent, first_at, first_cents, at, median(gaps) if gaps else None),
        )
        raw.execute(
            "SELECT coalesce(sum(points), 0) FROM ledger_entry WHERE customer_id = ?"
            " AND kind IN ('visit', 'reversal') AND redemption_id IS NULL AND at > ?",
            (cid, (now - timedelta(days=365)).astimezone(UTC).strftime(_STAMP)),
        ).fetchone()
        after = chain.to_json({"visit": visit_id, "amount_cents": amount_cents, "points": points})
        subject = f"visit {visit_id}"
        raw.execute(
            "INSERT INTO audit_entry (at, kind, customer_id, subject, \"after\", digest, redacted)"
            " VALUES (?, 'visit', ?, ?, ?, ?, 0)",
            (at, cid, subject, after, chain.details_digest(subject, None, after)),
        )
        raw.execute(
            "SELECT id, name, points_cost, min_tier_id, cause_id FROM reward"
            " WHERE active = 1 AND points_cost <= ? ORDER BY points_cost, name",
            (balance,),
        ).fetchall()
        _seal(
            raw, "ledger_entry", "id, at, customer_id, points, kind, visit_id",
            lambda seq, r: {"seq": seq, "id": r[0], "at": r[1], "customer": r[2], "points": r[3],
                            "kind": r[4], "visit": r[5]},
        )  # fmt: skip
        _seal(
            raw, "audit_entry", "id, at, kind, customer_id, digest",
            lambda seq, r: {"seq": seq, "at": r[1], "kind": r[2], "customer": r[3], "digest": r[4]},
        )  # fmt: skip
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    return balance
