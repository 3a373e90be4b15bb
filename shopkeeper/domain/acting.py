"""Who is acting: the person at this till, as every service sees them.

A till is used by one person at a time, so the person is a property of the open ``Database``
(``db.actor``), like its clock: the command line sets it from ``--as NAME`` and the PIN, the
window when someone switches person. ``None`` means a shop without staff (a one-person shop),
which works as before: nothing is refused and changes are recorded without a name.
"""

from __future__ import annotations

from dataclasses import dataclass

OWNER = "owner"
STAFF = "staff"
ROLES = (OWNER, STAFF)


@dataclass(frozen=True)
class Actor:
    """A staff member who proved who they are (their PIN) at this till."""

    staff_id: int
    name: str
    role: str  # OWNER or STAFF

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER
