"""Finding a customer from one string: card, phone fragment or name fragment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from sqlmodel import select

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


def _whole_phone(session, query: str) -> str | None:  # noqa: ANN001
    """The query as a complete number in the shop's country ("8 612 34567"), as E.164 digits:
    stored phones are E.164, so a national form is no fragment of them."""
    if len(digits_only(query)) < 6 or not set(query.strip()) <= search_index.PHONE_CHARS:
        return None
    try:
        return digits_only(normalise_phone(query, _shop_country(session)))
    except InvalidInput:
        return None


def _shop_country(session) -> str:  # noqa: ANN001
    """Only the shop's country: loading the whole programme took 0.7 ms of every search."""
    row = session.exec(select(t.Setting.value).where(t.Setting.key == "shop")).first()
    country = json.loads(row).get("country") if row else None
    return country or programme.ShopProfile.country


def search_customers(
    db: Database, query: str, *, limit: int = 20, include_archived: bool = False
) -> list[CustomerHit]:
    """Best matches first: exact card, card prefix, name prefix, word prefix, every word of
    the query inside the name, phone fragment; then by name key and id (the same hits in the
    same order on SQLite and PostgreSQL, see ``storage.search.find``). Case, accents, spaces
    and dashes do not matter."""
    limit = max(1, min(limit, 200))
    with db.read() as session:
        connection = session.connection()
        matches = search_index.find(
            connection,
            query,
            limit=limit,
            include_archived=include_archived,
            phone_digits=_whole_phone(session, query),
        )
        if not matches:
            return []
        ids = [m.customer_id for m in matches]
        rows = session.exec(
            select(
                t.Customer.id,
                t.Customer.card_number,
                t.Customer.name,
                t.Customer.name_key,
                t.Customer.phone,
                t.Tier.name,
                t.Customer.points_balance,
                t.Customer.archived_at,
            )
            .join(t.Tier, t.Tier.id == t.Customer.tier_id, isouter=True)
            .where(t.Customer.id.in_(ids))
        ).all()
        by_id = {row[0]: row for row in rows}
        # Python compares strings by code point: SQLite's BINARY, PostgreSQL's COLLATE "C".
        ordered = sorted(
            matches, key=lambda m: (m.rank, by_id[m.customer_id][3], m.customer_id)
        )
        return [
            CustomerHit(
                row[1],
                row[2],
                _display_phone(row[4]) if row[4] else None,
                row[5],
                row[6],
                row[7] is not None,
                MATCH_KINDS[m.rank],
            )
            for m in ordered
            for row in [by_id[m.customer_id]]
        ]
