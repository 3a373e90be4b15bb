"""Backups of a PostgreSQL shop: pg_dump, checked and rotated; pg_restore with the same
refusals as on SQLite; a clear line when the tools are missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from shopkeeper.cli.main import main
from shopkeeper.domain.errors import NotAllowed
from shopkeeper.services import backups, pg_backups
from shopkeeper.services.customers import create_customer
from shopkeeper.services.search import search_customers
from shopkeeper.services.visits import record_visit
from shopkeeper.storage import pg
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock

pytestmark = pytest.mark.skipif(
    not all(map(__import__("shutil").which, ("pg_dump", "pg_restore"))),
    reason="pg_dump and pg_restore (postgresql-client) are not installed",
)


def _ledger_rows(url: str) -> int:
    engine = create_engine(pg.normalise_url(url))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM ledger_entry")).scalar_one()
    finally:
        engine.dispose()


def test_backups_are_dumped_checked_and_rotated(pg_db: Database, clock: FakeClock) -> None:
    create_customer(pg_db, name="Ona Žemaitė")
    made = []
    for _ in range(5):
        made.append(backups.back_up(pg_db))  # the same dispatch the window and CLI use
        clock.advance(minutes=1)
    assert all(d.path.suffix == ".dump" and d.size > 0 for d in made)
    listed = [b.path for b in backups.list_backups(pg_db)]
    assert listed == [d.path for d in reversed(made)][:3]  # 3 newest, all on one day
    assert sum(len(d.removed) for d in made) == 2
    assert not any(p.name.endswith(".partial") for p in made[0].path.parent.iterdir())
    pg_backups.check_dump(listed[0])


def test_restore_asks_before_losing_entries_and_keeps_the_old_database(
    pg_db: Database, pg_url: str, pg_databases, clock: FakeClock, capsys  # noqa: ANN001
) -> None:
    ona = create_customer(pg_db, name="Ona Žemaitė").card_number
    record_visit(pg_db, card_number=ona, amount_cents=1000)
    dump = backups.back_up(pg_db).path
    clock.advance(hours=1)
    record_visit(pg_db, card_number=ona, amount_cents=5000)
    before = _ledger_rows(pg_url)
    pg_db.dispose()

    with pytest.raises(NotAllowed, match="would lose 1 ledger entry made since"):
        pg_backups.restore_backup(pg_url, dump)
    assert _ledger_rows(pg_url) == before  # nothing changed

    other = create_engine(pg.normalise_url(pg_url))  # another till still connected
    with other.connect(), pytest.raises(NotAllowed, match="other connection"):
        pg_backups.restore_backup(pg_url, dump, confirmed=True)
    other.dispose()
    assert _ledger_rows(pg_url) == before

    assert main(["--db", pg_url, "restore", str(dump), "--yes"]) == 0
    out = capsys.readouterr().out
    aside = out.split("is kept as ")[1].split()[0]
    pg_databases.made.append(aside)
    assert _ledger_rows(pg_url) == before - 1
    assert _ledger_rows(pg.parse(pg_url).set(database=aside).render_as_string(False)) == before
    assert [h.name for h in search_customers(pg_db, "zemaite")] == ["Ona Žemaitė"]


def test_a_file_that_is_no_shop_backup_is_refused(
    pg_db: Database, pg_url: str, tmp_path: Path, capsys  # noqa: ANN001
) -> None:
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"PGDMP but not really")
    pg_db.dispose()
    assert main(["--db", pg_url, "restore", str(junk), "--yes"]) == 1
    err = capsys.readouterr().err
    assert err == "error: junk.dump is not a readable PostgreSQL backup (pg_dump -Fc).\n"


def test_missing_tools_are_named(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys  # noqa: ANN001
) -> None:
    assert main(["--db", pg_url, "customer", "add", "--name", "Ona"]) == 0
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["--db", pg_url, "backup"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: pg_dump is not installed on this computer")
    assert "postgresql-client" in err and err.count("\n") == 1
