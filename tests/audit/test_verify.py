"""``verify`` walks both chains: it names the first row edited, deleted or inserted with a raw
database tool, and stays green through every lawful change (erasure, merge, imports,
month-end, restore)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopkeeper.domain.calendar import Month
from shopkeeper.services import audit, backups, importing, integrity
from shopkeeper.services.merge import merge_customers
from shopkeeper.services.month_end import month_end
from shopkeeper.services.privacy import erase_customer
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.audit.support import busy_shop, raw, raw_value, starts
from tests.conftest import FakeClock
from tests.data.sheets import LITHUANIAN, encode
from tests.services.support import balance, rows


def intact(db: Database) -> integrity.Verification:
    checked = integrity.verify(db)
    assert checked.intact, checked.broken
    return checked


def test_a_busy_shop_has_whole_chains_and_a_log_of_what_happened(
    db: Database, clock: FakeClock
) -> None:
    ona, jonas = busy_shop(db, clock)
    checked = intact(db)
    assert checked.ledger_rows == len(rows(db, "ledger_entry")) == 10  # 2 welcome, 6, 1, 1
    kinds = [r.kind for r in reversed(audit.entries(db))]
    assert kinds == [
        *starts(db), "customer.add", "customer.add", "programme.reward",
        "visit", "visit", "visit", "visit", "visit", "visit",
        "redemption", "correction", "note",
    ]  # fmt: skip
    assert checked.audit_rows == len(kinds)
    mine = audit.entries(db, audit.AuditFilter(card=jonas, kind="correction"))
    assert [(r.card_number, r.after["points"], r.after["reason"]) for r in mine] == [
        (jonas, 7, "missed stamp")
    ]
    now = balance(db, mine[0].customer_id)
    assert (mine[0].before, mine[0].after["balance"]) == ({"balance": now - 7}, now)


@pytest.mark.sqlite_only("edits the SQLite file with the sqlite3 module")
@pytest.mark.parametrize("table", ["ledger_entry", "audit_entry"])
def test_an_edit_a_delete_and_an_insert_behind_the_programs_back_are_named(
    db: Database, db_path: Path, clock: FakeClock, table: str
) -> None:
    busy_shop(db, clock)
    intact(db)
    fourth = raw_value(db_path, f"SELECT id FROM {table} WHERE chain_seq = 4")
    column = "points" if table == "ledger_entry" else "kind"
    value = 500 if table == "ledger_entry" else "visit.undo"
    raw(db_path, f"UPDATE {table} SET {column} = ? WHERE id = ?", value, fourth)
    broken = integrity.verify(db).broken
    assert (broken.table, broken.row_id, broken.problem) == (table, fourth, "edited")

    raw(db_path, f"DELETE FROM {table} WHERE id = ?", fourth)
    broken = integrity.verify(db).broken
    fifth = raw_value(db_path, f"SELECT id FROM {table} WHERE chain_seq = 5")
    assert (broken.table, broken.row_id, broken.problem, broken.missing) == (
        table, fifth, "deleted", 1
    )  # fmt: skip

    # the row put back as it was, but by hand: no place in the chain
    if table == "ledger_entry":
        raw(db_path, "INSERT INTO ledger_entry (customer_id, at, points, kind) "
                     "VALUES (1, '2026-11-16 10:00:00.000000', 100, 'correction')")  # fmt: skip
    else:
        raw(db_path, "INSERT INTO audit_entry (at, kind, digest, redacted) "
                     "VALUES ('2026-11-16 10:00:00.000000', 'note', 'x', 0)")  # fmt: skip
    raw(db_path, f"UPDATE {table} SET chain_seq = 4, prev_hash = ("
                 f"SELECT entry_hash FROM {table} WHERE chain_seq = 3) "
                 f"WHERE id = (SELECT max(id) FROM {table})")  # fmt: skip
    broken = integrity.verify(db).broken  # linked in, but its hash is not the chain's
    assert (broken.table, broken.problem, broken.seq) == (table, "edited", 4)
    raw(db_path, f"UPDATE {table} SET chain_seq = NULL WHERE chain_seq = 4")
    broken = integrity.verify(db).broken
    assert broken.problem == "deleted"  # the gap is found first, walking in order


@pytest.mark.sqlite_only("edits the SQLite file with the sqlite3 module")
def test_a_row_slipped_in_at_the_end_is_named_as_inserted(
    db: Database, db_path: Path, clock: FakeClock
) -> None:
    busy_shop(db, clock)
    raw(db_path, "INSERT INTO ledger_entry (customer_id, at, points, kind) "
                 "VALUES (2, '2026-11-16 11:00:00.000000', 1000, 'correction')")  # fmt: skip
    inserted = raw_value(db_path, "SELECT max(id) FROM ledger_entry")
    broken = integrity.verify(db).broken
    assert (broken.table, broken.row_id, broken.problem) == ("ledger_entry", inserted, "inserted")


@pytest.mark.sqlite_only("edits the SQLite file with the sqlite3 module")
def test_a_redacted_row_of_a_customer_never_erased_is_an_edit(
    db: Database, db_path: Path, clock: FakeClock
) -> None:
    busy_shop(db, clock)
    row = raw_value(db_path, "SELECT id FROM audit_entry WHERE kind = 'note'")
    raw(db_path, "UPDATE audit_entry SET after = NULL, redacted = 1 WHERE id = ?", row)
    broken = integrity.verify(db).broken
    assert (broken.table, broken.row_id, broken.problem) == ("audit_entry", row, "edited")


def test_a_lawful_erasure_keeps_both_chains_and_leaves_no_text_in_the_log(
    db: Database, clock: FakeClock
) -> None:
    ona, _jonas = busy_shop(db, clock)
    erase_customer(db, ona, confirmed=True)
    intact(db)
    everything = " ".join(str(r) for r in rows(db, "audit_entry"))
    for personal in ("Žemaitė", "Allergic", "+37061234567", ona):
        assert personal not in everything
    assert audit.entries(db, audit.AuditFilter(kind="erase"))[0].after["audit_rows_redacted"] == 6


def test_merges_imports_twice_and_month_end_keep_the_chains(
    db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    ona, jonas = busy_shop(db, clock)
    sheet = tmp_path / "klientai.csv"
    sheet.write_bytes(encode(LITHUANIAN, "utf-8-sig"))
    first, _ = importing.import_file(db, sheet)
    second, _ = importing.import_file(db, sheet)
    assert (first.imported, first.updated, second.imported) == (3, 1, 0)  # Ona was known
    clock.advance(days=20)
    month_end(db, Month(2026, 11))
    merge_customers(db, keep=ona, other=jonas)
    record_visit(db, card_number=ona, amount_cents=1_000)
    checked = intact(db)
    assert checked.ledger_rows == len(rows(db, "ledger_entry"))
    runs = audit.entries(db, audit.AuditFilter(kind="import"))
    assert [(r.after["imported"], r.after["updated"], r.after["file"]) for r in runs] == [
        (second.imported, second.updated, "klientai.csv"), (3, 1, "klientai.csv")
    ]  # fmt: skip
    assert [r.kind for r in audit.entries(db, limit=3)] == ["visit", "merge", "month_end"]


@pytest.mark.sqlite_only("a backup file is an SQLite file")
def test_a_restored_backup_is_verified_and_the_restore_logged(
    db: Database, db_path: Path, clock: FakeClock
) -> None:
    ona, _ = busy_shop(db, clock)
    good = backups.back_up(db).path
    record_visit(db, card_number=ona, amount_cents=1_000)
    done = backups.restore_into(db, good, confirmed=True)
    assert done.verification.intact
    intact(db)
    assert audit.entries(db, limit=1)[0].kind == "restore"
    # a backup edited by hand is restored (the shop decides) but the check says so
    raw(good, "UPDATE ledger_entry SET points = 900 WHERE chain_seq = 2")
    done = backups.restore_into(db, good, confirmed=True)
    assert not done.verification.intact
    assert done.verification.broken.problem == "edited"
    assert audit.entries(db, limit=1)[0].after["chain_intact"] is False
