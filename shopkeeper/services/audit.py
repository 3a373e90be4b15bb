"""The audit log: one append-only row per change made through the program.

``record`` is called by every service that changes data, inside its own transaction, so the
row commits with the change or not at all. Who acts comes from ``db.actor`` (None: a shop
without staff, recorded without a name), when from the shop's clock, where from this till's id.
The row is hash-chained when the transaction commits (``storage.chain``).

``entries`` reads the log back with filters (the CLI and the window), newest first, paged in
SQL so a log of millions of rows opens at once.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlmodel import Session

from shopkeeper import settings, till
from shopkeeper.domain import chain
from shopkeeper.domain.calendar import local_midnight
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.i18n import _
from shopkeeper.services.common import customer_by_card, merged_away
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

A = t.AuditEntry.__table__
C = t.Customer.__table__

# Kinds are stored codes, never translated: "visit", "visit.undo", "redemption",
# "correction", "note", "customer.edit", "programme.rules", ... (their words:
# ``present.audit.KIND_LABELS``; a dotted prefix filters a family: "customer.").
START = "audit.start"  # the first row of a shop's log, written by migration 0019


@cache
def _till_in(folder: str | None) -> str:
    return till.till_id()[:40]


def this_till() -> str:
    """This computer's till id (made once, kept in the data folder; read once per folder)."""
    return _till_in(os.environ.get(settings.ENV_DATA_DIR))


_INSERT = insert(A)  # built once: every booking runs it


def record(
    session: Session | Connection,
    db: Database,
    *,
    kind: str,
    customer_id: int | None = None,
    subject: str | None = None,
    before: Mapping | None = None,
    after: Mapping | None = None,
) -> None:
    """Append one audit row in the caller's transaction: who (``db.actor``), when
    (``db.now()``), this till, what kind, which customer, before -> after. A bare
    ``Connection`` in its transaction does as well as a session."""
    actor = db.actor
    before_text, after_text = chain.to_json(before), chain.to_json(after)
    subject = subject[:200] if subject else subject
    session.execute(
        _INSERT,
        {
            "at": db.now(),
            "till": this_till(),
            "staff_id": actor.staff_id if actor else None,
            "staff_name": actor.name[:80] if actor else None,
            "kind": kind[:32],
            "customer_id": customer_id,
            "subject": subject,
            "before": before_text,
            "after": after_text,
            "digest": chain.details_digest(subject, before_text, after_text),
            "redacted": False,
        },
    )


def record_changes(
    session: Session | Connection,
    db: Database,
    *,
    kind: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    subject: str | None = None,
) -> bool:
    """A settings change as one audit row holding only the keys whose value changed, before ->
    after; no row when nothing changed. Returns whether a row was written."""
    changed = [key for key in after if before.get(key) != after[key]]
    if changed:
        record(
            session, db, kind=kind, subject=subject,
            before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed},
        )  # fmt: skip
    return bool(changed)


def redact_customer(session: Session, customer_id: int) -> int:
    """Erasure: blank the text of this customer's audit rows (subject, before, after), keeping
    their digest, so the chain stays whole and nothing personal remains. Returns the count."""
    return session.execute(
        update(A)
        .where(A.c.customer_id == customer_id, A.c.redacted == False)  # noqa: E712
        .values(subject=None, before=None, after=None, redacted=True)
    ).rowcount


# -- reading the log ------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What to show: each field narrows the log (None: everything)."""

    card: str | None = None  # a customer's card number
    customer_id: int | None = None
    staff: str | None = None  # a staff member's name (case-insensitive, exact)
    kind: str | None = None  # a kind, or a prefix with a dot ("customer." -> every customer kind)
    since: date | None = None  # first day, inclusive (the shop's local days)
    until: date | None = None  # last day, inclusive


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    till: str | None
    staff_id: int | None
    staff_name: str | None
    kind: str
    customer_id: int | None
    card_number: str | None
    subject: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    redacted: bool


def _where(session: Session, query, flt: AuditFilter):  # noqa: ANN001, ANN202
    if flt.card is not None:  # the customer's rows and those of cards merged into them
        customer = customer_by_card(session, flt.card, follow_merges=False)
        query = query.where(A.c.customer_id.in_([customer.id, *merged_away(session, customer.id)]))
    if flt.customer_id is not None:
        query = query.where(A.c.customer_id == flt.customer_id)
    if flt.staff:
        query = query.where(func.lower(A.c.staff_name) == flt.staff.strip().lower())
    if flt.kind:
        kind = flt.kind.strip()
        if kind.endswith("."):
            query = query.where(A.c.kind.startswith(kind, autoescape=True))
        else:
            query = query.where(
                (A.c.kind == kind) | A.c.kind.startswith(kind + ".", autoescape=True)
            )
    if flt.since is not None:
        query = query.where(A.c.at >= local_midnight(flt.since))
    if flt.until is not None:
        query = query.where(A.c.at < local_midnight(flt.until + timedelta(days=1)))
    return query


def _loads(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


def count_entries(db: Database, flt: AuditFilter = AuditFilter()) -> int:  # noqa: B008
    with db.read() as session:
        query = _where(session, select(func.count()).select_from(A), flt)
        return int(session.execute(query).scalar_one())


def entries(
    db: Database,
    flt: AuditFilter = AuditFilter(),  # noqa: B008
    *,
    offset: int = 0,
    limit: int | None = 500,
) -> list[AuditRow]:
    """The log, newest first, narrowed by ``flt``; ``offset``/``limit`` page it in SQL."""
    with db.read() as session:
        query = _where(
            session,
            select(A, C.c.card_number).select_from(A.outerjoin(C, C.c.id == A.c.customer_id)),
            flt,
        ).order_by(A.c.id.desc())
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [
            AuditRow(
                id=r.id, at=r.at, till=r.till, staff_id=r.staff_id, staff_name=r.staff_name,
                kind=r.kind, customer_id=r.customer_id, card_number=r.card_number,
                subject=r.subject, before=_loads(r.before), after=_loads(r.after),
                redacted=bool(r.redacted),
            )  # fmt: skip
            for r in session.execute(query)
        ]


CSV_COLUMNS = ("at", "till", "staff", "kind", "card_number", "subject", "before", "after")


def write_csv(db: Database, flt: AuditFilter, path: str | Path) -> int:
    """The filtered log as a CSV file (newest first, every row); returns the row count.
    Column names stay English (a file format); before/after as JSON text."""
    target = Path(path).expanduser()
    count = 0
    try:
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            offset = 0
            while page := entries(db, flt, offset=offset, limit=_CSV_PAGE):
                for r in page:
                    writer.writerow([
                        chain.stamp(r.at), r.till or "", r.staff_name or "", r.kind,
                        r.card_number or "", r.subject or "",
                        chain.to_json(r.before) or "", chain.to_json(r.after) or "",
                    ])  # fmt: skip
                count += len(page)
                offset += len(page)
    except OSError as error:
        raise InvalidInput(
            _("Could not write {path}: {reason}.").format(
                path=target, reason=error.strerror or error
            )
        ) from None
    return count


_CSV_PAGE = 5_000
