"""``demo --locale``: a Lithuanian, mainland Chinese, Taiwanese or English shop, whose customers
speak (mostly) its language, with names, phones and addresses of its country."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import text

from shopkeeper.domain.collation import sort_key
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.text import fold_chinese_script, is_cjk
from shopkeeper.services import customer_list as cl
from shopkeeper.services import programme
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.storage.database import Database
from tests.services.support import counts


def customers(db: Database) -> list[tuple]:
    with db.engine.connect() as connection:
        return connection.execute(
            text("SELECT name, language, phone, address, sort_key FROM customer")
        ).all()


@pytest.mark.parametrize(
    ("locale", "face", "language", "prefix"),
    [
        ("lt", ("LT", "EUR", "lt"), "lt", "+370"),
        ("zh-Hans", ("CN", "CNY", "zh-Hans"), "zh-Hans", "+86"),
        ("zh-Hant", ("TW", "TWD", "zh-Hant"), "zh-Hant", "+886"),
        ("en", ("GB", "GBP", "en"), "en", "+44"),
    ],
)
def test_a_shop_of_each_locale(
    db: Database, locale: str, face: tuple[str, str, str], language: str, prefix: str
) -> None:
    build_demo_shop(db, customers=120, months=3, seed=5, locale=locale)
    shop = programme.load(db).shop
    assert (shop.country, shop.currency, shop.language) == face
    assert shop.name != programme.ShopProfile.name and shop.address
    rows = customers(db)
    spoken = Counter(row[1] for row in rows)
    assert spoken.most_common(1)[0][0] == language  # mostly the shop's language...
    assert spoken[language] >= 0.7 * len(rows)
    assert len(spoken) > 1  # ...and some others
    phones = [row[2] for row in rows if row[2]]
    assert sum(p.startswith(prefix) for p in phones) >= 0.6 * len(phones)
    # every name carries its sort key in the shop's language: the list is in its order
    assert all(bytes(row[4]) == sort_key(row[0], shop.language) for row in rows)
    listed = [r.name for r in cl.page(db, cl.prepare(db, cl.CustomerFilter(archived="all")),
                                      limit=1000)]  # fmt: skip
    assert listed == sorted(listed, key=lambda n: sort_key(n, shop.language))


def test_taiwanese_names_are_traditional_and_mainland_names_simplified(db: Database) -> None:
    build_demo_shop(db, customers=150, months=3, seed=2, locale="zh-Hant")
    rows = customers(db)
    taiwanese = [row[0] for row in rows if row[1] == "zh-Hant"]  # stored as BCP 47 tags
    mainland = [row[0] for row in rows if row[1] == "zh-Hans"]
    assert taiwanese and mainland
    assert all(any(is_cjk(ch) for ch in name) for name in taiwanese + mainland)
    assert all(fold_chinese_script(name) == name for name in mainland)  # Simplified already
    # most Taiwanese names hold a Traditional character (陳, 張, 劉... ; 林 or 王 alone do not)
    assert sum(fold_chinese_script(name) != name for name in taiwanese) > len(taiwanese) / 2
    # addresses in the Taiwanese style: postcode, city and district, then the road
    addresses = [row[3] for row in rows if row[3]]
    assert sum("臺" in a or "新北市" in a for a in addresses) >= 0.7 * len(addresses)


def test_an_unknown_locale_is_refused_and_nothing_is_written(db: Database) -> None:
    before = counts(db)
    with pytest.raises(InvalidInput, match="Unknown demo locale 'xx'"):
        build_demo_shop(db, customers=10, months=2, seed=1, locale="xx")
    assert counts(db) == before
    assert programme.load(db).shop.language == "lt"  # the tests' shop, untouched


def test_zh_tw_is_understood_as_traditional_chinese(db: Database) -> None:
    build_demo_shop(db, customers=20, months=2, seed=1, locale="zh-TW")
    assert programme.load(db).shop.currency == "TWD"
