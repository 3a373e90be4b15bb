"""Feedback that costs the customer nothing: one score 0–10 at a touchpoint, a low one opens a
problem to follow up ("close the loop": the counter shows open problems until resolved).

The touchpoints are a list the shop keeps (setting ``feedback_touchpoints``, JSON); the default
names are stored in English and shown translated (``touchpoint_label``), names the shop adds
are shown as typed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlmodel import Session

from shopkeeper.domain import nps
from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownRecord
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.text import clean_line, clean_text
from shopkeeper.i18n import N_, _
from shopkeeper.services import audit
from shopkeeper.services.authority import require
from shopkeeper.services.common import customer_by_card
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

TOUCHPOINTS_KEY = "feedback_touchpoints"
COUNTER = "counter"
DEFAULT_TOUCHPOINTS = (COUNTER, "phone order", "delivery")
_DEFAULT_LABELS = {
    COUNTER: N_("counter"),
    "phone order": N_("phone order"),
    "delivery": N_("delivery"),
}
MAX_COMMENT = 1000
MAX_TOUCHPOINT = 40
MAX_TOUCHPOINTS = 30
F = t.Feedback.__table__


def touchpoint_label(name: str) -> str:
    """A touchpoint as a person reads it: the defaults in the language spoken now."""
    label = _DEFAULT_LABELS.get(name)
    return _(label) if label else name


@dataclass(frozen=True)
class FeedbackRecorded:
    id: int
    card_number: str
    name: str
    at: datetime
    score: int
    category: str  # promoter, passive or detractor (domain.nps)
    comment: str | None
    touchpoint: str
    staff: str | None
    visit_id: int | None
    problem_note_id: int | None  # the problem a low score opened


@dataclass(frozen=True)
class LastFeedback:
    """How the customer felt last time."""

    at: datetime
    score: int
    touchpoint: str
    comment: str | None
    days_ago: int  # shop's local days between the answer and today

    @classmethod
    def given(
        cls, at: datetime, score: int, touchpoint: str, comment: str | None, today: date
    ) -> LastFeedback:
        """The answer given at ``at``, seen on the shop's ``today``."""
        return cls(at, score, touchpoint, comment, max(0, (today - local_date(at)).days))


# -- touchpoints -------------------------------------------------------------------------------
def _stored_touchpoints(session: Session) -> list[str]:
    row = session.get(t.Setting, TOUCHPOINTS_KEY)
    if row is None:
        return list(DEFAULT_TOUCHPOINTS)
    try:
        names = json.loads(row.value)
    except ValueError:
        return list(DEFAULT_TOUCHPOINTS)
    return [n for n in names if isinstance(n, str) and n] or list(DEFAULT_TOUCHPOINTS)


def touchpoints(db: Database) -> list[str]:
    """The shop's touchpoints, in its order (stored names; show them with ``touchpoint_label``)."""
    with db.read() as session:
        return _stored_touchpoints(session)


def _cleaned(names: list[str]) -> list[str]:
    """The list as it is kept: trimmed, no blank, no repeat in any case, the counter kept."""
    cleaned: list[str] = []
    for name in names:
        name = clean_line(name, field=_("touchpoint"), max_length=MAX_TOUCHPOINT)
        if name and name.casefold() not in (c.casefold() for c in cleaned):
            cleaned.append(name)
    if not cleaned:
        raise InvalidInput(_("Keep at least one touchpoint."))
    if len(cleaned) > MAX_TOUCHPOINTS:
        raise InvalidInput(
            _("At most {n} touchpoints can be kept.").format(n=MAX_TOUCHPOINTS)
        )
    if COUNTER not in cleaned:  # the question after a booking records its answers there
        raise InvalidInput(
            _("The counter stays: the question after a booking records its answers there.")
        )
    return cleaned


def _change_touchpoints(db: Database, change: Callable[[list[str]], list[str]]) -> list[str]:
    """Read the stored list, apply ``change`` and store the result, in one transaction; audited
    when the list changed."""
    require(db, Permission.PROGRAMME)

    def work(session: Session) -> list[str]:
        row = session.get(t.Setting, TOUCHPOINTS_KEY, with_for_update=True)
        before = _stored_touchpoints(session)
        cleaned = _cleaned(change(list(before)))
        value = json.dumps(cleaned, ensure_ascii=False)
        if row is None:
            session.add(t.Setting(key=TOUCHPOINTS_KEY, value=value))
        else:
            row.value = value
            session.add(row)
        if before != cleaned:
            audit.record(
                session, db, kind="programme.touchpoints",
                before={"touchpoints": before}, after={"touchpoints": cleaned},
            )  # fmt: skip
        return cleaned

    return db.transaction(work)


def set_touchpoints(db: Database, names: list[str]) -> list[str]:
    """Replace the list. Answers already given keep the touchpoint they were given at."""
    _cleaned(names)  # a wrong list is refused before anyone is asked for a role
    return _change_touchpoints(db, lambda _before: names)


def _index(names: list[str], name: str) -> int:
    """Where the stored ``name`` (or its label, in any case) is in ``names``."""
    wanted = name.strip().casefold()
    for i, known in enumerate(names):
        if wanted in (known.casefold(), touchpoint_label(known).casefold()):
            return i
    raise InvalidInput(_("There is no touchpoint called {name}.").format(name=name.strip()))


def _refuse_repeat(names: list[str], new: str, *, but: int | None = None) -> None:
    wanted = new.strip().casefold()
    for i, known in enumerate(names):
        if i != but and wanted in (known.casefold(), touchpoint_label(known).casefold()):
            raise InvalidInput(
                _("There is already a touchpoint called {name}.").format(
                    name=touchpoint_label(known)
                )
            )


def add_touchpoint(db: Database, name: str) -> list[str]:
    """Add one touchpoint at the end of the list (refused if the shop already has it)."""
    name = clean_line(name, field=_("touchpoint"), max_length=MAX_TOUCHPOINT)
    if not name:
        raise InvalidInput(_("Type the touchpoint's name."))

    def change(names: list[str]) -> list[str]:
        _refuse_repeat(names, name)
        return [*names, name]

    return _change_touchpoints(db, change)


def rename_touchpoint(db: Database, old: str, new: str) -> list[str]:
    """Rename one touchpoint in place. Answers already given keep the name they were given at
    (the NPS report lists them under it)."""
    new = clean_line(new, field=_("touchpoint"), max_length=MAX_TOUCHPOINT)
    if not new:
        raise InvalidInput(_("Type the touchpoint's name."))

    def change(names: list[str]) -> list[str]:
        at = _index(names, old)
        if names[at] == COUNTER:
            raise InvalidInput(
                _("The counter stays: the question after a booking records its answers there.")
            )
        _refuse_repeat(names, new, but=at)
        names[at] = new
        return names

    return _change_touchpoints(db, change)


def remove_touchpoint(db: Database, name: str) -> list[str]:
    """Take one touchpoint off the list: no new answer is recorded there; the answers already
    given keep it (the NPS report still counts them under it)."""

    def change(names: list[str]) -> list[str]:
        del names[_index(names, name)]
        return names

    return _change_touchpoints(db, change)


def _touchpoint(session: Session, name: str) -> str:
    """The stored name of the touchpoint typed (any case, or its translated label)."""
    wanted = name.strip().casefold()
    for known in _stored_touchpoints(session):
        if wanted in (known.casefold(), touchpoint_label(known).casefold()):
            return known
    raise InvalidInput(
        _("Unknown touchpoint {name}; use one of {choices}.").format(
            name=repr(name[:MAX_TOUCHPOINT]),
            choices=", ".join(touchpoint_label(n) for n in _stored_touchpoints(session)),
        )
    )


# -- recording ---------------------------------------------------------------------------------
def _score(score: object) -> int:
    if isinstance(score, str) and score.strip().isdigit():
        score = int(score.strip())
    if not nps.is_score(score):
        raise InvalidInput(_("A score is a whole number from 0 to 10."))
    return score  # type: ignore[return-value]


def _comment(comment: str | None) -> str | None:
    if comment is None:
        return None
    if len(comment) > MAX_COMMENT * 4:  # refused before any work on megabytes of text
        raise InvalidInput(
            _("The {field} is too long ({length} characters, at most {max_length}).").format(
                field=_("comment"), length=len(comment), max_length=MAX_COMMENT
            )
        )
    return clean_text(comment, field=_("comment"), max_length=MAX_COMMENT) or None


def problem_text(score: int, touchpoint: str, comment: str | None) -> str:
    """The problem note a low score opens, in the language spoken now."""
    if comment:
        return _("Low score {score}/10 ({touchpoint}): {comment}").format(
            score=score, touchpoint=touchpoint_label(touchpoint), comment=comment
        )
    return _("Low score {score}/10 ({touchpoint}), no comment: ask what went wrong.").format(
        score=score, touchpoint=touchpoint_label(touchpoint)
    )


def record_feedback(
    db: Database,
    card: str,
    score: int,
    comment: str | None = None,
    touchpoint: str = COUNTER,
    visit_id: int | None = None,
) -> FeedbackRecorded:
    """One answer, in one transaction; a detractor's (0–6) also opens a problem note. Every
    answer counts, the same one twice too: each is a response."""
    require(db, Permission.CHANGE_DATA)
    score = _score(score)
    comment = _comment(comment)
    staff = db.actor.name[:40] if db.actor is not None else None

    def work(session: Session) -> FeedbackRecorded:
        customer = customer_by_card(session, card)
        if customer.archived_at is not None:
            raise NotAllowed(
                _("{name} is archived; bring the customer back first.").format(name=customer.name)
            )
        where = _touchpoint(session, touchpoint)
        if visit_id is not None:
            visit = session.get(t.Visit, visit_id)
            if visit is None or visit.customer_id != customer.id:
                raise UnknownRecord(
                    _("Visit {id} is not one of this customer's visits.").format(id=visit_id)
                )
        now = db.now()
        problem_id = None
        if nps.opens_problem(score):
            problem = t.Note(
                customer_id=customer.id,
                at=now,
                text=problem_text(score, where, comment)[:4000],
                kind="problem",
                staff=staff,
            )
            session.add(problem)
            session.flush()
            problem_id = problem.id
        row = t.Feedback(
            customer_id=customer.id,
            at=now,
            score=score,
            comment=comment,
            touchpoint=where,
            staff=staff,
            visit_id=visit_id,
            problem_note_id=problem_id,
        )
        session.add(row)
        session.flush()
        audit.record(
            session, db, kind="feedback", customer_id=customer.id, subject=f"feedback {row.id}",
            after={"score": score, "touchpoint": where, "problem_note": problem_id},
        )  # fmt: skip
        return FeedbackRecorded(
            row.id,
            customer.card_number,
            customer.name,
            now,
            score,
            nps.category(score),
            comment,
            where,
            staff,
            visit_id,
            problem_id,
        )

    return db.transaction(work)


def last_feedback(db: Database, card: str) -> LastFeedback | None:
    """The customer's latest answer, or None when they never gave one."""
    with db.read() as session:
        customer = customer_by_card(session, card)
        return last_feedback_in(session, customer.id, db.now())


_LAST = (  # built once: this runs on every scan
    select(F.c.at, F.c.score, F.c.touchpoint, F.c.comment)
    .where(F.c.customer_id == bindparam("customer"))
    .order_by(F.c.at.desc(), F.c.id.desc())
    .limit(1)
)


def last_feedback_in(session: Session, customer_id: int, now: datetime) -> LastFeedback | None:
    """``last_feedback`` inside a caller's session (the customer's summary, on the scan path)."""
    row = session.connection().execute(_LAST, {"customer": customer_id}).first()
    if row is None:
        return None
    return LastFeedback.given(row.at, row.score, row.touchpoint, row.comment, local_date(now))
