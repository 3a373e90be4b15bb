"""Languages are stored as BCP 47 tags by script: whatever spelling is typed (the customer form,
``--language``, ``shop set``), Chinese becomes zh-Hans or zh-Hant, and migration 0015 brings the
customers and the shop stored before to the same spelling, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper.cli.main import main
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.shop import check_language, chinese_tag
from shopkeeper.services import programme
from shopkeeper.services.customers import create_customer, edit_customer
from shopkeeper.services.summary import customer_summary
from shopkeeper.storage import migrate
from shopkeeper.storage.database import Database
from tests.postgres.conftest import pg_databases, pg_server, pg_url  # noqa: F401 - fixtures


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("zh", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh_CN", "zh-Hans"), ("ZH-cn", "zh-Hans"),
     ("zh-TW", "zh-Hant"), ("zh_TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-tw", "zh-Hant"),
     ("zh-Hant", "zh-Hant"), ("lt", "lt"), ("de", "de")],
)  # fmt: skip
def test_a_customers_language_is_kept_by_script(db: Database, typed: str, stored: str) -> None:
    card = create_customer(db, name="王小明", language=typed).card_number
    assert customer_summary(db, card).language == stored
    edit_customer(db, card, language="lt")
    edit_customer(db, card, language=typed)
    assert customer_summary(db, card).language == stored


@pytest.mark.parametrize("bad", ["zh; drop", "zhx", "klingon", "zh-"])
def test_a_garbled_language_is_refused(db: Database, bad: str) -> None:
    with pytest.raises(InvalidInput):
        create_customer(db, name="Ona", language=bad)
    assert chinese_tag(bad) is None


def test_the_shops_language_takes_the_same_spellings() -> None:
    assert [check_language(x) for x in ("zh", "zh_CN", "zh-CN", "zh-TW", "zh_TW", "zh-HK")] == [
        "zh-Hans", "zh-Hans", "zh-Hans", "zh-Hant", "zh-Hant", "zh-Hant"
    ]  # fmt: skip
    assert check_language("en-gb") == "en-GB"  # other languages keep Babel's spelling


def test_the_command_line_stores_the_tag(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    path = str(tmp_path / "shop.db")
    assert main(["--db", path, "shop", "set", "--language", "zh_TW"]) == 0
    assert main(["--db", path, "customer", "add", "--name", "王小明", "--language", "zh-CN"]) == 0
    capsys.readouterr()
    assert main(["--db", path, "shop", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["language"] == "zh-Hant"
    assert main(["--db", path, "customer", "find", "王小明", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)[0]["card_number"]
    db = Database.open(path)
    try:
        assert customer_summary(db, card).language == "zh-Hans"
    finally:
        db.dispose()


# -- migration 0015 -----------------------------------------------------------------------------

OLD = ["zh", "zh-tw", "zh-CN", "zh_TW", "zh-HK", "ZH", "lt", "en", "de"]
NEW = ["zh-Hans", "zh-Hant", "zh-Hans", "zh-Hant", "zh-Hant", "zh-Hans", "lt", "en", "de"]


def _at_0014(db: Database, shop_language: str) -> None:
    """Rows as revision 0014 stored them: plain SQL, since today's tables have later columns."""
    migrate.upgrade(db, "0014")
    joined = datetime(2026, 1, 5, 9, tzinfo=UTC)
    shop = {"name": "茶馆", "country": "CN", "currency": "CNY", "language": shop_language}
    with db.engine.begin() as connection:
        for number, language in enumerate(OLD, 1):
            connection.execute(
                text(
                    "INSERT INTO customer (card_number, name, name_key, language, joined_at,"
                    " letters_consent, points_balance, visit_count, spent_cents)"
                    " VALUES (:card, :name, :key, :language, :joined, false, 0, 0, 0)"
                ),
                {"card": f"C{number}", "name": f"N{number}", "key": f"n{number}",
                 "language": language, "joined": joined},
            )  # fmt: skip
        connection.execute(
            text("INSERT INTO setting (key, value) VALUES ('shop', :value)"),
            {"value": json.dumps(shop, ensure_ascii=False)},
        )


def _languages(db: Database) -> list[str]:
    with db.engine.connect() as connection:
        return list(
            connection.execute(text("SELECT language FROM customer ORDER BY id")).scalars()
        )


def _downgrade(db: Database, revision: str) -> None:
    from alembic import command

    config = migrate.alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        config.attributes["now"] = db.now()
        command.downgrade(config, revision)


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        target = str(tmp_path / "old.db")
    else:
        target = request.getfixturevalue("pg_url")
    db = Database.open(target)
    yield db
    db.dispose()


def test_0015_gives_stored_customers_and_the_shop_their_tag(old_database: Database) -> None:
    db = old_database
    _at_0014(db, "zh")
    assert _languages(db) == OLD
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    assert _languages(db) == NEW
    shop = programme.load(db).shop
    assert (shop.name, shop.language) == ("茶馆", "zh-Hans")
    # and back: revision 0014's customer form spelled them zh and zh-tw
    _downgrade(db, "0014")
    assert _languages(db)[:6] == ["zh", "zh-tw", "zh", "zh-tw", "zh-tw", "zh"]
    migrate.upgrade(db)
    assert _languages(db) == NEW


def test_0015_leaves_a_shop_already_tagged_alone(old_database: Database) -> None:
    _at_0014(old_database, "zh-Hant")
    migrate.upgrade(old_database)
    assert programme.load(old_database).shop.language == "zh-Hant"
