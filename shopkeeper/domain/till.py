"""What a till may take back on its own: what it booked today.

A mistake noticed at once (the wrong amount, the wrong customer, a double Enter) is undone at
the till that made it, the same day. Anything older, or booked at another till, is a correction
for the back office, with its reason.
"""

from __future__ import annotations

from datetime import date, datetime

from shopkeeper.domain.calendar import local_date
from shopkeeper.i18n import _


def undoable_here(
    booked_at: datetime, booked_till: str | None, *, today: date, till: str | None
) -> bool:
    """True when something booked at ``booked_at`` by ``booked_till`` may be undone now at
    ``till``: the same till (a known one) and the shop's same day."""
    return bool(till) and booked_till == till and local_date(booked_at) == today


def why_not_undoable(
    booked_at: datetime, booked_till: str | None, *, today: date, till: str | None
) -> str | None:
    """The reason a till may not undo it, in one line, or None when it may."""
    if undoable_here(booked_at, booked_till, today=today, till=till):
        return None
    if local_date(booked_at) != today:
        return _(
            "Only what was booked today can be undone here; older bookings need a correction."
        )
    return _("This was booked at another till; undo it there, or make a correction.")
