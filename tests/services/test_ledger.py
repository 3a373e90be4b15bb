"""The points ledger: append-only, with a running balance; corrections need a reason."""

from __future__ import annotations

import pytest

from shopkeeper.domain.errors import InvalidInput, NotEnoughPoints, UnknownCard
from shopkeeper.services.customers import create_customer
from shopkeeper.services.ledger import MAX_CORRECTION, correct_points, ledger
from shopkeeper.services.rewards import list_rewards, redeem_reward
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import balance, ledger_sum, snapshot


def test_ledger_lines_oldest_first_with_running_balance(db: Database, clock: FakeClock) -> None:
    ona = create_customer(db, name="Ona")
    clock.advance(minutes=1)
    booked = record_visit(db, card_number=ona.card_number, amount_cents=6_000)
    clock.advance(minutes=1)
    redeem_reward(db, card_number=ona.card_number, reward_id=list_rewards(db)[0].id)
    clock.advance(minutes=1)
    reverse_visit(db, visit_id=booked.visit_id, reason="refund")
    clock.advance(minutes=1)
    # a balance below zero after the reversal can still be corrected upwards
    assert correct_points(db, card_number=ona.card_number, points=25, reason="paper card") == -25
    lines = ledger(db, ona.card_number)
    assert [(x.kind, x.points, x.balance_after) for x in lines] == [
        ("welcome_bonus", 50, 50),
        ("visit", 60, 110),
        ("redemption", -100, 10),
        ("reversal", -60, -50),
        ("correction", 25, -25),
    ]
    assert lines[1].visit_id == booked.visit_id and lines[2].redemption_id is not None
    assert (lines[3].note, lines[4].note) == ("refund", "paper card")
    assert [x.kind for x in ledger(db, ona.card_number, limit=2)] == ["reversal", "correction"]
    assert balance(db, ona.id) == ledger_sum(db, ona.id) == -25


def test_a_correction_cannot_take_the_balance_below_zero(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    before = snapshot(db)
    with pytest.raises(NotEnoughPoints, match="needs 51, the balance is 50"):
        correct_points(db, card_number=ona.card_number, points=-51, reason="oops")
    assert snapshot(db) == before
    assert correct_points(db, card_number=ona.card_number, points=-50, reason="oops") == 0


@pytest.mark.parametrize(
    ("points", "reason", "message"),
    [
        (10, "  ", "needs a reason"),
        (0, "why", "between 1 and"),
        (MAX_CORRECTION + 1, "why", "between 1 and"),
    ],
)
def test_bad_corrections_refused(db: Database, points: int, reason: str, message: str) -> None:
    ona = create_customer(db, name="Ona")
    before = snapshot(db)
    with pytest.raises(InvalidInput, match=message):
        correct_points(db, card_number=ona.card_number, points=points, reason=reason)
    assert snapshot(db) == before


def test_unknown_card(db: Database) -> None:
    with pytest.raises(UnknownCard):
        ledger(db, "nobody")
