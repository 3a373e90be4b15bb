"""The counter's warm-up: the phone regions the shop's customers use, the profile's statements."""

from __future__ import annotations

from typing import Any

import pytest

from shopkeeper.services import common, products, programme, summary
from shopkeeper.services.customers import create_customer
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.warm_up import phone_regions_in_use, prepare_counter
from shopkeeper.storage.database import Database
from shopkeeper.storage.prepared import Prepared


def test_the_shop_country_and_every_customer_region_are_prepared(db: Database) -> None:
    assert phone_regions_in_use(db) == {"LT"}  # no phones yet: the shop's own country
    create_customer(db, name="王小明", phone="+8613812345678")
    create_customer(db, name="林俊傑", phone="+886912345678")
    create_customer(db, name="Emily", phone="+447911123456")
    create_customer(db, name="Ona")  # no phone
    assert phone_regions_in_use(db) == {"LT", "CN", "TW", "GB"}
    assert prepare_counter(db) > 4 * 3  # several kinds of number in each of four regions


def test_after_the_warm_up_the_first_scan_compiles_no_statement(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The profile's prepared statements are compiled once per process (a few ms each): the
    warm-up reads a profile on its worker, so the first customer scanned does not pay."""
    card = create_customer(db, name="Ona", phone="+37061234567").card_number
    statements = [
        value
        for module in (summary, programme, products, common)
        for value in vars(module).values()
        if isinstance(value, Prepared)
    ]
    compiled: list[Prepared] = []
    plan = Prepared._plan

    def counted(self: Prepared, dialect: Any) -> Any:
        compiled.append(self)
        return plan(self, dialect)

    monkeypatch.setattr(Prepared, "_plan", counted)

    def fresh_process() -> None:
        for statement in statements:
            monkeypatch.setattr(statement, "_plans", {})

    fresh_process()
    customer_summary(db, card)
    assert len(compiled) >= 5  # without a warm-up the first scan compiles them
    fresh_process()
    prepare_counter(db)
    compiled.clear()
    customer_summary(db, card)
    assert compiled == []
