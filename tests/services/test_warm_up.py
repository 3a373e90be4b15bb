"""The counter's warm-up reads which phone regions the shop's customers use."""

from __future__ import annotations

from shopkeeper.services.customers import create_customer
from shopkeeper.services.warm_up import phone_regions_in_use, prepare_counter
from shopkeeper.storage.database import Database


def test_the_shop_country_and_every_customer_region_are_prepared(db: Database) -> None:
    assert phone_regions_in_use(db) == {"LT"}  # no phones yet: the shop's own country
    create_customer(db, name="王小明", phone="+8613812345678")
    create_customer(db, name="林俊傑", phone="+886912345678")
    create_customer(db, name="Emily", phone="+447911123456")
    create_customer(db, name="Ona")  # no phone
    assert phone_regions_in_use(db) == {"LT", "CN", "TW", "GB"}
    assert prepare_counter(db) > 4 * 3  # several kinds of number in each of four regions
