"""Importing a shop's existing customers from a CSV or XLSX file.

The faces do it in three steps: ``load_sheet`` (encoding and separator detected, or as chosen),
``suggest_mapping`` (the mapping remembered from the last import, else guessed from the headers)
and ``import_sheet`` — first with ``dry_run=True`` for the preview, then for real.

``import_sheet`` is one transaction: every valid row or none. A row matches an existing
customer by card, then phone, then e-mail, so importing the same file twice creates no
duplicates and reports what it changed. A balance brought from the previous system is an
``opening_balance`` ledger entry (its difference, when a later file says otherwise), past visit
counts go to ``imported_visits`` with a 0-point ``imported_visits`` ledger entry saying so, both
tagged with the import run (``period = "imp-<run>"``): visible in the ledger, taken back by a
correction. Imported customers get no welcome bonus: they are not new to the shop.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import func, insert
from sqlmodel import Session, select

from shopkeeper.domain import importing as rules
from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.codes import card_number_for
from shopkeeper.domain.contact import format_phone
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.importing import CustomerRow, RowCheck, Sheet
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.text import search_key
from shopkeeper.domain.tiers import tier_for
from shopkeeper.services import programme, tier_history
from shopkeeper.services.common import append_entry, lock_all_customers
from shopkeeper.services.tier_history import Reason
from shopkeeper.storage import search as search_index
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database, advisory_lock

MAPPING_KEY = "import_mapping"
MAX_FILE_BYTES = 50 * 2**20
XLSX_SUFFIXES = (".xlsx", ".xlsm")
LANGUAGE_BY_COUNTRY = {"LT": "lt", "CN": "zh", "SG": "zh", "TW": "zh-tw", "HK": "zh-tw"}
LANGUAGE_BY_COUNTRY |= {"LV": "lv", "EE": "et", "PL": "pl", "DE": "de", "FR": "fr"}

IMPORTED, UPDATED, UNCHANGED, REJECTED = "imported", "updated", "unchanged", "rejected"


@dataclass(frozen=True)
class RowReport:
    row: int  # the row number the spreadsheet shows
    status: str  # imported, updated, unchanged or rejected
    name: str | None
    card_number: str | None
    changes: tuple[str, ...] = ()  # for an updated customer, what changed
    warnings: tuple[str, ...] = ()
    problem: str | None = None  # why it was rejected


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

    @property
    def rejected_rows(self) -> list[RowReport]:
        return [r for r in self.rows if r.status == REJECTED]


class _DryRun(Exception):
    """Leaves ``db.write()`` so that it rolls back, carrying the result out."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


# --- reading files --------------------------------------------------------------------------


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise InvalidInput(f"{path.name} is not a readable XLSX workbook ({error}).") from None
    except Exception as error:  # noqa: BLE001 - zip and XML errors of a damaged workbook
        raise InvalidInput(f"{path.name} is not a readable XLSX workbook ({error}).") from None
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
                f"{path.name} is {size // 2**20} MB; split it into files under "
                f"{MAX_FILE_BYTES // 2**20} MB."
            )
        if path.suffix.lower() in XLSX_SUFFIXES:
            return _read_xlsx(path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a file.") from None
    except PermissionError:
        raise InvalidInput(f"{path} cannot be read (no permission).") from None
    if data.startswith(b"PK\x03\x04"):
        raise InvalidInput(f"{path.name} is a workbook: give it the .xlsx ending, or save as CSV.")
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


C = t.Customer.__table__


def _match(connection, row: CustomerRow) -> tuple[int | None, str]:  # noqa: ANN001
    """The existing customer a row is about: by card, then phone, then e-mail (a live customer
    before an archived one)."""
    for column, value, by in (
        (C.c.card_number, row.card, "card"),
        (C.c.phone, row.phone, "phone"),
        (C.c.email, row.email, "e-mail"),
    ):
        if value:
            found = connection.execute(
                select(C.c.id)
                .where(column == value)
                .order_by(C.c.archived_at.is_not(None), C.c.id)
                .limit(1)
            ).scalar()
            if found is not None:
                return found, by
    return None, ""


def _phone_owner(session: Session, phone: str, own_id: int) -> t.Customer | None:
    return session.exec(
        select(t.Customer).where(
            t.Customer.phone == phone,
            t.Customer.id != own_id,
            t.Customer.archived_at == None,  # noqa: E711
        )
    ).first()


def _sum(session: Session, customer_id: int, kind: Kind) -> int:
    return int(
        session.exec(
            select(func.coalesce(func.sum(t.LedgerEntry.points), 0)).where(
                t.LedgerEntry.customer_id == customer_id, t.LedgerEntry.kind == str(kind)
            )
        ).one()
    )


class _Run:
    """One import inside its transaction."""

    def __init__(self, session: Session, run: t.ImportRun, source: str, now: datetime) -> None:
        self.session = session
        self.run = run
        self.source = source[:200]
        self.now = now
        self.period = f"imp-{run.id}"
        self.prog = programme.load_in(session)
        self.language = LANGUAGE_BY_COUNTRY.get(self.prog.shop.country.upper(), "en")
        self.new_index: list[tuple[int, str, str | None]] = []

    def opening_balance(self, customer: t.Customer, row: CustomerRow, number: int) -> str | None:
        """Bring the customer's opening balances to what the file says; what changed."""
        if row.points is None:
            return None
        current = _sum(self.session, customer.id, Kind.OPENING_BALANCE)
        delta = row.points - current
        if delta == 0:
            return None
        if customer.points_balance + delta < 0:
            raise InvalidInput(
                f"Points: the file says {row.points}, but lowering the opening balance from "
                f"{current} would take the balance ({customer.points_balance}) below zero; "
                "not changed."
            )
        append_entry(
            self.session,
            customer,
            points=delta,
            kind=Kind.OPENING_BALANCE,
            at=self.now,
            period=self.period,
            note=f"Opening balance {row.points} from {self.source}, row {number}",
        )
        return (
            f"opening balance {current} → {row.points}"
            if current
            else f"opening balance {row.points}"
        )

    def past_visits(self, customer: t.Customer, row: CustomerRow, number: int) -> str | None:
        if row.visits is None:
            return None
        held = self.session.get(t.ImportedVisits, customer.id)
        before = held.visits if held else 0
        if row.visits == before:
            return None
        if held is None:
            held = t.ImportedVisits(customer_id=customer.id, visits=0, import_run_id=self.run.id)
        held.visits, held.import_run_id = row.visits, self.run.id
        self.session.add(held)
        append_entry(
            self.session,
            customer,
            points=0,
            kind=Kind.IMPORTED_VISITS,
            at=self.now,
            period=self.period,
            note=f"{row.visits} visits before Shopkeeper"
            + (f" (was {before})" if before else "")
            + f", from {self.source}, row {number}",
        )
        return f"past visits {before} → {row.visits}" if before else f"past visits {row.visits}"

    def note(self, customer: t.Customer, row: CustomerRow) -> bool:
        if not row.notes:
            return False
        same = self.session.exec(
            select(t.Note.id).where(t.Note.customer_id == customer.id, t.Note.text == row.notes)
        ).first()
        if same is not None:
            return False
        self.session.add(t.Note(customer_id=customer.id, at=self.now, text=row.notes))
        return True

    def _cards(self, rows: list[CustomerRow]) -> list[str]:
        """The file's card numbers, and shop cards for rows without one (skipping every number
        already taken, by an existing customer or by another row)."""
        taken = {r.card for r in rows if r.card}
        if any(r.card is None for r in rows):
            taken |= set(self.session.connection().execute(select(C.c.card_number)).scalars())
        setting = self.session.get(t.Setting, "next_card_sequence")
        sequence = int(setting.value) if setting else 1
        cards = []
        for row in rows:
            if row.card:
                cards.append(row.card)
                continue
            while card_number_for(sequence) in taken:
                sequence += 1
            cards.append(card_number_for(sequence))
            taken.add(cards[-1])
            sequence += 1
        if setting is None:
            self.session.add(t.Setting(key="next_card_sequence", value=str(sequence)))
        else:
            setting.value = str(sequence)
            self.session.add(setting)
        return cards

    def create_many(self, items: list[tuple[int, CustomerRow]]) -> list[tuple[str, str]]:
        """Insert the new customers with their opening balances, past visits and notes in a few
        bulk statements; (name, card) for each, in order."""
        if not items:
            return []
        rows = [row for _, row in items]
        cards = self._cards(rows)
        tier = tier_for(0, self.prog.tiers)
        connection = self.session.connection()
        ids = (
            connection.execute(
                insert(C).returning(C.c.id, sort_by_parameter_order=True),
                [
                    {
                        "card_number": card,
                        "name": row.name,
                        "name_key": search_key(row.name),
                        "phone": row.phone,
                        "email": row.email,
                        "address": row.address,
                        "birthday": row.birthday,
                        "language": self.language,
                        "letters_consent": False,
                        "joined_at": self.now,
                        "tier_id": tier.id if tier else None,
                        "points_balance": row.points or 0,
                        "visit_count": 0,
                        "spent_cents": 0,
                    }
                    for row, card in zip(rows, cards, strict=True)
                ],
            )
            .scalars()
            .all()
        )
        entries, visits, notes = [], [], []
        for (number, row), customer_id in zip(items, ids, strict=True):
            common = {"customer_id": customer_id, "at": self.now, "period": self.period}
            if row.points:
                entries.append(
                    {
                        **common,
                        "points": row.points,
                        "kind": str(Kind.OPENING_BALANCE),
                        "note": f"Opening balance {row.points} from {self.source}, row {number}",
                    }
                )
            if row.visits:
                entries.append(
                    {
                        **common,
                        "points": 0,
                        "kind": str(Kind.IMPORTED_VISITS),
                        "note": f"{row.visits} visits before Shopkeeper, from "
                        f"{self.source}, row {number}",
                    }
                )
                visits.append(
                    {"customer_id": customer_id, "visits": row.visits, "import_run_id": self.run.id}
                )
            if row.notes:
                notes.append(
                    {
                        "customer_id": customer_id,
                        "at": self.now,
                        "text": row.notes,
                        "kind": "general",
                        "pinned": False,
                    }
                )
            self.new_index.append((customer_id, search_key(row.name), row.phone))
        tier_history.record(
            connection,
            (
                tier_history.change_row(customer_id, self.now, None, tier, Reason.IMPORT)
                for customer_id in ids
            ),
        )
        for table, values in (
            (t.LedgerEntry, entries),
            (t.ImportedVisits, visits),
            (t.Note, notes),
        ):
            if values:
                connection.execute(insert(table.__table__), values)
        return [(row.name, card) for row, card in zip(rows, cards, strict=True)]

    def update(
        self, customer: t.Customer, row: CustomerRow, number: int
    ) -> tuple[list[str], list[str]]:
        """Changes and warnings for an existing customer the row matched."""
        changes: list[str] = []
        warnings: list[str] = []
        reindex = False
        if row.name_given and row.name != customer.name:
            customer.name, customer.name_key = row.name, search_key(row.name)
            changes.append("name")
            reindex = True
        if row.phone and row.phone != customer.phone:
            other = _phone_owner(self.session, row.phone, customer.id)
            if other is not None:
                warnings.append(
                    f"Phone {format_phone(row.phone)} belongs to {other.name} "
                    f"(card {other.card_number}); not changed."
                )
            else:
                customer.phone = row.phone
                changes.append("phone")
                reindex = True
        for field, label in (("email", "e-mail"), ("birthday", "birthday"), ("address", "address")):
            value = getattr(row, field)
            if value is not None and value != getattr(customer, field):
                setattr(customer, field, value)
                changes.append(label)
        if row.card and row.card != customer.card_number:
            warnings.append(
                f"Card {row.card} in the file differs from card {customer.card_number}, "
                "which the customer holds; kept."
            )
        self.session.add(customer)
        try:
            change = self.opening_balance(customer, row, number)
        except InvalidInput as refused:
            warnings.append(str(refused))
            change = None
        changes.extend(filter(None, [change, self.past_visits(customer, row, number)]))
        if self.note(customer, row):
            changes.append("note added")
        if changes and customer.archived_at is not None:
            warnings.append("This customer is archived; updated, and left archived.")
        if reindex:
            self.session.flush()
            search_index.index_customer(
                self.session.connection(), customer.id, customer.name_key, customer.phone
            )
        return changes, warnings


def import_sheet(
    db: Database,
    sheet: Sheet,
    mapping: Mapping[str, int],
    *,
    file_name: str = "",
    dry_run: bool = False,
) -> ImportResult:
    """Import every valid row in one transaction (or, with ``dry_run``, say what would happen
    and write nothing). The mapping is remembered for the next import."""
    now = db.now()
    country = _country(db)
    checks = rules.check_rows(sheet, dict(mapping), country=country, today=local_date(now))
    named = named_mapping(sheet, mapping)
    try:
        with db.write() as session:
            # Balances, card numbers and phones are checked, then written: tills wait.
            advisory_lock(session, "settings")
            lock_all_customers(session)
            run = t.ImportRun(
                at=now,
                file_name=(file_name or "import")[:255],
                mapping=json.dumps(named, ensure_ascii=False),
            )
            session.add(run)
            session.flush()
            job = _Run(session, run, file_name or "import", now)
            reports = _apply(job, checks)
            if job.new_index:
                session.flush()
                search_index.index_many(session.connection(), job.new_index)
            counts = {
                s: sum(1 for r in reports if r.status == s)
                for s in (IMPORTED, UPDATED, UNCHANGED, REJECTED)
            }
            warnings = sum(len(r.warnings) for r in reports)
            run.rows = len(reports)
            run.imported, run.updated = counts[IMPORTED], counts[UPDATED]
            run.rejected, run.warnings = counts[REJECTED], warnings
            session.add(run)
            result = ImportResult(
                file=file_name,
                encoding=sheet.encoding,
                delimiter=sheet.delimiter,
                dry_run=dry_run,
                run_id=None if dry_run else run.id,
                imported=counts[IMPORTED],
                updated=counts[UPDATED],
                unchanged=counts[UNCHANGED],
                rejected=counts[REJECTED],
                warnings=warnings,
                blank_rows=sheet.blank_rows,
                mapping=named,
                rows=tuple(reports),
            )
            if dry_run:
                raise _DryRun(result)
            _remember(session, named)
            return result
    except _DryRun as done:
        return done.result


def _remember(session: Session, named: dict[str, str]) -> None:
    text = json.dumps(named, ensure_ascii=False, sort_keys=True)
    row = session.get(t.Setting, MAPPING_KEY)
    if row is None:
        session.add(t.Setting(key=MAPPING_KEY, value=text))
    else:
        row.value = text
        session.add(row)


def _apply(job: _Run, checks: list[RowCheck]) -> list[RowReport]:
    """Updates as the rows come, then every new customer in bulk; reports in file order."""
    reports: dict[int, RowReport] = {}
    touched: dict[int, int] = {}  # customer id -> the row that matched it
    new: list[tuple[int, CustomerRow]] = []
    connection = job.session.connection()
    for check in checks:
        row = check.row
        if row is None:
            reports[check.number] = RowReport(
                check.number, REJECTED, None, None, (), check.warnings, check.problem
            )
            continue
        customer_id, by = _match(connection, row)
        if customer_id is None:
            new.append((check.number, row))
            continue
        customer = job.session.get(t.Customer, customer_id)
        if customer_id in touched:
            reports[check.number] = RowReport(
                check.number,
                REJECTED,
                row.name,
                customer.card_number,
                (),
                check.warnings,
                f"Duplicate: the same customer as row {touched[customer_id]} (matched by {by}).",
            )
            continue
        touched[customer_id] = check.number
        with job.session.no_autoflush:
            changes, warnings = job.update(customer, row, check.number)
        if changes:
            job.session.flush()  # the next rows are matched against what this one changed
        reports[check.number] = RowReport(
            check.number,
            UPDATED if changes else UNCHANGED,
            customer.name,
            customer.card_number,
            tuple(changes),
            check.warnings + tuple(warnings),
        )
    warnings_of = {c.number: c.warnings for c in checks}
    for (number, _row), (name, card) in zip(new, job.create_many(new), strict=True):
        reports[number] = RowReport(number, IMPORTED, name, card, (), warnings_of[number])
    return [reports[c.number] for c in checks]


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
        raise InvalidInput(f"Could not write {path}: {error.strerror or error}.") from None
    return path


def import_file(
    db: Database,
    path: str | Path,
    *,
    mapping_options: Sequence[str] = (),
    encoding: str | None = None,
    delimiter: str | None = None,
    dry_run: bool = False,
) -> tuple[ImportResult, Sheet]:
    """The command line's way: read, map (remembered and guessed, then ``FIELD=COLUMN``
    options on top), import."""
    sheet = load_sheet(db, path, encoding=encoding, delimiter=delimiter)
    mapping = suggest_mapping(db, sheet.headers)
    chosen = rules.parse_mapping_options(sheet.headers, mapping_options)
    for field, column in chosen.items():
        mapping = {f: c for f, c in mapping.items() if c != column}
        mapping[field] = column
    result = import_sheet(db, sheet, mapping, file_name=Path(path).name, dry_run=dry_run)
    return result, sheet
