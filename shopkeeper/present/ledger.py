"""A ledger entry's kind in words (the window's points history, printed statements)."""

from __future__ import annotations

from shopkeeper.domain.ledger import Kind

KIND_LABELS: dict[str, str] = {
    Kind.VISIT: "Visit",
    Kind.REDEMPTION: "Reward redeemed",
    Kind.WELCOME_BONUS: "Welcome bonus",
    Kind.BIRTHDAY_BONUS: "Birthday bonus",
    Kind.REFERRAL_BONUS: "Referral bonus",
    Kind.EXPIRY: "Points expired",
    Kind.CORRECTION: "Correction",
    Kind.REVERSAL: "Reversal",
    Kind.OPENING_BALANCE: "Opening balance (import)",
    Kind.IMPORTED_VISITS: "Visits before (import)",
}


def kind_label(kind: str) -> str:
    """The words for a kind; an unknown kind (a newer version's) shows as itself."""
    return KIND_LABELS.get(kind, str(kind).replace("_", " ").capitalize())
