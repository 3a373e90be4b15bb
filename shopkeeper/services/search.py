"""Finding a customer from one string: card, phone fragment or name fragment."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, select, text
from sqlmodel import Session

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
    # NUL can be in no name, card or phone (and PostgreSQL text refuses it).
    query = query[:MAX_QUERY].replace("\x00", "")
    with _reading(db) as connection:
        found = search_index.find_rows(
            connection,
            query,
            limit=limit,
            include_archived=include_archived,
            phone_digits=_whole_phone(connection, query),
        )
        found, merged = _forwarded(connection, query, found, include_archived)
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
            merged.get(match.customer_id),
        )
        for match, (card, name, _key, phone, tier, balance, archived_at) in found
    ]


Found = list[tuple[search_index.Match, tuple]]


def _forwarded(
    connection: Connection, query: str, found: Found, include_archived: bool
) -> tuple[Found, dict[int, str]]:
    """A merged card leads to the customer it was merged into (``services.merge``); with
    archived customers shown, a merged row shows as the customer it became. Also returns the
    kept customer's id -> the merged card the query named."""
    exact = any(m.rank == 0 for m, _row in found)
    card = query.replace(" ", "").upper()
    session = Session(bind=connection)
    old = None
    if not exact and card and len(card) <= 32:
        old = session.execute(
            select(t.Customer.id, t.Customer.card_number).where(
                t.Customer.card_number == card,
                t.Customer.archived_at != None,  # noqa: E711
            )
        ).first()
    moved: dict[int, int] = {}
    if include_archived and found:
        moved = dict(
            session.execute(
                select(t.CustomerMerge.merged_customer_id, t.CustomerMerge.kept_customer_id).where(
                    t.CustomerMerge.merged_customer_id.in_([m.customer_id for m, _row in found])
                )
            ).all()
        )
    if old is None and not moved:
        return found, {}
    wanted: list[tuple[int, int, str | None]] = []  # (customer id, rank, the merged card named)
    if old is not None:
        kept = merged_into(session, old[0])
        if kept is not None:
            wanted.append((kept, 0, old[1]))
    for m, _row in found:
        target = merged_into(session, m.customer_id) if m.customer_id in moved else None
        wanted.append((target or m.customer_id, m.rank, None))
    rows = {m.customer_id: row for m, row in found}
    missing = {cid for cid, _rank, _card in wanted if cid not in rows}
    if missing:
        ids = ",".join(str(int(cid)) for cid in missing)
        for row in connection.execute(
            text(
                f"SELECT c.id, {search_index.HIT_COLUMNS} FROM customer c "
                f"LEFT JOIN tier r ON r.id = c.tier_id WHERE c.id IN ({ids})"
            )
        ):
            rows[row[0]] = tuple(row[1:])
    result: Found = []
    merged_from: dict[int, str] = {}
    seen: set[int] = set()
    for cid, rank, named in wanted:
        if cid in seen or cid not in rows:
            continue
        seen.add(cid)
        result.append((search_index.Match(cid, rank), rows[cid]))
        if named:
            merged_from[cid] = named
    return result, merged_from
