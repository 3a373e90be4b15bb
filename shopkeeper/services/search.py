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
from shopkeeper.services.common import merged_into
from shopkeeper.storage import search as search_index
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

MATCH_KINDS = ("card", "card prefix", "name prefix", "word prefix", "name", "phone")
# Longer than any name (120), card or phone: the rest of a pasted page cannot match anything,
# and normalising 10 MB of it took 7 s.
MAX_QUERY = 128

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
    merged_from: str | None = None  # the query was this card, merged into this customer

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
    """Best matches first: exact card, card prefix, name prefix, word prefix, any fragment of
    the name, phone fragment; then by name. Case, accents, spaces and dashes do not matter."""
    limit = max(1, min(limit, 200))
    query = query[:MAX_QUERY]
    with db.read() as session:
        connection = session.connection()
        matches = search_index.find(
            connection,
            query,
            limit=limit,
            include_archived=include_archived,
            phone_digits=_whole_phone(session, query),
        )
        matches, merged = _forwarded(session, query, matches, include_archived)
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
        ordered = sorted(matches, key=lambda m: (m.rank, by_id[m.customer_id][3]))
        return [
            CustomerHit(
                row[1],
                row[2],
                _display_phone(row[4]) if row[4] else None,
                row[5],
                row[6],
                row[7] is not None,
                MATCH_KINDS[m.rank],
                merged.get(m.customer_id),
            )
            for m in ordered
            for row in [by_id[m.customer_id]]
        ]


def _forwarded(
    session,  # noqa: ANN001
    query: str,
    matches: list[search_index.Match],
    include_archived: bool,
) -> tuple[list[search_index.Match], dict[int, str]]:
    """A merged card leads to the customer it was merged into (``services.merge``); with
    archived customers shown, a merged row shows as the customer it became. Also returns the
    kept customer's id -> the merged card the query named."""
    exact = any(m.rank == 0 for m in matches)
    card = query.replace(" ", "").upper()
    old = None
    if not exact and card and len(card) <= 32:
        old = session.exec(
            select(t.Customer.id, t.Customer.card_number).where(
                t.Customer.card_number == card,
                t.Customer.archived_at != None,  # noqa: E711
            )
        ).first()
    moved: dict[int, int] = {}
    if include_archived and matches:
        moved = dict(
            session.exec(
                select(t.CustomerMerge.merged_customer_id, t.CustomerMerge.kept_customer_id).where(
                    t.CustomerMerge.merged_customer_id.in_([m.customer_id for m in matches])
                )
            ).all()
        )
    if old is None and not moved:
        return matches, {}
    result: list[search_index.Match] = []
    merged_from: dict[int, str] = {}
    seen: set[int] = set()

    def add(customer_id: int, rank: int, card_number: str | None = None) -> None:
        if customer_id not in seen:
            seen.add(customer_id)
            result.append(search_index.Match(customer_id, rank))
            if card_number:
                merged_from[customer_id] = card_number

    if old is not None:
        kept = merged_into(session, old[0])
        if kept is not None:
            add(kept, 0, old[1])
    for m in matches:
        if m.customer_id in moved:
            add(merged_into(session, m.customer_id) or m.customer_id, m.rank)
        else:
            add(m.customer_id, m.rank)
    return result, merged_from

