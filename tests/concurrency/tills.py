"""Several till processes on one shop, started together by a barrier.

Each till is its own process with its own engine and connections, as on a shop floor. A till
runs one role (a plain function of ``(db, *args)``) and reports what happened: the domain's
answers it got (``ShopkeeperError`` by class and message) and any other exception as a raw
error, which is always a failure.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock


@dataclass
class TillReport:
    done: list = field(default_factory=list)  # what each successful call returned (plain data)
    refused: Counter = field(default_factory=Counter)  # domain messages, by class name
    raw: list[str] = field(default_factory=list)  # anything else: database errors, bugs

    def call(self, action: Callable[[], object]) -> object | None:
        try:
            outcome = action()
        except ShopkeeperError as error:
            self.refused[type(error).__name__] += 1
            return None
        except Exception:  # noqa: BLE001 - reported back and failed on in the test
            self.raw.append(traceback.format_exc(limit=3))
            return None
        self.done.append(outcome)
        return outcome


def _till(target: str, now: datetime, barrier, role: Callable, args: tuple) -> TillReport:  # noqa: ANN001
    db = Database.open(target)
    db.clock = FakeClock(now)
    report = TillReport()
    try:
        barrier.wait(timeout=60)
        role(db, report, *args)
    finally:
        db.dispose()
    return report


def run_tills(
    target: str | Path, now: datetime, roles: list[tuple[Callable, tuple]]
) -> list[TillReport]:
    """Run each ``(role, args)`` in its own process, all released at the same moment."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(len(roles), mp_context=context) as pool:
        barrier = manager.Barrier(len(roles))
        futures = [
            pool.submit(_till, str(target), now, barrier, role, args) for role, args in roles
        ]
        return [future.result(timeout=300) for future in futures]


def raw_errors(reports: list[TillReport]) -> list[str]:
    return [error for report in reports for error in report.raw]


def broken_balances(db: Database) -> list[tuple]:
    """Customers whose stored balance is not their ledger's sum, or went below zero through a
    spending entry (a redemption, expiry or correction may never overdraw)."""
    with db.engine.connect() as connection:
        wrong = connection.execute(
            text(
                "SELECT c.id, c.points_balance, coalesce(sum(l.points), 0) FROM customer c "
                "LEFT JOIN ledger_entry l ON l.customer_id = c.id "
                "GROUP BY c.id, c.points_balance "
                "HAVING c.points_balance <> coalesce(sum(l.points), 0)"
            )
        ).all()
        overdrawn = connection.execute(
            text(
                "SELECT customer_id, id, kind, running FROM ("
                " SELECT customer_id, id, kind,"
                "  sum(points) OVER (PARTITION BY customer_id ORDER BY id) AS running"
                " FROM ledger_entry) AS r "
                "WHERE running < 0 AND kind IN ('redemption', 'expiry', 'correction')"
            )
        ).all()
    return [("balance != ledger", *row) for row in wrong] + [
        ("overdrawn by", *row) for row in overdrawn
    ]
