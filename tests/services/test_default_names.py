"""A shop set up in its language starts with a programme named in it ("Auksinis", "金卡",
"Nemokama kava"), and a shop's own names are never touched."""

from __future__ import annotations

from sqlalchemy import text

from shopkeeper.services import programme, shop_setup
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.storage.database import Database


def names(db: Database) -> tuple[list[str], list[str]]:
    with db.engine.connect() as connection:
        tiers = connection.execute(text("SELECT name FROM tier ORDER BY threshold")).scalars()
        rewards = connection.execute(text("SELECT name FROM reward ORDER BY points_cost")).scalars()
        return list(tiers), list(rewards)


def test_a_new_database_is_seeded_in_english(db: Database) -> None:
    assert names(db) == (
        ["Bronze", "Silver", "Gold"], ["Free coffee", "Cake of your choice", "10 EUR off"]
    )


def test_a_lithuanian_demo_speaks_lithuanian(db: Database) -> None:
    build_demo_shop(db, customers=20, months=2, seed=1, locale="lt")
    tiers, rewards = names(db)
    assert tiers == ["Bronzinis", "Sidabrinis", "Auksinis"]
    assert rewards == ["Nemokama kava", "Duona maisto bankui", "Pyragas pasirinktinai",
                       "10,00\xa0€ nuolaida"]


def test_a_taiwanese_shop_set_up_from_the_welcome(db: Database) -> None:
    shop_setup.start_shop(db, name="茶行", country="TW", currency="TWD", language="zh-Hant")
    tiers, rewards = names(db)
    assert tiers == ["銅卡", "銀卡", "金卡"]
    assert rewards == ["免費咖啡一杯", "自選蛋糕一塊", "折抵NT$10"]


def test_the_shops_own_names_stay_and_a_second_language_renames_the_defaults(
    db: Database,
) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE tier SET name = 'Mūsų draugai' WHERE threshold = 0"))
    with db.write() as session:
        programme.default_names_in(session, "lt", "EUR")
    with db.write() as session:
        programme.default_names_in(session, "zh-Hans", "CNY")  # the language changed again
    tiers, rewards = names(db)
    assert tiers == ["Mūsų draugai", "银卡", "金卡"]
    assert rewards == ["免费咖啡一杯", "自选蛋糕一块", "立减¥10.00"]
