"""Tiers are earned by points collected in a rolling twelve months.

An upgrade happens the moment a visit crosses a threshold; a downgrade waits for the month-end
review, so nobody loses a tier in the middle of a month.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from shopkeeper.i18n import _

from .errors import InvalidInput


@dataclass(frozen=True)
class Tier:
    id: int
    name: str
    threshold: int  # points earned in the last 12 months needed to hold the tier
    multiplier: Decimal = Decimal("1")
    colour: str = "#9e9e9e"


@dataclass(frozen=True)
class TierProgress:
    tier: Tier | None
    next_tier: Tier | None
    points_to_next: int  # 0 at the top tier
    fraction: float  # 0..1 of the way from this tier's threshold to the next one's


def check_tier_ladder(tiers: Sequence[Tier]) -> None:
    """Thresholds must strictly increase in order; the first tier usually starts at 0."""
    if not tiers:
        return
    for lower, upper in zip(tiers, tiers[1:], strict=False):
        if upper.threshold <= lower.threshold:
            raise InvalidInput(
                _(
                    "Tier thresholds must increase: {upper} ({upper_threshold}) is not above "
                    "{lower} ({lower_threshold})."
                ).format(
                    upper=upper.name,
                    upper_threshold=upper.threshold,
                    lower=lower.name,
                    lower_threshold=lower.threshold,
                )
            )
    if tiers[0].threshold < 0:
        raise InvalidInput(_("A tier threshold cannot be negative."))
    for tier in tiers:
        if tier.multiplier <= 0:
            raise InvalidInput(
                _("The multiplier of {tier} must be positive.").format(tier=tier.name)
            )


def tier_for(points_12m: int, tiers: Sequence[Tier]) -> Tier | None:
    """The highest tier whose threshold the points reach (tiers sorted by threshold)."""
    reached = None
    for tier in tiers:
        if points_12m >= tier.threshold:
            reached = tier
    return reached


def rank(tier: Tier | None, tiers: Sequence[Tier]) -> int:
    return -1 if tier is None else next((i for i, t in enumerate(tiers) if t.id == tier.id), -1)


def tier_after_visit(current: Tier | None, points_12m: int, tiers: Sequence[Tier]) -> Tier | None:
    """Upgrade at once, never downgrade between reviews."""
    earned = tier_for(points_12m, tiers)
    return earned if rank(earned, tiers) > rank(current, tiers) else current


def can_rise(current: Tier | None, tiers: Sequence[Tier]) -> bool:
    """Whether a tier above ``current`` exists (at the top, a visit cannot change the tier)."""
    return rank(current, tiers) < len(tiers) - 1


def tier_at_review(points_12m: int, tiers: Sequence[Tier]) -> Tier | None:
    """At the month-end review the tier is simply what the last twelve months earned."""
    return tier_for(points_12m, tiers)


def progress(current: Tier | None, points_12m: int, tiers: Sequence[Tier]) -> TierProgress:
    """How far the customer is from the next tier above the one they hold."""
    above = [t for t in tiers if rank(t, tiers) > rank(current, tiers)]
    if not above:
        return TierProgress(current, None, 0, 1.0)
    nxt = above[0]
    base = current.threshold if current else 0
    span = max(1, nxt.threshold - base)
    to_next = max(0, nxt.threshold - points_12m)
    fraction = min(1.0, max(0.0, (points_12m - base) / span))
    return TierProgress(current, nxt, to_next, fraction)
