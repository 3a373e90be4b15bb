"""Backups taken hot, checked and rotated; restores that check first and never half-replace;
a damaged database found at start."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.domain.errors import DatabaseDamaged, DatabaseTooNew, InvalidInput
from shopkeeper.services import backups, programme
from shopkeeper.services.customers import create_customer
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage import backup as storage_backup
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import rows

pytestmark = pytest.mark.sqlite_only("backups copy the SQLite file (PostgreSQL shops: pg_dump)")


def names(db: Database) -> list[str]:
    return [r[2] for r in rows(db, "customer")]


def damage(path: Path, table: str = "customer") -> None:
    """Overwrite the root page of a table with noise, as a failing disk would."""
    with sqlite3.connect(path) as raw:
        page = raw.execute("PRAGMA page_size").fetchone()[0]
        root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with path.open("r+b") as handle:
        handle.seek(page * (root[0] - 1))
        handle.write(os.urandom(page))


def test_a_backup_is_a_checked_copy_named_by_time_and_reason(
    db: Database, clock: FakeClock
) -> None:
    create_customer(db, name="Žemaitė Ona")
    done = backups.back_up(db)
    assert done.path == settings.data_dir() / "backups" / "shop-20261116T100000Z-manual.db"
    assert done.size == done.path.stat().st_size and done.removed == ()
    raw = sqlite3.connect(done.path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT name FROM customer").fetchall() == [("Žemaitė Ona",)]
    finally:
        raw.close()
    [listed] = backups.list_backups(db)
    assert (listed.path, listed.at, listed.reason) == (
        done.path, datetime(2026, 11, 16, 10, tzinfo=UTC), "manual"
    )  # fmt: skip


def test_a_backup_into_a_chosen_file_and_a_chosen_folder(
    db: Database, tmp_path: Path, clock: FakeClock
) -> None:
    done = backups.back_up(db, out=tmp_path / "usb" / "shop-copy.db")
    assert done.path.exists() and backups.list_backups(db) == []
    with pytest.raises(InvalidInput, match="own database file"):
        backups.back_up(db, out=db.sqlite_path)
    stick = tmp_path / "USB stick" / "Shopkeeper"
    assert backups.set_backup_folder(db, stick) == stick.resolve()
    backups.back_up(db)
    assert [b.path.parent for b in backups.list_backups(db)] == [stick.resolve()]
    # the choice is also kept outside the database, for the day the database is damaged
    assert backups.latest_good_backup(db.sqlite_path).path.parent == stick.resolve()
    assert backups.set_backup_folder(db, None) == settings.data_dir() / "backups"
    with pytest.raises(InvalidInput, match="cannot be written"):
        backups.set_backup_folder(db, done.path / "not-a-folder")


def at(day: int, hour: int = 20, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def test_rotation_keeps_recent_daily_weekly_and_monthly_backups() -> None:
    # one backup at opening and one at closing every day for 200 days
    times = [datetime(2026, 11, 16, 6, tzinfo=UTC) - timedelta(days=d, hours=h)
             for d in range(200) for h in (0, 10)]  # fmt: skip
    keep = sorted(backups.keep_set(times), reverse=True)
    newest = times[0]
    assert keep[:3] == sorted(times, reverse=True)[:3]  # the 3 newest, whatever they are
    days = {t.astimezone().date() for t in keep}
    assert len(days) == len(keep) - 1  # one per day, except today's two newest
    weeks = {t.astimezone().isocalendar()[:2] for t in keep}
    months = {(t.astimezone().year, t.astimezone().month) for t in keep}
    assert months == {(t.astimezone().year, t.astimezone().month) for t in times}  # 8 months
    assert len(weeks) >= 4
    assert all(newest - t < timedelta(days=200) for t in keep)
    assert len(keep) <= 3 + 7 + 4 + 12
    # every one of the last 7 days has its newest backup kept
    for d in range(7):
        day = (newest - timedelta(days=d)).astimezone().date()
        newest_that_day = max(t for t in times if t.astimezone().date() == day)
        assert newest_that_day in keep


def test_rotation_deletes_files_and_keeps_other_databases_backups(
    db: Database, clock: FakeClock
) -> None:
    folder = backups.backup_folder(db)
    folder.mkdir(parents=True)
    (folder / "demo-shop-20200101T000000Z-daily.db").write_bytes(b"x")  # another shop's
    (folder / "notes.txt").write_text("mine")
    for _ in range(40):
        clock.advance(days=1)
        backups.back_up(db, reason="daily")
    kept = backups.list_backups(db)
    assert len(kept) == len(backups.keep_set([b.at for b in kept]))
    assert [b.at.date() for b in kept[:7]] == [
        (clock.now - timedelta(days=d)).date() for d in range(7)
    ]
    assert len(kept) < 40
    assert (folder / "demo-shop-20200101T000000Z-daily.db").exists()
    assert (folder / "notes.txt").exists()


def test_automatic_backups_at_open_close_and_daily(db: Database, clock: FakeClock) -> None:
    assert backups.auto_backup(db, "open").reason == "open"
    clock.advance(minutes=30)
    assert backups.auto_backup(db, "open") is None  # one under an hour old
    assert backups.auto_backup(db, "daily") is None
    assert backups.auto_backup(db, "close").reason == "close"  # closing always backs up
    clock.advance(hours=25)
    assert backups.auto_backup(db, "daily").reason == "daily"
    assert [b.reason for b in backups.list_backups(db)] == ["daily", "close", "open"]


def test_a_backup_of_a_damaged_database_is_refused_and_not_kept(
    db: Database, db_path: Path
) -> None:
    for i in range(400):
        create_customer(db, name=f"Pirkėjas {i}")
    db.dispose()
    damage(db_path)
    with pytest.raises(DatabaseDamaged, match="backup copy failed the check"):
        backups.back_up(db)
    assert backups.list_backups(db) == []


def test_restore_checks_keeps_the_current_database_aside_and_replaces_it_whole(
    db: Database, db_path: Path, clock: FakeClock
) -> None:
    ona = create_customer(db, name="Žemaitė Ona").card_number
    good = backups.back_up(db).path
    record_visit(db, card_number=ona, amount_cents=5_000)
    clock.advance(hours=2)
    create_customer(db, name="王小明")
    before = (db_path.stat().st_ino, rows(db, "customer"), rows(db, "ledger_entry"))
    with pytest.raises(backups.RestoreNeedsConsent) as refused:
        backups.restore_into(db, good)
    # it says exactly what would be lost, and nothing changed
    assert str(refused.value) == (
        "It would lose 1 customer, 1 visit, 2 points ledger entries recorded since "
        "the backup was taken, the latest on 2026-11-16 14:00."
    )
    assert (db_path.stat().st_ino, rows(db, "customer"), rows(db, "ledger_entry")) == before
    assert not list(db_path.parent.glob("*before-restore*"))
    done = backups.restore_into(db, good, confirmed=True)
    assert (done.target, done.source, done.customers) == (db_path, good, 1)
    assert names(db) == ["Žemaitė Ona"]  # the same Database works on the restored file
    assert customer_summary(db, ona).visit_count == 0
    assert [h.name for h in search_customers(db, "zemaite")] == ["Žemaitė Ona"]
    # what was there before is kept, whole, beside it
    aside = sqlite3.connect(done.kept_aside)
    try:
        assert aside.execute("SELECT name FROM customer ORDER BY id").fetchall() == [
            ("Žemaitė Ona",), ("王小明",)
        ]  # fmt: skip
    finally:
        aside.close()
    assert not list(db_path.parent.glob(".*restoring*"))
    record_visit(db, card_number=ona, amount_cents=1_000)  # and the shop goes on


def test_another_shops_file_is_restored_only_when_confirmed(
    db: Database, db_path: Path, tmp_path: Path, clock: FakeClock
) -> None:
    """Every shop's cards start at the same number: only the shop_id tells the files apart."""
    ona = create_customer(db, name="Žemaitė Ona").card_number
    ours = backups.back_up(db).path  # nothing recorded since: our own backup restores freely
    other = open_database(tmp_path / "tea.db", shop_name="Test Bakery", clock=clock)
    harry = create_customer(other, name="Harry Moore").card_number
    theirs = backups.back_up(other, out=tmp_path / "tea-backup.db").path
    other.dispose()
    assert harry == ona  # the same card number, another person
    before = (db_path.stat().st_ino, rows(db, "customer"), rows(db, "ledger_entry"))
    with pytest.raises(backups.RestoreNeedsConsent) as refused:
        backups.restore_into(db, theirs)
    assert str(refused.value).startswith(
        "This backup is from another shop that is also called 'Test Bakery': restoring it "
        "replaces this shop's data with that shop's. It would lose 1 customer, "
        "1 points ledger entry recorded in this shop"
    )
    assert (db_path.stat().st_ino, rows(db, "customer"), rows(db, "ledger_entry")) == before
    own_id = programme.load(db).shop.shop_id
    assert backups.restore_into(db, ours).customers == 1  # no question for our own file
    assert programme.load(db).shop.shop_id == own_id
    backups.restore_into(db, theirs, confirmed=True)
    assert names(db) == ["Harry Moore"]
    assert programme.load(db).shop.shop_id != own_id


def test_an_older_backup_is_upgraded_when_restored(db: Database, db_path: Path, tmp_path) -> None:
    from shopkeeper.storage import migrate

    old = Database.open(tmp_path / "old.db")
    migrate.upgrade(old, "0002")
    old.dispose()
    with pytest.raises(backups.RestoreNeedsConsent, match="another shop"):
        backups.restore_into(db, tmp_path / "old.db")  # an empty file, with no shop in it
    done = backups.restore_into(db, tmp_path / "old.db", confirmed=True)
    assert done.revision == "0002"
    assert migrate.current_revision(db) == migrate.head_revision()
    assert create_customer(db, name="Ona").card_number == "200000016"


def test_restore_refuses_a_file_it_cannot_trust_and_changes_nothing(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    create_customer(db, name="Ona")
    (tmp_path / "notes.txt").write_text("not a database")
    plain = tmp_path / "plain.db"
    with sqlite3.connect(plain) as raw:
        raw.execute("CREATE TABLE x (y)")
    newer = backups.back_up(db, out=tmp_path / "newer.db").path
    with sqlite3.connect(newer) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    for i in range(300):
        create_customer(db, name=f"Pirkėjas {i}")
    broken = backups.back_up(db, out=tmp_path / "broken.db").path
    damage(broken)
    before = (db_path.stat().st_ino, rows(db, "customer"), rows(db, "ledger_entry"))
    cases = [
        (tmp_path / "missing.db", InvalidInput, "There is no backup file"),
        (tmp_path / "notes.txt", InvalidInput, "not an SQLite database"),
        (plain, InvalidInput, "not a Shopkeeper database"),
        (newer, DatabaseTooNew, "newer version of Shopkeeper"),
        (broken, InvalidInput, "broken.db is damaged"),
        (db_path, InvalidInput, "database itself"),
    ]
    for source, error, message in cases:
        with pytest.raises(error, match=message):
            backups.restore_into(db, source)
        # the same file, the same data, nothing put aside
        assert (db_path.stat().st_ino, rows(db, "customer"), rows(db, "ledger_entry")) == before
        assert not list(db_path.parent.glob("*before-restore*")), source
    assert len(names(db)) == 301


def test_restore_is_refused_while_another_program_reads_the_database(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    good = backups.back_up(db, out=tmp_path / "good.db").path
    create_customer(db, name="Ona")
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM customer").fetchone()  # holds a read snapshot
    try:
        db.dispose()
        with pytest.raises(InvalidInput, match="in use by another"):
            backups.restore_backup(db_path, good, confirmed=True)
    finally:
        reader.close()
    assert names(db) == ["Ona"]


def test_a_damaged_database_is_reported_at_start_and_its_backup_found(
    db: Database, db_path: Path, clock: FakeClock
) -> None:
    for i in range(300):
        create_customer(db, name=f"Pirkėjas {i}")
    backups.back_up(db)
    clock.advance(days=1)
    later = backups.back_up(db).path
    damage(later)  # the newest backup is damaged too: the good one before it is offered
    db.dispose()
    damage(db_path)
    with pytest.raises(DatabaseDamaged, match="is damaged") as caught:
        open_database(db_path)
    assert "restore the latest backup" in str(caught.value)
    found = backups.latest_good_backup(db_path)
    assert found is not None and found.at == datetime(2026, 11, 16, 10, tzinfo=UTC)
    backups.restore_backup(db_path, found.path)
    reopened = open_database(db_path)
    try:
        assert len(names(reopened)) == 300
    finally:
        reopened.dispose()


def test_a_file_that_is_not_a_database_is_reported_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    path.write_bytes(b"PK\x03\x04 a zip saved over the database by mistake" * 100)
    with pytest.raises(DatabaseDamaged, match="not an SQLite database file"):
        open_database(path)
    cut = tmp_path / "cut.db"
    open_database(cut).dispose()
    cut.write_bytes(cut.read_bytes()[:5000])
    with pytest.raises(DatabaseDamaged, match="cut short"):
        open_database(cut)


def test_the_start_check_is_fast_and_skips_the_page_scan_for_large_files(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(200):
        create_customer(db, name=f"Pirkėjas {i}")
    db.dispose()
    damage(db_path)
    small = storage_backup.check_file(db_path)
    assert not small.ok and small.whole
    # past the size limit only the header and schema are read: damage deep inside the file is
    # found by the next backup's check instead (and the start stays fast)
    large = storage_backup.check_file(db_path, quick_limit=1000)
    assert large.ok and not large.whole
    import time

    started = time.perf_counter()
    for _ in range(10):
        storage_backup.check_file(db_path, quick_limit=1000)
    assert (time.perf_counter() - started) / 10 < 0.05
