"""A reward's validity rule, without a database."""

import pytest

from shopkeeper.domain.catalogue import clean_reward
from shopkeeper.domain.errors import InvalidInput


def test_a_valid_reward_keeps_its_cleaned_name() -> None:
    assert clean_reward("  Kava dovanų ☕ ", 100, 250, 30) == "Kava dovanų ☕"


@pytest.mark.parametrize(
    ("name", "cost", "value", "days", "message"),
    [
        ("   ", 100, 0, 30, "needs a name"),
        ("Cake", 0, 0, 30, "at least one point"),
        ("Cake", 100, -1, 30, "cannot be negative"),
        ("Cake", 100, 0, 0, "validity must be positive"),
    ],
)
def test_an_invalid_reward_is_refused_with_the_reason(name, cost, value, days, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        clean_reward(name, cost, value, days)
