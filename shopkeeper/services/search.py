"""Finding a customer from one string: card, phone fragment or name fragment."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, select

from shopkeeper.domain.contact import format_phone, normalise_phone
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.text import digits_only
from shopkeeper.services import programme
from shopkeeper.storage import search as search_index
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

MATCH_KINDS = ("card", "card prefix", "name prefix", "word prefix", "name", "phone")

# The display form of a stored (E.164) phone. Parsing and formatting cost 25 us a hit, half of
# a 20-hit search; searching as one types shows the same customers keystroke after keystroke.
_display_phone = lru_cache(maxsize=20_000)(format_phone)


@dataclass(frozen=True)
class CustomerHit:
    card_number: str
    name: str
    phone: str | None  # display form
    tier: str | None
    points_balance: int
    archived: bool
    match: str  # one of MATCH_KINDS

    @property
    def exact_card(self) -> bool:
        return self.match == "card"


def _whole_phone(session, query: str) -> str | None:  # noqa: ANN001 - Session or Connection
    """The query as a complete number in the shop's country ("8 612 34567"), as E.164 digits:
    stored phones are E.164, so a national form is no fragment of them."""
    if len(digits_only(query)) < 6 or not set(query.strip()) <= search_index.PHONE_CHARS:
        return None
    try:
        return digits_only(normalise_phone(query, _shop_country(session)))
    except InvalidInput:
        return None


def _shop_country(session) -> str:  # noqa: ANN001 - Session or Connection
    """Only the shop's country: loading the whole programme took 0.7 ms of every search."""
    setting = t.Setting.__table__
    row = session.execute(select(setting.c.value).where(setting.c.key == "shop")).scalar()
    country = json.loads(row).get("country") if row else None
    return country or programme.ShopProfile.country


@contextmanager
def _reading(db: Database) -> Iterator[Connection]:
    """SQLite: the usual read session. PostgreSQL: a connection in autocommit, because a search
    is one statement (atomic by itself) and BEGIN and ROLLBACK were two of its round trips
    to the server."""
    if db.is_sqlite:
        with db.read() as session:
            yield session.connection()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        yield connection


def search_customers(
    db: Database, query: str, *, limit: int = 20, include_archived: bool = False
) -> list[CustomerHit]:
    """Best matches first: exact card, card prefix, name prefix, word prefix, every word of
    the query inside the name, phone fragment; then by name key and id (the same hits in the
    same order on SQLite and PostgreSQL, see ``storage.search.find``). Case, accents, spaces
    and dashes do not matter."""
    limit = max(1, min(limit, 200))
    with _reading(db) as connection:
        found = search_index.find_rows(
            connection,
            query,
            limit=limit,
            include_archived=include_archived,
            phone_digits=_whole_phone(connection, query),
        )
    # Python compares strings by code point: SQLite's BINARY, PostgreSQL's COLLATE "C".
    found.sort(key=lambda hit: (hit[0].rank, hit[1][2], hit[0].customer_id))
    return [
        CustomerHit(
            card,
            name,
            _display_phone(phone) if phone else None,
            tier,
            balance,
            archived_at is not None,
            MATCH_KINDS[match.rank],
        )
        for match, (card, name, _key, phone, tier, balance, archived_at) in found
    ]
