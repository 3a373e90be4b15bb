"""Random shop histories with merges in between: a merge never changes the shop's total of
points, every balance stays the sum of its ledger, the cached visit figures match the visits,
a refused merge changes nothing, and the month-end stays idempotent after merges."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.services import programme
from shopkeeper.services.customers import create_customer
from shopkeeper.services.merge import merge_customers
from shopkeeper.services.rewards import add_reward
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import snapshot
from tests.services.test_properties import customer_ix, run, visit

operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.booleans(), customer_ix),
        visit,
        visit,
        st.tuples(st.just("reverse"), st.integers(1, 8)),
        st.tuples(st.just("redeem"), customer_ix, st.integers(0, 3)),
        st.tuples(st.just("correct"), customer_ix, st.integers(-300, 300)),
        st.tuples(st.just("archive"), customer_ix, st.sampled_from([True, False, False])),
        st.tuples(st.just("month_end"), st.integers(1, 95)),
        st.tuples(st.just("merge"), customer_ix, customer_ix),
        st.tuples(st.just("merge"), customer_ix, customer_ix),
    ),
    min_size=1,
    max_size=40,
)


def shop_points(db: Database) -> int:
    with db.engine.connect() as c:
        return c.execute(text("SELECT coalesce(sum(points), 0) FROM ledger_entry")).scalar_one()


def check_caches(db: Database) -> None:
    with db.engine.connect() as c:
        assert (
            c.execute(
                text(
                    "SELECT c.id FROM customer c LEFT JOIN ledger_entry l ON l.customer_id = c.id "
                    "GROUP BY c.id HAVING c.points_balance != coalesce(sum(l.points), 0)"
                )
            ).all()
            == []
        )
        assert (
            c.execute(
                text(
                    "SELECT c.id FROM customer c LEFT JOIN ("
                    "  SELECT customer_id, count(*) AS n, sum(amount_cents) AS spent"
                    "  FROM visit WHERE reversed_at IS NULL GROUP BY customer_id"
                    ") v ON v.customer_id = c.id "
                    "WHERE c.visit_count != coalesce(v.n, 0)"
                    "   OR c.spent_cents != coalesce(v.spent, 0)"
                )
            ).all()
            == []
        )
        # a merged row holds nothing any more, and points to a customer that is not merged away
        assert (
            c.execute(
                text(
                    "SELECT m.merged_customer_id FROM customer_merge m "
                    "JOIN customer c ON c.id = m.merged_customer_id "
                    "WHERE c.archived_at IS NULL OR c.points_balance != 0 OR c.visit_count != 0"
                )
            ).all()
            == []
        )


def merge(db: Database, op: tuple) -> None:
    with db.engine.connect() as c:
        cards = [r[0] for r in c.execute(text("SELECT card_number FROM customer ORDER BY id"))]
    keep, other = cards[op[1] % len(cards)], cards[op[2] % len(cards)]
    total = shop_points(db)
    done = merge_customers(db, keep=keep, other=other)
    assert shop_points(db) == total
    assert done.points_balance == done.plan.points_balance_after
    if done.plan.rekeyed:
        event("merge: both had an entry of one kind and period")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_merges_in_any_history_keep_the_shops_points(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple]
) -> None:
    clock = FakeClock(datetime(2025, 1, 10, 9, 0, tzinfo=UTC))
    db = open_database(tmp_path_factory.mktemp("merge-prop") / "shop.db")
    db.clock = clock
    try:
        programme.update_rules(db, birthday_bonus=100)
        add_reward(db, name="Biscuit", points_cost=30)
        create_customer(db, name="王小明", birthday="1990-03-01")
        create_customer(db, name="Ona", birthday="1991-03-09")
        for op in ops:
            before = snapshot(db)
            try:
                merge(db, op) if op[0] == "merge" else run(db, clock, op)
                event(f"{op[0]} done")
            except ShopkeeperError as error:
                event(f"{op[0]} refused: {type(error).__name__}")
                assert snapshot(db) == before  # a refusal changes nothing
            check_caches(db)
    finally:
        db.dispose()
