"""Possible duplicate customers among those stored (the rules are in ``domain.duplicates``).

The import preview asks about the rows of a file; ``possible_duplicates`` asks about one stored
customer (for a merge: which other card may be the same person). Nothing is changed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from shopkeeper.domain.duplicates import DuplicateFinder, Person
from shopkeeper.services.common import customer_by_card
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

C = t.Customer.__table__


@dataclass(frozen=True)
class Duplicate:
    card_number: str
    name: str
    reason: str  # domain.duplicates.SAME_NAME_AND_BIRTHDAY or CLOSE_NAME_AND_PHONE


def load_finder(connection: Connection) -> DuplicateFinder:
    """Every live (not archived) customer in a ``DuplicateFinder``."""
    rows = connection.execute(
        select(C.c.id, C.c.name, C.c.birthday, C.c.phone).where(C.c.archived_at.is_(None))
    )
    return DuplicateFinder(Person(r[0], r[1], r[2], r[3]) for r in rows)


def possible_duplicates(db: Database, card_number: str) -> list[Duplicate]:
    """The live customers who may be the same person as the holder of ``card_number``."""
    with db.read() as session:
        customer = customer_by_card(session, card_number)
        connection = session.connection()
        found = load_finder(connection).find(
            Person(customer.id, customer.name, customer.birthday, customer.phone)
        )
        if not found:
            return []
        names = {
            r[0]: (r[1], r[2])
            for r in connection.execute(
                select(C.c.id, C.c.card_number, C.c.name).where(
                    C.c.id.in_([d.id for d in found])
                )
            )
        }
    return [Duplicate(names[d.id][0], names[d.id][1], d.reason) for d in found]
