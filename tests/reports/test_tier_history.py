"""Tier distribution over time, from the tier change log, with hand-computed answers.

Default ladder: Bronze 0, Silver 250, Gold 750 points in twelve months; 1 point per euro.
Times are UTC; the shop is in Vilnius (UTC+3 in September, UTC+2 from 25 October).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.cli.main import main
from shopkeeper.domain.calendar import Month
from shopkeeper.domain.tiers import Tier
from shopkeeper.present.numbers import Numbers
from shopkeeper.present.tables import note_text
from shopkeeper.services import customers, month_end, programme, reports, settings_admin, visits
from shopkeeper.services.report_export import Options, run_table
from shopkeeper.storage import migrate
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.engines import stored_rows
from tests.storage.test_migrations import fill_at_first_revision


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=UTC)


def log(db_path: Path) -> list[tuple]:
    return [
        (*row[:4], row[4][:10])
        for row in stored_rows(
            db_path,
            "SELECT c.name, t.reason, t.from_tier_id, t.to_tier_name, t.at "
            "FROM tier_change t JOIN customer c ON c.id = t.customer_id ORDER BY t.id",
        )
    ]


def by_month(report: reports.TiersReport) -> dict[str, tuple]:
    return {
        m.month: (m.tiers, m.no_tier, m.members) if m.known else "unknown" for m in report.history
    }


def test_a_visit_upgrade_and_a_review_downgrade_are_told_month_by_month(
    db: Database, clock: FakeClock, db_path: Path
) -> None:
    clock.set(at(9, 1))
    ona = customers.create_customer(db, name="Ona Žemaitė").card_number
    stays = customers.create_customer(db, name="王小明").card_number
    leaves = customers.create_customer(db, name="Jonas Jonaitis").card_number
    clock.set(at(9, 10))
    booked = visits.record_visit(db, card_number=ona, amount_cents=30_000)  # 300 points: Silver
    assert (booked.tier_before, booked.tier) == ("Bronze", "Silver")
    visits.record_visit(db, card_number=stays, amount_cents=1_000)
    clock.set(at(10, 20))
    customers.archive_customer(db, leaves)
    clock.set(at(11, 16))
    visits.reverse_visit(db, visit_id=booked.visit_id, reason="refund")  # 0 points in 12 months
    closed = month_end.month_end(db)  # closes October; the review runs now, in November
    assert (closed.month, closed.tier_downgrades) == ("2026-10", 1)
    rows_after_first = log(db_path)
    again = month_end.month_end(db)
    assert (again.tier_upgrades, again.tier_downgrades) == (0, 0)
    assert log(db_path) == rows_after_first  # a second month-end writes no tier change

    bronze = programme.load(db).tiers[0].id
    assert rows_after_first == [
        ("Ona Žemaitė", "join", None, "Bronze", "2026-09-01"),
        ("王小明", "join", None, "Bronze", "2026-09-01"),
        ("Jonas Jonaitis", "join", None, "Bronze", "2026-09-01"),
        ("Ona Žemaitė", "visit", bronze, "Silver", "2026-09-10"),
        ("Ona Žemaitė", "review", bronze + 1, "Bronze", "2026-11-16"),
    ]

    clock.set(at(12, 1))  # November is over
    report = reports.tiers(db, start=date(2026, 8, 1), end=date(2026, 11, 30))
    assert report.history_tiers == ["Gold", "Silver", "Bronze"]
    assert report.recorded_since is None  # a new shop: recorded from its first customer
    assert by_month(report) == {
        "2026-08": ({"Gold": 0, "Silver": 0, "Bronze": 0}, 0, 0),
        # Ona Silver since 10 September; Jonas still a member (archived 20 October)
        "2026-09": ({"Gold": 0, "Silver": 1, "Bronze": 2}, 0, 3),
        "2026-10": ({"Gold": 0, "Silver": 1, "Bronze": 1}, 0, 2),
        "2026-11": ({"Gold": 0, "Silver": 0, "Bronze": 2}, 0, 2),
    }
    assert {row.tier: row.customers for row in report.rows} == {
        "Gold": 0,
        "Silver": 0,
        "Bronze": 2,
    }

    _result, table = run_table(db, "tiers", Options(start=date(2026, 9, 1), end=date(2026, 11, 30)))
    assert table.columns == ("Month", "Gold", "Silver", "Bronze", "No tier")
    assert table.rows == (
        ("2026-09", 0, 1, 2, 0),
        ("2026-10", 0, 1, 1, 0),
        ("2026-11", 0, 0, 2, 0),
    )
    assert (
        note_text(table.notes[0], Numbers("en", "EUR"))
        == "Now, of 2 customers: Gold 0 (0.0%), Silver 0 (0.0%), Bronze 2 (100.0%)."
    )


def test_a_removed_tier_keeps_its_history_and_its_holders_move_with_a_record(
    db: Database, clock: FakeClock, db_path: Path
) -> None:
    clock.set(at(10, 1))
    ona = customers.create_customer(db, name="Ona Žemaitė").card_number
    visits.record_visit(db, card_number=ona, amount_cents=30_000)  # Silver
    clock.set(at(11, 16))
    ladder = programme.load(db).tiers
    bronze, silver, gold = ladder
    kept = [Tier(bronze.id, "Bronze", 0, bronze.multiplier, bronze.colour), gold]
    settings_admin.save_tiers(db, kept, confirm=True)
    assert log(db_path)[-1] == ("Ona Žemaitė", "settings", silver.id, "Bronze", "2026-11-16")
    report = reports.tiers(db, start=date(2026, 10, 1), end=date(2026, 11, 30))
    assert report.history_tiers == ["Gold", "Bronze", "Silver (removed)"]
    assert by_month(report) == {
        "2026-10": ({"Gold": 0, "Bronze": 0, "Silver (removed)": 1}, 0, 1),
        "2026-11": ({"Gold": 0, "Bronze": 1, "Silver (removed)": 0}, 0, 1),
    }


@pytest.mark.sqlite_only("starts from a revision-0001 SQLite file")
def test_history_before_recording_began_is_unknown_not_invented(
    db_path: Path, clock: FakeClock
) -> None:
    fill_at_first_revision(db_path).dispose()  # two customers joined 5 October: Bronze, Silver
    db = open_database(db_path, clock=clock)  # the upgrade is dated by the shop's clock
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        raw = sqlite3.connect(db_path)
        rows = raw.execute(
            "SELECT customer_id, from_tier_id, to_tier_id, to_tier_name, reason, at "
            "FROM tier_change ORDER BY id"
        ).fetchall()
        raw.close()
        assert [r[:5] for r in rows] == [
            (1, None, 1, "Bronze", "start"),
            (2, None, 2, "Silver", "start"),
        ]
        began = datetime.fromisoformat(rows[0][5]).replace(tzinfo=UTC)
        assert began == datetime(2026, 11, 16, 10, 0, tzinfo=UTC)  # the moment of upgrading
        later = clock.advance(days=1)
        this_month = Month.of(later.date())
        report = reports.tiers(db, start=this_month.shift(-1).first_day, end=this_month.first_day)
        assert report.recorded_since == began
        last, now = report.history
        assert (last.known, last.tiers, last.members) == (False, None, 2)
        assert (now.known, now.tiers["Silver"], now.tiers["Bronze"], now.not_recorded) == (
            True,
            1,
            1,
            0,
        )
        _result, table = run_table(
            db, "tiers", Options(start=this_month.shift(-1).first_day, end=this_month.first_day)
        )
        assert table.columns == ("Month", "Silver", "Bronze", "No tier")  # that shop's ladder
        assert table.rows == (
            (str(this_month.shift(-1)), "unknown", "unknown", "unknown"),
            (str(this_month), 1, 1, 0),
        )
        assert any("earlier month ends are unknown" in note for note in table.notes)
    finally:
        db.dispose()


def test_cli_tiers_json_carries_the_months(db: Database, clock: FakeClock, db_path, capsys) -> None:  # noqa: ANN001
    clock.set(at(10, 1))
    customers.create_customer(db, name="Žemaitė")
    db.dispose()  # the CLI opens the file itself, with the real clock
    assert main(["report", "tiers", "--db", str(db_path), "--json", "--from", "2026-10-01"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [row["tier"] for row in out["rows"]] == ["Gold", "Silver", "Bronze"]
    october = out["history"][0]
    assert (october["month"], october["known"], october["tiers"]["Bronze"]) == ("2026-10", True, 1)
    assert out["history_tiers"] == ["Gold", "Silver", "Bronze"]
