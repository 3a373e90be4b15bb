"""Random sequences of counter work: the books always balance.

After every step of any sequence (new customers, visits, reversals, redemptions, corrections,
month-ends as the weeks go by) every balance equals the sum of its ledger, no redemption or
expiry takes a balance below zero, a refused action changes nothing, the cached visit figures
match the visit table, and a second month-end changes nothing at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.errors import NotEnoughPoints, ShopkeeperError
from shopkeeper.services import programme
from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.ledger import correct_points
from shopkeeper.services.month_end import month_end
from shopkeeper.services.rewards import add_reward, list_rewards, redeem_reward
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import snapshot

customer_ix = st.integers(0, 5)
visit = st.tuples(
    st.just("visit"),
    customer_ix,
    st.sampled_from([0, 1, 99, 2_550, 12_000, 40_000, 40_000, 100_000, 100_001]),
    st.sampled_from([None, None, None, "r1", "r2"]),
    st.sampled_from([0, 0, 0, 3, 40]),  # booked this many days in the past (a paper card)
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.booleans(), customer_ix),
        visit,
        visit,
        st.tuples(st.just("reverse"), st.integers(1, 8)),
        st.tuples(st.just("redeem"), customer_ix, st.integers(0, 3)),
        st.tuples(st.just("redeem"), customer_ix, st.integers(0, 3)),
        st.tuples(st.just("correct"), customer_ix, st.integers(-300, 300)),
        st.tuples(st.just("archive"), customer_ix, st.sampled_from([True, False, False])),
        st.tuples(st.just("wait"), st.integers(1, 95)),
        st.tuples(st.just("month_end"), st.integers(1, 95)),
    ),
    min_size=1,
    max_size=40,
)


def check_books(db: Database) -> None:
    with db.engine.connect() as c:
        bad_balance = c.execute(
            text(
                "SELECT c.id, c.points_balance, coalesce(sum(l.points), 0) AS total "
                "FROM customer c LEFT JOIN ledger_entry l ON l.customer_id = c.id "
                "GROUP BY c.id HAVING c.points_balance != total"
            )
        ).all()
        assert bad_balance == []
        bad_visits = c.execute(
            text(
                "SELECT c.id FROM customer c LEFT JOIN ("
                "  SELECT customer_id, count(*) AS n, sum(amount_cents) AS spent,"
                "         min(at) AS first, max(at) AS last"
                "  FROM visit WHERE reversed_at IS NULL GROUP BY customer_id"
                ") v ON v.customer_id = c.id "
                "WHERE c.visit_count != coalesce(v.n, 0) OR c.spent_cents != coalesce(v.spent, 0)"
                "   OR coalesce(c.first_visit_at, '') != coalesce(v.first, '')"
                "   OR coalesce(c.last_visit_at, '') != coalesce(v.last, '')"
            )
        ).all()
        assert bad_visits == []
        # Every point that left by redemption or expiry was there to spend: replaying the
        # ledger in order never sees one of them push the running balance below zero.
        running: dict[int, int] = {}
        for customer_id, points, kind in c.execute(
            text("SELECT customer_id, points, kind FROM ledger_entry ORDER BY id")
        ):
            running[customer_id] = running.get(customer_id, 0) + points
            if kind in ("redemption", "expiry", "correction") and points < 0:
                assert running[customer_id] >= 0, (customer_id, kind, points)
        reversals = c.execute(
            text("SELECT visit_id, count(*) FROM ledger_entry WHERE kind = 'reversal' GROUP BY 1")
        ).all()
        assert all(n == 1 for _, n in reversals)


def run(db: Database, clock: FakeClock, op: tuple) -> None:
    with db.engine.connect() as c:
        cards = [r[0] for r in c.execute(text("SELECT card_number FROM customer ORDER BY id"))]
    kind = op[0]

    def card(ix: int) -> str:
        return cards[ix % len(cards)] if cards else "nobody"

    if kind == "create":
        referrer = card(op[2]) if op[1] and cards else None
        create_customer(db, name=f"Žemaitė {len(cards)}", referred_by_card=referrer)
    elif kind == "visit":
        _, ix, cents, request_id, days_ago = op
        when = clock.now - timedelta(days=days_ago) if days_ago else None
        record_visit(db, card_number=card(ix), amount_cents=cents, at=when, request_id=request_id)
    elif kind == "reverse":
        reverse_visit(db, visit_id=op[1])
    elif kind == "redeem":
        rewards = list_rewards(db)
        before = snapshot(db)
        try:
            done = redeem_reward(db, card_number=card(op[1]), reward_id=rewards[op[2]].id)
        except NotEnoughPoints:
            assert snapshot(db) == before
            raise
        assert done.points_balance >= 0
    elif kind == "correct":
        if op[2]:
            correct_points(db, card_number=card(op[1]), points=op[2], reason="till count")
    elif kind == "archive":
        archive_customer(db, card(op[1]), archived=op[2])
    elif kind == "wait":
        clock.advance(days=op[1])
    elif kind == "month_end":
        clock.advance(days=op[1])
        with db.engine.connect() as c:
            negative_before = {
                r[0] for r in c.execute(text("SELECT id FROM customer WHERE points_balance < 0"))
            }
        month_end(db)
        once = snapshot(db)
        again = month_end(db)
        assert not again.changed_anything
        assert snapshot(db) == once
        with db.engine.connect() as c:
            negative_after = {
                r[0] for r in c.execute(text("SELECT id FROM customer WHERE points_balance < 0"))
            }
        assert negative_after <= negative_before  # expiry never makes a balance negative


@pytest.mark.parametrize("rounding", ["down", "up"])
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_any_sequence_keeps_the_books_balanced(
    tmp_path_factory: pytest.TempPathFactory, rounding: str, ops: list[tuple]
) -> None:
    clock = FakeClock(datetime(2025, 1, 10, 9, 0, tzinfo=UTC))
    db = open_database(tmp_path_factory.mktemp("prop") / "shop.db", clock=clock)
    try:
        programme.update_rules(db, rounding=rounding)
        add_reward(db, name="Biscuit", points_cost=30)
        create_customer(db, name="王小明")
        for op in ops:
            before = snapshot(db)
            try:
                run(db, clock, op)
                event(f"{op[0]} done")
            except ShopkeeperError as error:
                event(f"{op[0]} refused: {type(error).__name__}")
                assert snapshot(db) == before  # a refusal changes nothing
            check_books(db)
    finally:
        db.dispose()
