"""The customer search index and its queries: fast for any fragment, in any script.

Three kinds of index answer a search, each bounded by a ``LIMIT`` so that a common fragment never
scans the whole table:

* B-tree ranges on ``customer.card_number`` and ``customer.name_key`` (card and name prefixes);
* ``search_token``: words of the name (word prefixes, "Jo" finds "Ona Jonaitienė") and CJK single
  characters and pairs ("小明" finds "王小明"), for fragments below three characters;
* for fragments of three characters or more: on SQLite ``customer_fts``, an FTS5 trigram table
  over the name key and the phone digits; on PostgreSQL ``pg_trgm`` GIN indexes on
  ``customer.name_key`` and ``customer.phone`` (migration 0014) answering ``LIKE '%...%'``.

Both engines run the same queries in the same order and compare in code-point order (SQLite's
BINARY, PostgreSQL's ``COLLATE "C"`` columns), so a query gives the same ranked hits on both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from shopkeeper.domain.text import digits_only, search_key, search_tokens

PHONE_CHARS = set("0123456789 +-()./")
PG_ONLY_INDEX = "pgx_"  # name prefix of the PostgreSQL-only indexes of migration 0014
HIGHEST = "\U0010ffff"

CREATE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS customer_fts "
    "USING fts5(name_key, phone_digits, tokenize='trigram')"
)


def has_fts(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def index_customer(
    connection: Connection, customer_id: int, name_key: str, phone: str | None
) -> None:
    """(Re)index one customer; called in the same transaction that writes the customer."""
    connection.execute(
        text("DELETE FROM search_token WHERE customer_id = :id"), {"id": customer_id}
    )
    tokens = [{"t": t, "id": customer_id} for t in search_tokens(name_key)]
    if tokens:
        connection.execute(
            text("INSERT INTO search_token (token, customer_id) VALUES (:t, :id)"), tokens
        )
    if has_fts(connection):
        connection.execute(text("DELETE FROM customer_fts WHERE rowid = :id"), {"id": customer_id})
        connection.execute(
            text("INSERT INTO customer_fts (rowid, name_key, phone_digits) VALUES (:id, :k, :p)"),
            {"id": customer_id, "k": name_key, "p": digits_only(phone or "")},
        )


def index_many(connection: Connection, rows: Iterable[tuple[int, str, str | None]]) -> None:
    """Bulk form of ``index_customer`` for new customers (demo shop, import, migration)."""
    token_rows: list[dict] = []
    fts_rows: list[dict] = []
    for customer_id, name_key, phone in rows:
        token_rows.extend({"t": t, "id": customer_id} for t in search_tokens(name_key))
        fts_rows.append({"id": customer_id, "k": name_key, "p": digits_only(phone or "")})
    if token_rows:
        connection.execute(
            text("INSERT OR IGNORE INTO search_token (token, customer_id) VALUES (:t, :id)")
            if connection.dialect.name == "sqlite"
            else text(
                "INSERT INTO search_token (token, customer_id) VALUES (:t, :id) "
                "ON CONFLICT DO NOTHING"
            ),
            token_rows,
        )
    if fts_rows and has_fts(connection):
        connection.execute(
            text("INSERT INTO customer_fts (rowid, name_key, phone_digits) VALUES (:id, :k, :p)"),
            fts_rows,
        )


def rebuild_index(connection: Connection) -> None:
    """Rebuild the whole index from the customer table (migrations, repairs)."""
    connection.execute(text("DELETE FROM search_token"))
    if has_fts(connection):
        connection.execute(text(CREATE_FTS))
        connection.execute(text("DELETE FROM customer_fts"))
    rows = connection.execute(text("SELECT id, name_key, phone FROM customer")).all()
    index_many(connection, ((r[0], r[1], r[2]) for r in rows))


@dataclass(frozen=True)
class Match:
    customer_id: int
    rank: int  # 0 exact card, 1 card prefix, 2 name prefix, 3 word prefix, 4 contains, 5 phone


def _fts_phrase(fragment: str) -> str:
    return '"' + fragment.replace('"', '""') + '"'


def _like(fragment: str) -> str:
    """A ``LIKE`` pattern that finds ``fragment`` anywhere, its own ``%``, ``_`` and ``\\``
    taken literally."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped + "%"


def _contains_words(key: str) -> tuple[list[str], list[str]] | None:
    """The words of a "contains" search: those of three characters or more (they drive the
    trigram index) and the shorter ones (checked on the rows found). None when no word is long
    enough for a trigram index, on either engine."""
    words = list(dict.fromkeys(key.split()))
    long = [w for w in words if len(w) >= 3]
    if not long or not any(ch.isalpha() for ch in key):
        return None
    return long, [w for w in words if len(w) < 3]


def find(
    connection: Connection,
    query: str,
    *,
    limit: int,
    include_archived: bool,
    phone_digits: str | None = None,
) -> list[Match]:
    """Customer ids matching ``query``, best first, at most ``limit``; the same on SQLite and
    PostgreSQL.

    The ranking: 0 the exact card number; 1 a card number starting with the query; 2 a name
    starting with it; 3 a word of the name starting with it (one word; CJK characters and
    pairs count as words); 4 every word of the query inside the name ("ona zem" finds
    "Žemaitė Ona"); 5 the digits inside the phone. A customer counts at their best rank.
    Within a rank, the first ``limit`` in that kind's index order are taken (card number;
    name key then id; word then id; id for fragments and phones), so the engines pick the
    same customers when more match than are shown; callers show them by name key, then id.

    ``phone_digits``: the query read as a whole phone number in the shop's country (E.164
    digits), so "8 612 34567" finds the stored "+37061234567" although it is no fragment of it.
    """
    raw = query.strip()
    key = search_key(raw)
    if not key:
        return []
    live = "" if include_archived else " AND c.archived_at IS NULL"
    sqlite = has_fts(connection)
    found: dict[int, int] = {}
    # On SQLite the statements go straight to the driver (it reads the same ":name" style):
    # SQLAlchemy's per-statement overhead (~0.1 ms) was most of a search's time at 100,000
    # customers. Same connection, so same transaction.
    driver = connection.connection.driver_connection if sqlite else None

    def take(rank: int, sql: str, params: dict) -> None:
        if len(found) >= limit:
            return
        params = {**params, "limit": limit}
        if driver is not None:
            rows = driver.execute(sql, params).fetchall()
        else:
            rows = connection.execute(text(sql), params).all()
        for (customer_id,) in rows:
            if customer_id not in found:
                found[customer_id] = rank

    card = raw.replace(" ", "").upper()
    if card and len(card) <= 32:
        take(
            0,
            f"SELECT c.id FROM customer c WHERE c.card_number = :card{live} LIMIT :limit",
            {"card": card},
        )
        if len(card) >= 2:
            take(
                1,
                f"SELECT c.id FROM customer c WHERE c.card_number > :card "
                f"AND c.card_number < :card_end{live} ORDER BY c.card_number LIMIT :limit",
                {"card": card, "card_end": card + HIGHEST},
            )
    take(
        2,
        f"SELECT c.id FROM customer c WHERE c.name_key >= :key AND c.name_key < :key_end"
        f"{live} ORDER BY c.name_key, c.id LIMIT :limit",
        {"key": key, "key_end": key + HIGHEST},
    )
    if " " not in key:
        take(
            3,
            f"SELECT t.customer_id FROM search_token t JOIN customer c ON c.id = t.customer_id "
            f"WHERE t.token >= :key AND t.token < :key_end{live} "
            f"ORDER BY t.token, t.customer_id LIMIT :limit",
            {"key": key, "key_end": key + HIGHEST},
        )
    # A fragment inside a name needs a letter: names and phone digits share the trigram index,
    # so "3706" (how every Lithuanian mobile begins) read all 60,000 phone entries of its
    # trigrams to find no name, 4 ms a keystroke at 100,000 customers. Name words that begin
    # with digits are still found by the word-prefix search above.
    words = _contains_words(key)
    if words is not None:
        long, short = words
        params: dict[str, str] = {}
        if sqlite:
            params["q"] = " AND ".join("name_key : " + _fts_phrase(w) for w in long)
            checks = "".join(f" AND instr(c.name_key, :w{i}) > 0" for i in range(len(short)))
            params.update({f"w{i}": w for i, w in enumerate(short)})
            sql = (
                f"SELECT f.rowid FROM customer_fts f JOIN customer c ON c.id = f.rowid "
                f"WHERE customer_fts MATCH :q{checks}{live} ORDER BY f.rowid LIMIT :limit"
            )
        else:
            checks = " AND ".join(
                f"c.name_key LIKE :w{i} ESCAPE '\\'" for i in range(len(long) + len(short))
            )
            params.update({f"w{i}": _like(w) for i, w in enumerate(long + short)})
            sql = f"SELECT c.id FROM customer c WHERE {checks}{live} ORDER BY c.id LIMIT :limit"
        take(4, sql, params)
    digits = digits_only(raw)
    if len(digits) >= 3 and set(raw) <= PHONE_CHARS:
        for fragment in dict.fromkeys(d for d in (digits, phone_digits) if d):
            if sqlite:
                take(
                    5,
                    f"SELECT f.rowid FROM customer_fts f JOIN customer c ON c.id = f.rowid "
                    f"WHERE customer_fts MATCH :q{live} ORDER BY f.rowid LIMIT :limit",
                    {"q": "phone_digits : " + _fts_phrase(fragment)},
                )
            else:  # stored phones are E.164: "+" and digits
                take(
                    5,
                    f"SELECT c.id FROM customer c WHERE c.phone LIKE :pattern{live} "
                    f"ORDER BY c.id LIMIT :limit",
                    {"pattern": _like(fragment)},
                )
    ranked = sorted(found.items(), key=lambda item: item[1])
    return [Match(customer_id, rank) for customer_id, rank in ranked[:limit]]
