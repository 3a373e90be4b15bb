"""``Database.transaction``: a lost race is run again from the start, never shown; past the
budget the user gets one clear line and nothing is written."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from shopkeeper.domain.errors import DatabaseBusy
from shopkeeper.services.customers import create_customer
from shopkeeper.services.ledger import correct_points
from shopkeeper.storage import database as database_module
from shopkeeper.storage.database import Database, RetryTransaction
from tests.conftest import ON_POSTGRES
from tests.services.support import counts, snapshot


def test_a_lost_race_runs_the_work_again_and_commits_once(db: Database) -> None:
    tries = []

    def work(session) -> int:  # noqa: ANN001
        tries.append(1)
        session.execute(text("INSERT INTO cause (name, active) VALUES (:n, true)"), {"n": "Zoo"})
        if len(tries) < 3:
            raise RetryTransaction()
        return len(tries)

    assert db.transaction(work) == 3
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM cause")).scalar_one() == 1


def test_a_race_lost_every_time_ends_as_database_busy_with_nothing_written(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "WRITE_BUDGET_S", 0.5)
    before = snapshot(db)

    def work(session) -> None:  # noqa: ANN001
        session.execute(text("INSERT INTO cause (name, active) VALUES ('Zoo', true)"))
        raise RetryTransaction()

    with pytest.raises(DatabaseBusy, match="Please try again"):
        db.transaction(work, retries=3)
    assert snapshot(db) == before


def test_a_domain_error_is_not_retried(db: Database) -> None:
    ona = create_customer(db, name="Ona")
    before = counts(db)
    with pytest.raises(Exception, match="Not enough points"):
        correct_points(db, card_number=ona.card_number, points=-51, reason="typo")
    assert counts(db) == before


@pytest.mark.skipif(not ON_POSTGRES, reason="a deadlock needs row locks (PostgreSQL)")
def test_a_deadlock_between_two_tills_is_retried_and_both_commit(
    db: Database, db_path: str
) -> None:
    """Two tills lock the same two customers in opposite orders: PostgreSQL kills one with a
    deadlock error; its work runs again and both corrections land."""
    a = create_customer(db, name="Ona")
    b = create_customer(db, name="Jonas")
    other = Database.open(db_path)
    both_hold_one = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def till(name: str, till_db: Database, first: int, second: int) -> None:
        tries = 0

        def work(session) -> int:  # noqa: ANN001
            nonlocal tries
            tries += 1
            for n, customer_id in enumerate((first, second)):
                session.execute(
                    text("UPDATE customer SET points_balance = points_balance + 1 WHERE id = :i"),
                    {"i": customer_id},
                )
                if n == 0 and tries == 1:
                    both_hold_one.wait(timeout=10)
            return tries

        try:
            outcome[name] = till_db.transaction(work)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcome[name] = error

    threads = [
        threading.Thread(target=till, args=("one", db, a.id, b.id)),
        threading.Thread(target=till, args=("two", other, b.id, a.id)),
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        other.dispose()
    assert sorted(outcome.values()) == [1, 2]  # one went through, the other on its second try
    with db.read() as session:
        balances = session.execute(
            text("SELECT points_balance FROM customer ORDER BY id")
        ).scalars().all()
    assert balances == [52, 52]
