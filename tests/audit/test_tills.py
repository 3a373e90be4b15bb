"""Four tills booking, redeeming and correcting at the same moment keep one valid chain per
table: no two rows share a place, none is left unsealed (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from shopkeeper.services import integrity
from shopkeeper.services.customers import create_customer
from shopkeeper.services.ledger import correct_points
from shopkeeper.services.rewards import add_reward, redeem_reward
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.concurrency.tills import broken_balances, raw_errors, run_tills

NOW = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)


def busy_till(db: Database, report, card: str, reward_id: int, rounds: int) -> None:  # noqa: ANN001
    for _ in range(rounds):
        report.call(lambda: record_visit(db, card_number=card, amount_cents=3_000).visit_id)
        report.call(lambda: redeem_reward(db, card_number=card, reward_id=reward_id).voucher_code)
        report.call(lambda: correct_points(db, card_number=card, points=1, reason="stamp"))


def test_four_tills_at_once_keep_one_valid_chain(db: Database, db_path) -> None:  # noqa: ANN001
    cards = [create_customer(db, name=f"Customer {n}").card_number for n in range(4)]
    reward = add_reward(db, name="Kava", points_cost=10)
    reports = run_tills(db_path, NOW, [(busy_till, (card, reward.id, 15)) for card in cards])
    assert raw_errors(reports) == []
    assert broken_balances(db) == []
    checked = integrity.verify(db)
    assert checked.intact, checked.broken
    with db.engine.connect() as connection:
        entries, places, last = connection.execute(
            text("SELECT count(*), count(DISTINCT chain_seq), max(chain_seq) FROM ledger_entry")
        ).one()
        audit_rows, upgrades = connection.execute(
            text("SELECT count(*), count(*) FILTER (WHERE kind = 'audit.start') FROM audit_entry")
        ).one()
    assert entries == places == last == checked.ledger_rows
    done = sum(len(r.done) for r in reports)
    assert done == 4 * 15 * 3  # every call went through
    # 4 welcome bonuses, then per round: a visit, a redemption and a correction
    assert entries == 4 + done
    assert audit_rows == checked.audit_rows == upgrades + 4 + 1 + done  # adds, reward, calls
