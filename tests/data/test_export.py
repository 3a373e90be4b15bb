"""Exports a shop can open elsewhere: CSV and XLSX of customers, visits and the ledger, and the
whole database as one SQLite file."""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.services import export, importing
from shopkeeper.services.customers import create_customer
from shopkeeper.services.notes import add_note
from shopkeeper.services.rewards import add_reward, redeem_reward
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import rows


@pytest.fixture
def shop(db: Database, clock: FakeClock) -> dict[str, str]:
    ona = create_customer(
        db, name="Žemaitė Ona", phone="861234567", email="ona@example.lt",
        birthday="1980-11-20", address="Gedimino pr. 1\nVilnius", language="lt",
        letters_consent=True,
    ).card_number  # fmt: skip
    wang = create_customer(db, name="王小明", phone="+86 138 1234 5678", language="zh").card_number
    evil = create_customer(db, name='=HYPERLINK("http://x","click")').card_number
    clock.advance(hours=1)
    record_visit(db, card_number=ona, amount_cents=1_250, note="su šuniu", staff="Rūta")
    clock.advance(hours=1)
    mistake = record_visit(db, card_number=wang, amount_cents=30_000).visit_id
    reverse_visit(db, visit_id=mistake, reason="refund")
    record_visit(db, card_number=wang, amount_cents=2_000)
    reward = add_reward(db, name="Kava", points_cost=50)
    redeem_reward(db, card_number=ona, reward_id=reward.id)
    add_note(db, card_number=ona, text="Mėgsta ☕")
    return {"ona": ona, "wang": wang, "evil": evil}


def read_csv(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_customers_csv(db: Database, shop: dict[str, str], tmp_path: Path) -> None:
    done = export.export_table(db, "customers", tmp_path / "klientai.csv")
    assert (done.rows, done.format) == (3, "csv")
    table = read_csv(done.path)
    assert table[0][:4] == ["Card number", "Name", "Phone", "E-mail"]
    by_card = {r[0]: dict(zip(table[0], r, strict=True)) for r in table[1:]}
    ona = by_card[shop["ona"]]
    assert (ona["Name"], ona["Phone"], ona["Birthday"], ona["Address"]) == (
        "Žemaitė Ona", "+37061234567", "1980-11-20", "Gedimino pr. 1\nVilnius"
    )  # fmt: skip
    assert (ona["Points balance"], ona["Visits"], ona["Spent"], ona["Tier"]) == (
        "12", "1", "12.50", "Bronze"
    )  # fmt: skip
    assert ona["Joined"] == "2026-11-16 12:00:00"  # Vilnius wall time of 10:00 UTC
    assert by_card[shop["wang"]]["Name"] == "王小明"
    # a formula typed as a name stays text in a spreadsheet
    assert by_card[shop["evil"]]["Name"] == '\'=HYPERLINK("http://x","click")'


def test_visits_and_ledger_csv(db: Database, shop: dict[str, str], tmp_path: Path) -> None:
    visits = read_csv(export.export_table(db, "visits", tmp_path / "v.csv").path)
    assert visits[0] == ["Visit", "Card number", "Name", "At", "Amount", "Points", "Staff",
                         "Note", "Reversed"]  # fmt: skip
    assert [(r[2], r[4], r[5], r[6], r[7], bool(r[8])) for r in visits[1:]] == [
        ("Žemaitė Ona", "12.50", "12", "Rūta", "su šuniu", False),
        ("王小明", "300.00", "300", "", "", True),
        ("王小明", "20.00", "25", "", "", False),  # Silver since the 300 (reviewed at month-end)
    ]
    entries = read_csv(export.export_table(db, "ledger", tmp_path / "l.csv").path)
    assert len(entries) - 1 == len(rows(db, "ledger_entry"))
    kinds = [(r[2], r[4], r[5]) for r in entries[1:]]
    assert ("王小明", "-300", "reversal") in kinds and ("Žemaitė Ona", "-50", "redemption") in kinds
    # the figures add up the same way in the file as in the shop
    for card in (shop["ona"], shop["wang"]):
        name = customer_summary(db, card).name
        total = sum(int(r[4]) for r in entries[1:] if r[2] == name)
        assert total == customer_summary(db, card).points_balance


def test_xlsx_keeps_types_and_never_runs_a_formula(
    db: Database, shop: dict[str, str], tmp_path: Path
) -> None:
    done = export.export_table(db, "customers", tmp_path / "klientai.xlsx")
    sheet = load_workbook(done.path).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    by_card = {r[0]: r for r in table[1:]}
    ona = dict(zip(table[0], by_card[shop["ona"]], strict=True))
    assert ona["Name"] == "Žemaitė Ona" and ona["Points balance"] == 12
    assert ona["Spent"] == Decimal("12.5") or ona["Spent"] == 12.5
    assert ona["Joined"] == datetime(2026, 11, 16, 12, 0)
    evil = [c for c in sheet.iter_rows() if c[0].value == shop["evil"]][0][1]
    assert (evil.value, evil.data_type) == ('=HYPERLINK("http://x","click")', "s")
    visits = load_workbook(export.export_table(db, "visits", tmp_path / "v.xlsx").path).active
    assert visits.max_row == 4


def test_an_export_round_trips_through_the_import(
    db: Database, shop: dict[str, str], tmp_path: Path, clock: FakeClock
) -> None:
    path = export.export_table(db, "customers", tmp_path / "klientai.csv").path
    other = open_database(tmp_path / "other.db", clock=clock)
    try:
        result, _ = importing.import_file(other, path)
        assert (result.imported, result.rejected) == (3, 0)
        for card in shop.values():
            there, here = customer_summary(other, card), customer_summary(db, card)
            assert (there.name, there.phone, there.email, there.birthday, there.address) == (
                here.name, here.phone, here.email, here.birthday, here.address
            )  # fmt: skip
            assert there.points_balance == here.points_balance
            assert there.imported_visits == here.visit_count
    finally:
        other.dispose()


@pytest.mark.sqlite_only("the whole shop as one SQLite file")
def test_the_whole_database_as_one_file(db: Database, shop: dict[str, str], tmp_path: Path) -> None:
    done = export.export_database(db, tmp_path / "copy.sqlite")
    assert (done.rows, done.format) == (3, "sqlite")
    # one file, complete in itself: no WAL beside it, readable by any SQLite program
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == [
        "copy.sqlite"
    ]
    raw = sqlite3.connect(f"file:{done.path}?mode=ro", uri=True)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT name FROM customer ORDER BY id").fetchall() == [
            ("Žemaitė Ona",), ("王小明",), ('=HYPERLINK("http://x","click")',)
        ]  # fmt: skip
    finally:
        raw.close()
    for table in ("customer", "visit", "ledger_entry", "note", "redemption"):
        raw = sqlite3.connect(done.path)
        try:
            copied = raw.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        finally:
            raw.close()
        assert copied == rows(db, table)


@pytest.mark.parametrize(
    ("what", "name", "message"),
    [
        ("people", "a.csv", "Unknown export"),
        ("customers", "a.pdf", "ending"),
        ("customers", "missing/a.csv", "does not exist"),
    ],
)
def test_export_mistakes(db: Database, tmp_path: Path, what: str, name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        export.export_table(db, what, tmp_path / name)
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.sqlite_only("the whole shop as one SQLite file")
def test_the_database_cannot_be_exported_over_itself(db: Database, db_path: Path) -> None:
    with pytest.raises(InvalidInput, match="own database file"):
        export.export_database(db, db_path)


@pytest.mark.sqlite_only("the whole shop as one SQLite file")
def test_an_export_is_a_consistent_picture_while_a_till_books(
    db: Database, shop: dict[str, str], tmp_path: Path, clock: FakeClock
) -> None:
    from shopkeeper.storage.database import Database as Db

    till = Db.open(db.sqlite_path)
    till.clock = clock
    try:
        rows_seen = []
        original = export._ledger

        def slow(connection):  # noqa: ANN001, ANN202
            for i, row in enumerate(original(connection)):
                if i == 1:  # another till books in the middle of the export
                    record_visit(till, card_number=shop["ona"], amount_cents=500,
                                 at=datetime(2026, 11, 16, 11, tzinfo=UTC))  # fmt: skip
                rows_seen.append(row)
                yield row

        export._TABLES["ledger"] = export._Table(export._TABLES["ledger"].headers, slow)
        try:
            done = export.export_table(db, "ledger", tmp_path / "l.csv")
        finally:
            export._TABLES["ledger"] = export._Table(export._TABLES["ledger"].headers, original)
    finally:
        till.dispose()
    assert done.rows == len(rows(db, "ledger_entry")) - 1  # the booking came after the picture
