"""``record_feedback`` against a real database: a low score opens a problem shown at the next
visit, bad input changes nothing, every answer counts; merges and erasures carry feedback."""

from __future__ import annotations

import pytest

from shopkeeper.domain.acting import STAFF, Actor
from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownCard, UnknownRecord
from shopkeeper.services import customers, feedback
from shopkeeper.services.merge import merge_customers
from shopkeeper.services.notes import resolve_note
from shopkeeper.services.privacy import customer_data, erase_customer
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from tests.engines import stored_rows


def rows(db_path) -> list[tuple]:
    return stored_rows(
        db_path,
        "SELECT customer_id, score, comment, touchpoint, staff, visit_id, problem_note_id "
        "FROM feedback ORDER BY id",
    )


def notes(db_path) -> list[tuple]:
    return stored_rows(db_path, "SELECT id, kind, text, resolved_at FROM note ORDER BY id")


@pytest.fixture
def ona(db) -> str:
    return customers.create_customer(db, name="Ona Žemaitė").card_number


def test_a_low_score_opens_a_problem_shown_at_the_next_visit_until_resolved(
    db, db_path, ona, clock
) -> None:
    visit = record_visit(db, card_number=ona, amount_cents=1250)
    done = feedback.record_feedback(db, ona, 4, "Šalta kava", visit_id=visit.visit_id)
    assert (done.score, done.category, done.touchpoint, done.staff) == (
        4, "detractor", "counter", None
    )
    assert done.problem_note_id is not None
    [problem] = customer_summary(db, ona).open_problems
    assert problem.id == done.problem_note_id
    assert problem.text == "Low score 4/10 (counter): Šalta kava"
    clock.advance(days=3)
    # the next visit: the counter still shows it (summary.open_problems), and the last answer
    assert [p.id for p in customer_summary(db, ona).open_problems] == [problem.id]
    last = feedback.last_feedback(db, ona)
    assert last is not None and (last.score, last.days_ago) == (4, 3)
    resolve_note(db, problem.id)
    assert customer_summary(db, ona).open_problems == []
    assert rows(db_path) == [(1, 4, "Šalta kava", "counter", None, visit.visit_id, problem.id)]


def test_passives_and_promoters_open_nothing_and_the_same_answer_twice_is_two(
    db, db_path, ona
) -> None:
    for score in (7, 9, 9):
        assert feedback.record_feedback(db, ona, score).problem_note_id is None
    assert [r[1] for r in rows(db_path)] == [7, 9, 9]
    assert notes(db_path) == []
    # 6 is still a detractor; no comment: the problem says to ask
    done = feedback.record_feedback(db, ona, 6, touchpoint="Phone order")
    assert done.touchpoint == "phone order"
    assert notes(db_path)[0][1:3] == (
        "problem", "Low score 6/10 (phone order), no comment: ask what went wrong."
    )


@pytest.mark.parametrize(
    ("score", "extra", "error", "message"),
    [
        (11, {}, InvalidInput, "A score is a whole number from 0 to 10."),
        (-1, {}, InvalidInput, "A score is a whole number from 0 to 10."),
        ("seven", {}, InvalidInput, "A score is a whole number from 0 to 10."),
        (3, {"touchpoint": "carrier pigeon"}, InvalidInput, "Unknown touchpoint 'carrier pigeon'"),
        (3, {"comment": "x" * 10_000_000}, InvalidInput, "The comment is too long"),
        (3, {"comment": "bad\x00byte"}, InvalidInput, "The comment contains control"),
        (3, {"visit_id": 999}, UnknownRecord, "Visit 999 is not one of this customer's"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    db, db_path, ona, score, extra, error, message
) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(")):
        feedback.record_feedback(db, ona, score, **extra)
    assert rows(db_path) == []
    assert notes(db_path) == []


def test_unknown_and_archived_customers_are_refused(db, db_path, ona) -> None:
    with pytest.raises(UnknownCard):
        feedback.record_feedback(db, "999999999", 3)
    customers.archive_customer(db, ona)
    with pytest.raises(NotAllowed, match="archived"):
        feedback.record_feedback(db, ona, 3)
    assert rows(db_path) == [] and notes(db_path) == []


def test_another_customer_s_visit_is_refused(db, db_path, ona) -> None:
    other = customers.create_customer(db, name="Jonas").card_number
    visit = record_visit(db, card_number=other, amount_cents=500)
    with pytest.raises(UnknownRecord):
        feedback.record_feedback(db, ona, 2, visit_id=visit.visit_id)
    assert rows(db_path) == [] and notes(db_path) == []


def test_the_person_at_the_till_is_recorded(db, db_path, ona) -> None:
    db.actor = Actor(3, "Rūta", STAFF)
    done = feedback.record_feedback(db, ona, 3)
    assert done.staff == "Rūta"
    assert rows(db_path)[0][4] == "Rūta"
    assert stored_rows(db_path, "SELECT staff FROM note")[0] == ("Rūta",)


def test_the_shop_keeps_its_touchpoints(db, ona) -> None:
    assert feedback.touchpoints(db) == ["counter", "phone order", "delivery"]
    assert feedback.set_touchpoints(db, ["counter", " market stall ", "Counter"]) == [
        "counter", "market stall"
    ]
    assert feedback.touchpoints(db) == ["counter", "market stall"]
    assert feedback.record_feedback(db, ona, 8, touchpoint="MARKET STALL").touchpoint == (
        "market stall"
    )
    with pytest.raises(InvalidInput, match="Unknown touchpoint"):
        feedback.record_feedback(db, ona, 8, touchpoint="delivery")  # removed from the list
    with pytest.raises(InvalidInput, match="at least one"):
        feedback.set_touchpoints(db, ["  "])
    assert feedback.touchpoints(db) == ["counter", "market stall"]


def test_a_merge_moves_feedback_and_an_erasure_keeps_only_the_scores(
    db, db_path, ona
) -> None:
    other = customers.create_customer(db, name="Ona Ž.").card_number
    feedback.record_feedback(db, other, 2, "Per ilgai laukiau")
    feedback.record_feedback(db, ona, 10)
    merge_customers(db, keep=ona, other=other)
    kept_id = customer_summary(db, ona).id
    assert {r[0] for r in rows(db_path)} == {kept_id}
    last = feedback.last_feedback(db, ona)
    assert last is not None and last.score == 10
    # what the shop holds about them, when they ask, includes their answers
    held = customer_data(db, ona)
    assert [(f.score, f.touchpoint, f.comment) for f in held.feedback] == [
        (2, "counter", "Per ilgai laukiau"), (10, "counter", None)
    ]
    erase_customer(db, ona, confirmed=True)
    assert [(r[1], r[2], r[6]) for r in rows(db_path)] == [(2, None, None), (10, None, None)]


def test_the_summary_read_at_a_scan_says_how_they_felt_last_time(db, ona, clock) -> None:  # noqa: ANN001
    assert customer_summary(db, ona).last_feedback is None
    feedback.record_feedback(db, ona, 9, comment="lovely rye")
    clock.advance(days=3)
    feedback.record_feedback(db, ona, 6, touchpoint="delivery")
    last = customer_summary(db, ona).last_feedback
    assert (last.score, last.touchpoint, last.comment, last.days_ago) == (6, "delivery", None, 0)
    assert last == feedback.last_feedback(db, ona)
