"""Importing a shop's existing customers from a CSV or XLSX file.

The faces do it in three steps: ``load_sheet`` (encoding and separator detected, or as chosen),
``suggest_mapping`` (the mapping remembered from the last import, else guessed from the headers)
and ``import_sheet`` — first with ``dry_run=True`` for the preview, then for real with the
user's ``Choices``.

Importing the same file twice, or the shop's own export, changes nothing: rows match stored
customers (``domain.import_plan``), an opening balance and past visits go only to new customers,
and a stored value is never overwritten unless the user chooses ``update`` for the row (a
different balance is then corrected by a ``correction`` ledger entry that says why). A card,
phone or e-mail match with nothing else in common (another shop's card numbers) is a conflict:
by default a new customer with a new card. The preview also lists possible duplicates and, when
the file's national phone numbers are invalid for the shop's country but valid for one other,
that country.

All the checking happens before the write transaction (``services.import_store``), which is then
short: a till booking meanwhile waits a moment, never fails. Every valid row or none is written.
Ledger entries carry ``period = "imp-<run>"``. Imported customers get no welcome bonus.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as day_time
from pathlib import Path

from sqlalchemy import Connection, insert, update
from sqlalchemy.exc import OperationalError

from shopkeeper.domain import importing as rules
from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.contact import format_phone
from shopkeeper.domain.duplicates import Person
from shopkeeper.domain.errors import DatabaseBusy, InvalidInput
from shopkeeper.domain.import_plan import (
    MATCHED_ACTIONS,
    NEW_ACTIONS,
    PHONE,
    Action,
    Choices,
    Difference,
    RowPlan,
    Stored,
    StoredIndex,
    plan_rows,
)
from shopkeeper.domain.importing import RowCheck, Sheet
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.tiers import tier_for
from shopkeeper.i18n import _
from shopkeeper.services import audit, import_store, programme
from shopkeeper.services.authority import require
from shopkeeper.services.common import lock_all_customers
from shopkeeper.services.customers import default_language
from shopkeeper.storage import chain, database
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, advisory_lock

__all__ = ["Action", "Choices", "ImportResult", "RowReport", "import_file", "import_sheet"]

MAPPING_KEY = "import_mapping"
MAX_FILE_BYTES = 50 * 2**20
XLSX_SUFFIXES = (".xlsx", ".xlsm")

IMPORTED, UPDATED, UNCHANGED, REJECTED, SKIPPED = (
    "imported", "updated", "unchanged", "rejected", "skipped",
)  # fmt: skip
STATUSES = (IMPORTED, UPDATED, UNCHANGED, REJECTED, SKIPPED)


@dataclass(frozen=True)
class DuplicateHint:
    """A stored customer a new row may be (shown, never acted on by itself)."""

    card_number: str
    name: str
    reason: str


@dataclass(frozen=True)
class RowReport:
    row: int  # the row number the spreadsheet shows
    status: str  # imported, updated, unchanged, skipped or rejected
    name: str | None
    card_number: str | None
    changes: tuple[str, ...] = ()  # what was (or would be) applied to a stored customer
    warnings: tuple[str, ...] = ()
    problem: str | None = None  # why it was rejected
    action: str | None = None  # new, skip, keep or update (None: rejected)
    conflict: bool = False  # a key match with another name and contacts
    matched_by: str = ""  # card, phone, e-mail or name
    matched_card: str | None = None
    matched_name: str | None = None
    differences: tuple[Difference, ...] = ()  # stored value vs the file's
    applied: bool = False  # the differences were applied (action "update")
    duplicates: tuple[DuplicateHint, ...] = ()
    options: tuple[str, ...] = ()  # the actions the user may choose for this row


@dataclass(frozen=True)
class ImportResult:
    file: str
    encoding: str | None
    delimiter: str | None
    dry_run: bool
    run_id: int | None
    imported: int
    updated: int
    unchanged: int
    rejected: int
    warnings: int  # warnings in all rows (each row lists its own)
    blank_rows: int
    mapping: dict[str, str]  # field -> header
    rows: tuple[RowReport, ...]
    skipped: int = 0
    conflicts: int = 0
    differences: int = 0  # rows whose stored values differ from the file's
    possible_duplicates: int = 0
    phone_country: str = ""  # the country national numbers were read in
    invalid_phones: int = 0  # phone cells dropped as invalid there
    phone_suggestion: tuple[str, ...] = ()  # the one other country where they are valid
    write_seconds: float | None = None  # how long the write transaction held the lock
    write_cpu_seconds: float | None = None  # the processor time of it (the rest is waiting)
    new_products: int = 0  # products the new customers' item histories added to the shop

    @property
    def rejected_rows(self) -> list[RowReport]:
        return [r for r in self.rows if r.status == REJECTED]


# --- reading files --------------------------------------------------------------------------


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == day_time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unreadable_xlsx(path: Path, error: Exception) -> str:
    return _("{file} is not a readable XLSX workbook ({error}).").format(
        file=path.name, error=error
    )


def _read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise InvalidInput(_unreadable_xlsx(path, error)) from None
    except Exception as error:  # noqa: BLE001 - zip and XML errors of a damaged workbook
        raise InvalidInput(_unreadable_xlsx(path, error)) from None
    try:
        sheet = book.worksheets[0]
        records = ([_xlsx_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
        return rules.sheet_from_rows(records)
    finally:
        book.close()


def read_sheet(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    country: str = "",
) -> Sheet:
    """A CSV (any encoding and separator, detected unless given) or the first sheet of an XLSX."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInput(
                _("{file} is {size} MB; split it into files under {limit} MB.").format(
                    file=path.name, size=size // 2**20, limit=MAX_FILE_BYTES // 2**20
                )
            )
        if path.suffix.lower() in XLSX_SUFFIXES:
            return _read_xlsx(path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise InvalidInput(_("{path} is a folder, not a file.").format(path=path)) from None
    except PermissionError:
        raise InvalidInput(
            _("{path} cannot be read (no permission).").format(path=path)
        ) from None
    if data.startswith(b"PK\x03\x04"):
        raise InvalidInput(
            _("{file} is a workbook: give it the .xlsx ending, or save as CSV.").format(
                file=path.name
            )
        )
    return rules.parse_csv(data, encoding=encoding, delimiter=delimiter, country=country)


def _country(db: Database) -> str:
    return programme.load(db).shop.country


def load_sheet(
    db: Database, path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
) -> Sheet:
    """``read_sheet`` with the shop's country deciding a tie between code pages."""
    return read_sheet(path, encoding=encoding, delimiter=delimiter, country=_country(db))


# --- mapping --------------------------------------------------------------------------------


def remembered_mapping(db: Database) -> dict[str, str]:
    """Field -> header text of the last import (empty before the first)."""
    with db.read() as session:
        row = session.get(t.Setting, MAPPING_KEY)
        return dict(json.loads(row.value)) if row else {}


def suggest_mapping(db: Database, headers: Sequence[str]) -> dict[str, int]:
    """The columns of the last import's mapping present here, then guesses for the rest."""
    mapping: dict[str, int] = {}
    keys = [h.strip().casefold() for h in headers]
    for field, header in remembered_mapping(db).items():
        wanted = header.strip().casefold()
        if field in rules.FIELDS and wanted in keys and keys.index(wanted) not in mapping.values():
            mapping[field] = keys.index(wanted)
    for field, column in rules.guess_mapping(headers).items():
        if field not in mapping and column not in mapping.values():
            mapping[field] = column
    return {f: mapping[f] for f in rules.FIELDS if f in mapping}


def named_mapping(sheet: Sheet, mapping: Mapping[str, int]) -> dict[str, str]:
    return {
        f: sheet.headers[c] or f"column {c + 1}"
        for f, c in mapping.items()
        if 0 <= c < len(sheet.headers)
    }


def check_sheet(db: Database, sheet: Sheet, mapping: Mapping[str, int]) -> list[RowCheck]:
    """The row rules alone (no database matching): what would be rejected and warned about."""
    return rules.check_rows(sheet, mapping, country=_country(db), today=local_date(db.now()))


# --- importing ------------------------------------------------------------------------------


def phone_country_hint(
    checks: Sequence[RowCheck], sheet: Sheet, mapping: Mapping[str, int], country: str
) -> tuple[int, tuple[str, ...]]:
    """(how many phone cells were dropped as invalid for ``country``, the one other country
    where they are valid — or none when no single country fits)."""
    column = mapping.get("phone")
    if column is None:
        return 0, ()
    label = sheet.headers[column] or _(rules.FIELDS["phone"])
    dropped = [
        sheet.cell(row, column)
        for check, row in zip(checks, sheet.rows, strict=True)
        if any(rules.is_left_out(w, label) for w in check.warnings)
    ]
    if not dropped:
        return 0, ()
    return len(dropped), rules.phone_countries(dropped, exclude=country, encoding=sheet.encoding)


def _stored_snapshot(db: Database) -> list[Stored]:
    with db.read() as session:
        return import_store.load_stored(session.connection())


@dataclass(frozen=True)
class _Prepared:
    checks: list[RowCheck]
    plans: list[RowPlan]
    stored: list[Stored]
    index: StoredIndex
    notes: dict[int, set[str]]
    new: list[import_store.NewCustomer]
    next_sequence: int
    duplicates: dict[int, tuple[DuplicateHint, ...]]
    phone_country: str
    invalid_phones: int
    phone_suggestion: tuple[str, ...]


def _prepare(
    db: Database, sheet: Sheet, mapping: Mapping[str, int], choices: Choices,
    phone_country: str | None,
) -> _Prepared:  # fmt: skip
    """Everything that needs no lock: the rules, the matching, duplicates and card numbers."""
    today = local_date(db.now())
    shop_country = _country(db)
    country = (phone_country or shop_country).upper()
    checks = rules.check_rows(
        sheet, dict(mapping), country=shop_country, today=today, phone_country=country
    )
    invalid, suggestion = phone_country_hint(checks, sheet, mapping, country)
    stored = _stored_snapshot(db)
    index = StoredIndex(stored)
    plans = plan_rows(checks, index, choices)
    with db.read() as session:
        connection = session.connection()
        notes = import_store.note_texts(
            connection, [p.stored.id for p in plans if p.stored and p.row and p.row.notes]
        )
        sequence = import_store.card_sequence(connection)
    # A new customer never takes a live customer's phone (the counter finds people by it).
    for i, plan in enumerate(plans):
        row = plan.row
        if plan.action != Action.NEW or row is None or not row.phone:
            continue
        owner = index.owner(PHONE, row.phone)
        if owner is not None and not owner.archived:
            plans[i] = dataclasses.replace(
                plan,
                row=dataclasses.replace(row, phone=None),
                warnings=(*plan.warnings,
                          _("Phone {phone} belongs to {name} (card {card}); left out.").format(
                              phone=format_phone(row.phone), name=owner.name,
                              card=owner.card_number)),
            )  # fmt: skip
    # New customers: the file's card when it is free, else a new shop card.
    taken = {c.card_number for c in stored}
    wanted: list[tuple[RowPlan, str | None]] = []
    for plan in plans:
        if plan.action != Action.NEW:
            continue
        card = plan.row.card if plan.row and plan.row.card else None
        if card is not None and card in taken:
            card = None
        if card is not None:
            taken.add(card)
        wanted.append((plan, card))
    issued, next_sequence = import_store.issue_cards(
        sum(1 for _, c in wanted if c is None), sequence, taken
    )
    fresh = iter(issued)
    new = [
        import_store.NewCustomer(p.number, p.row, card or next(fresh), card is not None)
        for p, card in wanted
    ]
    finder = import_store.duplicate_finder(stored)
    by_id = index.by_id
    duplicates: dict[int, tuple[DuplicateHint, ...]] = {}
    for plan in plans:
        if plan.row is None or plan.action != Action.NEW:
            continue
        row = plan.row
        found = finder.find(Person(-plan.number, row.name, row.birthday, row.phone))
        if found:
            duplicates[plan.number] = tuple(
                DuplicateHint(by_id[d.id].card_number, by_id[d.id].name, d.reason) for d in found
            )
    return _Prepared(checks, plans, stored, index, notes, new, next_sequence, duplicates,
                     country, invalid, suggestion)  # fmt: skip


_MATCHED_OPTIONS = tuple(a.value for a in MATCHED_ACTIONS)
_NEW_OPTIONS = tuple(a.value for a in NEW_ACTIONS)


def _options(plan: RowPlan) -> tuple[str, ...]:
    if plan.row is None:
        return ()
    return _MATCHED_OPTIONS if plan.stored else _NEW_OPTIONS


def _reports(
    prepared: _Prepared,
    applied: Mapping[int, import_store.Applied],
    cards: Mapping[int, str],
    card_warnings: Mapping[int, str],
    *,
    only: set[int] | None = None,
) -> list[RowReport]:
    """The report of every row (of the rows in ``only``, when given)."""
    reports = []
    for plan in prepared.plans:
        if only is not None and plan.number not in only:
            continue
        common = {
            "row": plan.number,
            "action": plan.action.value if plan.action else None,
            "conflict": plan.conflict,
            "matched_by": plan.matched_by,
            "matched_card": plan.stored.card_number if plan.stored else None,
            "matched_name": plan.stored.name if plan.stored else None,
            "options": _options(plan),
            "duplicates": prepared.duplicates.get(plan.number, ()),
        }
        if plan.row is None:
            reports.append(
                RowReport(status=REJECTED, name=common["matched_name"],
                          card_number=common["matched_card"], warnings=plan.warnings,
                          problem=plan.problem, **common)
            )  # fmt: skip
            continue
        if plan.action == Action.SKIP:
            reports.append(RowReport(status=SKIPPED, name=plan.row.name, card_number=None,
                                     warnings=plan.warnings,
                                     differences=plan.differences, **common))  # fmt: skip
            continue
        if plan.action == Action.NEW:
            warnings = list(plan.warnings)
            card = cards[plan.number]
            if plan.conflict and plan.stored is not None:
                warnings.append(
                    _(
                        "Conflict: card/phone/e-mail of {name} (card {card}) here, with another "
                        "name and contacts: imported as a new customer with card {new_card}."
                    ).format(
                        name=plan.stored.name, card=plan.stored.card_number, new_card=card
                    )
                )
            elif plan.row.card and plan.row.card != card and plan.number not in card_warnings:
                warnings.append(
                    _("Card {card} is taken here; new card {new_card}.").format(
                        card=plan.row.card, new_card=card
                    )
                )
            if plan.number in card_warnings:
                warnings.append(card_warnings[plan.number])
            reports.append(RowReport(status=IMPORTED, name=plan.row.name, card_number=card,
                                     warnings=tuple(warnings), **common))  # fmt: skip
            continue
        done = applied[plan.number]
        reports.append(
            RowReport(
                status=done.status, name=done.name, card_number=done.card_number,
                changes=tuple(done.changes), warnings=plan.warnings + tuple(done.warnings),
                differences=done.differences, applied=done.applied_differences, **common,
            )
        )  # fmt: skip
    return reports


def _result(
    prepared: _Prepared, sheet: Sheet, named: dict[str, str], reports: list[RowReport], *,
    file_name: str, dry_run: bool, run_id: int | None, write_seconds: float | None,
) -> ImportResult:  # fmt: skip
    counts = {s: sum(1 for r in reports if r.status == s) for s in STATUSES}
    return ImportResult(
        file=file_name, encoding=sheet.encoding, delimiter=sheet.delimiter, dry_run=dry_run,
        run_id=run_id, imported=counts[IMPORTED], updated=counts[UPDATED],
        unchanged=counts[UNCHANGED], rejected=counts[REJECTED],
        warnings=sum(len(r.warnings) for r in reports), blank_rows=sheet.blank_rows,
        mapping=named, rows=tuple(reports), skipped=counts[SKIPPED],
        conflicts=sum(1 for r in reports if r.conflict),
        differences=sum(1 for r in reports if r.differences),
        possible_duplicates=sum(1 for r in reports if r.duplicates),
        phone_country=prepared.phone_country, invalid_phones=prepared.invalid_phones,
        phone_suggestion=prepared.phone_suggestion, write_seconds=write_seconds,
    )  # fmt: skip


def import_sheet(
    db: Database,
    sheet: Sheet,
    mapping: Mapping[str, int],
    *,
    file_name: str = "",
    dry_run: bool = False,
    choices: Choices | None = None,
    phone_country: str | None = None,
) -> ImportResult:
    """Import every valid row in one short transaction (or, with ``dry_run``, say what would
    happen and write nothing, taking no lock). ``choices``: what to do with conflicts,
    differences and single rows; ``phone_country``: the country of the file's national phone
    numbers (the shop's by default). The mapping is remembered unless it looks garbled."""
    if not dry_run:
        require(db, Permission.IMPORT)
    choices = choices or Choices()
    if phone_country is not None:
        phone_country = rules.check_country(phone_country)
    named = named_mapping(sheet, mapping)
    prepared = _prepare(db, sheet, mapping, choices, phone_country)
    matched = [p for p in prepared.plans if p.stored and p.action in (Action.KEEP, Action.UPDATE)]
    # The changes to matched customers, judged on the snapshot: only those with something to
    # write are read again inside the transaction.
    planned = _planned_changes(prepared, matched)
    if dry_run:
        cards = {n.number: n.card for n in prepared.new}
        reports = _reports(prepared, planned, cards, {})
        with db.read() as session:
            created = import_store.new_products(session.connection(), prepared.new)
        result = _result(prepared, sheet, named, reports, file_name=file_name, dry_run=True,
                         run_id=None, write_seconds=None)  # fmt: skip
        return dataclasses.replace(result, new_products=created)
    now = db.now()
    prog = programme.load(db)
    language = default_language(prog.shop.language)  # an imported customer speaks the shop's
    tier = tier_for(0, prog.tiers)
    source = file_name or "import"
    with db.read() as session:
        first_id, run_id = import_store.next_ids(session.connection())
    raw = db.is_sqlite

    def rows_from(first: int, run: int) -> import_store.BulkRows:
        return import_store.build_rows(
            prepared.new, first_id=first, run_id=run, now=now, source=source,
            language=language, tier=tier, raw=raw, sort_language=prog.shop.language,
        )  # fmt: skip

    bulk = rows_from(first_id, run_id)
    to_write = [p for p in matched if planned[p.number].changes]
    reports = _reports(prepared, planned, {n.number: n.card for n in prepared.new}, {})
    result = _result(prepared, sheet, named, reports, file_name=file_name, dry_run=False,
                     run_id=run_id, write_seconds=None)  # fmt: skip
    timing = _Timing()
    with _transaction(db, bulk, timing) as connection:
        if import_store.next_ids(connection) != (first_id, run_id):  # a till added someone
            first_id, run_id = import_store.next_ids(connection)
            if bulk.staged:  # the staged rows move along
                bulk.shift, bulk.run_id = first_id - bulk.first_id, run_id
            else:
                bulk = rows_from(first_id, run_id)
        connection.execute(
            insert(t.ImportRun.__table__).values(
                id=run_id, at=now, file_name=source[:255],
                mapping=json.dumps(named, ensure_ascii=False),
            )
        )  # fmt: skip
        writer = import_store.Writer(connection, run_id=run_id, source=source, now=now)
        writer.staged = bulk if bulk.staged else None
        fresh = writer.update_matched(to_write, prepared.notes)
        cards_list, card_warnings = writer.settle_cards(prepared.new, prepared.next_sequence)
        writer.create(bulk, cards_list)
        created = import_store.write_items(
            connection, prepared.new, bulk.first_id + bulk.shift, run_id
        )
        # The reports were written before the transaction; only the rows that came out
        # otherwise (a customer changed meanwhile, a card taken meanwhile) are written again.
        moved = {n.number for n, card in zip(prepared.new, cards_list, strict=True)
                 if card != n.card}  # fmt: skip
        again = set(fresh) | moved | set(card_warnings)
        if again:
            cards = {n.number: c for n, c in zip(prepared.new, cards_list, strict=True)}
            redone = {
                r.row: r
                for r in _reports(prepared, {**planned, **fresh}, cards, card_warnings, only=again)
            }
            reports = [redone.get(r.row, r) for r in reports]
            result = _result(prepared, sheet, named, reports, file_name=file_name,
                             dry_run=False, run_id=run_id, write_seconds=None)  # fmt: skip
        elif result.run_id != run_id:
            result = dataclasses.replace(result, run_id=run_id)
        connection.execute(
            update(t.ImportRun.__table__)
            .where(t.ImportRun.__table__.c.id == run_id)
            .values(rows=len(reports), imported=result.imported, updated=result.updated,
                    rejected=result.rejected, warnings=result.warnings)
        )  # fmt: skip
        if not any(rules.looks_garbled(h) for h in named.values()):
            _remember(connection, named)
        audit.record(
            connection, db, kind="import", subject=f"import {run_id}",
            after={"file": source[:200], "rows": len(reports), "imported": result.imported,
                   "updated": result.updated, "rejected": result.rejected,
                   "warnings": result.warnings},
        )  # fmt: skip
        chain.seal_connection(connection)  # the SQLite import commits outside Database.write
    return dataclasses.replace(
        result, write_seconds=timing.seconds, write_cpu_seconds=timing.cpu_seconds,
        new_products=created,
    )


@dataclass
class _Timing:
    """How long the write transaction held the lock, and the processor time of it."""

    seconds: float | None = None
    cpu_seconds: float | None = None


@contextmanager
def _transaction(
    db: Database, bulk: import_store.BulkRows, timing: _Timing
) -> Iterator[Connection]:
    """The import's one write transaction. On SQLite the new customers' rows are first staged
    in a private database (no lock on the shop), then moved inside ``BEGIN IMMEDIATE`` with one
    ``INSERT … SELECT`` per table; elsewhere they are inserted in the transaction itself."""
    with import_store.big_cache() as cache:
        if not (db.is_sqlite and bulk.raw):
            started, cpu = time.perf_counter(), time.process_time()
            with db.write() as session:
                # Card numbers, phones and balances are checked again, then written: tills wait.
                advisory_lock(session, "settings")
                lock_all_customers(session)
                connection = session.connection()
                cache(connection)
                yield connection
        else:
            with import_store.staging_connection(db) as connection:
                import_store.stage(connection, bulk)
                cache(connection)
                started, cpu = time.perf_counter(), time.process_time()
                try:
                    with connection.begin():  # BEGIN IMMEDIATE: the lock is taken here
                        yield connection
                except OperationalError as error:
                    if database.is_busy(error):
                        raise DatabaseBusy() from error
                    raise
                timing.seconds = time.perf_counter() - started
                timing.cpu_seconds = time.process_time() - cpu
                import_store.checkpoint(connection)
            return
    timing.seconds = time.perf_counter() - started
    timing.cpu_seconds = time.process_time() - cpu


def _planned_changes(prepared: _Prepared, matched: list[RowPlan]) -> dict:
    """What each matched row would change, judged on the snapshot taken before the write."""
    owner = _snapshot_phone_owner(prepared.index)
    return {
        p.number: import_store.decide(
            p.row, p.stored, p.action, prepared.notes.get(p.stored.id, set()), owner
        ).applied
        for p in matched
    }


def _snapshot_phone_owner(index: StoredIndex):  # noqa: ANN202 - the preview's phone check
    def owner(phone: object, own_id: int) -> tuple[str, str] | None:
        found = index.owner(PHONE, str(phone))
        if found is None or found.id == own_id or found.archived:
            return None
        return found.card_number, found.name

    return owner


def _remember(connection: Connection, named: dict[str, str]) -> None:
    text = json.dumps(named, ensure_ascii=False, sort_keys=True)
    table = t.Setting.__table__
    done = connection.execute(update(table).where(table.c.key == MAPPING_KEY).values(value=text))
    if done.rowcount == 0:
        connection.execute(insert(table).values(key=MAPPING_KEY, value=text))


def write_rejected(result: ImportResult, sheet: Sheet, path: str | Path) -> Path:
    """The rejected rows as they were, with a last column saying why: fix them, import again."""
    path = Path(path)
    wanted = {r.row: r.problem for r in result.rejected_rows}
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=sheet.delimiter or ",")
            writer.writerow([*sheet.headers, "Problem"])
            for row in sheet.rows:
                if row.number in wanted:
                    cells = list(row.cells) + [""] * (len(sheet.headers) - len(row.cells))
                    writer.writerow([*cells, wanted[row.number]])
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            _("Could not write {path}: {error}.").format(path=path, error=error.strerror or error)
        ) from None
    return path


def import_file(
    db: Database,
    path: str | Path,
    *,
    mapping_options: Sequence[str] = (),
    encoding: str | None = None,
    delimiter: str | None = None,
    dry_run: bool = False,
    choices: Choices | None = None,
    phone_country: str | None = None,
) -> tuple[ImportResult, Sheet]:
    """The command line's way: read, map (remembered and guessed, then ``FIELD=COLUMN``
    options on top), import."""
    sheet = load_sheet(db, path, encoding=encoding, delimiter=delimiter)
    mapping = suggest_mapping(db, sheet.headers)
    chosen = rules.parse_mapping_options(sheet.headers, mapping_options)
    for field, column in chosen.items():
        mapping = {f: c for f, c in mapping.items() if c != column}
        mapping[field] = column
    result = import_sheet(
        db, sheet, mapping, file_name=Path(path).name, dry_run=dry_run, choices=choices,
        phone_country=phone_country,
    )
    return result, sheet
