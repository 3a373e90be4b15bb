"""What a customer is worth: the rules of the customer value report, on plain numbers."""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil
from statistics import mean, median

DAYS_PER_MONTH = 365.25 / 12
TOP_SHARES = (10, 20)  # percent of customers whose share of revenue the report gives


def top_count(customers: int, percent: int) -> int:
    """How many customers make the top ``percent`` %: rounded up, so a shop of five still has a
    top 10 % (its best customer); none in an empty shop."""
    return ceil(customers * percent / 100) if customers > 0 else 0


def top_share(spends: Sequence[int], percent: int) -> float | None:
    """The share of all spend (percent, one decimal) made by the top ``percent`` % of customers
    by spend; None when nobody has spent anything."""
    total = sum(spends)
    if total <= 0:
        return None
    best = sorted(spends, reverse=True)[: top_count(len(spends), percent)]
    return round(100 * sum(best) / total, 1)


def monthly_spend(spend_cents: int, tenure_days: int) -> int:
    """Average spend per month since joining, in whole cents; the first month counts as a
    whole month (a customer of a week is not worth four times their spend a month)."""
    months = max(tenure_days / DAYS_PER_MONTH, 1.0)
    return round(spend_cents / months)


def multiple(lifetime_cents: int, first_visit_cents: int) -> float | None:
    """Lifetime spend as a multiple of the first visit's spend (None for a free first visit)."""
    if first_visit_cents <= 0:
        return None
    return lifetime_cents / first_visit_cents


def multiples_summary(multiples: Sequence[float]) -> tuple[float | None, float | None]:
    """(median, mean) of the multiples, two decimals; None for none."""
    if not multiples:
        return None, None
    return round(float(median(multiples)), 2), round(float(mean(multiples)), 2)
