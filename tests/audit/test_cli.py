"""``shopkeeper audit`` with its filters, and ``shopkeeper audit verify`` (exit 0 intact,
exit 1 naming the first broken row)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from shopkeeper.storage.database import Database
from tests.audit.support import raw, starts
from tests.cli.test_cli import Cli


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


@pytest.fixture
def cards(cli: Cli) -> tuple[str, str]:
    ona = cli.json("customer", "add", "--name", "Žemaitė Ona")["card_number"]
    jonas = cli.json("customer", "add", "--name", "Jonas Jonaitis")["card_number"]
    cli("visit", ona, "--amount", "40.00")
    cli("visit", jonas, "--amount", "10.00")
    cli("correct", ona, "5", "--reason", "stamp card")
    return ona, jonas


def test_the_log_filtered_by_customer_kind_and_period(
    cli: Cli, cards: tuple[str, str], db: Database
) -> None:
    ona, jonas = cards
    every = cli.json("audit")
    assert [r["kind"] for r in every] == [
        "correction", "visit", "visit", "customer.add", "customer.add", *starts(db)
    ]  # fmt: skip
    assert [r["kind"] for r in cli.json("audit", "--customer", ona)] == [
        "correction", "visit", "customer.add"
    ]  # fmt: skip
    assert [r["card_number"] for r in cli.json("audit", "--kind", "visit")] == [jonas, ona]
    assert len(cli.json("audit", "--kind", "customer.")) == 2
    assert cli.json("audit", "--staff", "Rūta") == []  # nobody by that name acted
    day = datetime.fromisoformat(every[0]["at"]).astimezone().date()
    assert len(cli.json("audit", "--from", day.isoformat(), "--to", day.isoformat())) == len(every)
    assert cli.json("audit", "--to", (day - timedelta(days=1)).isoformat()) == []
    assert cli.json("audit", "--from", (day + timedelta(days=1)).isoformat()) == []

    text = cli("audit", "--customer", ona, "--kind", "correction")
    assert text.count("\n") == 1
    assert "(no name)" in text and "Points corrected" in text and ona in text
    assert "points: 5; reason: stamp card" in text
    assert f"Showing the newest 2 of {len(every)} rows" in cli("audit", "--limit", "2")


def test_wrong_filters_are_one_clear_line(cli: Cli, cards: tuple[str, str]) -> None:
    assert cli("audit", "--customer", "999999", code=1) == ""
    assert cli.err == "error: No customer has card number '999999'.\n"
    cli("audit", "--from", "2026-13-01", code=1)
    assert cli.err == "error: '2026-13-01' is not a date; use YYYY-MM-DD.\n"


def test_verify_says_intact_in_one_line(cli: Cli, cards: tuple[str, str], db: Database) -> None:
    rows = 5 + len(starts(db))  # two customers added, two visits, a correction
    assert cli("audit", "verify") == (
        f"Intact: 5 ledger entries and {rows} audit rows, every hash in its place.\n"
    )
    checked = cli.json("audit", "verify")
    assert (checked["intact"], checked["broken"]) == (True, None)


@pytest.mark.sqlite_only("edits the SQLite file with the sqlite3 module")
def test_verify_names_the_first_broken_row_and_exits_1(
    cli: Cli, cards: tuple[str, str], db_path: Path
) -> None:
    raw(db_path, "UPDATE audit_entry SET staff_name = 'Rūta' WHERE chain_seq = 3")
    raw(db_path, "DELETE FROM ledger_entry WHERE chain_seq = 3")
    third = 4  # the entry after the deleted one
    out = cli("audit", "verify", code=1)
    assert out == (
        f"BROKEN: 1 row is missing before ledger entry {third} (deleted outside Shopkeeper).\n"
    )
    raw(db_path, "INSERT INTO ledger_entry (id, customer_id, at, points, kind, chain_seq, "
                 "prev_hash, entry_hash) SELECT 3, 1, at, 10, 'visit', 3, prev_hash, entry_hash "
                 "FROM ledger_entry WHERE id = 4")  # fmt: skip
    out = cli("audit", "verify", code=1)
    assert out == "BROKEN: ledger entry 3 was added outside Shopkeeper (it is not in the chain).\n"
    raw(db_path, "DELETE FROM ledger_entry WHERE id = 3")
    raw(db_path, "UPDATE ledger_entry SET chain_seq = chain_seq - 1 WHERE chain_seq > 3")
    out = cli("audit", "verify", code=1)
    assert out == "BROKEN: ledger entry 4 was added outside Shopkeeper (it is not in the chain).\n"
