"""Prepared reads (storage.prepared) give the rows SQLAlchemy's own execution gives."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import bindparam, select

from shopkeeper.services.customers import create_customer
from shopkeeper.services.notes import add_note
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database
from shopkeeper.storage.prepared import Prepared
from tests.conftest import FakeClock

_C = t.Customer.__table__
_V = t.Visit.__table__
_N = t.Note.__table__


def _shop(db: Database, clock: FakeClock) -> tuple[str, str]:
    clock.set(datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    ona = create_customer(db, name="Žemaitė Ona", birthday=date(1980, 5, 17)).card_number
    wang = create_customer(db, name="王小明").card_number
    for cents in (450, 1290):
        record_visit(db, card_number=ona, amount_cents=cents)
        clock.advance(hours=2)
    booked = record_visit(db, card_number=ona, amount_cents=99_00)
    reverse_visit(db, visit_id=booked.visit_id, reason="typed twice")
    add_note(db, card_number=ona, text="Allergic to nuts 🥜", kind="preference", pinned=True)
    return ona, wang


def test_rows_equal_sqlalchemys_with_dates_booleans_and_text_converted(
    db: Database, clock: FakeClock
) -> None:
    ona, _wang = _shop(db, clock)
    statements = [
        select(_C.c.id, _C.c.name, _C.c.birthday, _C.c.joined_at, _C.c.letters_consent).where(
            _C.c.card_number == bindparam("card")
        ),
        select(_V.c.id, _V.c.at, _V.c.amount_cents, _V.c.reversed_at)
        .where(_V.c.customer_id == bindparam("id"))
        .order_by(_V.c.at.desc())
        .limit(bindparam("limit")),
        select(_N.c.text, _N.c.pinned, _N.c.at).where(_N.c.pinned == True),  # noqa: E712
        select(_C.c.name).order_by(_C.c.name_key),
    ]
    with db.read() as session:
        connection = session.connection()
        ona_id = connection.execute(select(_C.c.id).where(_C.c.card_number == ona)).scalar_one()
        params = [{"card": ona}, {"id": ona_id, "limit": 2}, {}, {}]
        for statement, given in zip(statements, params, strict=True):
            expected = [tuple(row) for row in connection.execute(statement, given)]
            got = Prepared(statement).all(connection, given)
            assert [tuple(row) for row in got] == expected
            assert expected  # each statement finds something
    with db.read_rows() as connection:
        customer = Prepared(statements[0]).first(connection, {"card": ona})
        visits = Prepared(statements[1]).all(connection, {"id": ona_id, "limit": 5})
        names = Prepared(statements[3]).scalars(connection)
    assert customer.name == "Žemaitė Ona"
    assert customer.birthday == date(1980, 5, 17)
    assert isinstance(customer.joined_at, datetime)
    assert customer.letters_consent is False  # a boolean, not SQLite's 0
    assert [v.amount_cents for v in visits] == [9900, 1290, 450]
    assert visits[0].reversed_at is not None and visits[1].reversed_at is None
    assert sorted(names) == sorted(["Žemaitė Ona", "王小明"])


def test_a_parameter_is_data_never_sql(db: Database, clock: FakeClock) -> None:
    _shop(db, clock)
    by_card = Prepared(select(_C.c.name).where(_C.c.card_number == bindparam("card")))
    with db.read_rows() as connection:
        assert by_card.all(connection, {"card": "' OR 1=1 --"}) == []
        assert by_card.first(connection, {"card": "nobody"}) is None


def test_an_expanding_list_runs_through_sqlalchemy_with_the_same_rows(
    db: Database, clock: FakeClock
) -> None:
    ona, wang = _shop(db, clock)
    by_cards = Prepared(
        select(_C.c.name)
        .where(_C.c.card_number.in_(bindparam("cards", expanding=True)))
        .order_by(_C.c.id)
    )
    with db.read_rows() as connection:
        rows = by_cards.all(connection, {"cards": [ona, wang]})
    assert [row.name for row in rows] == ["Žemaitė Ona", "王小明"]
