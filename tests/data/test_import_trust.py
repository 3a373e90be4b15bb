"""Imports that must never damage a shop: its own export imported back, another shop's export
with the same card numbers, the same file twice, names spelled without accents, rows with only a
name, a Chinese shop's national numbers, UTF-16 without a byte-order mark, a file mixing
encodings, and a till that books while the import is being prepared. Real files, a real SQLite
shop (two for the second shop), real exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.services import export, importing, programme
from shopkeeper.services.customers import create_customer
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.services.rewards import redeem_reward
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.data.sheets import LITHUANIAN, SIMPLIFIED, encode
from tests.data.test_import import data_snapshot, write
from tests.services.support import balance, ledger_sum

Action, Choices = importing.Action, importing.Choices
UNTOUCHED = ("customer", "visit", "ledger_entry", "note", "search_token", "imported_visits")


def shop_data(db: Database) -> dict[str, list[tuple]]:
    """Everything but the import's own record (its run and the remembered mapping)."""
    snapshot = data_snapshot(db)
    return {k: v for k, v in snapshot.items() if k in UNTOUCHED}


@pytest.fixture
def other_shop(tmp_path: Path, clock) -> Database:  # noqa: ANN001 - FakeClock
    """A second shop: a demo shop whose cards start at the same numbers as every shop's."""
    shop = open_database(tmp_path / "other.db", shop_name="Another Bakery")
    shop.clock = clock
    build_demo_shop(shop, customers=40, months=6, seed=3)
    yield shop
    shop.dispose()


def our_customers(db: Database) -> list:
    ona = create_customer(db, name="Ona Žemaitė", phone="+37061234567", birthday=date(1980, 12, 5))
    jonas = create_customer(db, name="Jonas Kazlauskas", email="jonas@example.lt")
    wang = create_customer(db, name="王小明", phone="+8613800138000")
    record_visit(db, card_number=ona.card_number, amount_cents=12_50)
    record_visit(db, card_number=jonas.card_number, amount_cents=60_00)
    return [ona, jonas, wang]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_shops_own_export_imported_back_changes_nothing(
    db: Database, tmp_path: Path, suffix: str
) -> None:
    ona, jonas, _ = our_customers(db)
    importing.import_file(db, write(tmp_path, "old.csv", encode(LITHUANIAN, "utf-8")))
    redeem_reward(db, card_number=jonas.card_number, reward_id=1)
    before = shop_data(db)
    path = tmp_path / f"customers{suffix}"
    export.export_table(db, "customers", path)
    for _ in range(2):  # and once more: re-importing is as harmless
        result, _ = importing.import_file(db, path)
        assert (result.imported, result.updated, result.rejected) == (0, 0, 0)
        assert result.unchanged == 6 and result.conflicts == 0 and result.differences == 0
        assert shop_data(db) == before
    for customer in (ona, jonas):
        summary = customer_summary(db, customer.card_number)
        assert balance(db, summary.id) == ledger_sum(db, summary.id)


def test_another_shops_export_adds_its_customers_and_never_touches_ours(
    db: Database, other_shop: Database, tmp_path: Path
) -> None:
    ours = our_customers(db)
    before = {c.card_number: customer_summary(db, c.card_number) for c in ours}
    path = tmp_path / "other-customers.csv"
    export.export_table(other_shop, "customers", path)
    theirs = export.export_table(other_shop, "customers", tmp_path / "check.csv").rows
    preview, _ = importing.import_file(db, path, dry_run=True)
    # their first cards are our cards: conflicts, listed, never updates
    conflicts = [r for r in preview.rows if r.conflict]
    assert {r.matched_card for r in conflicts} == {c.card_number for c in ours}
    assert all(r.action == "new" and r.options == ("keep", "update", "new", "skip")
               for r in conflicts)  # fmt: skip
    result, _ = importing.import_file(db, path)
    assert (result.imported, result.updated, result.unchanged) == (theirs, 0, 0)
    for card, was in before.items():  # Ona is still Ona, with her own points
        now = customer_summary(db, card)
        assert (now.name, now.phone, now.points_balance) == (was.name, was.phone,
                                                             was.points_balance)  # fmt: skip
    for report in (r for r in result.rows if r.conflict):
        assert report.card_number not in before
        assert f"imported as a new customer with card {report.card_number}" in report.warnings[-1]
        moved = customer_summary(db, report.card_number)
        assert moved.name == report.name and moved.name != report.matched_name
    # their balances came along as opening balances of the new customers
    with other_shop.engine.connect() as connection:
        points = connection.execute(text("SELECT sum(points_balance) FROM customer")).scalar()
    ours_total = sum(w.points_balance for w in before.values())
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT sum(points_balance) FROM customer")).scalar() == (
            ours_total + points
        )
    # importing their file again: nothing new, nothing changed
    after = shop_data(db)
    again, _ = importing.import_file(db, path)
    assert (again.imported, again.updated) == (0, 0)
    assert shop_data(db) == after


def test_a_conflict_can_be_skipped_or_taken_row_by_row(
    db: Database, other_shop: Database, tmp_path: Path
) -> None:
    ona, jonas, wang = our_customers(db)
    path = tmp_path / "other-customers.csv"
    export.export_table(other_shop, "customers", path)
    preview, _ = importing.import_file(db, path, dry_run=True)
    rows = {r.matched_card: r.row for r in preview.rows if r.conflict}
    chosen = Choices(conflicts=Action.SKIP, rows={rows[jonas.card_number]: Action.UPDATE})
    result, _ = importing.import_file(db, path, choices=chosen)
    by_row = {r.row: r for r in result.rows}
    assert by_row[rows[ona.card_number]].status == "skipped"
    assert by_row[rows[wang.card_number]].status == "skipped"
    taken = by_row[rows[jonas.card_number]]
    assert (taken.status, taken.card_number) == ("updated", jonas.card_number)
    # the user said it is the same person: the file's name and balance, the change in the ledger
    summary = customer_summary(db, jonas.card_number)
    assert summary.name == taken.name != "Jonas Kazlauskas"
    assert balance(db, summary.id) == ledger_sum(db, summary.id)
    assert customer_summary(db, ona.card_number).name == "Ona Žemaitė"


def test_a_name_spelled_without_accents_never_replaces_the_stored_one(
    db: Database, tmp_path: Path
) -> None:
    ona = create_customer(db, name="Ona Žemaitė", phone="+37061234567")
    path = write(tmp_path, "a.csv", "Name,Phone,E-mail\nOna Zemaite,861234567,ona@example.lt\n"
                 "ONA ŽEMAITĖ,+37061234567,\n".encode())  # fmt: skip
    for changes in (Action.KEEP, Action.UPDATE):
        result, _ = importing.import_file(db, path, choices=Choices(changes=changes))
        assert result.rows[0].matched_card == ona.card_number
        assert all(d.field != "name" for d in result.rows[0].differences)
        assert customer_summary(db, ona.card_number).name == "Ona Žemaitė"
    assert customer_summary(db, ona.card_number).email == "ona@example.lt"  # filled: was empty
    assert [h.name for h in search_customers(db, "zemaite")] == ["Ona Žemaitė"]


def test_rows_with_only_a_name_are_not_duplicated_by_a_reimport(
    db: Database, tmp_path: Path
) -> None:
    rows = "Vardas,Gimimo data,Adresas,Taškai\nOna Žemaitė,1980-12-05,,10\nJonas,,Vilnius,\n" \
           "Jonas,,Vilnius,\nRūta,,,5\n"  # fmt: skip
    path = write(tmp_path, "vardai.csv", rows.encode())
    first, _ = importing.import_file(db, path)
    assert first.imported == 4  # two Jonas in Vilnius: two people, as the file says
    before = shop_data(db)
    second, _ = importing.import_file(db, path)
    assert (second.imported, second.updated, second.unchanged) == (0, 0, 4)
    assert [r.matched_by for r in second.rows] == ["name"] * 4
    assert sorted(r.card_number for r in second.rows) == sorted(r.card_number for r in first.rows)
    assert shop_data(db) == before
    # a Rūta born on another day is somebody else
    other = write(tmp_path, "kita.csv", "Vardas,Gimimo data\nOna Žemaitė,1991-01-01\n".encode())
    third, _ = importing.import_file(db, other)
    assert third.imported == 1


def test_possible_duplicates_are_listed_in_the_preview(db: Database, tmp_path: Path) -> None:
    ona = create_customer(db, name="Ona Žemaitė", birthday=date(1980, 12, 5))
    jonas = create_customer(db, name="Jonas Kazlauskas", phone="+37061234567")
    path = write(
        tmp_path, "a.csv",
        b"Name,Birthday,Phone,E-mail\nONA ZEMAITE,1980-12-05,,ona@example.lt\n"
        b"Jonas Kazlauskis,,+48 501 234 567,\nPetras Petraitis,1980-12-05,+48 501 234 568,\n",
    )  # fmt: skip
    preview, _ = importing.import_file(db, path, dry_run=True)
    assert preview.possible_duplicates == 2
    assert [(d.card_number, d.reason) for d in preview.rows[0].duplicates] == [
        (ona.card_number, "same name and birthday")
    ]
    assert [(d.card_number, d.reason) for d in preview.rows[1].duplicates] == [
        (jonas.card_number, "close name and the same phone ending")
    ]
    assert preview.rows[2].duplicates == ()
    assert [r.status for r in preview.rows] == ["imported"] * 3  # listed, not merged


def test_a_chinese_shops_gbk_file_on_a_lithuanian_shop_offers_china(
    db: Database, tmp_path: Path
) -> None:
    assert programme.load(db).shop.country == "LT"
    table = [list(r) for r in SIMPLIFIED]
    for line, phone in zip(table[1:], ["13800138003", "139 0000 1111", "", "137-2222-3333"],
                           strict=True):  # fmt: skip
        line[2:3] = [""] if line[2] else [""]
        line[1] = phone
    path = write(tmp_path, "茶馆.csv", encode(table, "gbk"))
    preview, sheet = importing.import_file(db, path, dry_run=True)
    assert sheet.encoding == "gbk"
    assert (preview.phone_country, preview.invalid_phones, preview.phone_suggestion) == (
        "LT", 3, ("CN",)
    )
    assert "'13800138003' is not a valid phone number for LT" in preview.rows[0].warnings[0]
    result, _ = importing.import_file(db, path, phone_country="cn")
    assert (result.imported, result.warnings, result.invalid_phones) == (4, 0, 0)
    wang = customer_summary(db, result.rows[0].card_number)
    assert (wang.name, wang.phone) == ("王小明", "+86 138 0013 8003")
    assert [h.name for h in search_customers(db, "13800138003")] == ["王小明"]
    with pytest.raises(InvalidInput, match="not a country code"):
        importing.import_file(db, path, phone_country="China")


def test_utf16_without_a_byte_order_mark_is_read_and_its_mapping_remembered_clean(
    db: Database, tmp_path: Path
) -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        path = write(tmp_path, f"{encoding}.txt", encode(LITHUANIAN, encoding, "\t"))
        result, sheet = importing.import_file(db, path)
        assert (sheet.encoding, sheet.delimiter) == (encoding, "\t")
        assert [r.name for r in result.rows] == [r[0] for r in LITHUANIAN[1:]]
        assert importing.remembered_mapping(db)["name"] == "Vardas Pavardė"
        assert not any("\x00" in h for h in importing.remembered_mapping(db).values())
    assert len(search_customers(db, "zemaite")) == 1  # the second file matched the first


def test_a_file_mixing_encodings_is_refused_and_nothing_is_remembered(
    db: Database, tmp_path: Path
) -> None:
    head = "Vardas;Telefonas\nOna Žemaitė;861234567\n".encode()
    tail = "Rūta Čiurlionytė;+37069911122\nKęstutis Ąžuolas;+37065500011\n".encode("cp1257")
    path = write(tmp_path, "mixed.csv", head + tail)
    before = data_snapshot(db)
    refused = r"mixes text encodings: line 2 is UTF-8, the rest Windows Baltic"
    with pytest.raises(InvalidInput, match=refused):
        importing.import_file(db, path)
    with pytest.raises(InvalidInput, match="mixes text encodings"):  # a code page by hand too
        importing.import_file(db, path, encoding="cp1257")
    assert data_snapshot(db) == before
    assert importing.remembered_mapping(db) == {}


def test_a_mapping_with_garbled_headers_is_never_remembered(db: Database, tmp_path: Path) -> None:
    importing.import_file(db, write(tmp_path, "good.csv", b"Name,Tel\nOna,861234567\n"),
                          mapping_options=["phone=Tel"])  # fmt: skip
    garbled = "NameÄ—,Tel\x00\nJonas,869911122\n".encode()
    importing.import_file(db, write(tmp_path, "bad.csv", garbled),
                          mapping_options=["name=1", "phone=2"])  # fmt: skip
    assert importing.remembered_mapping(db) == {"name": "Name", "phone": "Tel"}


def test_a_card_a_till_issues_while_the_file_is_checked_is_not_given_twice(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ona = create_customer(db, name="Ona Žemaitė", phone="+37061234567")
    prepare = importing._prepare
    at_the_till = []

    def till_books_meanwhile(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        prepared = prepare(*args, **kwargs)
        # between the check and the write a till adds a customer (taking the next card) and
        # books a visit for Ona
        at_the_till.append(create_customer(db, name="Walk-in").card_number)
        record_visit(db, card_number=ona.card_number, amount_cents=10_00)
        return prepared

    monkeypatch.setattr(importing, "_prepare", till_books_meanwhile)
    path = write(tmp_path, "a.csv", "Name,Phone,Points\nOna Žemaitė,861234567,100\n"
                 "Petras,,7\nRūta,,3\n".encode())  # fmt: skip
    result, _ = importing.import_file(db, path, choices=Choices(changes=Action.UPDATE))
    cards = [r.card_number for r in result.rows]
    assert at_the_till[0] not in cards and len(set(cards)) == 3
    assert [customer_summary(db, c).name for c in cards] == ["Ona Žemaitė", "Petras", "Rūta"]
    # the correction was reckoned from the balance as it was at the write, visit included
    assert result.rows[0].changes == ("points corrected 60 → 100",)
    assert customer_summary(db, ona.card_number).points_balance == 100
    summary = customer_summary(db, ona.card_number)
    assert balance(db, summary.id) == ledger_sum(db, summary.id)


def test_a_phone_shared_with_another_name_is_a_conflict_and_stays_with_its_owner(
    db: Database, tmp_path: Path
) -> None:
    ona = create_customer(db, name="Ona Žemaitė", phone="+37061234567")
    path = write(tmp_path, "a.csv", b"Name,Phone,Points\nHarry Moore,861234567,300\n")
    result, _ = importing.import_file(db, path)
    [harry] = result.rows
    assert (harry.status, harry.conflict, harry.matched_by) == ("imported", True, "phone")
    assert harry.warnings[0] == (
        f"Phone +370 612 34567 belongs to Ona Žemaitė (card {ona.card_number}); left out."
    )
    kept = customer_summary(db, ona.card_number)
    assert (kept.name, kept.points_balance) == ("Ona Žemaitė", 50)
    moved = customer_summary(db, harry.card_number)
    assert (moved.name, moved.phone, moved.points_balance) == ("Harry Moore", None, 300)
    again, _ = importing.import_file(db, path)  # and again: found by name, nothing new
    assert (again.imported, again.rows[0].card_number) == (0, harry.card_number)
