"""A customer's rights over their data (GDPR articles 15, 17 and 20): a copy of everything the
shop holds about them, and erasure on request.

``customer_data`` gathers the profile, visits, points ledger, vouchers, notes and letters sent;
``write_customer_data`` writes it as JSON (for another system) or as a readable HTML or text file.
Staff names and the people a customer referred or was referred by are left out: they are other
people's data.

``erase_customer`` anonymises the customer in one transaction: name, card number, phone, e-mail,
address, birthday and language are replaced or cleared, notes are deleted, the free text of
visits and ledger entries is cleared. Visits, ledger entries and vouchers stay, attached to the
anonymous row, so the shop's figures (visits per month, points outstanding, donations) still add
up; the row is archived, so month-end lets its points expire. An ``erasure`` row records when and
what was kept, with no personal data. SQLite's ``secure_delete`` is on while erasing and the
search index is rebuilt and the WAL folded back, so the old text is not left in the file's free
space. On PostgreSQL the old row versions are vacuumed and the indexes that held the old values
rebuilt (``scrub_postgres``, which says what stays until ``VACUUM FULL``). Backups taken before
keep it until their rotation deletes them.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, func, or_, text, update
from sqlmodel import select

from shopkeeper.domain.errors import InvalidInput, NotAllowed
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.text import search_key
from shopkeeper.i18n import N_, _
from shopkeeper.services import audit, products, programme
from shopkeeper.services.authority import require
from shopkeeper.services.common import customer_by_card, merged_away
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database
from shopkeeper.storage.search import has_fts, sort_keyer

FORMATS = (".json", ".html", ".htm", ".txt")
ERASED_NAME = "Erased customer {id}"
ERASED_CARD = "ERASED-{id}"


@dataclass(frozen=True)
class Profile:
    card_number: str
    name: str
    phone: str | None
    email: str | None
    birthday: date | None
    postal_address: str | None
    language: str
    letters_consent: bool
    joined_at: datetime
    archived_at: datetime | None
    tier: str | None
    points_balance: int
    visits: int
    visits_before_shopkeeper: int
    spent: Decimal
    referred_by_a_member: bool
    items_before_shopkeeper: str | None = None  # an import's item history ("Rye loaf:12")


@dataclass(frozen=True)
class VisitRecord:
    at: datetime
    amount: Decimal
    note: str | None
    reversed_at: datetime | None
    items: str = ""  # what was bought: "Rye loaf:2; Oat latte:1" (services.products)


@dataclass(frozen=True)
class LedgerRecord:
    at: datetime
    points: int
    kind: str
    note: str | None


@dataclass(frozen=True)
class VoucherRecord:
    at: datetime
    reward: str
    points: int
    voucher_code: str
    valid_until: date
    used_at: datetime | None


@dataclass(frozen=True)
class NoteRecord:
    at: datetime
    kind: str
    text: str
    score: int | None
    resolved_at: datetime | None


@dataclass(frozen=True)
class FeedbackRecord:
    at: datetime
    score: int
    touchpoint: str
    comment: str | None


@dataclass(frozen=True)
class LetterRecord:
    month: str
    first_sent_at: datetime
    copies: int


@dataclass(frozen=True)
class CustomerData:
    """Everything the shop holds about one customer."""

    shop: str
    exported_at: datetime
    profile: Profile
    visits: list[VisitRecord]
    ledger: list[LedgerRecord]
    vouchers: list[VoucherRecord]
    notes: list[NoteRecord]
    letters: list[LetterRecord]
    feedback: list[FeedbackRecord] = field(default_factory=list)  # answers 0-10 (0021)


@dataclass(frozen=True)
class Erased:
    erasure_id: int
    customer_id: int
    placeholder_name: str
    notes_deleted: int
    visits_kept: int
    ledger_entries_kept: int
    points_balance: int


def customer_data(db: Database, card_number: str) -> CustomerData:
    with db.read() as session:
        shop = programme.load_in(session).shop.name
        c = customer_by_card(session, card_number)
        tier = session.get(t.Tier, c.tier_id) if c.tier_id else None
        imported = session.get(t.ImportedVisits, c.id)
        visits = session.exec(
            select(t.Visit).where(t.Visit.customer_id == c.id).order_by(t.Visit.at, t.Visit.id)
        ).all()
        bought = products.items_of_visits(session, [v.id for v in visits])
        ledger = session.exec(
            select(t.LedgerEntry)
            .where(t.LedgerEntry.customer_id == c.id)
            .order_by(t.LedgerEntry.at, t.LedgerEntry.id)
        ).all()
        vouchers = session.exec(
            select(t.Redemption, t.Reward.name)
            .join(t.Reward, t.Reward.id == t.Redemption.reward_id)
            .where(t.Redemption.customer_id == c.id)
            .order_by(t.Redemption.at)
        ).all()
        notes = session.exec(
            select(t.Note).where(t.Note.customer_id == c.id).order_by(t.Note.at)
        ).all()
        answers = session.exec(
            select(t.Feedback)
            .where(t.Feedback.customer_id == c.id)
            .order_by(t.Feedback.at, t.Feedback.id)
        ).all()
        letters = session.exec(
            select(t.LetterSent)
            .where(t.LetterSent.customer_id == c.id)
            .order_by(t.LetterSent.month)
        ).all()
        return CustomerData(
            shop=shop,
            exported_at=db.now(),
            profile=Profile(
                c.card_number,
                c.name,
                c.phone,
                c.email,
                c.birthday,
                c.address,
                c.language,
                c.letters_consent,
                c.joined_at,
                c.archived_at,
                tier.name if tier else None,
                c.points_balance,
                c.visit_count,
                imported.visits if imported else 0,
                Decimal(c.spent_cents) / 100,
                c.referred_by_id is not None,
                products.imported_field(session.connection(), c.id) or None,
            ),
            visits=[
                VisitRecord(
                    v.at,
                    Decimal(v.amount_cents) / 100,
                    v.note,
                    v.reversed_at,
                    products.items_field(bought.get(v.id, [])),
                )
                for v in visits
            ],
            ledger=[LedgerRecord(e.at, e.points, e.kind, e.note) for e in ledger],
            vouchers=[
                VoucherRecord(r.at, name, r.points, r.voucher_code, r.valid_until, r.used_at)
                for r, name in vouchers
            ],
            notes=[NoteRecord(n.at, n.kind, n.text, n.score, n.resolved_at) for n in notes],
            letters=[LetterRecord(x.month, x.sent_at, x.copies) for x in letters],
            feedback=[FeedbackRecord(f.at, f.score, f.touchpoint, f.comment) for f in answers],
        )


# --- writing the copy -----------------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone().isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# The copy's headings, one per field of the records above (shown through ``_()``).
_LABELS = {
    "card_number": N_("Card number"),
    "name": N_("Name"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "birthday": N_("Birthday"),
    "postal_address": N_("Postal address"),
    "language": N_("Language"),
    "letters_consent": N_("Letters consent"),
    "joined_at": N_("Joined at"),
    "archived_at": N_("Archived at"),
    "tier": N_("Tier"),
    "points_balance": N_("Points balance"),
    "visits": N_("Visits"),
    "visits_before_shopkeeper": N_("Visits before shopkeeper"),
    "items_before_shopkeeper": N_("Items before shopkeeper"),
    "spent": N_("Spent"),
    "referred_by_a_member": N_("Referred by a member"),
    "at": N_("At"),
    "amount": N_("Amount"),
    "note": N_("Note"),
    "reversed_at": N_("Reversed at"),
    "items": N_("Items"),
    "points": N_("Points"),
    "kind": N_("Kind"),
    "reward": N_("Reward"),
    "voucher_code": N_("Voucher code"),
    "valid_until": N_("Valid until"),
    "used_at": N_("Used at"),
    "text": N_("Text"),
    "score": N_("Score"),
    "resolved_at": N_("Resolved at"),
    "month": N_("Month"),
    "first_sent_at": N_("First sent at"),
    "copies": N_("Copies"),
}


def _label(name: str) -> str:
    return _(_LABELS.get(name, name.replace("_", " ").capitalize()))


def _text_value(value: object) -> str:
    value = _plain(value)
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


_SECTIONS = (
    ("visits", N_("Visits")),
    ("ledger", N_("Points ledger")),
    ("vouchers", N_("Vouchers")),
    ("notes", N_("Notes")),
    ("letters", N_("Letters sent")),
    ("feedback", N_("Feedback")),
)


def _as_html(data: CustomerData) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{e(data.profile.name)} — {e(data.shop)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}"
        "</style></head><body>",
        f"<h1>{e(_holds(data))}</h1>",
        "<p>{}</p>".format(
            e(_("Exported {when}.").format(when=_text_value(data.exported_at)))
        ),
        "<h2>{}</h2><table>".format(e(_("Profile"))),
    ]
    for f in fields(data.profile):
        value = _text_value(getattr(data.profile, f.name))
        parts.append(f"<tr><th>{e(_label(f.name))}</th><td>{e(value)}</td></tr>")
    parts.append("</table>")
    for attribute, title in _SECTIONS:
        records = getattr(data, attribute)
        parts.append(f"<h2>{e(_section(title, len(records)))}</h2>")
        if not records:
            parts.append("<p>{}</p>".format(e(_("None."))))
            continue
        names = [f.name for f in fields(records[0])]
        parts.append("<table><tr>" + "".join(f"<th>{e(_label(n))}</th>" for n in names) + "</tr>")
        for record in records:
            cells = "".join(f"<td>{e(_text_value(getattr(record, n)))}</td>" for n in names)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _holds(data: CustomerData) -> str:
    return _("What {shop} holds about {name}").format(shop=data.shop, name=data.profile.name)


def _section(title: str, count: int) -> str:
    return _("{section} ({n})").format(section=_(title), n=count)


def _as_text(data: CustomerData) -> str:
    lines = [
        _holds(data),
        _("Exported {when}").format(when=_text_value(data.exported_at)),
        "",
        _("Profile").upper(),
    ]
    lines += [
        f"  {_label(f.name)}: " + _text_value(getattr(data.profile, f.name)).replace("\n", "\n    ")
        for f in fields(data.profile)
    ]
    for attribute, title in _SECTIONS:
        records = getattr(data, attribute)
        lines += ["", _section(title, len(records)).upper()]
        for record in records:
            lines.append(
                "  "
                + "; ".join(
                    f"{_label(f.name)}: {_text_value(getattr(record, f.name))}"
                    for f in fields(record)
                )
            )
    return "\n".join(lines) + "\n"


def write_customer_data(data: CustomerData, path: str | Path) -> Path:
    """JSON for ``.json``, a web page for ``.html``, plain text for ``.txt``; all UTF-8."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(_("Give the file the ending .json, .html or .txt."))
    if suffix == ".json":
        content = json.dumps(_plain(asdict(data)), ensure_ascii=False, indent=2) + "\n"
    elif suffix == ".txt":
        content = _as_text(data)
    else:
        content = _as_html(data)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(content, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            _("Could not write {path}: {error}.").format(path=path, error=error.strerror or error)
        ) from None
    return path


def export_customer_data(db: Database, card_number: str, path: str | Path) -> Path:
    return write_customer_data(customer_data(db, card_number), path)


# --- erasure --------------------------------------------------------------------------------


def is_erased(db: Database, card_number: str) -> bool:
    with db.read() as session:
        c = customer_by_card(session, card_number)
        return (
            session.exec(select(t.Erasure.id).where(t.Erasure.customer_id == c.id)).first()
            is not None
        )


def erase_customer(db: Database, card_number: str, *, confirmed: bool = False) -> Erased:
    """Anonymise a customer for good (see the module's docstring). ``confirmed`` must be True:
    the faces ask first, and a stray call erases nothing."""
    require(db, Permission.PRIVACY_ERASE)
    if not confirmed:
        raise NotAllowed(_("Erasing a customer cannot be undone; confirm it first."))
    now = db.now()
    with db.write() as session:
        connection = session.connection()
        if db.is_sqlite:
            connection.exec_driver_sql("PRAGMA secure_delete = ON")
        c = customer_by_card(session, card_number, for_update=True)
        if session.exec(select(t.Erasure.id).where(t.Erasure.customer_id == c.id)).first():
            raise NotAllowed(_("This customer has already been erased."))
        feedback = t.Feedback.__table__  # scores stay as anonymous figures; words go
        connection.execute(
            update(feedback)
            .where(
                feedback.c.customer_id == c.id,
                or_(feedback.c.comment.is_not(None), feedback.c.problem_note_id.is_not(None)),
            )
            .values(comment=None, problem_note_id=None)
        )
        notes = connection.execute(
            delete(t.Note.__table__).where(t.Note.__table__.c.customer_id == c.id)
        ).rowcount
        visits = entries = 0
        for table in (t.Visit.__table__, t.LedgerEntry.__table__):
            kept = connection.execute(
                select(func.count()).select_from(table).where(table.c.customer_id == c.id)
            ).scalar_one()
            # Only rows with text are rewritten: each rewrite leaves an old row version for
            # PostgreSQL's VACUUM to clear.
            connection.execute(
                update(table)
                .where(table.c.customer_id == c.id, table.c.note.is_not(None))
                .values(note=None)
            )
            if table is t.Visit.__table__:
                visits = kept
            else:
                entries = kept
        placeholder = ERASED_NAME.format(id=c.id)
        c.name, c.name_key = placeholder, search_key(placeholder)
        c.sort_key = sort_keyer(connection)(placeholder)  # the old key spells the old name
        c.card_number = ERASED_CARD.format(id=c.id)
        c.phone = c.email = c.address = c.birthday = None
        c.language, c.letters_consent = "en", False
        c.archived_at = c.archived_at or now
        session.add(c)
        # Cards merged into this customer (services.merge) still hold their name and number.
        for row in [c, *(session.get(t.Customer, i) for i in merged_away(session, c.id))]:
            if row is not c:
                placeholder_of = ERASED_NAME.format(id=row.id)
                row.name, row.name_key = placeholder_of, search_key(placeholder_of)
                row.sort_key = sort_keyer(connection)(placeholder_of)
                row.card_number = ERASED_CARD.format(id=row.id)
                row.phone = row.email = row.address = row.birthday = None
                session.add(row)
            ids = {"id": row.id}
            connection.execute(text("DELETE FROM search_token WHERE customer_id = :id"), ids)
            if has_fts(connection):
                connection.execute(text("DELETE FROM customer_fts WHERE rowid = :id"), ids)
        if has_fts(connection):
            # Deleted FTS5 rows linger in its index segments until they are merged.
            connection.execute(text("INSERT INTO customer_fts(customer_fts) VALUES('optimize')"))
        record = t.Erasure(
            at=now,
            customer_id=c.id,
            notes_deleted=notes,
            visits_kept=visits,
            ledger_entries_kept=entries,
            points_balance=c.points_balance,
        )
        session.add(record)
        session.flush()
        # The audit log's text about them goes too; its digests stay, so the chain holds.
        redacted = sum(
            audit.redact_customer(session, i) for i in (c.id, *merged_away(session, c.id))
        )
        audit.record(
            session, db, kind="erase", customer_id=c.id, subject=f"erasure {record.id}",
            after={"notes_deleted": notes, "visits_kept": visits, "ledger_entries_kept": entries,
                   "audit_rows_redacted": redacted},
        )  # fmt: skip
        result = Erased(record.id, c.id, placeholder, notes, visits, entries, c.points_balance)
    if db.is_sqlite:  # the old pages live on in the WAL until it is folded back
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        scrub_postgres(db)
    return result


# PostgreSQL keeps an updated row's old version, and index entries pointing at it, until VACUUM
# removes them; VACUUM frees their space without wiping it, so the indexes that held the old
# values are rebuilt as new files (CONCURRENTLY: the tills keep working).
_VACUUM = (
    "VACUUM (INDEX_CLEANUP ON) customer, search_token, note, audit_entry",
    "VACUUM (INDEX_CLEANUP OFF) visit, ledger_entry, feedback",  # indexes: no personal text
)
PERSONAL_INDEXES = (
    "uq_customer_card_number",
    "ix_customer_name_key",
    "ix_customer_tier_name",
    "ix_customer_sort_key",
    "ix_customer_tier_sort",
    "ix_customer_phone",
    "ix_customer_email",
    "pgx_customer_name_trgm",
    "pgx_customer_phone_trgm",
    "pgx_customer_phone_desc",
    "pk_search_token",
)


def scrub_postgres(db: Database) -> list[str]:
    """VACUUM the erased rows' old versions away and rebuild the indexes that held the old
    values; returns the indexes rebuilt. What stays until ``VACUUM FULL``: the freed (unused,
    unreferenced) bytes inside the table pages, the write-ahead log until the server recycles
    it, and backups and replicas (README, "Several tills")."""
    rebuilt = []
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("SET lock_timeout = '30s'")
        for statement in _VACUUM:
            connection.exec_driver_sql(statement)
        present = set(
            connection.execute(
                text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
            ).scalars()
        )
        for index in PERSONAL_INDEXES:
            if index in present:
                connection.exec_driver_sql(f'REINDEX INDEX CONCURRENTLY "{index}"')
                rebuilt.append(index)
    return rebuilt


PERSONAL_TABLES = (
    "customer", "search_token", "note", "visit", "ledger_entry", "audit_entry", "feedback"
)  # fmt: skip


def compact_postgres(db: Database) -> tuple[str, ...]:
    """``VACUUM FULL`` of the tables that held personal data: each is rewritten into a new file,
    so no freed bytes of an erased customer stay in the live database. It locks each table
    while it runs (seconds at 100,000 customers): run it after closing."""
    if db.is_sqlite:
        raise InvalidInput(
            _("Compacting is for a PostgreSQL shop; an SQLite file wipes on erasure.")
        )
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in PERSONAL_TABLES:
            connection.exec_driver_sql(f'VACUUM FULL "{table}"')
    return PERSONAL_TABLES


def erasures(db: Database) -> int:
    """How many customers have been erased (for the shop's records)."""
    with db.read() as session:
        return int(session.exec(select(func.count(t.Erasure.id))).one())
