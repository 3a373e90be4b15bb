"""Reading a customer's points ledger, and manual corrections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from shopkeeper.domain.errors import InvalidInput, NotEnoughPoints
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.staff import correction_permission
from shopkeeper.domain.text import clean_line
from shopkeeper.i18n import _
from shopkeeper.services import audit
from shopkeeper.services.authority import acting_name, require
from shopkeeper.services.common import append_entry, customer_by_card
from shopkeeper.services.staff import staff_exist, staff_settings
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

MAX_CORRECTION = 1_000_000


@dataclass(frozen=True)
class LedgerLine:
    id: int
    at: datetime
    points: int
    kind: str
    balance_after: int
    note: str | None
    visit_id: int | None
    redemption_id: int | None


def ledger(db: Database, card_number: str, *, limit: int | None = None) -> list[LedgerLine]:
    """Entries oldest first with the running balance; with ``limit``, only the newest ones."""
    with db.read() as session:
        customer = customer_by_card(session, card_number)
        rows = session.exec(
            select(t.LedgerEntry)
            .where(t.LedgerEntry.customer_id == customer.id)
            .order_by(t.LedgerEntry.at, t.LedgerEntry.id)
        ).all()
        lines, balance = [], 0
        for row in rows:
            balance += row.points
            lines.append(
                LedgerLine(
                    row.id,
                    row.at,
                    row.points,
                    row.kind,
                    balance,
                    row.note,
                    row.visit_id,
                    row.redemption_id,
                )
            )
        return lines[-limit:] if limit else lines


def correct_points(
    db: Database, *, card_number: str, points: int, reason: str, staff: str | None = None
) -> int:
    """A manual correction with its reason; returns the new balance. Cannot go below zero."""
    reason = clean_line(reason or "", field=_("reason"), max_length=500)
    if not reason:
        raise InvalidInput(_("A correction needs a reason."))
    if points == 0 or abs(points) > MAX_CORRECTION:
        raise InvalidInput(
            _("A correction is between 1 and {maximum} points, up or down.").format(
                maximum=MAX_CORRECTION
            )
        )

    limit = staff_settings(db).correction_limit if staff_exist(db) else MAX_CORRECTION
    require(db, correction_permission(points, limit))
    staff = acting_name(db, staff)

    def work(session: Session) -> int:
        customer = customer_by_card(session, card_number, for_update=True)
        if points < 0 and customer.points_balance + points < 0:  # adding is always allowed
            raise NotEnoughPoints(-points, customer.points_balance)
        append_entry(
            session,
            customer,
            points=points,
            kind=Kind.CORRECTION,
            at=db.now(),
            note=reason,
            staff=staff,
        )
        audit.record(
            session, db, kind="correction", customer_id=customer.id,
            subject=f"card {customer.card_number}",
            before={"balance": customer.points_balance - points},
            after={"balance": customer.points_balance, "points": points, "reason": reason},
        )  # fmt: skip
        return customer.points_balance

    return db.transaction(work)
