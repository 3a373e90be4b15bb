"""Who may do what: ``require(db, permission)`` at the start of every use case that changes data.

A shop without staff is never refused (it works as before). Once staff exist, someone must be
at the till (``db.actor``), and owner-only actions need an owner. Enforced here, in the
services, so the command line and the window obey the same rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from shopkeeper.domain.acting import Actor
from shopkeeper.domain.staff import (
    IdentityNeeded,
    Permission,
    RoleNeeded,
    needed_role,
    role_allows,
)
from shopkeeper.services.staff import staff_exist
from shopkeeper.storage.database import Database


def require(db: Database, permission: Permission) -> Actor | None:
    """The person allowed to do ``permission`` now (None in a shop without staff); raises
    ``IdentityNeeded`` or ``RoleNeeded`` otherwise. Cheap: one cached check."""
    actor = db.actor
    if actor is None:
        if not staff_exist(db):
            return None
        raise IdentityNeeded(permission)
    if not role_allows(actor.role, permission):
        raise RoleNeeded(permission, needed_role(permission), actor.name)
    return actor


def acting_name(db: Database, given: str | None = None) -> str | None:
    """The name to record as who did it: the one given, else the person at the till."""
    if given:
        return given
    return db.actor.name if db.actor is not None else None


@contextmanager
def acting_as(db: Database, actor: Actor) -> Iterator[None]:
    """Run one action as ``actor`` (an owner approving on the spot), then give the till back
    to whoever was at it. Only the calling thread acts as them."""
    with db.acting(actor):
        yield
