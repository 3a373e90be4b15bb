"""What a till may take back on its own (issue 10): a visit it booked today, and a redemption
it made today whose voucher is not used yet. Everything else is refused with the reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import NotAllowed
from shopkeeper.domain.till import undoable_here
from shopkeeper.services.customers import create_customer
from shopkeeper.services.month_end import month_end
from shopkeeper.services.rewards import (
    cancel_redemption,
    find_voucher,
    list_rewards,
    recent_vouchers,
    redeem_reward,
    use_voucher,
)
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit, undo_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import balance, counts, ledger_kinds, ledger_sum, rows, snapshot

TILL = "till-front"
OTHER = "till-back"


def _customer_id(db: Database, card: str) -> int:
    return next(r[0] for r in rows(db, "customer") if r[1] == card)


def test_the_rule_is_this_till_and_the_shops_day() -> None:
    noon = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    today = noon.date()
    assert undoable_here(noon, TILL, today=today, till=TILL)
    assert not undoable_here(noon, OTHER, today=today, till=TILL)
    assert not undoable_here(noon, None, today=today, till=None)  # unknown tills undo nothing
    late = datetime(2026, 11, 15, 22, 30, tzinfo=UTC)  # 00:30 on the 16th in Vilnius
    assert undoable_here(late, TILL, today=today, till=TILL)


def test_a_visit_booked_here_today_is_undone_once(db: Database, clock: FakeClock) -> None:
    card = create_customer(db, name="Ona").card_number
    booked = record_visit(db, card_number=card, amount_cents=2000, till=TILL)
    assert customer_summary(db, card).recent_visits[0].till == TILL
    clock.advance(hours=3)
    undone = undo_visit(db, visit_id=booked.visit_id, till=TILL)
    assert (undone.points_reversed, undone.points_balance) == (20, 50)
    cid = _customer_id(db, card)
    assert ledger_kinds(db, cid)[-1] == ("reversal", -20)
    assert ledger_sum(db, cid) == balance(db, cid) == 50
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="already"):
        undo_visit(db, visit_id=booked.visit_id, till=TILL)
    assert snapshot(db) == before


def test_another_tills_visit_or_yesterdays_is_refused(db: Database, clock: FakeClock) -> None:
    card = create_customer(db, name="Ona").card_number
    theirs = record_visit(db, card_number=card, amount_cents=2000, till=OTHER)
    mine = record_visit(db, card_number=card, amount_cents=3000, till=TILL)
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="another till"):
        undo_visit(db, visit_id=theirs.visit_id, till=TILL)
    clock.advance(days=1)
    with pytest.raises(NotAllowed, match="today"):
        undo_visit(db, visit_id=mine.visit_id, till=TILL)
    assert snapshot(db) == before


def _redeem(db: Database, clock: FakeClock, till: str = TILL) -> tuple[str, str]:
    card = create_customer(db, name="Ona").card_number
    record_visit(db, card_number=card, amount_cents=10_000, till=till)  # 50 + 100 points
    coffee = list_rewards(db)[0]
    done = redeem_reward(db, card_number=card, reward_id=coffee.id, till=till)
    return card, done.voucher_code


def test_a_cancelled_redemption_gives_the_points_back_and_voids_the_voucher(
    db: Database, clock: FakeClock
) -> None:
    card, code = _redeem(db, clock)
    cid = _customer_id(db, card)
    tier_points = customer_summary(db, card).points_last_12_months
    assert balance(db, cid) == 50
    clock.advance(minutes=5)
    cancelled = cancel_redemption(db, code=code, only_till=TILL)
    assert (cancelled.points_returned, cancelled.points_balance) == (100, 150)
    assert ledger_kinds(db, cid)[-2:] == [("redemption", -100), ("reversal", 100)]
    assert ledger_sum(db, cid) == balance(db, cid) == 150
    # the points given back earn no tier: they were never spending
    assert customer_summary(db, card).points_last_12_months == tier_points
    voucher = find_voucher(db, code)
    assert voucher.cancelled_at is not None
    assert [v.code for v in recent_vouchers(db, card)] == [code]
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="cancelled .* void"):
        use_voucher(db, code)
    with pytest.raises(NotAllowed, match="already cancelled"):
        cancel_redemption(db, code=code, only_till=TILL)
    assert snapshot(db) == before


def test_a_used_voucher_or_another_tills_cannot_be_cancelled(
    db: Database, clock: FakeClock
) -> None:
    _card, code = _redeem(db, clock)
    use_voucher(db, code)
    before = counts(db)
    with pytest.raises(NotAllowed, match="already used"):
        cancel_redemption(db, code=code, only_till=TILL)
    _card2, theirs = _redeem(db, clock, till=OTHER)
    with pytest.raises(NotAllowed, match="another till"):
        cancel_redemption(db, code=theirs, only_till=TILL)
    clock.advance(days=1)
    _card3, old = _redeem(db, clock)
    clock.advance(days=1)
    with pytest.raises(NotAllowed, match="today"):
        cancel_redemption(db, code=old, only_till=TILL)
    assert counts(db)["ledger_entry"] == before["ledger_entry"] + 2 * 3  # the two new shops only


def test_expiry_after_a_cancelled_redemption_treats_it_as_never_spent(
    db: Database, clock: FakeClock
) -> None:
    """A cancelled redemption spent nothing: the points earned first expire as if it had not
    happened (and the month-end balances still match the ledger)."""
    card, code = _redeem(db, clock)
    cancel_redemption(db, code=code)
    twin = create_customer(db, name="Jonas").card_number
    record_visit(db, card_number=twin, amount_cents=10_000)
    clock.set(datetime(2028, 3, 1, 10, 0, tzinfo=UTC))
    month_end(db, Month.parse("2028-02"))
    a, b = customer_summary(db, card), customer_summary(db, twin)
    assert a.points_balance == b.points_balance
    for c in (card, twin):
        cid = _customer_id(db, c)
        assert ledger_sum(db, cid) == balance(db, cid)
