"""A ledger entry's kind in words (the window's points history, printed statements)."""

from __future__ import annotations

from shopkeeper.domain.ledger import Kind
from shopkeeper.i18n import N_, _

KIND_LABELS: dict[str, str] = {
    Kind.VISIT: N_("Visit"),
    Kind.REDEMPTION: N_("Reward redeemed"),
    Kind.WELCOME_BONUS: N_("Welcome bonus"),
    Kind.BIRTHDAY_BONUS: N_("Birthday bonus"),
    Kind.REFERRAL_BONUS: N_("Referral bonus"),
    Kind.EXPIRY: N_("Points expired"),
    Kind.CORRECTION: N_("Correction"),
    Kind.REVERSAL: N_("Reversal"),
    Kind.OPENING_BALANCE: N_("Opening balance (import)"),
    Kind.IMPORTED_VISITS: N_("Visits before (import)"),
}


def kind_label(kind: str) -> str:
    """The words for a kind; an unknown kind (a newer version's) shows as itself."""
    label = KIND_LABELS.get(kind)
    return _(label) if label else str(kind).replace("_", " ").capitalize()
