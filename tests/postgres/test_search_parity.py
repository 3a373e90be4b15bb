"""The same shop on SQLite and PostgreSQL: every query gives the same hits in the same order."""

from __future__ import annotations

import itertools

import pytest

from shopkeeper.services import customer_list as cl
from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.search import search_customers
from shopkeeper.storage.database import Database

FIRST = ["Ona", "Jonas", "Onutė", "Tomas", "Anna", "Žemyna", "Łukasz"]
LAST = ["Žemaitė", "Žemaitis", "Onaitis", "Jonaitienė", "Kazlauskas", "Smith", "Zemaitytė"]
CJK = ["王小明", "欧阳小明", "小明王", "陈美玲", "張偉", "王小", "李明明"]
QUERIES = [
    "ona",  # > 20 hits: which 20, in which order
    "ona zem",  # every word inside the name
    "zem ona",
    "zemait",
    "ŽEMAITĖ",
    "jo",
    "on ka",  # no word long enough for a trigram index: prefixes only
    "nait",
    "lukasz",
    "小明",
    "明",
    "王小明",
    "阳小明",
    "6123",  # phone digits
    "8 612 30003",  # a whole national number
    "+370 612",
    "2000000",  # card prefix
    "200000016",
    "a_b",
    "100%",
    "b 100% ona",
    "1_0% ona",
    "smith anna",
]


def _fill(db: Database) -> None:
    phones = itertools.count(30000)
    for first, last in itertools.product(FIRST, LAST):
        create_customer(
            db, name=f"{first} {last}", phone=f"+370612{next(phones)}", allow_duplicate_phone=True
        )
    for name in CJK:
        create_customer(db, name=name, phone=f"+86138{next(phones)}001")
    create_customer(db, name="A_B 100% Ona")
    archived = create_customer(db, name="Ona Archyvinė", phone="+37061239999")
    archive_customer(db, archived.card_number)


def _hits(db: Database, query: str, **kwargs: object) -> list[tuple[str, str, str]]:
    return [(h.card_number, h.name, h.match) for h in search_customers(db, query, **kwargs)]


@pytest.fixture
def shops(both: dict[str, Database]) -> dict[str, Database]:
    for db in both.values():
        _fill(db)
    return both


def test_every_query_gives_the_same_ranked_hits(shops: dict[str, Database]) -> None:
    lite, pg = shops["sqlite"], shops["postgresql"]
    for query in QUERIES:
        for kwargs in ({}, {"limit": 200}, {"limit": 5, "include_archived": True}):
            assert _hits(pg, query, **kwargs) == _hits(lite, query, **kwargs), (query, kwargs)


def test_more_matches_than_shown_picks_the_same_twenty(shops: dict[str, Database]) -> None:
    everyone = _hits(shops["sqlite"], "ona", limit=200)
    assert len(everyone) > 20
    shown = _hits(shops["postgresql"], "ona")
    assert len(shown) == 20
    assert shown == _hits(shops["sqlite"], "ona")
    ranks = [h[2] for h in shown]
    assert ranks == sorted(ranks, key=["card", "card prefix", "name prefix", "word prefix",
                                       "name", "phone"].index)


def test_several_words_match_each_word_on_both_engines(shops: dict[str, Database]) -> None:
    for db in shops.values():
        names = {h[1] for h in _hits(db, "ona zem", limit=200)}
        # 5 names start with "ona zem"-ish words; every name with both words counts.
        assert "Ona Žemaitė" in names and "Onutė Žemaitis" not in names
        assert {"Žemyna Onaitis", "Ona Zemaitytė", "Tomas Žemaitis"} - names == {
            "Tomas Žemaitis"
        }
        assert len(names) == 2 * 3 + 2  # (Ona, Žemyna) x 3 "zem" surnames + 2 with "ona" in both
        assert {h[1] for h in _hits(db, "zem ona", limit=200)} == names


def test_accents_cjk_and_phone_digits(shops: dict[str, Database]) -> None:
    for db in shops.values():
        assert {h[1] for h in _hits(db, "lukasz", limit=200)} == {
            f"Łukasz {last}" for last in LAST
        }
        assert {h[1] for h in _hits(db, "小明")} == {"王小明", "欧阳小明", "小明王"}
        assert [h[1:] for h in _hits(db, "1230000")] == [("Ona Žemaitė", "phone")]
        assert {h[2] for h in _hits(db, "6123")} == {"phone"}
        # LIKE's wildcards in a query are plain characters.
        assert [h[1:] for h in _hits(db, "b 100% ona")] == [("A_B 100% Ona", "name")]
        assert _hits(db, "1_0% ona") == []
        assert _hits(db, "a_b")[0][1] == "A_B 100% Ona"


def test_the_customer_list_filter_finds_the_same(shops: dict[str, Database]) -> None:
    found = {}
    for engine, db in shops.items():
        query = cl.prepare(db, cl.CustomerFilter(text="ona zem", archived="all"))
        found[engine] = [r.card_number for r in cl.page(db, query)]
    assert found["sqlite"] == found["postgresql"]
    assert len(found["sqlite"]) == 8
