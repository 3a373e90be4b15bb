"""Merging two customers: everything moves to the kept card, the shop's points stay the same,
the old card leads to the kept customer, and every refusal changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import NotAllowed, UnknownCard
from shopkeeper.services.customers import create_customer
from shopkeeper.services.letters import exclude_from_letters, letters_sent, record_sent
from shopkeeper.services.merge import merge_customers, merges, preview_merge
from shopkeeper.services.month_end import month_end
from shopkeeper.services.notes import add_note
from shopkeeper.services.privacy import erase_customer
from shopkeeper.services.rewards import find_voucher, list_rewards, redeem_reward
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import balance, ledger_sum, rows, snapshot


def at(clock: FakeClock, *args: int) -> None:
    clock.set(datetime(*args, 10, 0, tzinfo=UTC))


def shop_points(db: Database) -> int:
    with db.engine.connect() as connection:
        total = connection.execute(text("SELECT coalesce(sum(points), 0) FROM ledger_entry"))
        return total.scalar_one()


def customer_row(db: Database, customer_id: int) -> dict:
    with db.engine.connect() as connection:
        return dict(
            connection.execute(
                text("SELECT * FROM customer WHERE id = :id"), {"id": customer_id}
            ).mappings().one()
        )


@pytest.fixture
def two_cards(db: Database, clock: FakeClock):  # noqa: ANN201
    """Ona came with a paper card in 2025 and got a second card in January 2026: both have
    visits, notes, a voucher, a birthday bonus for 2026, an expiry closing January, and the
    February letter."""
    at(clock, 2025, 1, 5)
    ona = create_customer(db, name="Ona Žemaitė", phone="861234567", birthday="1990-02-14")
    second = create_customer(
        db, name="Ona Zemaite", email="ona@example.lt", birthday="1990-02-14", address="Vilnius"
    )
    friend = create_customer(db, name="Rūta", referred_by_card=second.card_number)
    at(clock, 2026, 1, 20)
    record_visit(db, card_number=ona.card_number, amount_cents=12_000)  # +120
    record_visit(db, card_number=second.card_number, amount_cents=15_000)  # +150
    record_visit(db, card_number=friend.card_number, amount_cents=1_000)  # referral: +100
    add_note(db, card_number=ona.card_number, text="likes rye bread", pinned=True)
    add_note(db, card_number=second.card_number, text="allergic to nuts", kind="problem")
    at(clock, 2026, 2, 2)
    closing = month_end(db, Month(2026, 1))  # January 2025's welcome points expire
    assert (closing.expired_customers, closing.birthday_bonuses) == (3, 2)
    voucher = redeem_reward(db, card_number=second.card_number, reward_id=list_rewards(db)[0].id)
    record_sent(db, Month(2026, 2), [ona.id, second.id])
    record_sent(db, Month(2026, 2), [second.id])  # a reprint
    exclude_from_letters(db, [ona.card_number, second.card_number], Month(2026, 3))
    exclude_from_letters(db, [second.card_number], Month(2026, 4))
    return ona, second, friend, voucher.voucher_code


def test_a_merge_moves_everything_and_keeps_every_point(
    db: Database, clock: FakeClock, two_cards
) -> None:  # noqa: ANN001
    ona, second, friend, code = two_cards
    before_kept, before_other = balance(db, ona.id), balance(db, second.id)
    total = shop_points(db)
    visits = customer_row(db, ona.id)["visit_count"] + customer_row(db, second.id)["visit_count"]
    at(clock, 2026, 2, 3)

    plan = preview_merge(db, keep=ona.card_number, other=second.card_number)
    assert plan.rekeyed == ["expiry 2026-01", "birthday_bonus 2026"]
    assert (plan.filled, plan.dropped) == (["email", "address"], [])
    assert plan.points_balance_after == before_kept + before_other

    done = merge_customers(db, keep=ona.card_number, other=second.card_number)

    assert (done.card_number, done.merged_card) == (ona.card_number, second.card_number)
    assert done.points_balance == before_kept + before_other == balance(db, ona.id)
    assert ledger_sum(db, ona.id) == balance(db, ona.id)
    assert ledger_sum(db, second.id) == balance(db, second.id) == 0
    assert shop_points(db) == total
    kept = customer_row(db, ona.id)
    assert kept["visit_count"] == visits == 2
    assert kept["spent_cents"] == 27_000
    assert (kept["email"], kept["address"], kept["phone"]) == (
        "ona@example.lt",
        "Vilnius",
        "+37061234567",
    )
    gone = customer_row(db, second.id)
    assert gone["archived_at"] is not None
    assert (gone["email"], gone["address"], gone["birthday"], gone["visit_count"]) == (
        None,
        None,
        None,
        0,
    )
    # Both birthday bonuses and both expiries stay as history; the kept ones hold the period.
    kinds = [  # (kind, period)
        (r[4], r[8]) for r in rows(db, "ledger_entry") if r[1] == ona.id and r[4] != "visit"
    ]
    assert sorted(kinds, key=str) == sorted(
        [
            ("welcome_bonus", None),
            ("welcome_bonus", None),
            ("referral_bonus", None),
            ("redemption", None),
            ("expiry", "2026-01"),
            ("expiry", None),
            ("birthday_bonus", "2026"),
            ("birthday_bonus", None),
        ],
        key=str,
    )
    # the month-end does not give a third bonus nor expire January again
    again = month_end(db, Month(2026, 1))
    assert (again.birthday_bonuses, again.expired_points) == (0, 0)
    assert shop_points(db) == total
    # letters: one row for February, both copies counted; exclusions folded
    letters = [(r[1], r[2], r[5]) for r in rows(db, "letter_sent")]
    assert letters == [(ona.id, "2026-02", 3)]
    assert [(x.month, x.copies) for x in letters_sent(db, second.card_number)] == [("2026-02", 3)]
    assert sorted((r[1], r[2]) for r in rows(db, "letter_exclusion")) == [
        (ona.id, "2026-03"),
        (ona.id, "2026-04"),
    ]
    # notes, the voucher and the friend she brought are hers now
    summary = customer_summary(db, ona.card_number)
    assert sorted(n.text for n in summary.notes) == ["allergic to nuts", "likes rye bread"]
    assert [n.text for n in summary.open_problems] == ["allergic to nuts"]
    assert find_voucher(db, code).card_number == ona.card_number
    assert customer_summary(db, friend.card_number).referred_by == "Ona Žemaitė"
    assert summary.referrals == 1
    # the record holds counts, not personal data
    (record,) = merges(db)
    assert (record.kept_customer_id, record.merged_customer_id) == (ona.id, second.id)
    assert (record.visits_moved, record.notes_moved, record.redemptions_moved) == (1, 1, 1)
    assert (record.points_moved, record.ledger_entries_rekeyed) == (before_other, 2)
    assert (record.letters_moved, record.referrals_moved, record.filled) == (1, 1, "email,address")


def test_the_old_card_leads_to_the_kept_customer(db: Database, clock: FakeClock, two_cards) -> None:  # noqa: ANN001
    ona, second, _, _ = two_cards
    merge_customers(db, keep=ona.card_number, other=second.card_number)
    assert customer_summary(db, second.card_number).card_number == ona.card_number
    booked = record_visit(db, card_number=second.card_number, amount_cents=1_000)
    assert (booked.card_number, booked.name) == (ona.card_number, "Ona Žemaitė")
    assert ledger_sum(db, ona.id) == balance(db, ona.id)
    assert customer_row(db, second.id)["visit_count"] == 0
    hits = search_customers(db, second.card_number)
    assert (hits[0].card_number, hits[0].merged_from, hits[0].exact_card) == (
        ona.card_number,
        second.card_number,
        True,
    )
    assert second.card_number not in [h.card_number for h in hits]
    # the archived row no longer answers to its old e-mail or as a second Ona
    assert [h.card_number for h in search_customers(db, "zemaite", include_archived=True)] == [
        ona.card_number
    ]


def test_a_second_merge_and_other_mistakes_are_refused_changing_nothing(
    db: Database, two_cards
) -> None:  # noqa: ANN001
    ona, second, friend, _ = two_cards
    merge_customers(db, keep=ona.card_number, other=second.card_number)
    stored = snapshot(db)
    cases = [
        ((ona.card_number, second.card_number), NotAllowed, "already merged into card"),
        ((ona.card_number, ona.card_number), NotAllowed, "into themselves"),
        ((second.card_number, friend.card_number), NotAllowed, "keep that card instead"),
        ((ona.card_number, "999999999"), UnknownCard, "No customer has card number"),
    ]
    for (keep, other), error, words in cases:
        with pytest.raises(error, match=words):
            merge_customers(db, keep=keep, other=other)
        with pytest.raises(error, match=words):
            preview_merge(db, keep=keep, other=other)
    assert snapshot(db) == stored
    assert len(merges(db)) == 1


def test_an_erased_customer_cannot_be_merged(db: Database, two_cards) -> None:  # noqa: ANN001
    ona, second, friend, _ = two_cards
    erase_customer(db, friend.card_number, confirmed=True)
    erased_card = customer_row(db, friend.id)["card_number"]
    stored = snapshot(db)
    with pytest.raises(NotAllowed, match="erased"):
        merge_customers(db, keep=ona.card_number, other=erased_card)
    with pytest.raises(NotAllowed, match="erased"):
        merge_customers(db, keep=erased_card, other=second.card_number)
    assert snapshot(db) == stored


def test_a_chain_of_merges_leads_to_the_last_card(db: Database, clock: FakeClock) -> None:
    a = create_customer(db, name="Jonas A")
    b = create_customer(db, name="Jonas B")
    c = create_customer(db, name="Jonas C")
    for card in (a, b, c):
        record_visit(db, card_number=card.card_number, amount_cents=2_000)
    total = shop_points(db)
    merge_customers(db, keep=b.card_number, other=a.card_number)
    merge_customers(db, keep=c.card_number, other=b.card_number)
    for card in (a, b, c):
        assert customer_summary(db, card.card_number).card_number == c.card_number
    assert record_visit(db, card_number=a.card_number, amount_cents=1_000).card_number == (
        c.card_number
    )
    assert customer_row(db, c.id)["visit_count"] == 4
    assert balance(db, c.id) == ledger_sum(db, c.id) == total + 10
    with pytest.raises(NotAllowed, match=f"already merged into card {c.card_number}"):
        merge_customers(db, keep=c.card_number, other=a.card_number)


def test_together_they_reach_a_higher_tier_at_once(db: Database, clock: FakeClock) -> None:
    ona = create_customer(db, name="Ona")
    other = create_customer(db, name="Ona again")
    record_visit(db, card_number=ona.card_number, amount_cents=20_000)  # 200 of 250 for Silver
    record_visit(db, card_number=other.card_number, amount_cents=10_000)
    done = merge_customers(db, keep=ona.card_number, other=other.card_number)
    assert (done.tier_before, done.tier) == ("Bronze", "Silver")
    assert customer_summary(db, ona.card_number).tier == "Silver"
    last = rows(db, "tier_change")[-1]
    assert (last[1], last[6]) == (ona.id, "merge")


def test_she_is_no_longer_brought_by_herself(db: Database, clock: FakeClock) -> None:
    first = create_customer(db, name="Ona")
    second = create_customer(db, name="Ona", referred_by_card=first.card_number)
    record_visit(db, card_number=second.card_number, amount_cents=1_000)  # first earns 100
    total = shop_points(db)
    merge_customers(db, keep=second.card_number, other=first.card_number)
    assert customer_summary(db, second.card_number).referred_by is None
    assert customer_summary(db, second.card_number).referrals == 0
    assert shop_points(db) == total == balance(db, second.id)


def test_erasing_the_kept_customer_erases_the_merged_card_too(
    db: Database, two_cards
) -> None:  # noqa: ANN001
    ona, second, _, _ = two_cards
    merge_customers(db, keep=ona.card_number, other=second.card_number)
    erase_customer(db, second.card_number, confirmed=True)  # the old card leads to her
    for customer_id in (ona.id, second.id):
        row = customer_row(db, customer_id)
        assert row["card_number"] == f"ERASED-{customer_id}"
        assert row["name"] == f"Erased customer {customer_id}"
    with pytest.raises(UnknownCard):
        customer_summary(db, second.card_number)
    assert search_customers(db, "zemaite", include_archived=True) == []


def test_the_tier_report_counts_the_merged_customer_once(db: Database, clock: FakeClock) -> None:
    from shopkeeper.services.reports import tiers

    at(clock, 2026, 9, 1)
    ona = create_customer(db, name="Ona")
    at(clock, 2026, 10, 1)
    other = create_customer(db, name="Ona again")
    record_visit(db, card_number=ona.card_number, amount_cents=20_000)
    record_visit(db, card_number=other.card_number, amount_cents=10_000)
    at(clock, 2026, 11, 16)
    merge_customers(db, keep=ona.card_number, other=other.card_number)
    report = tiers(db, start=datetime(2026, 9, 1).date(), end=datetime(2026, 11, 30).date())
    assert report.customers == 1
    assert {row.tier: row.customers for row in report.rows}["Silver"] == 1
    october, november = report.history[-2:]
    assert (october.tiers["Bronze"], october.not_recorded) == (2, 0)  # two cards then
    assert (november.tiers["Silver"], november.tiers["Bronze"], november.not_recorded) == (1, 0, 0)


def test_two_tills_merging_the_same_cards_at_once_merge_once(
    db: Database, db_path, clock: FakeClock  # noqa: ANN001
) -> None:
    import threading

    from tests.services.test_concurrency import till

    ona = create_customer(db, name="Ona")
    other = create_customer(db, name="Ona again")
    record_visit(db, card_number=other.card_number, amount_cents=4_000)
    total = shop_points(db)
    second_till = till(db_path, clock)
    barrier = threading.Barrier(2)
    outcomes: list = []

    def merge_on(database: Database, keep: str, gone: str) -> None:
        barrier.wait()
        try:
            outcomes.append(merge_customers(database, keep=keep, other=gone))
        except NotAllowed as error:
            outcomes.append(error)

    # one till keeps Ona, the other keeps the second card: only one of them can win
    threads = [
        threading.Thread(target=merge_on, args=(db, ona.card_number, other.card_number)),
        threading.Thread(
            target=merge_on, args=(second_till, other.card_number, ona.card_number)
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    second_till.dispose()
    done = [o for o in outcomes if not isinstance(o, NotAllowed)]
    refused = [o for o in outcomes if isinstance(o, NotAllowed)]
    assert (len(done), len(refused)) == (1, 1)
    assert "merged into card" in str(refused[0])
    assert len(merges(db)) == 1
    kept_id = ona.id if done[0].card_number == ona.card_number else other.id
    assert balance(db, kept_id) == ledger_sum(db, kept_id) == total
