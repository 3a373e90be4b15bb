"""Net Promoter Score rules: plain Python, no Qt, no database.

A response is a score 0–10 to "How likely are you to recommend us?". Promoters answer 9–10,
passives 7–8, detractors 0–6. NPS = % promoters − % detractors, a whole number from −100 to 100.

Rounding: the exact value ``100 * (promoters − detractors) / responses`` is rounded half away
from zero to a whole number (NPS is always told as a whole number; Python's ``round`` would
round 12.5 to 12 and −12.5 to −12, so a shop's figure would depend on its sign). No responses:
no NPS (``None``), never 0, which would read as "as many detractors as promoters".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_SCORE = 0
MAX_SCORE = 10
PROMOTER_FROM = 9
PASSIVE_FROM = 7
PROBLEM_BELOW = PASSIVE_FROM  # a detractor's answer (0–6) opens a problem to follow up

PROMOTER = "promoter"
PASSIVE = "passive"
DETRACTOR = "detractor"


def is_score(value: object) -> bool:
    """A whole number 0–10 (``True``/``False`` are not scores)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10


def category(score: int) -> str:
    """Which group a score puts the customer in."""
    if not is_score(score):
        raise ValueError(f"not a score 0-10: {score!r}")
    if score >= PROMOTER_FROM:
        return PROMOTER
    if score >= PASSIVE_FROM:
        return PASSIVE
    return DETRACTOR


def opens_problem(score: int) -> bool:
    """A detractor's answer: someone should follow it up (close the loop)."""
    return category(score) == DETRACTOR


def nps_value(promoters: int, detractors: int, responses: int) -> int | None:
    """% promoters − % detractors, rounded half away from zero; None without responses."""
    if responses <= 0:
        return None
    exact = Decimal(100 * (promoters - detractors)) / Decimal(responses)
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Tally:
    """The counts behind one NPS figure."""

    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @property
    def responses(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def nps(self) -> int | None:
        return nps_value(self.promoters, self.detractors, self.responses)

    def add(self, score: int, count: int = 1) -> Tally:
        group = category(score)
        return Tally(
            self.promoters + (count if group == PROMOTER else 0),
            self.passives + (count if group == PASSIVE else 0),
            self.detractors + (count if group == DETRACTOR else 0),
        )


def tally(scores: Iterable[int]) -> Tally:
    result = Tally()
    for score in scores:
        result = result.add(score)
    return result
