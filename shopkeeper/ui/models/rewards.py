"""Rewards: what a customer can take now, and the shop's whole catalogue."""

from __future__ import annotations

from typing import Any

from shopkeeper.i18n import N_, _, ngettext
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.common import RewardOption
from shopkeeper.services.rewards import RewardInfo
from shopkeeper.ui.models.base import RIGHT, Column, RowsModel
from shopkeeper.ui.wording import points_text


def _option_name(option: RewardOption) -> str:
    return _("{name} (donation)").format(name=option.name) if option.is_donation else option.name


def _for_whom(reward: RewardInfo) -> str:
    return _("{tier} and above").format(tier=reward.min_tier) if reward.min_tier else _("everyone")


class AffordableModel(RowsModel):
    """``RewardOption``s from the customer summary or a booking: affordable now, cheapest first."""

    columns = (
        Column(N_("Reward"), _option_name),
        Column(N_("Cost"), lambda o: points_text(o.points_cost), lambda o: o.points_cost, RIGHT),
    )

    def option(self, row: int) -> RewardOption:
        return self.row_object(row)


class CatalogueModel(RowsModel):
    """``RewardInfo``s from ``list_rewards``."""

    def __init__(self, parent: Any = None, *, numbers: Numbers | None = None) -> None:
        super().__init__(parent, numbers=numbers)
        self.columns = (
            Column(N_("Reward"), lambda r: r.name),
            Column(
                N_("Cost"), lambda r: points_text(r.points_cost), lambda r: r.points_cost, RIGHT
            ),
            Column(
                N_("Value"),
                lambda r: self.money_text(r.value_cents),
                lambda r: r.value_cents,
                RIGHT,
            ),
            Column(N_("For"), _for_whom),
            Column(
                N_("Valid"),
                lambda r: ngettext("{n} day", "{n} days", r.valid_days).format(
                    n=self.count_text(r.valid_days)
                ),
                lambda r: r.valid_days,
                RIGHT,
            ),
            Column(N_("Donation to"), lambda r: r.cause or ""),
        )

    def reward(self, row: int) -> RewardInfo:
        return self.row_object(row)
