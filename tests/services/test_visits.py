"""Booking visits: points, balance, tier change and affordable rewards, once per request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownCard, UnknownRecord
from shopkeeper.services import programme
from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import preview_points, record_visit, reverse_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import balance, ledger_kinds, ledger_sum, rows, snapshot


def test_a_visit_earns_points_and_says_what_changed(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    booked = record_visit(db, card_number=ona.card_number, amount_cents=1299, staff="Rūta")
    assert (booked.points_earned, booked.points_balance) == (12, 62)
    assert (booked.tier, booked.tier_before, booked.tier_changed) == ("Bronze", "Bronze", False)
    assert booked.affordable == [] and not booked.duplicate
    stored = rows(db, "visit")
    assert [(r[1], r[3], r[4]) for r in stored] == [(ona.id, 1299, "Rūta")]
    assert ledger_kinds(db, ona.id) == [("welcome_bonus", 50), ("visit", 12)]
    summary = customer_summary(db, ona.card_number)
    assert (summary.visit_count, summary.spent_cents, summary.points_balance) == (1, 1299, 62)


def test_rewards_become_affordable(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    booked = record_visit(db, card_number=ona.card_number, amount_cents=5000)
    assert booked.points_balance == 100
    assert [(r.name, r.points_cost) for r in booked.affordable] == [("Free coffee", 100)]


def test_crossing_a_threshold_upgrades_at_once_and_the_multiplier_follows(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    first = record_visit(db, card_number=ona.card_number, amount_cents=25_000)
    assert (first.points_earned, first.tier_before, first.tier, first.tier_changed) == (
        250,
        "Bronze",
        "Silver",
        True,
    )
    assert customer_summary(db, ona.card_number).tier == "Silver"
    second = record_visit(db, card_number=ona.card_number, amount_cents=10_000)
    assert second.points_earned == 125  # Silver earns 1.25 points per euro
    assert not second.tier_changed


def test_welcome_and_referral_bonus_do_not_count_towards_a_tier(db: Database) -> None:
    programme.update_rules(db, welcome_bonus=300)
    ona = create_customer(db, name="Ona")
    booked = record_visit(db, card_number=ona.card_number, amount_cents=100)
    assert booked.points_balance == 301 and booked.tier == "Bronze"


def test_preview_matches_the_booking(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    assert preview_points(db, ona.card_number, 1999) == 19
    with pytest.raises(InvalidInput):
        preview_points(db, ona.card_number, 0)


def test_stamp_card_mode(db: Database) -> None:
    programme.update_rules(db, mode="per_visit", points_per_visit=1)
    ona = create_customer(db, name="Ona")
    assert record_visit(db, card_number=ona.card_number, amount_cents=0).points_earned == 1
    assert record_visit(db, card_number=ona.card_number, amount_cents=3000).points_earned == 1


def test_the_same_request_twice_books_once(db: Database, clock: FakeClock) -> None:
    ona = create_customer(db, name="Ona")
    first = record_visit(db, card_number=ona.card_number, amount_cents=1000, request_id="scan-1")
    before = snapshot(db)
    clock.advance(seconds=1)
    again = record_visit(db, card_number=ona.card_number, amount_cents=1000, request_id="scan-1")
    assert again.duplicate and again.visit_id == first.visit_id
    assert (again.points_earned, again.points_balance) == (10, 60)
    assert snapshot(db) == before
    other = record_visit(db, card_number=ona.card_number, amount_cents=1000, request_id="scan-2")
    assert not other.duplicate and other.points_balance == 70


def test_a_request_id_reused_for_another_customer_is_refused(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    jonas = create_customer(db, name="Jonas")
    record_visit(db, card_number=ona.card_number, amount_cents=1000, request_id="form-7")
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="already used for another customer"):
        record_visit(db, card_number=jonas.card_number, amount_cents=1000, request_id="form-7")
    assert snapshot(db) == before


def test_a_second_submission_after_the_customer_was_archived_is_answered_not_refused(
    db: Database,
) -> None:
    ona = create_customer(db, name="Ona")
    first = record_visit(db, card_number=ona.card_number, amount_cents=1000, request_id="scan-9")
    archive_customer(db, ona.card_number)
    before = snapshot(db)
    again = record_visit(db, card_number=ona.card_number, amount_cents=1000, request_id="scan-9")
    assert again.duplicate and again.visit_id == first.visit_id and again.points_earned == 10
    assert snapshot(db) == before
    with pytest.raises(NotAllowed, match="archived"):
        record_visit(db, card_number=ona.card_number, amount_cents=1000, request_id="scan-10")
    assert snapshot(db) == before


def test_new_earning_rules_at_one_till_apply_at_the_next_booking_of_another(
    db: Database, db_path, clock: FakeClock  # noqa: ANN001
) -> None:
    """The programme is parsed once per stored text: another till's change is still read."""
    ona = create_customer(db, name="Ona")
    other_till = open_database(db_path, clock=clock)

    def earned_there() -> int:
        booked = record_visit(other_till, card_number=ona.card_number, amount_cents=1000)
        return booked.points_earned

    try:
        assert earned_there() == 10
        programme.update_rules(db, points_per_unit="3")
        assert earned_there() == 30
        programme.update_rules(db, points_per_unit="1")
        assert earned_there() == 10
    finally:
        other_till.dispose()


def test_at_the_top_tier_a_booking_keeps_it_and_the_ledger_matches(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    assert record_visit(db, card_number=ona.card_number, amount_cents=80_000).tier == "Gold"
    booked = record_visit(db, card_number=ona.card_number, amount_cents=1000)
    assert (booked.tier_before, booked.tier, booked.points_earned) == ("Gold", "Gold", 15)
    assert booked.points_balance == balance(db, ona.id) == ledger_sum(db, ona.id)
    summary = customer_summary(db, ona.card_number)
    assert (summary.tier, summary.visit_count, summary.spent_cents) == ("Gold", 2, 81_000)


def test_backdated_visit_from_a_paper_card(db: Database, clock: FakeClock) -> None:
    ona = create_customer(db, name="Ona")
    when = clock.now - timedelta(days=20)
    booked = record_visit(db, card_number=ona.card_number, amount_cents=500, at=when)
    record_visit(db, card_number=ona.card_number, amount_cents=500)
    stored = rows(db, "visit")
    at = stored[0][2]  # SQLite's text, or PostgreSQL's timestamp
    at = at if isinstance(at, str) else at.astimezone(UTC).isoformat(" ")
    assert at.startswith("2026-10-27 10:00:00")  # stored as UTC
    summary = customer_summary(db, ona.card_number)
    assert summary.recent_visits[-1].id == booked.visit_id
    assert summary.rhythm.usual_gap_days == 20.0


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "The amount must be more than zero."),
        (-500, "The amount cannot be negative."),
        (100_001, "The amount 1000.01 is over the maximum of 1000.00 per visit"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(
    db: Database, amount: int, message: str
) -> None:
    ona = create_customer(db, name="Ona")
    before = snapshot(db)
    with pytest.raises(InvalidInput) as caught:
        record_visit(db, card_number=ona.card_number, amount_cents=amount, request_id="r1")
    assert message in str(caught.value)
    assert snapshot(db) == before


def test_the_maximum_is_configurable(db: Database) -> None:
    programme.update_rules(db, max_amount_cents=200_000)
    ona = create_customer(db, name="Ona")
    assert record_visit(db, card_number=ona.card_number, amount_cents=150_000).points_earned == 1500


def test_future_visit_refused(db: Database, clock: FakeClock) -> None:
    ona = create_customer(db, name="Ona")
    before = snapshot(db)
    with pytest.raises(InvalidInput, match="cannot be booked in the future"):
        record_visit(
            db, card_number=ona.card_number, amount_cents=500, at=clock.now + timedelta(hours=1)
        )
    assert snapshot(db) == before


def test_archived_or_unknown_customer_refused(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    archive_customer(db, ona.card_number)
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="Ona is archived"):
        record_visit(db, card_number=ona.card_number, amount_cents=500)
    with pytest.raises(UnknownCard):
        record_visit(db, card_number="999", amount_cents=500)
    assert snapshot(db) == before


def test_referral_bonus_once_on_the_first_visit(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    jonas = create_customer(db, name="Jonas", referred_by_card=ona.card_number)
    first = record_visit(db, card_number=jonas.card_number, amount_cents=1000)
    assert first.referral_bonus_to == "Ona"
    assert balance(db, ona.id) == 150
    second = record_visit(db, card_number=jonas.card_number, amount_cents=1000)
    assert second.referral_bonus_to is None
    assert ledger_kinds(db, ona.id) == [("welcome_bonus", 50), ("referral_bonus", 100)]


def test_referral_bonus_is_not_paid_again_after_the_first_visit_is_reversed(
    db: Database,
) -> None:
    ona = create_customer(db, name="Ona")
    jonas = create_customer(db, name="Jonas", referred_by_card=ona.card_number)
    first = record_visit(db, card_number=jonas.card_number, amount_cents=1000)
    reverse_visit(db, visit_id=first.visit_id, reason="wrong card")
    again = record_visit(db, card_number=jonas.card_number, amount_cents=1000)
    assert again.referral_bonus_to is None
    assert ledger_kinds(db, ona.id) == [("welcome_bonus", 50), ("referral_bonus", 100)]


def test_reverse_writes_a_reversal_entry_and_cannot_be_repeated(
    db: Database, clock: FakeClock
) -> None:
    ona = create_customer(db, name="Ona")
    early = record_visit(db, card_number=ona.card_number, amount_cents=2000)
    clock.advance(days=7)
    late = record_visit(db, card_number=ona.card_number, amount_cents=1000)
    clock.advance(hours=1)
    done = reverse_visit(db, visit_id=late.visit_id, reason="refund", staff="Rūta")
    assert (done.points_reversed, done.points_balance) == (10, 70)
    assert ledger_kinds(db, ona.id)[-1] == ("reversal", -10)
    assert ledger_sum(db, ona.id) == balance(db, ona.id) == 70
    summary = customer_summary(db, ona.card_number)
    assert (summary.visit_count, summary.spent_cents) == (1, 2000)
    assert summary.rhythm.days_since_last == 7  # the reversed visit no longer counts
    assert [v.reversed for v in summary.recent_visits] == [True, False]
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="already been reversed"):
        reverse_visit(db, visit_id=late.visit_id)
    with pytest.raises(UnknownRecord, match="no visit number 999"):
        reverse_visit(db, visit_id=999)
    assert snapshot(db) == before
    assert early.visit_id != late.visit_id


def test_reversing_spent_points_can_leave_a_negative_balance(db: Database) -> None:
    from shopkeeper.services.rewards import redeem_reward

    ona = create_customer(db, name="Ona")
    booked = record_visit(db, card_number=ona.card_number, amount_cents=5000)
    redeem_reward(db, card_number=ona.card_number, reward_id=booked.affordable[0].id)
    assert reverse_visit(db, visit_id=booked.visit_id).points_balance == -50
    assert ledger_sum(db, ona.id) == -50


def test_stored_times_are_aware_utc(db: Database, clock: FakeClock) -> None:
    ona = create_customer(db, name="Ona")
    record_visit(db, card_number=ona.card_number, amount_cents=500)
    summary = customer_summary(db, ona.card_number)
    assert summary.recent_visits[0].at == clock.now
    assert summary.recent_visits[0].at.tzinfo is not None
    assert summary.joined_at == datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
