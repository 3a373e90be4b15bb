"""How a visit turns into points, and the bonuses a programme gives."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

from shopkeeper.i18n import N_, _

from .errors import InvalidInput

EarningMode = Literal["per_amount", "per_visit"]
Rounding = Literal["down", "nearest", "up"]

_ROUNDING = {"down": ROUND_FLOOR, "nearest": ROUND_HALF_UP, "up": ROUND_CEILING}
_NOT_NEGATIVE = {
    "welcome_bonus": N_("Welcome bonus cannot be negative."),
    "birthday_bonus": N_("Birthday bonus cannot be negative."),
    "referral_bonus": N_("Referral bonus cannot be negative."),
    "expiry_months": N_("Expiry months cannot be negative."),
}


@dataclass(frozen=True)
class EarningRules:
    """A shop's earning programme. Stored in the shop settings; defaults suit a small bakery."""

    mode: EarningMode = "per_amount"
    points_per_unit: Decimal = Decimal("1")  # points per whole currency unit spent
    rounding: Rounding = "down"
    points_per_visit: int = 1  # stamp-card mode: one stamp a visit
    welcome_bonus: int = 50
    birthday_bonus: int = 100
    referral_bonus: int = 100
    expiry_months: int = 12  # 0: points never expire
    max_amount_cents: int = 100_000  # refuse a visit over 1,000.00: almost surely a typo

    def __post_init__(self) -> None:
        if self.mode not in ("per_amount", "per_visit"):
            raise InvalidInput(
                _("Unknown earning mode {mode}.").format(mode=repr(self.mode))
            )
        if self.rounding not in _ROUNDING:
            raise InvalidInput(
                _("Unknown rounding {rounding}.").format(rounding=repr(self.rounding))
            )
        if self.points_per_unit < 0 or self.points_per_visit < 0:
            raise InvalidInput(_("Points rates cannot be negative."))
        for name, message in _NOT_NEGATIVE.items():
            if getattr(self, name) < 0:
                raise InvalidInput(_(message))
        if self.max_amount_cents <= 0:
            raise InvalidInput(_("The maximum amount per visit must be positive."))


def check_visit_amount(amount_cents: int, rules: EarningRules) -> None:
    if amount_cents < 0:
        raise InvalidInput(_("The amount cannot be negative."))
    if rules.mode == "per_amount" and amount_cents == 0:
        raise InvalidInput(_("The amount must be more than zero."))
    if amount_cents > rules.max_amount_cents:
        raise InvalidInput(
            _(
                "The amount {amount} is over the maximum of {maximum} per visit; "
                "check it or raise the limit."
            ).format(
                amount=f"{amount_cents / 100:.2f}", maximum=f"{rules.max_amount_cents / 100:.2f}"
            )
        )


def points_for_visit(amount_cents: int, rules: EarningRules, multiplier: Decimal) -> int:
    """Points a visit earns: by amount or per visit, times the tier's multiplier, rounded once."""
    check_visit_amount(amount_cents, rules)
    if rules.mode == "per_visit":
        raw = Decimal(rules.points_per_visit) * multiplier
    else:
        raw = Decimal(amount_cents) * rules.points_per_unit * multiplier / 100
    return int(raw.to_integral_value(rounding=_ROUNDING[rules.rounding]))
