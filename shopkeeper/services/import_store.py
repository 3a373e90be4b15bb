"""The database side of an import: the picture of the stored customers it is planned against,
and the one short write transaction that carries the plan out.

Everything slow (reading the file, the row rules, matching, possible duplicates, card numbers,
the rows of every table, the reports) happens before the transaction, on a snapshot read without
any lock. Inside it (``Writer``) only what a till may have changed meanwhile is checked again: the
matched customers that a row changes are read afresh and compared anew, and the new card numbers
are checked against the cards issued since. Then the new rows go in with one statement per
table: on SQLite they were staged before, with no lock, in a private attached database
(``stage``) and are moved with ``INSERT … SELECT`` (``move_staged``), so the lock is held only
as long as SQLite needs to store them (about 2 s for 100,000 customers); elsewhere they are
bulk-inserted in the transaction.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.sql import literal

from shopkeeper.domain.codes import card_number_for
from shopkeeper.domain.collation import sort_key
from shopkeeper.domain.contact import format_phone
from shopkeeper.domain.duplicates import DuplicateFinder, Person
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.import_plan import Action, Difference, RowPlan, Stored, compare
from shopkeeper.domain.importing import CustomerRow
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.products import product_name_key
from shopkeeper.domain.text import digits_only, search_key, search_tokens
from shopkeeper.domain.tiers import Tier
from shopkeeper.i18n import _
from shopkeeper.services import tier_history
from shopkeeper.services.tier_history import Reason
from shopkeeper.storage import search as search_index
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

C = t.Customer.__table__
L = t.LedgerEntry.__table__
IV = t.ImportedVisits.__table__
II = t.ImportedItem.__table__
P = t.Product.__table__
N = t.Note.__table__
CHUNK = 500  # ids or card numbers per IN (...) list
SEQUENCE_KEY = "next_card_sequence"
BIG_CACHE_KIB = 512 * 1024  # an upper bound: SQLite takes the memory only as pages are used


@contextmanager
def big_cache() -> Iterator[Callable[[Connection], None]]:
    """SQLite: room for every page the import changes, so none is spilled to the WAL while the
    lock is held. Call the yielded function with the transaction's connection; its usual cache
    size comes back after the commit (this block is entered before the transaction)."""
    enlarged: list[tuple[object, int]] = []

    def enlarge(connection: Connection) -> None:
        if connection.dialect.name == "sqlite":
            driver = connection.connection.driver_connection
            enlarged.append((driver, driver.execute("PRAGMA cache_size").fetchone()[0]))
            driver.execute(f"PRAGMA cache_size = {-BIG_CACHE_KIB}")

    try:
        yield enlarge
    finally:
        for driver, usual in enlarged:
            driver.execute(f"PRAGMA cache_size = {int(usual)}")  # type: ignore[attr-defined]


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stored_query(ids: Sequence[int] | None = None):  # noqa: ANN202 - a Select
    opening = select(L.c.customer_id, func.sum(L.c.points).label("points")).where(
        L.c.kind == str(Kind.OPENING_BALANCE)
    )
    if ids is not None:
        opening = opening.where(L.c.customer_id.in_(ids))
    opening = opening.group_by(L.c.customer_id).subquery()
    query = select(
        C.c.id, C.c.card_number, C.c.name, C.c.phone, C.c.email, C.c.birthday, C.c.address,
        C.c.archived_at.is_not(None), C.c.points_balance,
        func.coalesce(opening.c.points, 0), C.c.visit_count, func.coalesce(IV.c.visits, 0),
    ).select_from(
        C.outerjoin(opening, opening.c.customer_id == C.c.id).outerjoin(
            IV, IV.c.customer_id == C.c.id
        )
    )  # fmt: skip
    return query if ids is None else query.where(C.c.id.in_(ids))


def _stored(r: Sequence) -> Stored:
    return Stored(
        id=r[0], card_number=r[1], name=r[2], phone=r[3], email=r[4], birthday=r[5],
        address=r[6], archived=bool(r[7]), points_balance=r[8], opening_points=int(r[9]),
        visit_count=r[10], imported_visits=int(r[11]),
    )  # fmt: skip


def load_stored(connection: Connection) -> list[Stored]:
    """Every customer as the import compares it (one read, no lock)."""
    return [_stored(r) for r in connection.execute(_stored_query())]


def reload_stored(connection: Connection, ids: Sequence[int]) -> dict[int, Stored]:
    found: dict[int, Stored] = {}
    for chunk in _chunks(list(ids)):
        for r in connection.execute(_stored_query(chunk)):
            found[r[0]] = _stored(r)
    return found


def note_texts(connection: Connection, ids: Sequence[int]) -> dict[int, set[str]]:
    notes: dict[int, set[str]] = {}
    for chunk in _chunks(list(ids)):
        for customer_id, text in connection.execute(
            select(N.c.customer_id, N.c.text).where(N.c.customer_id.in_(chunk))
        ):
            notes.setdefault(customer_id, set()).add(text)
    return notes


def duplicate_finder(stored: Iterable[Stored]) -> DuplicateFinder:
    return DuplicateFinder(
        Person(c.id, c.name, c.birthday, c.phone) for c in stored if not c.archived
    )


def taken_cards(connection: Connection, cards: Sequence[str]) -> set[str]:
    taken: set[str] = set()
    for chunk in _chunks(list(cards)):
        taken.update(
            connection.execute(select(C.c.card_number).where(C.c.card_number.in_(chunk))).scalars()
        )
    return taken


def card_sequence(connection: Connection) -> int:
    value = connection.execute(
        select(t.Setting.__table__.c.value).where(t.Setting.__table__.c.key == SEQUENCE_KEY)
    ).scalar()
    return int(value) if value else 1


def issue_cards(count: int, sequence: int, taken: set[str]) -> tuple[list[str], int]:
    """``count`` shop card numbers from ``sequence`` on, skipping ``taken``; and the next."""
    cards = []
    while len(cards) < count:
        card = card_number_for(sequence)
        sequence += 1
        if card not in taken:
            cards.append(card)
    return cards, sequence


# --- the write ------------------------------------------------------------------------------


@dataclass
class Applied:
    """What was done to one row (filled in by ``write_plan``)."""

    status: str  # imported, updated, unchanged, skipped, rejected
    card_number: str | None = None
    name: str | None = None
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    differences: tuple[Difference, ...] = ()
    applied_differences: bool = False


@dataclass
class Decision:
    applied: Applied
    values: dict[str, object] = field(default_factory=dict)  # customer columns to set
    correct_points: bool = False
    correct_visits: bool = False
    add_note: bool = False


def decide(
    row: CustomerRow,
    stored: Stored,
    action: Action,
    notes: set[str],
    phone_owner: Callable[[object, int], tuple[str, str] | None],
) -> Decision:
    """What a matched row changes: the same words for the preview and for the write.

    Empty fields are filled; differences are applied only with ``update``; a figure
    difference is then a correction entry; a note the customer lacks is added."""
    fills, differences = compare(row, stored)
    applied = Applied("unchanged", stored.card_number, stored.name,
                      differences=tuple(differences),
                      applied_differences=action == Action.UPDATE)  # fmt: skip
    decision = Decision(applied)
    chosen = fills + (differences if action == Action.UPDATE else [])
    for change in chosen:
        if change.field == "points":
            decision.correct_points = True
            applied.changes.append(
                _("points corrected {before} → {after}").format(
                    before=change.stored, after=change.file
                )
            )
            continue
        if change.field == "visits":
            if int(row.visits or 0) < stored.visit_count:
                applied.warnings.append(
                    _(
                        "Past visits: the file says {file}, fewer than the {booked} booked "
                        "here; not changed."
                    ).format(file=row.visits, booked=stored.visit_count)
                )
            else:
                decision.correct_visits = True
                applied.changes.append(
                    _("past visits {before} → {after}").format(
                        before=change.stored, after=change.file
                    )
                )
            continue
        if change.field == "phone" and (owner := phone_owner(change.file, stored.id)):
            applied.warnings.append(
                _("Phone {phone} belongs to {name} (card {card}); not changed.").format(
                    phone=format_phone(str(change.file)), name=owner[1], card=owner[0]
                )
            )
            continue
        decision.values[change.field] = change.file
        label = {"email": "e-mail"}.get(change.field, change.field)
        applied.changes.append(
            _("{field} added").format(field=_(label)) if change.stored is None else _(label)
        )
    if "name" in decision.values:
        applied.name = str(decision.values["name"])
    if row.notes and row.notes not in notes:
        decision.add_note = True
        applied.changes.append(_("note added"))
    if applied.changes:
        applied.status = "updated"
        if stored.archived:
            applied.warnings.append(
                _("This customer is archived; updated, and left archived.")
            )
    if row.card and row.card != stored.card_number:
        applied.warnings.append(
            _(
                "Card {card} in the file differs from card {held}, which the customer holds; "
                "kept."
            ).format(card=row.card, held=stored.card_number)
        )
    return decision


@dataclass(frozen=True)
class NewCustomer:
    number: int
    row: CustomerRow
    card: str  # planned; replaced inside the transaction if a till took it meanwhile
    card_from_file: bool


class Writer:
    """One import inside its transaction (``connection`` is in ``BEGIN IMMEDIATE``)."""

    def __init__(self, connection: Connection, *, run_id: int, source: str, now: datetime) -> None:
        self.connection = connection
        self.period = f"imp-{run_id}"
        self.run_id = run_id
        self.source = source[:200]
        self.now = now
        self.staged: BulkRows | None = None  # the new customers' rows wait in ``staging``

    # -- matched customers -----------------------------------------------------------------
    def update_matched(
        self, plans: list[RowPlan], notes: dict[int, set[str]]
    ) -> dict[int, Applied]:
        """Fill, update and correct the matched customers, each compared again with what is
        stored now (a till may have changed them since the preview)."""
        done: dict[int, Applied] = {}
        fresh = reload_stored(self.connection, [p.stored.id for p in plans if p.stored])
        for plan in plans:
            stored, row = fresh.get(plan.stored.id), plan.row
            if stored is None:
                raise InvalidInput(
                    _(
                        "Row {row}: customer {card} was removed while the file was being "
                        "checked; preview the import again."
                    ).format(row=plan.number, card=plan.stored.card_number)
                )
            done[plan.number] = self._update(plan.number, row, stored, plan.action, notes)
        return done

    def _update(
        self, number: int, row: CustomerRow, stored: Stored, action: Action,
        notes: dict[int, set[str]],
    ) -> Applied:  # fmt: skip
        decided = decide(row, stored, action, notes.get(stored.id, set()), self._phone_owner)
        applied = decided.applied
        values = dict(decided.values)
        if values:
            if "name" in values:
                values["name_key"] = search_key(str(values["name"]))
                values["sort_key"] = search_index.sort_keyer(self.connection)(str(values["name"]))
            self.connection.execute(update(C).where(C.c.id == stored.id).values(**values))
            if "name" in values or "phone" in values:
                search_index.index_customer(
                    self.connection, stored.id, search_key(str(values.get("name", stored.name))),
                    values.get("phone", stored.phone),  # type: ignore[arg-type]
                )  # fmt: skip
        if decided.correct_points:
            self._correct_points(number, row, stored)
        if decided.correct_visits:
            self._correct_visits(number, row, stored)
        if decided.add_note:
            self.connection.execute(
                insert(N).values(customer_id=stored.id, at=self.now, text=row.notes,
                                 kind="general", pinned=False)
            )  # fmt: skip
        return applied

    def _phone_owner(self, phone: object, own_id: int) -> tuple[str, str] | None:
        found = self.connection.execute(
            select(C.c.card_number, C.c.name).where(
                C.c.phone == phone, C.c.id != own_id, C.c.archived_at.is_(None)
            )
        ).first()
        return (found[0], found[1]) if found else None

    def _correct_points(self, number: int, row: CustomerRow, stored: Stored) -> None:
        delta = int(row.points or 0) - stored.points_balance
        self.connection.execute(
            insert(L).values(
                customer_id=stored.id, at=self.now, points=delta, kind=str(Kind.CORRECTION),
                period=self.period,
                note=f"Import correction: the balance was {stored.points_balance}, "
                f"{self.source} row {number} says {row.points}",
            )
        )  # fmt: skip
        self.connection.execute(
            update(C).where(C.c.id == stored.id)
            .values(points_balance=C.c.points_balance + literal(delta))
        )  # fmt: skip

    def _correct_visits(self, number: int, row: CustomerRow, stored: Stored) -> None:
        wanted = int(row.visits or 0) - stored.visit_count
        total = stored.visit_count + stored.imported_visits
        if stored.imported_visits:
            self.connection.execute(
                update(IV).where(IV.c.customer_id == stored.id)
                .values(visits=wanted, import_run_id=self.run_id)
            )  # fmt: skip
        else:
            self.connection.execute(
                insert(IV).values(customer_id=stored.id, visits=wanted, import_run_id=self.run_id)
            )
        self.connection.execute(
            insert(L).values(
                customer_id=stored.id, at=self.now, points=0, kind=str(Kind.IMPORTED_VISITS),
                period=self.period,
                note=f"Import correction: {total} visits in all became {row.visits} "
                f"({wanted} before Shopkeeper), from {self.source} row {number}",
            )
        )  # fmt: skip

    # -- new customers ---------------------------------------------------------------------
    def settle_cards(
        self, new: list[NewCustomer], planned_next: int
    ) -> tuple[list[str], dict[int, str]]:
        """The planned card numbers, with any a till issued meanwhile replaced; warnings by
        row. ``planned_next``: the card sequence after the numbers planned."""
        cards = [n.card for n in new]
        if self.staged is not None:  # one join instead of 100,000 card look-ups
            taken = staged_taken(self.connection)
        else:
            taken = taken_cards(self.connection, cards)
        sequence = card_sequence(self.connection)
        following = max(sequence, planned_next)
        warnings: dict[int, str] = {}
        if taken:
            replace = [i for i, card in enumerate(cards) if card in taken]
            avoid = taken | set(cards)
            while True:
                fresh, after = issue_cards(len(replace), following, avoid)
                extra = taken_cards(self.connection, fresh)
                if not extra:
                    break
                avoid |= extra  # rare: issued meanwhile too
            following = after
            for i, card in zip(replace, fresh, strict=True):
                if new[i].card_from_file:
                    warnings[new[i].number] = _(
                        "Card {card} was given to another customer meanwhile; new card {new_card}."
                    ).format(card=cards[i], new_card=card)
                cards[i] = card
        if following != sequence:
            self._advance_sequence(following)
        return cards, warnings

    def _advance_sequence(self, value: int) -> None:
        table = t.Setting.__table__
        done = self.connection.execute(
            update(table).where(table.c.key == SEQUENCE_KEY).values(value=str(value))
        )
        if done.rowcount == 0:
            self.connection.execute(insert(table).values(key=SEQUENCE_KEY, value=str(value)))

    def create(self, bulk: BulkRows, cards: list[str]) -> None:
        """Insert the new customers with their opening balances, past visits, notes, tier and
        search entries: one bulk statement per table, rows built before the transaction."""
        customers = bulk.tables["customer"][1]
        if bulk.staged:
            move_staged(self.connection, bulk, cards)
            return
        for i, card in enumerate(cards):
            if customers[i][1] != card:  # a till took the planned number meanwhile
                customers[i] = (customers[i][0], card, *customers[i][2:])
        raw = bulk.raw and self.connection.dialect.name == "sqlite"
        driver = self.connection.connection.driver_connection if raw else None
        for table, (columns, rows) in bulk.tables.items():
            if not rows or (table == "customer_fts" and not search_index.has_fts(self.connection)):
                continue
            if driver is not None:
                verb = "INSERT OR IGNORE" if table == "search_token" else "INSERT"
                names = "rowid, name_key, phone_digits" if table == "customer_fts" else (
                    ", ".join(columns)
                )
                marks = ", ".join("?" * len(columns))
                driver.executemany(f"{verb} INTO {table} ({names}) VALUES ({marks})", rows)
            elif table in ("search_token", "customer_fts"):
                search_index.index_many(
                    self.connection,
                    [(r[0], r[3], r[4]) for r in customers] if table == "search_token" else [],
                )
            else:
                self.connection.execute(
                    insert(t.SQLModel.metadata.tables[table]),
                    [dict(zip(columns, r, strict=True)) for r in rows],
                )
        if self.connection.dialect.name == "postgresql":  # ids given here: move the sequences
            for table in ("customer", "import_run"):
                self.connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )


def _item_names(new: Sequence[NewCustomer]) -> dict[str, str]:
    """name key -> the name as first written, over the new customers' item histories."""
    names: dict[str, str] = {}
    for n in new:
        for name, _times in n.row.items:
            names.setdefault(product_name_key(name), name)
    return names


def _stored_products(connection: Connection, keys: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(list(keys)):
        query = select(P.c.name_key, P.c.id).where(P.c.name_key.in_(chunk))
        found.update((key, id_) for key, id_ in connection.execute(query))
    return found


def new_products(connection: Connection, new: Sequence[NewCustomer]) -> int:
    """How many products the new customers' item histories name that the shop does not have."""
    names = _item_names(new)
    return len(names) - len(_stored_products(connection, list(names))) if names else 0


def write_items(
    connection: Connection, new: Sequence[NewCustomer], first_id: int, run_id: int
) -> int:
    """Inside the import's transaction: the new customers' item histories (the i-th new
    customer has id ``first_id + i``), creating the products the shop does not have yet
    (active, no quick key, last in the list). Returns how many products were created."""
    names = _item_names(new)
    if not names:
        return 0
    ids = _stored_products(connection, list(names))
    missing = [(key, name) for key, name in names.items() if key not in ids]
    if missing:
        last = connection.execute(select(func.max(P.c.position))).scalar() or 0
        for offset, (key, name) in enumerate(missing, start=1):
            ids[key] = connection.execute(
                insert(P).values(name=name, name_key=key, quick_key=None, category=None,
                                 active=True, position=last + offset).returning(P.c.id)
            ).scalar_one()  # fmt: skip
    rows = [
        {"customer_id": first_id + i, "product_id": ids[product_name_key(name)], "times": times,
         "import_run_id": run_id}
        for i, n in enumerate(new)
        for name, times in n.row.items
    ]  # fmt: skip
    for chunk in _chunks(rows):
        connection.execute(insert(II), list(chunk))
    return len(missing)


CUSTOMER_COLUMNS = (
    "id", "card_number", "name", "name_key", "phone", "email", "address", "birthday",
    "language", "letters_consent", "joined_at", "tier_id", "points_balance", "visit_count",
    "spent_cents", "sort_key",
)  # fmt: skip
LEDGER_COLUMNS = ("customer_id", "at", "points", "kind", "period", "note")
IMPORTED_VISITS_COLUMNS = ("customer_id", "visits", "import_run_id")
NOTE_COLUMNS = ("customer_id", "at", "text", "kind", "pinned")
TIER_CHANGE_COLUMNS = ("customer_id", "at", "from_tier_id", "to_tier_id", "to_tier_name", "reason")


@dataclass
class BulkRows:
    """The new customers' rows for every table, ids included (``first_id`` on), made before
    the write transaction. ``raw``: values in SQLite's stored text forms, for its driver."""

    first_id: int
    run_id: int
    raw: bool
    tables: dict[str, tuple[tuple[str, ...], list[tuple]]]
    staged: bool = False  # written into the ``staging`` database (``stage``)
    shift: int = 0  # customer ids move by this much (a till added customers meanwhile)


def _sqlite_time(instant: datetime) -> str:
    """SQLAlchemy's SQLite text form of a UTC datetime ("2026-11-16 10:00:00.000000")."""
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def build_rows(
    new: Sequence[NewCustomer], *, first_id: int, run_id: int, now: datetime, source: str,
    language: str, tier: Tier | None, raw: bool, sort_language: str = "en",
) -> BulkRows:  # fmt: skip
    """Every row the new customers need, in file order, the i-th customer with id
    ``first_id + i``. ``sort_language``: the shop's, whose order the names' sort keys keep."""
    at = _sqlite_time(now) if raw else now
    period = f"imp-{run_id}"
    source = source[:200]
    tier_id = tier.id if tier else None
    change = tier_history.change_row(0, now, None, tier, Reason.IMPORT)
    tier_tail = (at, None, tier_id, change["to_tier_name"], change["reason"])
    customers, entries, visits, notes, tiers, tokens, fts = [], [], [], [], [], [], []
    opening = str(Kind.OPENING_BALANCE)
    for offset, n in enumerate(new):
        row, number, customer_id = n.row, n.number, first_id + offset
        key = search_key(row.name)
        birthday = row.birthday.isoformat() if raw and row.birthday else row.birthday
        customers.append((
            customer_id, n.card, row.name, key, row.phone, row.email, row.address, birthday,
            language, False, at, tier_id, row.points or 0, 0, 0, sort_key(row.name, sort_language),
        ))  # fmt: skip
        if row.points:
            note = f"Opening balance {row.points} from {source}, row {number}"
            entries.append((customer_id, at, row.points, opening, period, note))
        if row.visits:  # the count (with its import run) says it all: no 0-point entry
            visits.append((customer_id, row.visits, run_id))
        if row.notes:
            notes.append((customer_id, at, row.notes, "general", False))
        tiers.append((customer_id, *tier_tail))
        tokens.extend((token, customer_id) for token in search_tokens(key))
        fts.append((customer_id, key, digits_only(row.phone or "")))
    return BulkRows(first_id, run_id, raw, {
        "customer": (CUSTOMER_COLUMNS, customers),
        "ledger_entry": (LEDGER_COLUMNS, entries),
        "imported_visits": (IMPORTED_VISITS_COLUMNS, visits),
        "note": (NOTE_COLUMNS, notes),
        "tier_change": (TIER_CHANGE_COLUMNS, tiers),
        "search_token": (("token", "customer_id"), tokens),
        "customer_fts": (("rowid", "name_key", "phone_digits"), fts),
    })  # fmt: skip


def next_ids(connection: Connection) -> tuple[int, int]:
    """The next free customer id and import run id."""
    customer = connection.execute(select(func.max(C.c.id))).scalar() or 0
    run = connection.execute(select(func.max(t.ImportRun.__table__.c.id))).scalar() or 0
    return customer + 1, run + 1


# --- SQLite: staged outside the lock, moved inside it ---------------------------------------

STAGING = "staging"
_SHIFTED = ("id", "customer_id", "cid")  # customer ids: + :shift


def _staging_columns(columns: Sequence[str]) -> list[str]:
    return ["cid" if c == "rowid" else c for c in columns]


@contextmanager
def staging_connection(db: Database) -> Iterator[Connection]:
    """A connection of its own with an empty private database attached as ``staging`` (a
    temporary file SQLite deletes itself): the new rows are written there with no lock on the
    shop, then moved in one short ``BEGIN IMMEDIATE`` transaction.

    Foreign keys are not looked up during it (a third of the move's time): every moved row
    refers to a customer moved with it, which ``stage`` checks before, or to one read in the
    same transaction."""
    with db.engine.connect() as connection:
        driver = connection.connection.driver_connection
        driver.execute(f"ATTACH DATABASE '' AS {STAGING}")  # outside any transaction
        # its pages stay in memory from staging to the move (never read back from the file)
        driver.execute(f"PRAGMA {STAGING}.cache_size = {-BIG_CACHE_KIB}")
        keys = driver.execute("PRAGMA foreign_keys").fetchone()[0]
        driver.execute("PRAGMA foreign_keys = OFF")
        pages = driver.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        driver.execute("PRAGMA wal_autocheckpoint = 0")  # see ``checkpoint``
        # The commit writes the WAL without waiting for the disk; ``checkpoint`` makes it
        # durable before the import says it is done, with no lock held meanwhile.
        synchronous = driver.execute("PRAGMA main.synchronous").fetchone()[0]
        driver.execute("PRAGMA main.synchronous = NORMAL")
        try:
            yield connection.execution_options(sqlite_begin="IMMEDIATE")
        finally:
            if connection.in_transaction():
                connection.rollback()
            driver.execute(f"PRAGMA main.synchronous = {int(synchronous)}")
            driver.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
            driver.execute(f"PRAGMA foreign_keys = {int(keys)}")
            driver.execute(f"DETACH DATABASE {STAGING}")


def checkpoint(connection: Connection) -> None:
    """After the commit, holding no write lock (tills book meanwhile): make the import durable
    (the WAL flushed to disk, as ``synchronous = FULL`` would have done inside the lock) and
    copy its pages into the shop's file, rather than in a till's next booking."""
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA wal_checkpoint(PASSIVE)")
    shop = next(r[2] for r in driver.execute("PRAGMA database_list") if r[1] == "main")
    try:
        handle = os.open(f"{shop}-wal", os.O_RDONLY)
    except FileNotFoundError:  # checkpointed and removed
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def stage(connection: Connection, bulk: BulkRows) -> None:
    """Write ``bulk``'s rows into ``staging`` (no transaction on the shop, so no lock): the slow
    part of storing them, binding every value from Python, happens here. The search tokens are
    kept in key order, so the move inserts them in the order of the shop's index."""
    driver = connection.connection.driver_connection
    for table, (columns, rows) in bulk.tables.items():
        names = _staging_columns(columns)
        spec = ", ".join(names)
        if table == "search_token":
            driver.execute(
                f"CREATE TABLE {STAGING}.{table} ({spec}, PRIMARY KEY (token, customer_id)) "
                "WITHOUT ROWID"
            )
        else:
            driver.execute(f"CREATE TABLE {STAGING}.{table} ({spec})")
        marks = ", ".join("?" * len(names))
        verb = "INSERT OR IGNORE" if table == "search_token" else "INSERT"
        driver.execute("BEGIN")  # the staging database only
        driver.executemany(f"{verb} INTO {STAGING}.{table} ({spec}) VALUES ({marks})", rows)
        driver.execute("COMMIT")
        if table != "customer" and ("customer_id" in names or "cid" in names):
            column = "customer_id" if "customer_id" in names else "cid"
            stray = driver.execute(
                f"SELECT count(*) FROM {STAGING}.{table} WHERE {column} NOT BETWEEN ? AND ?",
                (bulk.first_id, bulk.first_id + len(bulk.tables["customer"][1]) - 1),
            ).fetchone()[0]
            if stray:  # a bug: the move would store rows of no customer
                raise RuntimeError(f"{stray} {table} rows refer to no new customer")
    bulk.staged = True


def staged_taken(connection: Connection) -> set[str]:
    """The planned card numbers that are stored already (issued by a till meanwhile)."""
    return set(
        connection.exec_driver_sql(
            f"SELECT s.card_number FROM {STAGING}.customer AS s "
            "JOIN main.customer AS c ON c.card_number = s.card_number"
        ).scalars()
    )


def move_staged(connection: Connection, bulk: BulkRows, cards: list[str]) -> None:
    """Inside the write transaction: one ``INSERT … SELECT`` per table (SQLite's own loop),
    customer ids moved by ``bulk.shift``, the run id set anew, replaced cards written first."""
    driver = connection.connection.driver_connection
    customers = bulk.tables["customer"][1]
    replaced = [(card, customers[i][0]) for i, card in enumerate(cards) if customers[i][1] != card]
    if replaced:  # rare: a till issued a planned number meanwhile
        driver.executemany(f"UPDATE {STAGING}.customer SET card_number = ? WHERE id = ?", replaced)
    values = {"shift": bulk.shift, "run": bulk.run_id}
    for table, (columns, rows) in bulk.tables.items():
        if not rows:
            continue
        picked = []
        for column in _staging_columns(columns):
            if column in _SHIFTED:
                picked.append(f"{column} + :shift")
            elif column == "import_run_id":
                picked.append(":run")
            elif column == "period":
                picked.append("'imp-' || :run")
            else:
                picked.append(column)
        verb = "INSERT OR IGNORE" if table == "search_token" else "INSERT"
        driver.execute(
            f"{verb} INTO main.{table} ({', '.join(columns)}) "
            f"SELECT {', '.join(picked)} FROM {STAGING}.{table}",
            values,
        )
