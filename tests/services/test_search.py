"""One search box: card, phone fragment or name fragment, in any script, ranked and safe."""

from __future__ import annotations

import pytest

from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.search import search_customers
from shopkeeper.storage.database import Database
from tests.services.support import counts


@pytest.fixture
def shop(db: Database) -> Database:
    people = [
        ("Žemaitė Ona", "+37061234567", "200000016"),
        ("Ona Jonaitienė", "+37068800001", None),
        ("王小明", "+8613812345678", None),
        ("欧阳小明", "+886912345678", None),
        ("Jonas Onaitis", "+37061234599", None),
        ("Anna Smith", "+442079460000", "ANNA-1"),
        ("Tom Žemaitis", None, None),
    ]
    for name, phone, card in people:
        create_customer(db, name=name, phone=phone, card_number=card, allow_duplicate_phone=True)
    return db


def names(db: Database, query: str, **kwargs: object) -> list[str]:
    return [hit.name for hit in search_customers(db, query, **kwargs)]


def test_accents_and_case_do_not_matter(shop: Database) -> None:
    assert names(shop, "zemaite") == ["Žemaitė Ona"]
    assert names(shop, "ŽEMAITĖ") == ["Žemaitė Ona"]
    assert names(shop, "ＺＥＭＡＩＴＥ") == ["Žemaitė Ona"]
    assert names(shop, "zemait") == ["Žemaitė Ona", "Tom Žemaitis"]


def test_chinese_names_by_any_fragment(shop: Database) -> None:
    assert names(shop, "王小明") == ["王小明"]
    assert set(names(shop, "小明")) == {"王小明", "欧阳小明"}
    assert set(names(shop, "明")) == {"王小明", "欧阳小明"}
    assert names(shop, "欧阳") == ["欧阳小明"]
    assert names(shop, "阳小明") == ["欧阳小明"]


def test_ranking_exact_card_then_name_prefix_then_others(shop: Database) -> None:
    hits = search_customers(shop, "ona")
    assert [(h.name, h.match) for h in hits] == [
        ("Ona Jonaitienė", "name prefix"),
        ("Jonas Onaitis", "word prefix"),  # the same rank: by name
        ("Žemaitė Ona", "word prefix"),
    ]
    card = search_customers(shop, "200000016")
    assert (card[0].name, card[0].match, card[0].exact_card) == ("Žemaitė Ona", "card", True)
    assert search_customers(shop, "anna-1")[0].match == "card"


def test_card_prefix(shop: Database) -> None:
    hits = search_customers(shop, "2000000")
    assert {h.match for h in hits} == {"card prefix"}
    assert len(hits) == 6


def test_fragment_inside_a_name(shop: Database) -> None:
    hits = search_customers(shop, "aitien")
    assert [(h.name, h.match) for h in hits] == [("Ona Jonaitienė", "name")]
    assert names(shop, "ona jonait") == ["Ona Jonaitienė"]
    assert names(shop, "jonaitiene ona") == ["Ona Jonaitienė"]  # words in any order


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("612 345", {"Žemaitė Ona", "Jonas Onaitis"}),
        ("612-34567", {"Žemaitė Ona"}),
        ("+370 612 34567", {"Žemaitė Ona"}),
        ("8 612 34567", {"Žemaitė Ona"}),  # typed the Lithuanian national way
        ("138-1234", {"王小明"}),
        ("+886 0912 345 678", {"欧阳小明"}),
        ("7946 0000", {"Anna Smith"}),
    ],
)
def test_phone_fragments_ignore_spaces_dashes_and_plus(
    shop: Database, query: str, expected: set[str]
) -> None:
    hits = search_customers(shop, query)
    assert {h.name for h in hits} == expected
    assert {h.match for h in hits} == {"phone"}


def test_phone_shown_in_display_form(shop: Database) -> None:
    assert search_customers(shop, "王小明")[0].phone == "+86 138 1234 5678"


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE customer; --",
        '"',
        '""',
        "*",
        "NEAR(",
        "ona*",
        "a OR b",
        "name_key:ona",
        "%",
        "_",
        "\\",
        "' OR '1'='1",
        "-",
        "^ona",
        "ona AND NOT x",
        "\u0000",  # PostgreSQL text refuses NUL: the search drops it
    ],
)
def test_sql_and_fts_syntax_neither_crash_nor_match_everything(shop: Database, query: str) -> None:
    before = counts(shop)
    hits = search_customers(shop, query)
    assert len(hits) < 2
    assert counts(shop) == before


def test_blank_query_and_limit(shop: Database) -> None:
    assert search_customers(shop, "   ") == []
    assert len(search_customers(shop, "2000", limit=2)) == 2
    assert len(search_customers(shop, "2000", limit=0)) == 1


def test_archived_customers_hidden_unless_asked(shop: Database) -> None:
    archive_customer(shop, "200000016")
    assert names(shop, "zemait") == ["Tom Žemaitis"]
    assert names(shop, "200000016") == []
    assert names(shop, "612 34567") == []
    hits = search_customers(shop, "zemait", include_archived=True)
    assert [(h.name, h.archived) for h in hits] == [("Žemaitė Ona", True), ("Tom Žemaitis", False)]


def test_a_new_customer_is_found_at_once_and_an_edit_moves_the_index(db: Database) -> None:
    from shopkeeper.services.customers import edit_customer

    card = create_customer(db, name="Ąžuolas", phone="861111111").card_number
    assert names(db, "azuol") == ["Ąžuolas"]
    edit_customer(db, card, name="Beržas", phone="862222222")
    assert names(db, "azuol") == [] and names(db, "111 111") == []
    assert names(db, "berz") == ["Beržas"] and names(db, "222 222") == ["Beržas"]


def test_a_whole_number_typed_the_national_way_in_the_shops_country(shop: Database) -> None:
    from shopkeeper.services import programme

    programme.update_shop(shop, country="TW")
    assert names(shop, "0912-345-678") == ["欧阳小明"]
    assert names(shop, "8 612 34567") == []  # in Taiwan this is no Lithuanian number


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("query", ["小明", "明", "zemait", "jo", "aitien", "612 34", "200000016"])
def test_every_search_query_uses_an_index_never_a_table_scan(shop: Database, query: str) -> None:
    """Short fragments included: a scan of 100,000 customers is what makes a counter slow."""
    import sqlite3

    from sqlalchemy import event

    statements: list[tuple[str, tuple]] = []

    def remember(conn, cursor, statement, params, *rest) -> None:  # noqa: ANN001, ANN002
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    event.listen(shop.engine, "before_cursor_execute", remember)
    try:
        assert search_customers(shop, query)
    finally:
        event.remove(shop.engine, "before_cursor_execute", remember)
    raw = sqlite3.connect(shop.sqlite_path)
    try:
        plans = [
            row[3]
            for statement, params in statements
            for row in raw.execute("EXPLAIN QUERY PLAN " + statement, params)
        ]
    finally:
        raw.close()
    scans = [
        p
        for p in plans
        if p.startswith("SCAN") and not p.startswith(("SCAN f VIRTUAL", "SCAN tier"))
    ]
    assert scans == [], plans
