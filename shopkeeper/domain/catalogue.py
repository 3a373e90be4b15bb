"""What makes a reward in the catalogue valid (the same rule when adding and when editing)."""

from shopkeeper.i18n import _

from .errors import InvalidInput
from .text import clean_line


def clean_reward(name: str, points_cost: int, value_cents: int, valid_days: int) -> str:
    """The reward's cleaned name; refuses an empty name, a free reward, a negative value or a
    voucher that is never valid."""
    name = clean_line(name, field=_("reward name"), max_length=120)
    if not name:
        raise InvalidInput(_("The reward needs a name."))
    if points_cost <= 0:
        raise InvalidInput(_("A reward must cost at least one point."))
    if value_cents < 0 or valid_days <= 0:
        raise InvalidInput(
            _("The value cannot be negative and the validity must be positive.")
        )
    return name
