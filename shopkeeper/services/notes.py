"""Personal notes about a customer: preferences, problems to follow up, feedback in words.

Notes carry no score any more: a score is feedback (``services.feedback``), so the NPS report
counts it. ``NoteInfo.score`` stays for the scores of notes written before issue 15 (history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownRecord
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.text import clean_line, clean_text
from shopkeeper.i18n import _
from shopkeeper.services import audit
from shopkeeper.services.authority import acting_name, require
from shopkeeper.services.common import customer_by_card
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

NOTE_KINDS = ("general", "preference", "problem", "feedback")
MAX_NOTE = 4000


@dataclass(frozen=True)
class NoteInfo:
    id: int
    at: datetime
    text: str
    kind: str
    pinned: bool
    resolved_at: datetime | None
    score: int | None
    staff: str | None

    @property
    def is_open_problem(self) -> bool:
        return self.kind == "problem" and self.resolved_at is None


def info(row: t.Note) -> NoteInfo:
    return NoteInfo(
        row.id, row.at, row.text, row.kind, row.pinned, row.resolved_at, row.score, row.staff
    )


def _text(text: str) -> str:
    text = clean_text(text, field=_("note"), max_length=MAX_NOTE)
    if not text:
        raise InvalidInput(_("The note is empty."))
    return text


def add_note(
    db: Database,
    *,
    card_number: str,
    text: str,
    kind: str = "general",
    pinned: bool = False,
    staff: str | None = None,
) -> NoteInfo:
    require(db, Permission.CHANGE_DATA)
    staff = acting_name(db, staff)
    text = _text(text)
    if kind not in NOTE_KINDS:
        raise InvalidInput(
            _("Unknown note kind {kind}; use one of {choices}.").format(
                kind=repr(kind), choices=", ".join(NOTE_KINDS)
            )
        )
    staff = clean_line(staff, field=_("staff name"), max_length=40) or None if staff else None

    def work(session: Session) -> NoteInfo:
        customer = customer_by_card(session, card_number)
        row = t.Note(
            customer_id=customer.id,
            at=db.now(),
            text=text,
            kind=kind,
            pinned=pinned,
            staff=staff,
        )
        session.add(row)
        session.flush()
        audit.record(
            session, db, kind="note", customer_id=customer.id, subject=f"note {row.id}",
            after={"kind": kind, "text": text, "pinned": pinned},
        )  # fmt: skip
        return info(row)

    return db.transaction(work)


def _note(session, note_id: int) -> t.Note:  # noqa: ANN001
    """The note's row, locked: two tills resolving one problem, one is told it is resolved."""
    row = session.get(t.Note, note_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise UnknownRecord(_("There is no note number {id}.").format(id=note_id))
    return row


def _record(session, db: Database, row: t.Note, kind: str, before: dict, after: dict) -> None:  # noqa: ANN001
    audit.record(
        session, db, kind=kind, customer_id=row.customer_id, subject=f"note {row.id}",
        before=before, after=after,
    )  # fmt: skip


def pin_note(db: Database, note_id: int, *, pinned: bool = True) -> NoteInfo:
    require(db, Permission.CHANGE_DATA)
    def work(session: Session) -> NoteInfo:
        row = _note(session, note_id)
        was, row.pinned = row.pinned, pinned
        session.add(row)
        _record(session, db, row, "note.pin", {"pinned": was}, {"pinned": pinned})
        return info(row)

    return db.transaction(work)


def resolve_note(db: Database, note_id: int) -> NoteInfo:
    """Mark a problem solved; it stops being highlighted at the counter."""
    require(db, Permission.CHANGE_DATA)

    def work(session: Session) -> NoteInfo:
        row = _note(session, note_id)
        if row.kind != "problem":
            raise NotAllowed(_("Only a problem can be resolved."))
        if row.resolved_at is not None:
            raise NotAllowed(_("This problem is already resolved."))
        row.resolved_at = db.now()
        session.add(row)
        _record(session, db, row, "note.resolve", {"resolved_at": None},
                {"resolved_at": row.resolved_at})  # fmt: skip
        return info(row)

    return db.transaction(work)


def edit_note(db: Database, note_id: int, *, text: str) -> NoteInfo:
    require(db, Permission.CHANGE_DATA)
    def work(session: Session) -> NoteInfo:
        row = _note(session, note_id)
        was, row.text = row.text, _text(text)
        session.add(row)
        _record(session, db, row, "note.edit", {"text": was}, {"text": row.text})
        return info(row)

    return db.transaction(work)
