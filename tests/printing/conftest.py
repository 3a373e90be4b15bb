"""A small shop with customers in several scripts, a month of visits, a voucher, a birthday."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from shopkeeper.domain.calendar import Month
from shopkeeper.services import customers, month_end, programme, rewards, visits
from shopkeeper.storage.database import Database

NOVEMBER = Month(2026, 11)


@dataclass(frozen=True)
class Shop:
    ona: str  # card numbers
    xiaoming: str
    zoe: str
    meiling: str
    jonas: str  # no consent to letters
    petras: str  # consent, but no postal address
    archived: str  # consent and address, but archived
    voucher: str  # 王小明's unused voucher


def at(day: int, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=UTC)


@pytest.fixture
def shop(db: Database, clock) -> Shop:  # noqa: ANN001
    """Built on 2026-11-16; the tests print November's letters on 2026-12-01 after month-end."""
    programme.update_shop(db, address="Vilniaus g. 12\nLT-01119 Vilnius")

    def add(name: str, **extra: object) -> str:
        return customers.create_customer(db, name=name, **extra).card_number

    ona = add(
        "Ona Žemaitė",
        address="Pilies g. 5-3\nLT-01123 Vilnius\nLietuva",
        birthday="1980-12-05",
        letters_consent=True,
        language="lt",
    )
    xiaoming = add(
        "王小明",
        address="上海市浦东新区\n世纪大道100号\n200120 中国",
        letters_consent=True,
        language="zh",
    )
    # Customers without a language would take the shop's (Lithuanian): these read English.
    zoe = add(
        "Zoë Faure",
        address="12 rue des Lilas\n75011 Paris\nFrance",
        letters_consent=True,
        language="en",
    )
    meiling = add(
        "陳美玲", address="臺灣臺北市信義區\n松仁路100號", letters_consent=True, language="zh-tw"
    )
    jonas = add(
        "Jonas Jonaitis", address="Gedimino pr. 1\nVilnius", letters_consent=False, language="en"
    )
    petras = add("Petras Petraitis", letters_consent=True, language="en")
    archived = add(
        "Old Customer", address="Somewhere 1\nKaunas", letters_consent=True, language="en"
    )
    customers.archive_customer(db, archived)

    visits.record_visit(db, card_number=ona, amount_cents=4000, at=at(2))
    visits.record_visit(db, card_number=ona, amount_cents=1250, at=at(10))
    visits.record_visit(db, card_number=xiaoming, amount_cents=10000, at=at(5))
    visits.record_visit(db, card_number=zoe, amount_cents=2000, at=at(20, 10))
    voucher = rewards.redeem_reward(db, card_number=xiaoming, reward_id=1).voucher_code
    clock.set(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    month_end.month_end(db, NOVEMBER)
    return Shop(ona, xiaoming, zoe, meiling, jonas, petras, archived, voucher)
