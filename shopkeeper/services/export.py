"""Exporting the shop's data: customers, visits and the ledger as CSV or XLSX, and the whole
database as one SQLite file anyone can open (DB Browser for SQLite, Python, LibreOffice Base).

Rows are streamed from one read transaction (a consistent picture while tills keep booking) in
batches, so 100,000 customers never sit in memory at once. Every file is written under a
temporary name and renamed when complete: an interrupted export leaves no half file.

Customers come in the order of their names in the shop's language (``customer.sort_key``,
``domain.collation``); visits and the ledger in time order.

CSV is UTF-8 with a byte-order mark (Excel then shows "Žemaitė" and "王小明" rightly), comma
separated. A text cell that a spreadsheet would run as a formula ("=HYPERLINK(...)" typed as a
name) is written with a leading apostrophe; phone numbers such as "+370..." are left as they are.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.staff import Permission
from shopkeeper.i18n import _
from shopkeeper.services.authority import require
from shopkeeper.storage import tables as t
from shopkeeper.storage.backup import backup_to, check_file
from shopkeeper.storage.database import Database

TABLES = ("customers", "visits", "ledger")
FORMATS = (".csv", ".xlsx")
BATCH = 2000

C = t.Customer.__table__
V = t.Visit.__table__
L = t.LedgerEntry.__table__
T = t.Tier.__table__
I = t.ImportedVisits.__table__  # noqa: E741

_NUMBER = re.compile(r"^[+-]?[\d\s().-]*$")


@dataclass(frozen=True)
class Exported:
    path: Path
    what: str
    rows: int
    format: str  # "csv", "xlsx" or "sqlite"


def _local(instant: datetime | None) -> datetime | None:
    """Stored UTC as the shop's local wall time (what a spreadsheet user expects to see)."""
    return instant.astimezone().replace(tzinfo=None, microsecond=0) if instant else None


def _money(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents) / 100


@dataclass(frozen=True)
class _Table:
    headers: tuple[str, ...]
    rows: Callable[[object], Iterator[tuple]]  # connection -> rows of Python values


def _customers(connection) -> Iterator[tuple]:  # noqa: ANN001
    query = (
        select(
            C.c.card_number, C.c.name, C.c.phone, C.c.email, C.c.birthday, C.c.address,
            C.c.language, C.c.letters_consent, C.c.joined_at, C.c.archived_at, T.c.name,
            C.c.points_balance, C.c.visit_count, I.c.visits, C.c.spent_cents,
            C.c.first_visit_at, C.c.last_visit_at,
        )
        .select_from(C.outerjoin(T, T.c.id == C.c.tier_id).outerjoin(I, I.c.customer_id == C.c.id))
        .order_by(C.c.sort_key, C.c.id)  # by name, as the shop's language orders names
    )  # fmt: skip
    for r in connection.execution_options(yield_per=BATCH).execute(query):
        yield (
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], "yes" if r[7] else "no", _local(r[8]),
            _local(r[9]), r[10], r[11], r[12], r[13] or 0, _money(r[14]), _local(r[15]),
            _local(r[16]),
        )  # fmt: skip


def _visits(connection) -> Iterator[tuple]:  # noqa: ANN001
    earned = L.alias("earned")
    query = (
        select(
            V.c.id, C.c.card_number, C.c.name, V.c.at, V.c.amount_cents, earned.c.points,
            V.c.staff, V.c.note, V.c.reversed_at,
        )
        .select_from(
            V.join(C, C.c.id == V.c.customer_id).outerjoin(
                earned, (earned.c.visit_id == V.c.id) & (earned.c.kind == "visit")
            )
        )
        .order_by(V.c.at, V.c.id)
    )  # fmt: skip
    for r in connection.execution_options(yield_per=BATCH).execute(query):
        yield (r[0], r[1], r[2], _local(r[3]), _money(r[4]), r[5] or 0, r[6], r[7], _local(r[8]))


def _ledger(connection) -> Iterator[tuple]:  # noqa: ANN001
    query = (
        select(
            L.c.id, C.c.card_number, C.c.name, L.c.at, L.c.points, L.c.kind, L.c.note,
            L.c.visit_id, L.c.redemption_id, L.c.period, L.c.staff,
        )
        .select_from(L.join(C, C.c.id == L.c.customer_id))
        .order_by(L.c.at, L.c.id)
    )  # fmt: skip
    for r in connection.execution_options(yield_per=BATCH).execute(query):
        yield (r[0], r[1], r[2], _local(r[3]), *r[4:])


_TABLES = {
    "customers": _Table(
        (
            "Card number", "Name", "Phone", "E-mail", "Birthday", "Address", "Language",
            "Letters consent", "Joined", "Archived", "Tier", "Points balance", "Visits",
            "Visits before Shopkeeper", "Spent", "First visit", "Last visit",
        ),
        _customers,
    ),
    "visits": _Table(
        ("Visit", "Card number", "Name", "At", "Amount", "Points", "Staff", "Note", "Reversed"),
        _visits,
    ),
    "ledger": _Table(
        (
            "Entry", "Card number", "Name", "At", "Points", "Kind", "Note", "Visit",
            "Redemption", "Period", "Staff",
        ),
        _ledger,
    ),
}  # fmt: skip


def safe_text(value: str) -> str:
    """Text a spreadsheet will show, never run: "=1+1" becomes "'=1+1"; "+370 612" stays."""
    if value[:1] in ("=", "@", "\t", "\r") or (
        value[:1] in ("+", "-") and not _NUMBER.match(value)
    ):
        return "'" + value
    return value


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, str):
        return safe_text(value)
    return str(value)


def _write_csv(path: Path, headers: Sequence[str], rows: Iterator[tuple]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
            count += 1
    return count


def _write_xlsx(path: Path, title: str, headers: Sequence[str], rows: Iterator[tuple]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    count = 0
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
        count += 1
    book.save(path)
    return count


def _target(path: str | Path, allowed: Sequence[str]) -> Path:
    path = Path(path)
    if path.suffix.lower() not in allowed:
        raise InvalidInput(
            _("Give the file one of these endings: {endings}.").format(endings=", ".join(allowed))
        )
    if path.is_dir():
        raise InvalidInput(_("{path} is a folder; give a file name.").format(path=path))
    if not path.parent.exists():
        raise InvalidInput(_("The folder {folder} does not exist.").format(folder=path.parent))
    return path


def _replace(partial: Path, path: Path) -> None:
    try:
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            _("Could not write {path}: {reason}.").format(path=path, reason=error.strerror or error)
        ) from None


def export_table(db: Database, what: str, path: str | Path) -> Exported:
    """``customers``, ``visits`` or ``ledger`` into ``path`` (.csv or .xlsx, by its ending)."""
    if what not in _TABLES:
        raise InvalidInput(
            _("Unknown export {what}; choose one of {choices}.").format(
                what=repr(what), choices=", ".join(TABLES)
            )
        )
    path = _target(path, FORMATS)
    table = _TABLES[what]
    partial = path.with_name(f".{path.name}.partial")
    try:
        with db.read() as session:
            rows = table.rows(session.connection())
            if path.suffix.lower() == ".xlsx":
                count = _write_xlsx(partial, what.capitalize(), table.headers, rows)
            else:
                count = _write_csv(partial, table.headers, rows)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            _("Could not write {path}: {reason}.").format(path=path, reason=error.strerror or error)
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _replace(partial, path)
    return Exported(path, what, count, path.suffix.lower().lstrip("."))


def export_database(db: Database, path: str | Path) -> Exported:
    """The whole database as one SQLite file, copied hot (tills may keep working) and checked."""
    require(db, Permission.EXPORT_ALL)
    if not db.is_sqlite:
        raise InvalidInput(_("Only an SQLite shop can be exported as one file."))
    path = Path(path)
    if path.is_dir():
        raise InvalidInput(_("{path} is a folder; give a file name.").format(path=path))
    if not path.parent.exists():
        raise InvalidInput(_("The folder {folder} does not exist.").format(folder=path.parent))
    if db.sqlite_path is not None and path.resolve() == db.sqlite_path.resolve():
        raise InvalidInput(_("That is the shop's own database file; choose another name."))
    try:
        backup_to(db, path)
    except OSError as error:
        raise InvalidInput(
            _("Could not write {path}: {reason}.").format(path=path, reason=error.strerror or error)
        ) from None
    check = check_file(path, thorough=True)
    if not check.ok:  # the copy is only as good as its source
        raise InvalidInput(
            _(
                "The copy failed its check ({detail}); the database may be damaged: "
                "restore a backup."
            ).format(detail=check.detail)
        )
    with db.read() as session:
        customers = session.connection().execute(select(func.count()).select_from(C)).scalar()
    return Exported(path, "database", int(customers or 0), "sqlite")
