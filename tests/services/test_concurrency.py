"""Two tills on one database file: no points spent twice, no "database is locked" escaping."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from shopkeeper.domain.errors import DatabaseBusy, NotEnoughPoints
from shopkeeper.services.customers import create_customer
from shopkeeper.services.ledger import correct_points
from shopkeeper.services.rewards import add_reward, redeem_reward
from shopkeeper.services.visits import record_visit
from shopkeeper.storage import database as database_module
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import balance, ledger_sum, rows, snapshot


def till(db_path: Path, clock: FakeClock) -> Database:
    """A second till: its own engine and connections on the same file."""
    other = Database.open(db_path)
    other.clock = clock
    return other


def hammer(workers: list, rounds: int) -> tuple[list, list]:
    barrier = threading.Barrier(len(workers))
    results: list = []
    errors: list = []
    lock = threading.Lock()

    def run(work) -> None:  # noqa: ANN001
        barrier.wait()
        for _ in range(rounds):
            try:
                outcome = work()
            except NotEnoughPoints as error:
                outcome = error
            except BaseException as error:  # noqa: BLE001 - anything else is the failure
                with lock:
                    errors.append(error)
                return
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_two_tills_redeeming_at_once_never_spend_the_same_points_twice(
    db: Database, db_path: Path, clock: FakeClock
) -> None:
    ona = create_customer(db, name="Ona")
    correct_points(db, card_number=ona.card_number, points=950, reason="opening balance")
    reward = add_reward(db, name="Biscuit", points_cost=100)
    tills = [db, till(db_path, clock), till(db_path, clock)]
    try:
        workers = [
            lambda t=t: redeem_reward(t, card_number=ona.card_number, reward_id=reward.id)
            for t in tills
        ]
        results, errors = hammer(workers, rounds=8)
    finally:
        for t in tills[1:]:
            t.dispose()
    assert errors == []
    done = [r for r in results if not isinstance(r, NotEnoughPoints)]
    refused = [r for r in results if isinstance(r, NotEnoughPoints)]
    assert (len(done), len(refused)) == (10, 14)
    assert len({r.voucher_code for r in done}) == 10
    assert sorted(r.points_balance for r in done) == list(range(0, 1000, 100))
    assert balance(db, ona.id) == ledger_sum(db, ona.id) == 0
    assert len(rows(db, "redemption")) == 10


def test_bookings_and_redemptions_interleave_consistently(
    db: Database, db_path: Path, clock: FakeClock
) -> None:
    ona = create_customer(db, name="Ona")
    reward = add_reward(db, name="Biscuit", points_cost=30)
    second = till(db_path, clock)
    try:
        results, errors = hammer(
            [
                lambda: record_visit(db, card_number=ona.card_number, amount_cents=2_000),
                lambda: redeem_reward(second, card_number=ona.card_number, reward_id=reward.id),
            ],
            rounds=15,
        )
    finally:
        second.dispose()
    assert errors == []
    visits = len(rows(db, "visit"))
    redeemed = len(rows(db, "redemption"))
    earned = sum(r.points_earned for r in results if hasattr(r, "points_earned"))
    assert visits == 15 and earned >= 20 * 15
    assert balance(db, ona.id) == ledger_sum(db, ona.id) == 50 + earned - 30 * redeemed
    assert balance(db, ona.id) >= 0


@pytest.mark.sqlite_only("holds SQLite's write lock with a raw sqlite3 connection")
def test_a_till_holding_the_database_past_the_budget_gives_database_busy(
    db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shopkeeper.bootstrap import open_database

    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(database_module, "WRITE_BUDGET_S", 1.0)
    db = open_database(db_path, clock=clock)
    try:
        card = create_customer(db, name="Ona").card_number
        before = snapshot(db)
        blocker = sqlite3.connect(db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            started = time.perf_counter()
            with pytest.raises(DatabaseBusy, match="another till is writing"):
                record_visit(db, card_number=card, amount_cents=1_000)
            waited = time.perf_counter() - started
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert 1.0 <= waited < 3  # the lock was asked for again until the budget was spent
        assert snapshot(db) == before
        # once the other till lets go, the same booking goes through
        assert record_visit(db, card_number=card, amount_cents=1_000).points_balance == 60
    finally:
        db.dispose()


@pytest.mark.sqlite_only("holds SQLite's write lock with a raw sqlite3 connection")
def test_reading_is_not_blocked_by_a_writer(db: Database, db_path: Path) -> None:
    from shopkeeper.services.summary import customer_summary

    card = create_customer(db, name="Ona").card_number
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute("UPDATE customer SET points_balance = 999")
    try:
        started = time.perf_counter()
        assert customer_summary(db, card).points_balance == 50  # WAL: the committed state
        assert time.perf_counter() - started < 1
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def _till_process(db_path: str, card: str, reward_id: int, rounds: int, start) -> list[str]:  # noqa: ANN001
    """One till program: its own process and connection, redeeming as fast as it can."""
    db = Database.open(db_path)
    outcomes = []
    try:
        start.wait()
        for _ in range(rounds):
            try:
                outcomes.append(
                    redeem_reward(db, card_number=card, reward_id=reward_id).voucher_code
                )
            except NotEnoughPoints:
                outcomes.append("refused")
    finally:
        db.dispose()
    return outcomes


def test_two_till_processes(db: Database, db_path: Path) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ona = create_customer(db, name="Ona")
    correct_points(db, card_number=ona.card_number, points=550, reason="opening balance")
    reward = add_reward(db, name="Biscuit", points_cost=100)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(2, mp_context=context) as pool:
        start = manager.Event()
        futures = [
            pool.submit(_till_process, str(db_path), ona.card_number, reward.id, 5, start)
            for _ in range(2)
        ]
        time.sleep(0.5)
        start.set()
        outcomes = [o for f in futures for o in f.result(timeout=60)]
    codes = [o for o in outcomes if o != "refused"]
    assert (len(codes), len(set(codes)), outcomes.count("refused")) == (6, 6, 4)
    assert balance(db, ona.id) == ledger_sum(db, ona.id) == 0
