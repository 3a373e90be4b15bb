"""Tiers: upgrade the moment a visit crosses a threshold, down only at the month-end review."""

from decimal import Decimal

import pytest

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.tiers import (
    Tier,
    can_rise,
    check_tier_ladder,
    progress,
    tier_after_visit,
    tier_at_review,
    tier_for,
)

BRONZE = Tier(1, "Bronze", 0, Decimal("1"))
SILVER = Tier(2, "Silver", 250, Decimal("1.25"))
GOLD = Tier(3, "Gold", 750, Decimal("1.5"))
LADDER = [BRONZE, SILVER, GOLD]


@pytest.mark.parametrize(
    ("points", "tier"), [(0, BRONZE), (249, BRONZE), (250, SILVER), (749, SILVER), (9999, GOLD)]
)
def test_tier_for_points(points: int, tier: Tier) -> None:
    assert tier_for(points, LADDER) == tier


def test_no_tier_below_the_lowest_threshold() -> None:
    assert tier_for(10, [SILVER, GOLD]) is None


def test_a_visit_upgrades_at_once() -> None:
    assert tier_after_visit(BRONZE, 250, LADDER) == SILVER
    assert tier_after_visit(BRONZE, 800, LADDER) == GOLD
    assert tier_after_visit(None, 0, LADDER) == BRONZE


def test_a_visit_never_downgrades_mid_month() -> None:
    assert tier_after_visit(GOLD, 10, LADDER) == GOLD
    assert tier_after_visit(SILVER, 0, LADDER) == SILVER


def test_only_a_tier_below_the_top_can_rise() -> None:
    assert can_rise(None, LADDER) and can_rise(BRONZE, LADDER) and can_rise(SILVER, LADDER)
    assert not can_rise(GOLD, LADDER)
    assert not can_rise(None, [])
    # A tier the ladder no longer has (deleted since) ranks below every tier: it can rise.
    assert can_rise(Tier(9, "Old", 0, Decimal("1")), LADDER)


def test_the_review_can_downgrade() -> None:
    assert tier_at_review(10, LADDER) == BRONZE
    assert tier_at_review(300, LADDER) == SILVER


def test_progress_to_the_next_tier() -> None:
    step = progress(SILVER, 710, LADDER)
    assert (step.next_tier, step.points_to_next) == (GOLD, 40)  # "40 points to Gold"
    assert step.fraction == pytest.approx((710 - 250) / 500)
    start = progress(BRONZE, 0, LADDER)
    assert (start.next_tier, start.points_to_next, start.fraction) == (SILVER, 250, 0.0)


def test_progress_at_the_top_and_for_a_kept_tier() -> None:
    top = progress(GOLD, 900, LADDER)
    assert (top.next_tier, top.points_to_next, top.fraction) == (None, 0, 1.0)
    # Gold kept until the review although the year's points fell: nothing above, nothing owed.
    assert progress(GOLD, 100, LADDER).next_tier is None
    # Silver held with fewer points than Silver needs: the next step is still Gold, from 0 %.
    held = progress(SILVER, 100, LADDER)
    assert (held.next_tier, held.points_to_next, held.fraction) == (GOLD, 650, 0.0)


def test_ladder_must_increase_and_multipliers_be_positive() -> None:
    check_tier_ladder(LADDER)
    with pytest.raises(InvalidInput, match="Gold .750. is not above Silver"):
        check_tier_ladder([BRONZE, Tier(2, "Silver", 750), Tier(3, "Gold", 750)])
    with pytest.raises(InvalidInput, match="must be positive"):
        check_tier_ladder([BRONZE, Tier(2, "Silver", 250, Decimal("0"))])
    with pytest.raises(InvalidInput, match="cannot be negative"):
        check_tier_ladder([Tier(1, "Minus", -1), SILVER])
