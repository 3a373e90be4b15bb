"""Notes about a customer: kinds, pinning, problems to resolve; text kept exactly."""

from __future__ import annotations

import time

import pytest

from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownCard, UnknownRecord
from shopkeeper.services.customers import create_customer
from shopkeeper.services.notes import add_note, edit_note, pin_note, resolve_note
from shopkeeper.services.summary import customer_summary
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.old_notes import old_scored_note
from tests.services.support import rows, snapshot


@pytest.fixture
def card(db: Database) -> str:
    return create_customer(db, name="Ona").card_number


def test_notes_of_each_kind_are_stored_newest_first(
    db: Database, clock: FakeClock, card: str
) -> None:
    for kind in ("general", "preference", "problem", "feedback"):
        add_note(db, card_number=card, text=f"a {kind}", kind=kind, staff="Rūta")
        clock.advance(minutes=1)
    old_scored_note(db, card, "great cake", 9)  # written when notes had scores: still shown
    notes = customer_summary(db, card).notes
    assert [n.kind for n in notes] == ["feedback", "feedback", "problem", "preference", "general"]
    assert notes[0].score == 9 and notes[1].score is None
    assert notes[-1].staff == "Rūta"
    assert len(rows(db, "note")) == 5


def test_emoji_and_scripts_are_kept_exactly(db: Database, card: str) -> None:
    text = "Likes ☕️ with 🥐; 👩‍👩‍👧 family\nPrefers 王小明's table; Žemaitė's friend 🇱🇹"
    saved = add_note(db, card_number=card, text=text)
    assert saved.text == text
    assert customer_summary(db, card).notes[0].text == text
    assert rows(db, "note")[0][3] == text


def test_pin_and_unpin(db: Database, card: str) -> None:
    note = add_note(db, card_number=card, text="Allergic to nuts", kind="preference", pinned=True)
    other = add_note(db, card_number=card, text="Likes rye bread")
    assert [n.text for n in customer_summary(db, card).pinned_notes] == ["Allergic to nuts"]
    pin_note(db, note.id, pinned=False)
    pin_note(db, other.id)
    assert [n.text for n in customer_summary(db, card).pinned_notes] == ["Likes rye bread"]


def test_only_problems_resolve_and_only_once(db: Database, clock: FakeClock, card: str) -> None:
    problem = add_note(db, card_number=card, text="Cake was dry", kind="problem")
    remark = add_note(db, card_number=card, text="Nice chat")
    assert [n.text for n in customer_summary(db, card).open_problems] == ["Cake was dry"]
    clock.advance(days=2)
    resolved = resolve_note(db, problem.id)
    assert resolved.resolved_at == clock.now and not resolved.is_open_problem
    assert customer_summary(db, card).open_problems == []
    stored = rows(db, "note")
    with pytest.raises(NotAllowed, match="already resolved"):
        resolve_note(db, problem.id)
    with pytest.raises(NotAllowed, match="Only a problem can be resolved."):
        resolve_note(db, remark.id)
    assert rows(db, "note") == stored


def test_a_ten_megabyte_note_is_refused_quickly_and_clearly(db: Database, card: str) -> None:
    before = snapshot(db)
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as caught:
        add_note(db, card_number=card, text="x" * (10 * 1024 * 1024))
    assert time.perf_counter() - started < 2
    assert str(caught.value) == "The note is too long (10485760 characters, at most 4000)."
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"text": "   "}, InvalidInput, "The note is empty."),
        ({"text": "x", "kind": "gossip"}, InvalidInput, "Unknown note kind 'gossip'"),
        ({"text": "x", "score": 9}, TypeError, "score"),  # a score is feedback, not a note
        ({"text": "bell\x07"}, InvalidInput, "control characters"),
        ({"text": "x", "card_number": "404"}, UnknownCard, "'404'"),
    ],
)
def test_bad_notes_are_refused(
    db: Database, card: str, fields: dict, error: type, message: str
) -> None:
    before = snapshot(db)
    with pytest.raises(error, match=message):
        add_note(db, **{"card_number": card, **fields})
    assert snapshot(db) == before


def test_edit_note_and_unknown_note(db: Database, card: str) -> None:
    note = add_note(db, card_number=card, text="Likes rye")
    assert edit_note(db, note.id, text="Likes rye and seeds").text == "Likes rye and seeds"
    with pytest.raises(UnknownRecord, match="no note number 999"):
        pin_note(db, 999)
    with pytest.raises(InvalidInput, match="empty"):
        edit_note(db, note.id, text="")
    assert rows(db, "note")[0][3] == "Likes rye and seeds"
