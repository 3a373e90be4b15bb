"""Erasure on PostgreSQL: no search path finds the customer, no live row or index holds the old
values (old row versions vacuumed, the indexes that held them rebuilt)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from shopkeeper.services import customer_list as cl
from shopkeeper.services import privacy
from shopkeeper.services.customers import create_customer
from shopkeeper.services.feedback import record_feedback
from shopkeeper.services.ledger import correct_points
from shopkeeper.services.notes import add_note
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock

NAME = "Žemaitė Unikalija"
PERSONAL = ("Unikalij", "unikali@example.lt", "+37061234567", "Gedimino pr. 77",
            "Mėgsta šokoladą", "slapta pastaba", "zemaite unikalija", "UNIQ-77")  # fmt: skip
SEARCHES = ("Unikalija", "unikal", "zemaite unik", "unik zem", "Žemaitė", "un", "612 34567",
            "861234567", "1234567", "UNIQ-77", "UNIQ")  # fmt: skip


@pytest.fixture
def ona(pg_db: Database, clock: FakeClock) -> str:
    for i in range(60):  # neighbours on the same pages
        create_customer(pg_db, name=f"Kitas Pirkėjas {i}", phone=f"+3706{1000000 + i}")
    card = create_customer(
        pg_db, name=NAME, phone="861234567", email="unikali@example.lt", birthday="1980-11-20",
        address="Gedimino pr. 77\nVilnius", card_number="UNIQ-77",
    ).card_number  # fmt: skip
    record_visit(pg_db, card_number=card, amount_cents=2_500, note="slapta pastaba")
    add_note(pg_db, card_number=card, text="Mėgsta šokoladą", kind="preference")
    record_feedback(pg_db, card, 3, "Unikalija: kava šalta")  # a problem note and a comment
    correct_points(pg_db, card_number=card, points=7, reason="Unikalija: dovana")
    clock.advance(days=1)
    return card


def _indexes(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return dict(
            connection.execute(
                text("SELECT relname, relfilenode FROM pg_class WHERE relname = ANY(:names)"),
                {"names": list(privacy.PERSONAL_INDEXES)},
            ).all()
        )


def test_no_search_path_and_no_live_row_keeps_the_erased_customer(
    pg_db: Database, ona: str
) -> None:
    assert search_customers(pg_db, "Unikalija") != []
    before = _indexes(pg_db)
    assert set(before) == set(privacy.PERSONAL_INDEXES)
    privacy.erase_customer(pg_db, ona, confirmed=True)

    for query in SEARCHES:
        hits = search_customers(pg_db, query, include_archived=True, limit=200)
        assert not [h for h in hits if not h.name.startswith("Kitas")], query
        listed = cl.prepare(pg_db, cl.CustomerFilter(text=query, archived="all"))
        names = [r.name for r in cl.page(pg_db, listed)]
        assert not [n for n in names if not n.startswith("Kitas")], query

    with pg_db.engine.connect() as connection:
        inspector = inspect(connection)
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                for secret in PERSONAL:
                    found = connection.execute(
                        text(f'SELECT count(*) FROM "{table}" WHERE "{column["name"]}"::text '
                             "ILIKE :s"),
                        {"s": f"%{secret}%"},
                    ).scalar()  # fmt: skip
                    assert found == 0, (table, column["name"], secret)
    after = _indexes(pg_db)
    assert set(after) == set(before)
    assert all(after[name] != before[name] for name in before)  # rebuilt as new files
    [erased] = search_customers(pg_db, "erased customer", include_archived=True)
    assert customer_summary(pg_db, erased.card_number).archived


def test_compact_rewrites_the_tables_that_held_personal_data(
    pg_db: Database, pg_url: str, ona: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from shopkeeper.cli.main import main

    privacy.erase_customer(pg_db, ona, confirmed=True)
    with pg_db.engine.connect() as connection:
        files = "SELECT relname, relfilenode FROM pg_class WHERE relname = ANY(:t)"
        names = {"t": list(privacy.PERSONAL_TABLES)}
        before = dict(connection.execute(text(files), names).all())
    pg_db.dispose()
    assert main(["--db", pg_url, "db", "compact"]) == 0
    assert "no freed bytes of erased customers" in capsys.readouterr().out
    with pg_db.engine.connect() as connection:
        after = dict(connection.execute(text(files), names).all())
    assert set(after) == set(privacy.PERSONAL_TABLES)
    assert all(after[t] != before[t] for t in after)  # each table is a new file
    assert search_customers(pg_db, "unikal", include_archived=True) == []
