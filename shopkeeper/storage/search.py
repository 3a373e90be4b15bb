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
The keys hold Chinese in one script (``domain.text.search_key``): the query is folded once, the
stored keys when written, so "陈" finds "陳美玲" through the same index.

``customer.sort_key`` is the other stored key: the name's place in the shop language's order
(``domain.collation``), kept here by ``sort_keyer`` and rebuilt by ``rebuild_sort_keys``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.types import LargeBinary

from shopkeeper.domain import collation
from shopkeeper.domain.text import digits_only, search_key, search_tokens

_log = logging.getLogger(__name__)
COLLATION_SETTING = "collation"  # the collation_id the stored sort keys were made with

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


def shop_language(connection: Connection) -> str:
    """The shop's language (``setting`` "shop"), which orders its customers' names."""
    row = connection.execute(text("SELECT value FROM setting WHERE key = 'shop'")).scalar()
    return (json.loads(row).get("language") if row else None) or "en"


def _stored_collation(connection: Connection) -> str | None:
    row = connection.execute(
        text("SELECT value FROM setting WHERE key = :key"), {"key": COLLATION_SETTING}
    ).scalar()
    return json.loads(row).get("id") if row else None


def _record_collation(connection: Connection, language: str) -> None:
    value = json.dumps({"id": collation.collation_id(language), "language": language})
    # An upsert: two tills adding the first customers of a new shop both record it.
    connection.execute(
        text(
            "INSERT INTO setting (key, value) VALUES (:key, :v) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"v": value, "key": COLLATION_SETTING},
    )


_SET_SORT_KEY = text("UPDATE customer SET sort_key = :k WHERE id = :id").bindparams(
    bindparam("k", type_=LargeBinary)
)


def rebuild_sort_keys(connection: Connection, language: str | None = None) -> int:
    """Every customer's ``sort_key`` for ``language`` (default: the shop's), in the caller's
    transaction: after a change of the shop's language or of ICU. Returns how many changed."""
    language = language or shop_language(connection)
    key_of = collation.sort_key
    rows = connection.execute(text("SELECT id, name, sort_key FROM customer")).all()
    changed = [
        (key, customer_id)
        for customer_id, name, old in rows
        if bytes(old or b"") != (key := key_of(name, language))
    ]
    if has_fts(connection):  # SQLite: straight to the driver (SQLAlchemy took 3 s of 100,000)
        driver = connection.connection.driver_connection
        driver.executemany("UPDATE customer SET sort_key = ? WHERE id = ?", changed)
    else:
        for i in range(0, len(changed), 5000):
            connection.execute(
                _SET_SORT_KEY, [{"k": k, "id": i_} for k, i_ in changed[i : i + 5000]]
            )
    _record_collation(connection, language)
    _log.info("name order %s: %d of %d sort keys rebuilt",
              collation.collation_id(language), len(changed), len(rows))  # fmt: skip
    return len(changed)


def sort_keyer(connection: Connection) -> Callable[[str], bytes]:
    """``name -> sort_key`` in the shop's language: every path that writes a customer's name
    stores its key through this. When the stored keys were made with another collation (the
    language changed without a rebuild, a newer ICU), they are rebuilt first, in the same
    transaction, so old and new keys never mix."""
    language = shop_language(connection)
    if _stored_collation(connection) != collation.collation_id(language):
        rebuild_sort_keys(connection, language)
    return lambda name: collation.sort_key(name, language)


def refold_names(connection: Connection) -> int:
    """Recompute every ``name_key`` with today's ``search_key`` and re-index the customers
    whose key changed (migration 0017 folded Traditional Chinese into Simplified). Returns
    how many changed."""
    rows = connection.execute(text("SELECT id, name, name_key, phone FROM customer")).all()
    changed = [(r[0], key, r[3]) for r in rows if (key := search_key(r[1])) != r[2]]
    for i in range(0, len(changed), 500):
        chunk = changed[i : i + 500]
        ids = ",".join(str(int(customer_id)) for customer_id, _key, _phone in chunk)
        connection.execute(
            text("UPDATE customer SET name_key = :k WHERE id = :id"),
            [{"k": key, "id": customer_id} for customer_id, key, _phone in chunk],
        )
        connection.execute(text(f"DELETE FROM search_token WHERE customer_id IN ({ids})"))
        if has_fts(connection):
            connection.execute(text(f"DELETE FROM customer_fts WHERE rowid IN ({ids})"))
        index_many(connection, chunk)
    return len(changed)


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
    kinds = _kinds(connection, query, include_archived, phone_digits)
    if not kinds:
        return []
    if has_fts(connection):
        return _one_by_one(connection, kinds, limit)
    sql, params = _in_one_statement(kinds, limit)
    rows = connection.execute(text(sql), params).all()
    return [Match(customer_id, kinds[seq][0]) for customer_id, seq, _pos in rows]


Kind = tuple[int, str, str | None, str, dict]  # rank, FROM...WHERE, order key, id, parameters


def _kinds(
    connection: Connection, query: str, include_archived: bool, phone_digits: str | None
) -> list[Kind]:
    """The queries of every kind that applies to ``query``, best kind first."""
    raw = query.strip()
    key = search_key(raw)
    if not key:
        return []
    live = "" if include_archived else " AND c.archived_at IS NULL"
    sqlite = has_fts(connection)
    # (rank, FROM ... WHERE ..., order key or None, the customer id expression, parameters):
    # each kind's query returns the first ``limit`` rows by (key, id).
    kinds: list[Kind] = []
    card = raw.replace(" ", "").upper()
    if card and len(card) <= 32:
        kinds.append(
            (0, f"FROM customer c WHERE c.card_number = :card{live}", None, "c.id", {"card": card})
        )
        if len(card) >= 2:
            kinds.append(
                (
                    1,
                    "FROM customer c WHERE c.card_number > :card AND c.card_number < :card_end"
                    + live,
                    "c.card_number",
                    "c.id",
                    {"card": card, "card_end": card + HIGHEST},
                )
            )
    prefix = {"key": key, "key_end": key + HIGHEST}
    kinds.append(
        (
            2,
            f"FROM customer c WHERE c.name_key >= :key AND c.name_key < :key_end{live}",
            "c.name_key",
            "c.id",
            prefix,
        )
    )
    if " " not in key:
        kinds.append(
            (
                3,
                "FROM search_token t JOIN customer c ON c.id = t.customer_id "
                f"WHERE t.token >= :key AND t.token < :key_end{live}",
                "t.token",
                "t.customer_id",
                prefix,
            )
        )
    # A fragment inside a name needs a letter: names and phone digits share the trigram index,
    # so "3706" (how every Lithuanian mobile begins) read all 60,000 phone entries of its
    # trigrams to find no name, 4 ms a keystroke at 100,000 customers. Name words that begin
    # with digits are still found by the word-prefix search above.
    words = _contains_words(key)
    if words is not None:
        long, short = words
        if sqlite:
            params = {"q": " AND ".join("name_key : " + _fts_phrase(w) for w in long)}
            checks = "".join(f" AND instr(c.name_key, :w{i}) > 0" for i in range(len(short)))
            params.update({f"w{i}": w for i, w in enumerate(short)})
            body = (
                "FROM customer_fts f JOIN customer c ON c.id = f.rowid "
                f"WHERE customer_fts MATCH :q{checks}{live}"
            )
            kinds.append((4, body, None, "f.rowid", params))
        else:
            checks = " AND ".join(
                f"c.name_key LIKE :w{i} ESCAPE '\\'" for i in range(len(long) + len(short))
            )
            params = {f"w{i}": _like(w) for i, w in enumerate(long + short)}
            kinds.append((4, f"FROM customer c WHERE {checks}{live}", None, "c.id", params))
    digits = digits_only(raw)
    if len(digits) >= 3 and set(raw) <= PHONE_CHARS:
        for fragment in dict.fromkeys(d for d in (digits, phone_digits) if d):
            if sqlite:
                body = (
                    "FROM customer_fts f JOIN customer c ON c.id = f.rowid "
                    f"WHERE customer_fts MATCH :q{live}"
                )
                params = {"q": "phone_digits : " + _fts_phrase(fragment)}
                kinds.append((5, body, None, "f.rowid", params))
            else:  # stored phones are E.164: "+" and digits
                params = {"pattern": _like(fragment)}
                kinds.append((5, f"FROM customer c WHERE c.phone LIKE :pattern{live}", None,
                              "c.id", params))  # fmt: skip
    return kinds


def _one_by_one(connection: Connection, kinds: list[Kind], limit: int) -> list[Match]:
    """SQLite: kind after kind, stopping once ``limit`` customers are found (later kinds rank
    after them). The statements go straight to the driver (it reads the same ":name" style):
    SQLAlchemy's per-statement overhead (~0.1 ms) was most of a search's time at 100,000
    customers. Same connection, so same transaction."""
    driver = connection.connection.driver_connection
    found: dict[int, int] = {}  # in (kind, position) order of first finding
    for rank, body, order, ident, params in kinds:
        if len(found) >= limit:
            break
        keys = f"{order}, {ident}" if order else ident
        sql = f"SELECT {ident} {body} ORDER BY {keys} LIMIT :limit"
        for (customer_id,) in driver.execute(sql, {**params, "limit": limit}).fetchall():
            found.setdefault(customer_id, rank)
    ranked = sorted(found.items(), key=lambda item: item[1])  # stable: positions kept
    return [Match(customer_id, rank) for customer_id, rank in ranked[:limit]]


_BIND = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


def _in_one_statement(kinds: list[Kind], limit: int) -> tuple[str, dict]:
    """PostgreSQL: every kind in one statement, one round trip to the server instead of up to
    seven; the same customers in the same order as ``_one_by_one`` (each at the first kind
    and position that found it, the first ``limit`` of those). Columns: id, seq (the kind's
    index in ``kinds``), pos."""
    parts, params = [], {"limit": limit}
    for seq, (_rank, body, order, ident, values) in enumerate(kinds):
        renamed = _BIND.sub(lambda m, s=seq: f":k{s}_{m.group(1)}", body)
        params.update({f"k{seq}_{name}": value for name, value in values.items()})
        keys = f"{order}, {ident}" if order else ident
        parts.append(
            f"SELECT s.id, {seq} AS seq, row_number() OVER (ORDER BY s.k, s.id) AS pos "
            f"FROM (SELECT {ident} AS id, {order or 'NULL'} AS k {renamed} "
            f"ORDER BY {keys} LIMIT :limit) s"
        )
    sql = (
        "SELECT id, seq, pos FROM (SELECT DISTINCT ON (id) id, seq, pos FROM ("
        + " UNION ALL ".join(parts)
        + ") hits ORDER BY id, seq, pos) first ORDER BY seq, pos LIMIT :limit"
    )
    return sql, params


HIT_COLUMNS = "c.card_number, c.name, c.name_key, c.phone, r.name, c.points_balance, c.archived_at"


def find_rows(
    connection: Connection,
    query: str,
    *,
    limit: int,
    include_archived: bool,
    phone_digits: str | None = None,
) -> list[tuple[Match, tuple]]:
    """``find`` with each customer's row for a hit list (``HIT_COLUMNS``; ``r`` is the tier).
    On PostgreSQL it is one statement, so a search costs one round trip to the server."""
    if has_fts(connection):
        matches = find(
            connection,
            query,
            limit=limit,
            include_archived=include_archived,
            phone_digits=phone_digits,
        )
        if not matches:
            return []
        ids = ",".join(str(int(m.customer_id)) for m in matches)
        rows = connection.connection.driver_connection.execute(
            f"SELECT c.id, {HIT_COLUMNS} FROM customer c LEFT JOIN tier r ON r.id = c.tier_id "
            f"WHERE c.id IN ({ids})"
        ).fetchall()
        by_id = {row[0]: tuple(row[1:]) for row in rows}
        return [(m, by_id[m.customer_id]) for m in matches]
    kinds = _kinds(connection, query, include_archived, phone_digits)
    if not kinds:
        return []
    sql, params = _in_one_statement(kinds, limit)
    rows = connection.execute(
        text(
            f"SELECT f.id, f.seq, {HIT_COLUMNS} FROM ({sql}) f JOIN customer c ON c.id = f.id "
            "LEFT JOIN tier r ON r.id = c.tier_id ORDER BY f.seq, f.pos"
        ),
        params,
    ).all()
    return [(Match(row[0], kinds[row[1]][0]), tuple(row[2:])) for row in rows]
