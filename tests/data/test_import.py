"""Importing real files into a real database: every encoding and separator, XLSX, re-imports,
updates, dry runs, the rejected-rows file and the all-or-nothing transaction."""

from __future__ import annotations

import csv
import sqlite3
import threading
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.services import importing, programme
from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.ledger import ledger
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.data.sheets import LITHUANIAN, SHEETS, encode, names
from tests.services.support import balance, ledger_kinds, ledger_sum, rows

COUNTRY = {"lithuanian": "LT", "western": "FR", "simplified": "CN", "traditional": "TW"}


def data_snapshot(db: Database) -> dict[str, list[tuple]]:
    tables = ("customer", "visit", "ledger_entry", "note", "setting", "search_token",
              "import_run", "imported_visits")  # fmt: skip
    return {table: rows(db, table) for table in tables}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def stored(db: Database) -> list[tuple]:
    """(name, phone, e-mail) of every customer, in the order they were stored."""
    with db.engine.connect() as connection:
        query = text("SELECT name, phone, email FROM customer ORDER BY id")
        return [tuple(r) for r in connection.execute(query)]


@pytest.mark.parametrize("sheet", sorted(SHEETS))
@pytest.mark.parametrize("unicode", [False, True])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_sheet_imports_whole_in_its_code_page_or_utf8_with_any_separator(
    db: Database, tmp_path: Path, sheet: str, unicode: bool, delimiter: str
) -> None:
    table, code_page = SHEETS[sheet]
    programme.update_shop(db, country=COUNTRY[sheet])
    encoding = "utf-8-sig" if unicode else code_page
    path = write(tmp_path, "klientai.csv", encode(table, encoding, delimiter))
    result, parsed = importing.import_file(db, path)
    assert (parsed.encoding, parsed.delimiter) == (encoding, delimiter)
    assert (result.imported, result.rejected, result.warnings) == (len(table) - 1, 0, 0)
    assert [r[0] for r in stored(db)] == names(table)
    for line in table[1:]:
        [hit] = search_customers(db, line[0])
        assert hit.name == line[0]


def test_lithuanian_sheet_values_are_stored_as_typed(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "klientai.csv", encode(LITHUANIAN, "cp1257", ";"))
    result, _ = importing.import_file(db, path)
    ona = customer_summary(db, result.rows[0].card_number)
    assert (ona.name, ona.phone, ona.email, ona.birthday) == (
        "Žemaitė Ona", "+370 612 34567", "ona@example.lt", date(1980, 11, 20)
    )  # fmt: skip
    assert (ona.points_balance, ona.visit_count, ona.imported_visits) == (120, 0, 14)
    assert ona.tier == "Bronze" and ona.language == "lt"
    # no welcome bonus: the opening balance is the whole balance, and visible as such
    # the past visits are a count (summary above), not a ledger line: they are no points
    assert ledger_kinds(db, ona.id) == [("opening_balance", 120)]
    lines = ledger(db, ona.card_number)
    assert lines[0].note == "Opening balance 120 from klientai.csv, row 2"
    assert rows(db, "imported_visits")[0] == (ona.id, 14, result.run_id)
    sarunas = customer_summary(db, result.rows[1].card_number)
    assert sarunas.birthday == date(1975, 3, 2) and sarunas.points_balance == 0
    assert sarunas.imported_visits == 3
    assert ledger_kinds(db, sarunas.id) == []  # 0 points: no entry
    for r in result.rows:
        assert balance(db, customer_summary(db, r.card_number).id) == ledger_sum(
            db, customer_summary(db, r.card_number).id
        )


def test_an_xlsx_workbook_with_dates_and_numbers_in_cells(db: Database, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Vardas Pavardė", "Telefonas", "Gimimo data", "Taškai", "Kortelės Nr."])
    sheet.append(["Žemaitė Ona", 37061234567, datetime(1980, 11, 20), 120.0, 200000999])
    sheet.append([None, None, None, None, None])
    sheet.append(["王小明", "+86 138 1234 5678", date(1990, 5, 3), 7, "A-77"])
    path = tmp_path / "klientai.xlsx"
    book.save(path)
    result, parsed = importing.import_file(db, path)
    assert (parsed.encoding, parsed.delimiter, parsed.blank_rows) == (None, None, 1)
    assert (result.imported, result.rejected, result.warnings) == (2, 0, 0)
    ona = customer_summary(db, "200000999")
    assert (ona.name, ona.phone, ona.birthday, ona.points_balance) == (
        "Žemaitė Ona", "+370 612 34567", date(1980, 11, 20), 120
    )  # fmt: skip
    wang = customer_summary(db, "A-77")
    assert (wang.name, wang.birthday, wang.points_balance) == ("王小明", date(1990, 5, 3), 7)


def test_importing_the_same_file_twice_creates_no_duplicates(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "klientai.csv", encode(LITHUANIAN, "cp1257", ";"))
    first, _ = importing.import_file(db, path)
    before = data_snapshot(db)
    second, _ = importing.import_file(db, path)
    assert (second.imported, second.updated, second.unchanged, second.rejected) == (0, 0, 4, 0)
    assert [r.card_number for r in second.rows] == [r.card_number for r in first.rows]
    after = data_snapshot(db)
    assert {k: v for k, v in after.items() if k not in ("import_run", "setting")} == {
        k: v for k, v in before.items() if k not in ("import_run", "setting")
    }
    assert len(after["import_run"]) == 2  # the second run is recorded, and changed nothing


def test_a_later_file_reports_differences_and_applies_them_only_when_chosen(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path, "klientai.csv", encode(LITHUANIAN, "utf-8"))
    first, _ = importing.import_file(db, path)
    ona = first.rows[0].card_number
    record_visit(db, card_number=ona, amount_cents=1_000)  # +10: the balance moved on since
    changed = [list(r) for r in LITHUANIAN]
    changed[1][2] = "ona.zemaite@example.lt"  # new e-mail, same phone: the same Ona
    changed[1][4] = "150"  # the old system's balance was corrected
    changed[1][5] = "16"
    path = write(tmp_path, "klientai-2.csv", encode(changed, "utf-8"))
    before = data_snapshot(db)
    kept, _ = importing.import_file(db, path)
    assert (kept.imported, kept.updated, kept.unchanged, kept.differences) == (0, 0, 4, 1)
    assert [(d.field, d.stored, d.file) for d in kept.rows[0].differences] == [
        ("email", "ona@example.lt", "ona.zemaite@example.lt"), ("points", 130, 150),
        ("visits", 15, 16),
    ]  # fmt: skip
    assert (kept.rows[0].action, kept.rows[0].applied) == ("keep", False)
    unchanged = ("customer", "ledger_entry", "imported_visits", "note", "visit")
    assert {k: data_snapshot(db)[k] for k in unchanged} == {k: before[k] for k in unchanged}
    chosen = importing.Choices(rows={2: importing.Action.UPDATE})
    second, _ = importing.import_file(db, path, choices=chosen)
    assert (second.imported, second.updated, second.unchanged) == (0, 1, 3)
    assert second.rows[0].changes == ("e-mail", "points corrected 130 → 150", "past visits 15 → 16")
    summary = customer_summary(db, ona)
    assert (summary.email, summary.points_balance, summary.imported_visits) == (
        "ona.zemaite@example.lt", 150, 15
    )  # fmt: skip
    assert ledger_kinds(db, summary.id) == [
        ("opening_balance", 120), ("visit", 10), ("correction", 20), ("imported_visits", 0),
    ]  # fmt: skip
    assert ledger(db, ona)[-2].note == (
        "Import correction: the balance was 130, klientai-2.csv row 2 says 150"
    )
    assert balance(db, summary.id) == ledger_sum(db, summary.id)
    third, _ = importing.import_file(db, path, choices=chosen)  # corrected: nothing left to do
    assert (third.updated, third.unchanged, third.differences) == (0, 4, 0)


def test_rows_match_existing_customers_by_card_phone_or_email(db: Database, tmp_path: Path) -> None:
    by_card = create_customer(db, name="Ona", card_number="A-1")
    by_phone = create_customer(db, name="Jonas", phone="+37069911122")
    by_email = create_customer(db, name="Rūta", email="ruta@example.lt")
    archived = create_customer(db, name="Petras", phone="+37065500011")
    archive_customer(db, archived.card_number)
    path = write(
        tmp_path,
        "a.csv",
        "Name,Card,Phone,E-mail,Points\n"
        "Ona Žemaitė,a-1,,,10\n"
        "Jonas Jonaitis,B-9,8 699 11122,,\n"
        ",,,RUTA@example.lt,5\n"
        "Petras,,+37065500011,petras@example.lt,\n"
        "Naujas,,,naujas@example.lt,\n".encode(),
    )
    result, _ = importing.import_file(db, path)
    assert [(r.status, r.matched_by, r.card_number) for r in result.rows] == [
        ("unchanged", "card", by_card.card_number),
        ("unchanged", "phone", by_phone.card_number),
        ("unchanged", "e-mail", by_email.card_number),
        ("updated", "phone", archived.card_number),
        ("imported", "", result.rows[4].card_number),
    ]
    assert not any(r.conflict for r in result.rows)  # "Ona" is part of "Ona Žemaitė"
    assert [(d.field, d.stored, d.file) for d in result.rows[0].differences] == [
        ("name", "Ona", "Ona Žemaitė"), ("points", 50, 10),
    ]  # fmt: skip
    assert result.rows[1].warnings == (
        f"Card B-9 in the file differs from card {by_phone.card_number}, which the customer "
        "holds; kept.",
    )
    assert result.rows[3].changes == ("e-mail added",)  # an empty field is filled
    assert result.rows[3].warnings == ("This customer is archived; updated, and left archived.",)
    assert customer_summary(db, archived.card_number).archived
    # nothing stored was overwritten: names and balances stay
    assert customer_summary(db, by_card.card_number).name == "Ona"
    assert customer_summary(db, by_card.card_number).points_balance == 50
    assert customer_summary(db, by_email.card_number).name == "Rūta"
    chosen = importing.Choices(changes=importing.Action.UPDATE)
    again, _ = importing.import_file(db, path, choices=chosen)
    assert again.rows[0].changes == ("name", "points corrected 50 → 10")
    assert [h.name for h in search_customers(db, "zemaite")] == ["Ona Žemaitė"]
    assert customer_summary(db, by_email.card_number).name == "Rūta"  # no name in the file


def test_two_rows_matching_one_customer_are_a_duplicate(db: Database, tmp_path: Path) -> None:
    ona = create_customer(db, name="Ona", phone="+37061234567", email="ona@example.lt")
    path = write(tmp_path, "a.csv", b"Name,Phone,E-mail\nOna,861234567,\nOna Z,,ona@example.lt\n")
    result, _ = importing.import_file(db, path)
    assert [r.status for r in result.rows] == ["unchanged", "rejected"]
    assert result.rows[1].problem == "Duplicate: the same customer as row 2 (matched by e-mail)."
    assert customer_summary(db, ona.card_number).name == "Ona"


def test_a_dry_run_writes_nothing_and_tells_what_the_import_would_do(
    db: Database, tmp_path: Path
) -> None:
    create_customer(db, name="Jonas", phone="+37069911122")
    path = write(tmp_path, "a.csv", encode(LITHUANIAN, "cp1257"))
    before = data_snapshot(db)
    preview, _ = importing.import_file(db, path, dry_run=True)
    assert data_snapshot(db) == before
    assert preview.dry_run and preview.run_id is None
    real, _ = importing.import_file(db, path)
    counts = ("imported", "updated", "unchanged", "rejected", "warnings")
    assert [getattr(preview, c) for c in counts] == [getattr(real, c) for c in counts]
    assert [(r.status, r.name, r.changes) for r in preview.rows] == [
        (r.status, r.name, r.changes) for r in real.rows
    ]


def test_a_failure_half_way_leaves_nothing_behind(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_customer(db, name="Jonas", phone="+37069911122")  # row 3's phone: a conflict
    path = write(tmp_path, "a.csv", encode(LITHUANIAN, "utf-8"))
    before = data_snapshot(db)
    written = []

    create = importing.import_store.Writer.create

    def failing(writer, bulk, cards):  # noqa: ANN001, ANN202 - after every row went in
        create(writer, bulk, cards)
        written.append(writer.connection.execute(text("SELECT count(*) FROM customer")).scalar())
        raise OSError("disk full")

    monkeypatch.setattr(importing.import_store.Writer, "create", failing)
    with pytest.raises(OSError, match="disk full"):
        importing.import_file(db, path)
    assert written == [5]  # Jonas, and 4 new (Šarūnas too: not Jonas), then rolled back
    assert data_snapshot(db) == before


@pytest.mark.sqlite_only("stages the rows in a private SQLite database, the SQLite import path")
def test_a_failure_in_the_move_leaves_the_shop_unchanged_and_the_next_import_works(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a.csv", encode(LITHUANIAN, "utf-8"))
    before = data_snapshot(db)
    move = importing.import_store.move_staged

    def a_token_of_nobody(connection, bulk, cards):  # noqa: ANN001, ANN202
        # A real failure half-way through the move: customers, ledger and past visits are in
        # when a tier change without a reason breaks its NOT NULL.
        driver = connection.connection.driver_connection
        first = bulk.tables["customer"][1][0][0]
        driver.execute(f"INSERT INTO staging.tier_change (customer_id) VALUES ({first})")
        move(connection, bulk, cards)

    monkeypatch.setattr(importing.import_store, "move_staged", a_token_of_nobody)
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
        importing.import_file(db, path)
    assert data_snapshot(db) == before
    with db.engine.connect() as connection:  # the pooled connection checks keys again
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    monkeypatch.setattr(importing.import_store, "move_staged", move)
    result, _ = importing.import_file(db, path)  # the staging database was let go
    assert result.imported == 4 and len(stored(db)) == 4
    assert [h.name for h in search_customers(db, "vaišv")] == ["Šarūnas Vaišvila"]  # trigrams
    assert [h.name for h in search_customers(db, "Ąž")] == ["Kęstutis Ąžuolas"]  # word tokens


@pytest.mark.sqlite_only("stages the rows in a private SQLite database, the SQLite import path")
def test_a_till_books_while_the_import_is_staged_and_waits_while_it_is_moved(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = create_customer(db, name="Walk-in").card_number
    till = Database.open(db_path, clock=db.clock)  # another till: its own connections
    path = write(tmp_path, "a.csv", encode(LITHUANIAN, "utf-8"))
    stage, move = importing.import_store.stage, importing.import_store.move_staged
    failures: list[BaseException] = []
    waiting: list[bool] = []

    def book() -> None:
        try:
            record_visit(till, card_number=card, amount_cents=1_000)
        except BaseException as error:  # noqa: BLE001 - the test reports it
            failures.append(error)

    def staged_while_the_till_books(connection, bulk):  # noqa: ANN001, ANN202
        stage(connection, bulk)
        book()  # no lock is held while the rows are staged: booked at once

    def the_till_waits_for_the_move(connection, bulk, cards):  # noqa: ANN001, ANN202
        thread = threading.Thread(target=book)
        thread.start()
        # 0.3 s for the till to queue on the lock. Slept, not a timed join: under libfaketime
        # (CI's month-end run) a timed join does not time out, it waits for the thread.
        for _ in range(30):
            time.sleep(0.01)
        move(connection, bulk, cards)
        waiting.append(thread.is_alive())  # queued on the lock, not failed
        threads.append(thread)

    threads: list[threading.Thread] = []
    monkeypatch.setattr(importing.import_store, "stage", staged_while_the_till_books)
    monkeypatch.setattr(importing.import_store, "move_staged", the_till_waits_for_the_move)
    result, _ = importing.import_file(db, path)
    threads[0].join(10)
    till.dispose()
    assert failures == [] and waiting == [True]
    assert result.imported == 4 and len(rows(db, "visit")) == 2


@pytest.mark.sqlite_only("stages the rows in a private SQLite database, the SQLite import path")
def test_a_customer_a_till_adds_after_the_rows_are_staged_moves_them_along(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    till = Database.open(db_path, clock=db.clock)
    path = write(tmp_path, "a.csv", encode(LITHUANIAN, "utf-8"))
    stage = importing.import_store.stage
    walk_in = []

    def staged_then_a_walk_in(connection, bulk):  # noqa: ANN001, ANN202
        stage(connection, bulk)  # ids and the next card planned, rows staged: then the till
        walk_in.append(create_customer(till, name="Walk-in", phone="+37069900000"))

    monkeypatch.setattr(importing.import_store, "stage", staged_then_a_walk_in)
    result, _ = importing.import_file(db, path)
    till.dispose()
    cards = [r.card_number for r in result.rows]
    assert walk_in[0].card_number not in cards and len(set(cards)) == 4
    assert customer_summary(db, walk_in[0].card_number).name == "Walk-in"
    ona = customer_summary(db, cards[0])  # her rows followed her to the id after the walk-in
    assert (ona.name, ona.points_balance, ona.imported_visits) == ("Žemaitė Ona", 120, 14)
    assert ona.id == walk_in[0].id + 1
    assert balance(db, ona.id) == ledger_sum(db, ona.id)
    assert [h.card_number for h in search_customers(db, "žemait")] == [cards[0]]
    assert [h.card_number for h in search_customers(db, "Ąž")] == [cards[3]]


def test_the_mapping_is_remembered_for_the_next_import(db: Database, tmp_path: Path) -> None:
    text = "Kas,Ryšys,Kita\nOna,861234567,x\n".encode()
    with pytest.raises(InvalidInput, match="name, the phone or the e-mail"):
        importing.import_file(db, write(tmp_path, "a.csv", text))
    options = ["name=Kas", "phone=Ryšys"]
    importing.import_file(db, write(tmp_path, "a.csv", text), mapping_options=options)
    assert importing.remembered_mapping(db) == {"name": "Kas", "phone": "Ryšys"}
    sheet = importing.load_sheet(db, write(tmp_path, "b.csv", "Kita,Kas,Ryšys\n".encode()))
    assert importing.suggest_mapping(db, sheet.headers) == {"name": 1, "phone": 2}
    result, _ = importing.import_file(
        db, write(tmp_path, "b.csv", "Kas;Ryšys\nJonas;+37069911122\n".encode())
    )
    assert (result.imported, result.mapping) == (1, {"name": "Kas", "phone": "Ryšys"})


def test_rejected_rows_go_to_a_csv_to_fix_and_import_again(db: Database, tmp_path: Path) -> None:
    text = (
        "Vardas;Telefonas;El. paštas\n"
        "Ona;861234567;\n"
        ";123;nobody\n"
        "Ona dar kartą;+370 612 34567;\n"
        "Jonas;;jonas@example.lt\n"
    )
    path = write(tmp_path, "klientai.csv", text.encode("cp1257"))
    result, sheet = importing.import_file(db, path)
    assert (result.imported, result.rejected) == (2, 2)
    target = importing.write_rejected(result, sheet, tmp_path / "atmesti.csv")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        back = list(csv.reader(handle, delimiter=";"))
    assert back == [
        ["Vardas", "Telefonas", "El. paštas", "Problem"],
        ["", "123", "nobody",
         "No name, no valid phone and no valid e-mail: nothing to know the customer by."],
        ["Ona dar kartą", "+370 612 34567", "", "Duplicate: the same phone as row 2."],
    ]  # fmt: skip
    fixed = back[:2]
    fixed[1][:3] = ["Petras", "+370 655 00011", ""]
    target.write_text("\n".join(";".join(r) for r in fixed), encoding="utf-8-sig")
    again, _ = importing.import_file(db, target)
    assert (again.imported, again.rejected) == (1, 0)
    assert [h.name for h in search_customers(db, "Petras")] == ["Petras"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("none.csv", None, "There is no file"),
        ("empty.csv", b"", "empty"),
        ("book.csv", b"PK\x03\x04 zip", "workbook"),
        ("broken.xlsx", b"not a zip at all", "not a readable XLSX"),
    ],
)
def test_unreadable_files_are_refused_clearly(
    db: Database, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = data_snapshot(db)
    with pytest.raises(InvalidInput, match=message):
        importing.import_file(db, path)
    assert data_snapshot(db) == before
