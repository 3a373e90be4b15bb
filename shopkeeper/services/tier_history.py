"""The tier change log: every write that sets a customer's tier appends a row here, inside the
caller's transaction, so the tier a customer held at any moment since recording began can be
told afterwards (``services.reports.tiers``).

The first row of a customer is an *entry* ("join", "import", or "start" for customers who
existed when recording began, written by migration 0007): it says which tier they start with and
moves nobody out of a tier. Every later row moves one customer from ``from_tier_id`` to
``to_tier_id``, and ``from_tier_id`` is always the tier of their previous row, so the counts at
any moment are the running sum of the rows up to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, insert

from shopkeeper.domain.tiers import Tier
from shopkeeper.storage import tables as t


class Reason(StrEnum):
    JOIN = "join"  # a customer created at the counter or in the back office
    IMPORT = "import"  # a customer created by an import
    START = "start"  # a customer who existed when recording began (migration 0007)
    VISIT = "visit"  # an upgrade the moment a visit crossed a threshold
    REVIEW = "review"  # the month-end review
    SETTINGS = "settings"  # the tier was removed in the settings and its holders moved
    MERGE = "merge"  # two customers merged into one earned a higher tier together


ENTRY_REASONS = (Reason.JOIN, Reason.IMPORT, Reason.START)


def change_row(
    customer_id: int,
    at: datetime,
    from_tier_id: int | None,
    after: Tier | None,
    reason: Reason,
) -> dict[str, object]:
    """One row for ``record``: the customer's tier id until now (None for an entry) and the
    tier they hold from now on."""
    return {
        "customer_id": customer_id,
        "at": at,
        "from_tier_id": from_tier_id,
        "to_tier_id": after.id if after else None,
        "to_tier_name": after.name if after else None,
        "reason": str(reason),
    }


def record(connection: Connection, rows: Iterable[dict[str, object]]) -> int:
    """Append the rows in one bulk statement (in the caller's transaction); how many."""
    rows = list(rows)
    if rows:
        connection.execute(insert(t.TierChange), rows)
    return len(rows)
