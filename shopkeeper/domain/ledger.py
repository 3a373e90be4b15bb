"""The kinds of points-ledger entries. A balance is the sum of a customer's entries."""

from enum import StrEnum


class Kind(StrEnum):
    VISIT = "visit"
    REDEMPTION = "redemption"
    WELCOME_BONUS = "welcome_bonus"
    BIRTHDAY_BONUS = "birthday_bonus"
    REFERRAL_BONUS = "referral_bonus"
    EXPIRY = "expiry"
    CORRECTION = "correction"
    REVERSAL = "reversal"
    # From an import (see services.importing): the balance a customer brought from the shop's
    # previous system, and a 0-point entry whose note tells how a later import corrected the
    # visits they had there (the count itself, with its import run, is in the
    # ``imported_visits`` table; a new customer's count gets no entry). Neither earns a tier.
    OPENING_BALANCE = "opening_balance"
    IMPORTED_VISITS = "imported_visits"


# Entries that count towards a tier: points earned by spending (a reversal takes them back).
TIER_KINDS = (Kind.VISIT, Kind.REVERSAL)
# Negative entries of every other kind than REVERSAL take points out of the balance oldest-first
# (FIFO); a REVERSAL instead cancels the very entry it reverses.
