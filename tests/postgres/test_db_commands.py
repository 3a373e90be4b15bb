"""``shopkeeper db``: init, use, migrate-to, and one clear line for every connection failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.main import main
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from shopkeeper.storage.tables import metadata
from tests.conftest import FakeClock


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            t.name: connection.execute(text(f'SELECT count(*) FROM "{t.name}"')).scalar_one()
            for t in metadata.sorted_tables
        }


def _balances(db: Database) -> list[tuple]:
    with db.engine.connect() as connection:
        return [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT c.card_number, c.points_balance, "
                    "(SELECT coalesce(sum(points), 0) FROM ledger_entry l "
                    "WHERE l.customer_id = c.id) FROM customer c ORDER BY c.id"
                )
            )
        ]


def test_a_demo_shop_moves_to_postgresql_whole(
    sqlite_db: Database,
    sqlite_path: Path,
    pg_url: str,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, db_path = sqlite_db, sqlite_path
    build_demo_shop(db, customers=150, months=8, seed=3)
    code, out, err = _run(capsys, "--db", str(db_path), "db", "migrate-to", pg_url)
    assert (code, err) == (0, "")
    assert "Copied 150 customers" in out and "pw@" not in out

    copy = open_database(pg_url)
    copy.clock = clock
    try:
        counts = _counts(copy)
        assert counts == _counts(db)
        assert counts["visit"] > 500 and counts["ledger_entry"] > 500
        balances = _balances(copy)
        assert balances == _balances(db)
        assert all(balance == ledger for _, balance, ledger in balances)
        # The copy lives: the same search, and a visit gets the next id.
        query = search_customers(db, "ona", limit=50)[0].name.split()[0]
        assert search_customers(copy, query, limit=50) == search_customers(db, query, limit=50)
        card = search_customers(copy, query)[0].card_number
        before = dict((c, b) for c, b, _ in balances)[card]
        booked = record_visit(copy, card_number=card, amount_cents=2500)
        assert booked.visit_id == counts["visit"] + 1  # the id sequence moved past the copy
        assert booked.points_earned > 0
        summary = customer_summary(copy, card)
        assert summary.points_balance == before + booked.points_earned
    finally:
        copy.dispose()

    code, out, err = _run(capsys, "--db", str(db_path), "db", "migrate-to", pg_url)
    assert code == 1
    assert err.startswith("error: ") and "already holds a shop (150 customers" in err
    assert err.count("\n") == 1


def test_init_creates_the_schema_once(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "db", "init", pg_url)
    assert code == 0 and "schema created" in out
    code, out, _ = _run(capsys, "db", "init", pg_url)
    assert code == 0 and "0 customers already there" in out


def test_migrate_to_refuses_a_database_holding_other_things(
    sqlite_path: Path, sqlite_db: Database, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = sqlite_path
    other = open_database(pg_url)  # make the target hold something that is not a shop
    with other.engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id int)"))
    other.dispose()
    code, _, err = _run(capsys, "--db", str(db_path), "db", "migrate-to", pg_url)
    assert code == 1 and "is not empty: it holds other tables (invoices)" in err


def test_a_till_remembers_its_database(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "db", "use", pg_url)
    assert code == 0 and "pw@" not in out
    config = settings.till_config()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert settings.database_target(None) == pg_url
    assert settings.database_target("/elsewhere.db") == "/elsewhere.db"  # --db first
    code, out, _ = _run(capsys, "customer", "add", "--name", "Ona Žemaitė")
    assert code == 0
    code, out, _ = _run(capsys, "db", "show")
    assert str(config) in out and "***" in out
    db = open_database(pg_url)
    try:
        assert [h.name for h in search_customers(db, "zemaite")] == ["Ona Žemaitė"]
    finally:
        db.dispose()
    code, out, _ = _run(capsys, "db", "use", "--local")
    assert code == 0 and not config.exists()
    assert settings.database_target(None) == str(settings.default_database())


def test_the_environment_comes_before_the_tills_choice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.choose_database("postgresql://shop:pw@till-server/shop")
    assert settings.database_target(None) == "postgresql://shop:pw@till-server/shop"
    monkeypatch.setenv(settings.ENV_DB, str(tmp_path / "x.db"))
    assert settings.database_target(None) == str(tmp_path / "x.db")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"password": "wrong"}, "refused the password of user"),
        ({"database": "no_such_shop_db"}, "it has no database 'no_such_shop_db'"),
        ({"port": 1}, "no database server is running there (connection refused)"),
        ({"host": "no-such-host.invalid"}, "unknown server name 'no-such-host.invalid'"),
    ],
)
def test_connection_failures_are_one_clear_line(
    pg_server, change: dict, expected: str, capsys: pytest.CaptureFixture[str]  # noqa: ANN001
) -> None:
    url = pg_server.set(**change).render_as_string(hide_password=False)
    code, out, err = _run(capsys, "--db", url, "customer", "find", "ona")
    assert code == 1 and out == ""
    assert err.startswith("error: Cannot open the shop's database") and expected in err
    assert "unexpected" not in err and err.count("\n") == 1
    assert not (settings.data_dir() / "shopkeeper.log").exists()
    assert os.environ.get("PGPASSWORD") is None
