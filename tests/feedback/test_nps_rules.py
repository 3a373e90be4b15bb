"""The NPS rules checked against figures worked out by hand."""

from __future__ import annotations

import pytest

from shopkeeper.domain.nps import (
    DETRACTOR,
    PASSIVE,
    PROMOTER,
    Tally,
    category,
    is_score,
    nps_value,
    opens_problem,
    tally,
)


def test_groups_at_their_edges() -> None:
    assert [category(s) for s in range(11)] == [DETRACTOR] * 7 + [PASSIVE] * 2 + [PROMOTER] * 2
    assert [s for s in range(11) if opens_problem(s)] == [0, 1, 2, 3, 4, 5, 6]


def test_ten_responses_five_promoters_three_passives_two_detractors_is_30() -> None:
    t = tally([10, 9, 9, 10, 9, 7, 8, 7, 6, 0])
    assert (t.promoters, t.passives, t.detractors, t.responses) == (5, 3, 2, 10)
    assert t.nps == 30  # 50 % − 20 %


def test_no_responses_no_nps_not_zero() -> None:
    assert Tally().nps is None
    assert tally([]).responses == 0
    assert nps_value(0, 0, 0) is None
    # as many promoters as detractors is a real 0
    assert tally([10, 0]).nps == 0


def test_extremes_and_rounding_half_away_from_zero() -> None:
    assert tally([10, 9, 10]).nps == 100
    assert tally([0, 3, 6]).nps == -100
    assert tally([7, 8]).nps == 0
    # 1 promoter of 8 responses: 12.5 -> 13; 1 detractor of 8: -12.5 -> -13
    assert tally([9] + [7] * 7).nps == 13
    assert tally([6] + [7] * 7).nps == -13
    # 1 of 3: 33.33 -> 33; 2 of 3: 66.67 -> 67
    assert tally([10, 7, 7]).nps == 33
    assert tally([10, 10, 7]).nps == 67


@pytest.mark.parametrize("bad", [-1, 11, 5.5, "7", None, True])
def test_what_is_not_a_score(bad: object) -> None:
    assert not is_score(bad)
    with pytest.raises(ValueError):
        category(bad)  # type: ignore[arg-type]
