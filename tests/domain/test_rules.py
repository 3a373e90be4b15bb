"""Points for a visit: by amount with the shop's rounding, or one stamp a visit, times the tier."""

from decimal import Decimal

import pytest

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.rules import EarningRules, check_visit_amount, points_for_visit

ONE = Decimal("1")


@pytest.mark.parametrize(
    ("rounding", "cents", "points"),
    [
        ("down", 1299, 12),
        ("nearest", 1249, 12),
        ("nearest", 1250, 13),
        ("up", 1201, 13),
        ("up", 1200, 12),
        ("down", 99, 0),
    ],
)
def test_per_amount_rounding_rules(rounding: str, cents: int, points: int) -> None:
    assert points_for_visit(cents, EarningRules(rounding=rounding), ONE) == points


def test_rate_and_multiplier_are_applied_before_rounding_once() -> None:
    rules = EarningRules(points_per_unit=Decimal("2.5"), rounding="down")
    # 3.30 * 2.5 = 8.25, * 1.5 = 12.375 -> 12 (rounding each step would give 8 * 1.5 = 12 too,
    # but 4.10 * 2.5 = 10.25 * 1.25 = 12.8125 -> 12, against 10 * 1.25 = 12.5 -> 12)
    assert points_for_visit(330, rules, Decimal("1.5")) == 12
    assert points_for_visit(1000, rules, Decimal("1.25")) == 31  # 31.25
    assert points_for_visit(1000, EarningRules(rounding="up"), Decimal("1.25")) == 13  # 12.5


def test_stamp_card_mode_gives_stamps_per_visit_whatever_the_amount() -> None:
    rules = EarningRules(mode="per_visit", points_per_visit=1)
    assert points_for_visit(50, rules, ONE) == 1
    assert points_for_visit(90_000, rules, ONE) == 1
    assert points_for_visit(0, rules, ONE) == 1  # a stamp card needs no amount
    assert (
        points_for_visit(0, EarningRules(mode="per_visit", points_per_visit=2), Decimal("1.5")) == 3
    )


def test_amount_limits() -> None:
    rules = EarningRules(max_amount_cents=10_000)
    with pytest.raises(InvalidInput, match="more than zero"):
        points_for_visit(0, rules, ONE)
    with pytest.raises(InvalidInput, match="cannot be negative"):
        check_visit_amount(-500, rules)
    with pytest.raises(InvalidInput, match="100.01 is over the maximum of 100.00"):
        points_for_visit(10_001, rules, ONE)
    assert points_for_visit(10_000, rules, ONE) == 100


@pytest.mark.parametrize(
    "bad",
    [
        {"mode": "per_hour"},
        {"rounding": "banker"},
        {"points_per_unit": Decimal("-1")},
        {"welcome_bonus": -5},
        {"expiry_months": -1},
        {"max_amount_cents": 0},
    ],
)
def test_impossible_programmes_are_refused(bad: dict) -> None:
    with pytest.raises(InvalidInput):
        EarningRules(**bad)
