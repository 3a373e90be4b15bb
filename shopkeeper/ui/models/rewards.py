"""Rewards: what a customer can take now, and the shop's whole catalogue."""

from __future__ import annotations

from shopkeeper.domain.money import format_cents
from shopkeeper.services.common import RewardOption
from shopkeeper.services.rewards import RewardInfo
from shopkeeper.ui.models.base import RIGHT, Column, RowsModel
from shopkeeper.ui.wording import points_text


def _option_name(option: RewardOption) -> str:
    return f"{option.name} (donation)" if option.is_donation else option.name


class AffordableModel(RowsModel):
    """``RewardOption``s from the customer summary or a booking: affordable now, cheapest first."""

    columns = (
        Column("Reward", _option_name),
        Column("Cost", lambda o: points_text(o.points_cost), lambda o: o.points_cost, RIGHT),
    )

    def option(self, row: int) -> RewardOption:
        return self.row_object(row)


class CatalogueModel(RowsModel):
    """``RewardInfo``s from ``list_rewards``."""

    columns = (
        Column("Reward", lambda r: r.name),
        Column("Cost", lambda r: points_text(r.points_cost), lambda r: r.points_cost, RIGHT),
        Column("Value", lambda r: format_cents(r.value_cents), lambda r: r.value_cents, RIGHT),
        Column("For", lambda r: f"{r.min_tier} and above" if r.min_tier else "everyone"),
        Column("Valid", lambda r: f"{r.valid_days} days", lambda r: r.valid_days, RIGHT),
        Column("Donation to", lambda r: r.cause or ""),
    )

    def reward(self, row: int) -> RewardInfo:
        return self.row_object(row)
