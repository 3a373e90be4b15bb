"""Settings that would orphan data explain and ask; confirmed, they move data, never the ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import func, select

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.tiers import Tier
from shopkeeper.services import programme, rewards, settings_admin
from shopkeeper.services.settings_admin import NeedsConfirmation
from shopkeeper.storage import tables as t


def ledger_rows(db) -> int:  # noqa: ANN001
    with db.read() as session:
        return session.exec(select(func.count()).select_from(t.LedgerEntry)).one()


def test_removing_a_held_tier_asks_then_moves_its_customers_down(db, list_shop) -> None:  # noqa: ANN001
    ladder = programme.load(db).tiers
    bronze = ladder[0]
    before = ledger_rows(db)
    without_bronze = [
        Tier(x.id, x.name, x.threshold - bronze.threshold, x.multiplier, x.colour)
        for x in ladder[1:]
    ]  # noqa: E501
    impact = settings_admin.tier_impact(db, without_bronze)
    assert impact.needs_confirmation
    assert "hold Bronze" in impact.message()
    with pytest.raises(NeedsConfirmation, match="hold Bronze"):
        settings_admin.save_tiers(db, without_bronze)
    assert [x.name for x in programme.load(db).tiers] == ["Bronze", "Silver", "Gold"]
    saved = settings_admin.save_tiers(db, without_bronze, confirm=True)
    assert [x.name for x in saved] == ["Silver", "Gold"]
    with db.read() as session:
        holders = session.exec(select(t.Customer.tier_id).distinct()).all()
    assert bronze.id not in holders
    assert ledger_rows(db) == before


def test_invalid_ladder_is_refused_and_nothing_saved(db) -> None:  # noqa: ANN001
    ladder = programme.load(db).tiers
    swapped = [ladder[1], ladder[0], ladder[2]]
    with pytest.raises(InvalidInput, match="must increase"):
        settings_admin.save_tiers(db, swapped)
    assert programme.load(db).tiers == ladder


def test_rename_and_add_tier(db) -> None:  # noqa: ANN001
    ladder = programme.load(db).tiers
    new = [*ladder[:2], Tier(ladder[2].id, "Auksas", 800, Decimal("1.5"), "#c9a227")]
    new.append(Tier(0, "Platinum", 2000, Decimal("2"), "#e5e4e2"))
    settings_admin.save_tiers(db, new)
    assert [(x.name, x.threshold) for x in programme.load(db).tiers][2:] == [
        ("Auksas", 800),
        ("Platinum", 2000),
    ]


def test_deactivating_a_reward_with_open_vouchers_asks(db, list_shop) -> None:  # noqa: ANN001
    coffee = next(r for r in rewards.list_rewards(db) if r.name == "Free coffee")
    rewards.redeem_reward(db, card_number=list_shop.jonas, reward_id=coffee.id)
    impact = settings_admin.reward_impact(db, coffee.id)
    assert impact.open_vouchers == 1
    fields = dict(
        name="Free coffee", points_cost=100, value_cents=250, valid_days=90, min_tier_id=None,
        cause=None,
    )  # fmt: skip
    with pytest.raises(NeedsConfirmation, match="1 customer voucher"):
        settings_admin.update_reward(db, coffee.id, active=False, **fields)
    assert next(r for r in rewards.list_rewards(db) if r.id == coffee.id).active
    settings_admin.update_reward(db, coffee.id, active=False, confirm=True, **fields)
    assert coffee.id not in {r.id for r in rewards.list_rewards(db)}


def test_causes_show_what_was_given(db, list_shop) -> None:  # noqa: ANN001
    settings_admin.add_cause(db, "Gyvūnų prieglauda")
    gift = rewards.add_reward(
        db, name="Dog meal", points_cost=100, value_cents=300, cause="Gyvūnų prieglauda"
    )  # noqa: E501
    rewards.redeem_reward(db, card_number=list_shop.jonas, reward_id=gift.id)
    [cause] = settings_admin.list_causes(db)
    assert (cause.name, cause.donations, cause.points, cause.value_cents) == (
        "Gyvūnų prieglauda", 1, 100, 300,
    )  # fmt: skip
    with pytest.raises(InvalidInput):
        settings_admin.add_cause(db, "Gyvūnų prieglauda")


def test_shop_profile_and_logo_saved_together(db, tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInput, match="logo"):
        settings_admin.save_shop(
            db, name="Kepykla", address="", country="lt", currency="eur",
            logo_path=str(tmp_path / "missing.png"),
        )  # fmt: skip
    assert settings_admin.shop_settings(db).name == "Test Bakery"
    saved = settings_admin.save_shop(
        db, name="Kepykla", address="Pilies g. 1\nVilnius", country="lt", currency="eur",
        logo_path=None,
    )  # fmt: skip
    assert (saved.country, saved.currency) == ("LT", "EUR")
    assert settings_admin.shop_settings(db) == saved
