"""Reward vouchers: what the customer takes home, and what the counter refuses to print."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopkeeper.domain.errors import InvalidInput, NotAllowed, UnknownRecord
from shopkeeper.printing.locale_format import long_date
from shopkeeper.printing.vouchers import write_voucher
from shopkeeper.services import cards, rewards
from shopkeeper.storage.database import Database

from .conftest import Shop
from .helpers import barcodes, embedded, fonts, page_texts, render, said


def test_a_voucher_shows_reward_customer_code_and_validity(
    db: Database, shop: Shop, tmp_path: Path
) -> None:
    out = tmp_path / "voucher.pdf"
    item = cards.voucher_print(db, shop.voucher)
    result = write_voucher(item, out)

    assert (result.pages, result.missing_characters) == (1, ())
    text = page_texts(out)[0]
    assert "Free coffee" in text
    assert "王小明" in text and shop.xiaoming in text
    assert f"{shop.voucher[:5]}-{shop.voucher[5:]}" in text
    assert item.language == "zh-Hans"  # 王小明's language
    day = long_date(item.voucher.valid_until, "zh-Hans")
    assert day.startswith("2027年") and day in text
    assert said("zh-Hans", "Valid until {date} · single use", date=day) in text
    assert all(embedded(font) for font in fonts(out).values())
    assert barcodes(render(out, 1, dpi=300)) == {"CODE128": {shop.voucher}}


def test_the_code_may_be_typed_with_the_dash_and_lower_case(db: Database, shop: Shop) -> None:
    typed = f"{shop.voucher[:5]}-{shop.voucher[5:]}".lower()
    assert cards.voucher_print(db, typed).voucher.code == shop.voucher


def test_a_used_voucher_is_not_printed(db: Database, shop: Shop) -> None:
    rewards.use_voucher(db, shop.voucher)
    with pytest.raises(NotAllowed, match="already used"):
        cards.voucher_print(db, shop.voucher)


def test_an_expired_voucher_is_not_printed(db: Database, shop: Shop, clock) -> None:  # noqa: ANN001
    valid_until = rewards.find_voucher(db, shop.voucher).valid_until
    clock.advance(days=(valid_until - clock.now.date()).days + 2)
    with pytest.raises(NotAllowed, match="expired"):
        cards.voucher_print(db, shop.voucher)
    clock.advance(days=-2)
    assert cards.voucher_print(db, shop.voucher).voucher.valid_until == valid_until


def test_a_donation_has_no_voucher_to_print(db: Database, shop: Shop) -> None:
    reward = rewards.add_reward(db, name="Meal for the shelter", points_cost=10, cause="Shelter")
    done = rewards.redeem_reward(db, card_number=shop.ona, reward_id=reward.id)
    with pytest.raises(NotAllowed, match="donation"):
        cards.voucher_print(db, done.voucher_code)


def test_unknown_and_malformed_codes_are_refused(db: Database, shop: Shop) -> None:
    with pytest.raises(UnknownRecord):
        cards.voucher_print(db, "ABCDE-FGHJK")
    with pytest.raises(InvalidInput):
        cards.voucher_print(db, "nonsense")
