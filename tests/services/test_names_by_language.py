"""Names in the shop's language: searched across the two Chinese scripts, listed in the order the
language uses, with the stored sort key kept on every path that writes a name (real database)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper.domain import collation
from shopkeeper.domain.import_plan import Action, Choices
from shopkeeper.services import customer_list as cl
from shopkeeper.services import importing, programme
from shopkeeper.services.customer_list import CustomerFilter
from shopkeeper.services.customers import create_customer, edit_customer
from shopkeeper.services.export import export_table
from shopkeeper.services.merge import merge_customers
from shopkeeper.services.privacy import erase_customer
from shopkeeper.services.search import search_customers
from shopkeeper.storage.database import Database

LITHUANIAN = ["Čapas Jonas", "Cyras Tomas", "Šarūnas Rokas", "Sutkus Petras", "Žukas Ona",
              "Zigmas Lukas", "Dainius Matas"]  # fmt: skip
LT_ORDER = ["Cyras Tomas", "Čapas Jonas", "Dainius Matas", "Sutkus Petras", "Šarūnas Rokas",
            "Zigmas Lukas", "Žukas Ona"]  # fmt: skip
EN_ORDER = ["Čapas Jonas", "Cyras Tomas", "Dainius Matas", "Šarūnas Rokas", "Sutkus Petras",
            "Zigmas Lukas", "Žukas Ona"]  # fmt: skip
CHINESE = ["陳美玲", "陈静", "王小明", "李娜", "張偉", "林志明"]
PINYIN_ORDER = ["陈静", "陳美玲", "李娜", "林志明", "王小明", "張偉"]  # chen, li, lin, wang, zhang
TAIWANESE = ["謝淑芬", "陳美玲", "王小明", "李娜", "張偉", "林志明", "丁一"]
STROKE_ORDER = ["丁一", "王小明", "李娜", "林志明", "張偉", "陳美玲", "謝淑芬"]  # 2 4 7 8 11 11 17


def add(db: Database, names: list[str]) -> dict[str, str]:
    return {n: create_customer(db, name=n).card_number for n in names}


def listed(db: Database, f: CustomerFilter | None = None, **sort: object) -> list[str]:
    return [row.name for row in cl.page(db, cl.prepare(db, f), **sort)]


def found(db: Database, query: str) -> list[str]:
    return [hit.name for hit in search_customers(db, query)]


def stored_keys(db: Database) -> dict[str, bytes]:
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT name, sort_key FROM customer")).all()
    return {name: bytes(key) for name, key in rows}


def assert_keys_follow_the_shop(db: Database) -> None:
    """Every stored key is the key of the stored name in the shop's language."""
    language = programme.load(db).shop.language
    keys = stored_keys(db)
    assert keys, "no customers"
    assert keys == {name: collation.sort_key(name, language) for name in keys}


# -- search across the two Chinese scripts --------------------------------------------------


def test_a_simplified_query_finds_a_traditional_name_and_back(db: Database) -> None:
    add(db, CHINESE)
    assert found(db, "陈美") == ["陳美玲"]  # typed in Simplified, stored in Traditional
    assert found(db, "陳美玲") == ["陳美玲"]
    assert sorted(found(db, "陳")) == sorted(["陳美玲", "陈静"])  # one character: token index
    assert sorted(found(db, "陈")) == sorted(["陳美玲", "陈静"])
    assert found(db, "陳靜") == ["陈静"]  # typed in Traditional, stored in Simplified
    assert found(db, "张伟") == ["張偉"]
    assert found(db, "美玲") == ["陳美玲"]  # inside the name, two characters
    assert found(db, "陈美玲") == ["陳美玲"]  # three characters: the trigram index


def test_a_renamed_customer_is_found_in_either_script(db: Database) -> None:
    card = add(db, ["王小明"])["王小明"]
    edit_customer(db, card, name="謝淑芬")
    assert found(db, "谢淑") == ["謝淑芬"]
    assert found(db, "王小明") == []


# -- the order of names ----------------------------------------------------------------------


def test_the_list_follows_the_shop_language(db: Database) -> None:
    add(db, LITHUANIAN)
    programme.update_shop(db, language="lt")
    assert listed(db) == LT_ORDER
    assert listed(db, descending=True) == LT_ORDER[::-1]
    programme.update_shop(db, language="en")
    assert listed(db) == EN_ORDER
    assert_keys_follow_the_shop(db)


@pytest.mark.parametrize(
    ("language", "names", "expected"),
    [("zh-Hans", CHINESE, PINYIN_ORDER), ("zh-Hant", TAIWANESE, STROKE_ORDER)],
)
def test_chinese_names_by_pinyin_or_by_strokes(
    db: Database, language: str, names: list[str], expected: list[str]
) -> None:
    programme.update_shop(db, language=language)
    add(db, names)
    assert listed(db) == expected
    assert_keys_follow_the_shop(db)


def test_a_change_of_language_rebuilds_every_key_once(db: Database) -> None:
    programme.update_shop(db, language="en")
    add(db, LITHUANIAN)
    english = stored_keys(db)
    programme.update_shop(db, language="lt")
    lithuanian = stored_keys(db)
    assert lithuanian != english
    assert_keys_follow_the_shop(db)
    programme.update_shop(db, name="Kita kepykla")  # no change of language: keys untouched
    assert stored_keys(db) == lithuanian
    # a second shop's file keeps its own language and order
    assert listed(db) == LT_ORDER


def test_keys_are_kept_on_add_edit_and_tier_filter(db: Database) -> None:
    programme.update_shop(db, language="lt")
    cards = add(db, ["Zigmas Lukas", "Cyras Tomas"])
    edit_customer(db, cards["Zigmas Lukas"], name="Čapas Jonas")
    assert listed(db) == ["Cyras Tomas", "Čapas Jonas"]
    tier = programme.load(db).tiers[0]
    assert listed(db, CustomerFilter(tier_id=tier.id)) == ["Cyras Tomas", "Čapas Jonas"]
    assert listed(db, sort="tier") == ["Cyras Tomas", "Čapas Jonas"]
    assert_keys_follow_the_shop(db)


def test_imported_customers_get_their_keys(db: Database, tmp_path: Path) -> None:
    programme.update_shop(db, language="lt")
    add(db, ["Dainius Matas"])
    path = tmp_path / "klientai.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Phone"])
        for i, name in enumerate(["Žukas Ona", "Čapas Jonas", "Cyras Tomas"]):
            writer.writerow([name, f"+3706123450{i}"])
    result, _sheet = importing.import_file(db, path)
    assert result.imported == 3
    assert listed(db) == ["Cyras Tomas", "Čapas Jonas", "Dainius Matas", "Žukas Ona"]
    assert_keys_follow_the_shop(db)
    # the same file again, the names changed and the changes taken: keys follow the new names
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Phone"])
        writer.writerow(["Žukas Onutė", "+37061234500"])
    importing.import_file(db, path, choices=Choices(changes=Action.UPDATE))
    assert "Žukas Onutė" in listed(db)
    assert_keys_follow_the_shop(db)


def test_a_merge_keeps_the_order_and_the_keys(db: Database) -> None:
    programme.update_shop(db, language="lt")
    cards = add(db, ["Šarūnas Rokas", "Sutkus Petras", "Šarūnas Rokas"])
    first, second = [c.card_number for c in search_customers(db, "sarunas")]
    merge_customers(db, keep=first, other=second)
    assert listed(db) == ["Sutkus Petras", "Šarūnas Rokas"]
    assert listed(db, CustomerFilter(archived="all")) == [
        "Sutkus Petras", "Šarūnas Rokas", "Šarūnas Rokas",
    ]  # fmt: skip
    assert cards  # both cards were issued
    assert_keys_follow_the_shop(db)


def test_erasure_replaces_the_key_that_spelled_the_name(db: Database) -> None:
    card = add(db, ["Žukas Ona"])["Žukas Ona"]
    old = stored_keys(db)["Žukas Ona"]
    erase_customer(db, card, confirmed=True)
    keys = stored_keys(db)
    assert "Žukas Ona" not in keys and old not in keys.values()
    assert_keys_follow_the_shop(db)


def test_the_export_lists_customers_in_the_shop_order(db: Database, tmp_path: Path) -> None:
    programme.update_shop(db, language="lt")
    add(db, LITHUANIAN)
    out = export_table(db, "customers", tmp_path / "customers.csv")
    with out.path.open(encoding="utf-8-sig", newline="") as handle:
        names = [row["Name"] for row in csv.DictReader(handle)]
    assert names == LT_ORDER


def test_stream_gives_every_customer_in_order_across_batches(db: Database) -> None:
    programme.update_shop(db, language="lt")
    add(db, LITHUANIAN)
    streamed = [row.name for row in cl.stream(db, cl.prepare(db))]
    assert streamed == LT_ORDER
