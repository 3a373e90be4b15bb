"""Notes as written before issue 15, when a score was typed into a note: the services cannot
write them any more (a score is feedback now), but shop files hold them and the app shows them."""

from __future__ import annotations

from sqlmodel import Session, select

from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database


def old_scored_note(
    db: Database,
    card: str,
    text: str,
    score: int,
    *,
    kind: str = "feedback",
    staff: str | None = None,
) -> int:
    """Store a scored note row at the shop's clock; its id."""

    def work(session: Session) -> int:
        customer = session.exec(select(t.Customer).where(t.Customer.card_number == card)).one()
        row = t.Note(
            customer_id=customer.id, at=db.now(), text=text, kind=kind, score=score, staff=staff
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id

    return db.transaction(work)
