"""Hash chains: the canonical content of a ledger entry or an audit row, and SHA-256 links.

Each row's hash is SHA-256 over the previous row's hash and its own canonical content, so an
edited row no longer matches its hash, a deleted row leaves a gap in the sequence numbers and a
broken link, and a row slipped in from outside carries no hash at all. Plain Python: no DB.

The content is free of personal data on purpose: a lawful erasure (names, notes, contact) never
touches what is hashed. Ledger: ids, amounts, kinds, times (the customer id, which a merge may
move: the verifier then tries the customers merged into the current one). Audit: who, when,
where, what kind, which customer id, and a *digest* of subject/before/after that is kept when
erasure blanks the text itself.

The chain proves nobody changed rows without this program. It is not a signature: someone who
reads this code can recompute every hash after an edit. It makes quiet edits with a database
tool visible, which is what a shop needs to trust its books.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first row of a chain


def stamp(moment: datetime | None) -> str | None:
    """A time as one canonical text: UTC, microseconds (the same on SQLite and PostgreSQL)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(content: Mapping[str, Any]) -> bytes:
    """Stable bytes for a mapping: sorted keys, no spaces, UTF-8, times and dates as ISO text."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    ).encode("utf-8")


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return stamp(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]
    return str(value)


def link(prev_hash: str, content: Mapping[str, Any]) -> str:
    """The hash of one row: SHA-256 over the previous hash and the row's canonical content."""
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical(content))
    return digest.hexdigest()


def ledger_content(
    *,
    seq: int,
    id: int,  # noqa: A002 - the row's id, as stored
    at: datetime,
    customer_id: int,
    points: int,
    kind: str,
    visit_id: int | None,
    redemption_id: int | None,
    reverses_id: int | None,
) -> dict[str, Any]:
    """What a ledger entry's hash covers (no note, no staff text, no period: erasure clears
    the first two, a merge may clear the period of a clashing entry)."""
    return {
        "seq": seq,
        "id": id,
        "at": stamp(at),
        "customer": customer_id,
        "points": points,
        "kind": kind,
        "visit": visit_id,
        "redemption": redemption_id,
        "reverses": reverses_id,
    }


def details_digest(
    subject: str | None, before: str | None, after: str | None
) -> str:
    """SHA-256 of an audit row's text (subject, before, after as stored JSON text): chained
    instead of the text itself, and kept when erasure blanks that text."""
    return hashlib.sha256(
        canonical({"subject": subject, "before": before, "after": after})
    ).hexdigest()


def audit_content(
    *,
    seq: int,
    at: datetime,
    till: str | None,
    staff_id: int | None,
    staff_name: str | None,
    kind: str,
    customer_id: int | None,
    digest: str,
) -> dict[str, Any]:
    """What an audit row's hash covers."""
    return {
        "seq": seq,
        "at": stamp(at),
        "till": till,
        "staff": staff_id,
        "staff_name": staff_name,
        "kind": kind,
        "customer": customer_id,
        "digest": digest,
    }


def to_json(value: Mapping[str, Any] | None) -> str | None:
    """Before/after values as stored: canonical JSON text (None stays None)."""
    if value is None:
        return None
    return canonical(value).decode("utf-8")
