"""The stored tables. Times are aware UTC datetimes (SQLModel converts and checks them);
``shopkeeper.storage.database.utc_now`` is the only clock. Money is integer cents.

Cached figures on ``Customer`` (balance, visit count, spend, last visit, 12-month points are *not*
cached) exist so that a list of 100,000 customers can be sorted by the database; they are written
in the same transaction as the ledger entry or visit that changes them, and
``services.integrity.check_customer`` verifies them against the ledger.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, LargeBinary, MetaData, UniqueConstraint, text
from sqlmodel import Field, Index, SQLModel

# Named constraints, so batch migrations on SQLite can find them again.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


class Setting(SQLModel, table=True):
    """Shop settings as key -> JSON text (shop name, country, earning rules...)."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=64)
    value: str


class Tier(SQLModel, table=True):
    __tablename__ = "tier"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    threshold: int  # points earned in a rolling 12 months
    multiplier: str = Field(default="1", max_length=12)  # a Decimal as text
    colour: str = Field(default="#9e9e9e", max_length=9)
    position: int = 0


class Customer(SQLModel, table=True):
    __tablename__ = "customer"
    # The customer list sorts by the database (migration 0005): one index per sortable column.
    __table_args__ = (
        Index("ix_customer_points_balance", "points_balance"),
        Index("ix_customer_visit_count", "visit_count"),
        Index("ix_customer_spent_cents", "spent_cents"),
        Index("ix_customer_last_visit_at", "last_visit_at"),
        Index("ix_customer_joined_at", "joined_at"),
        Index("ix_customer_tier_name", "tier_id", "name_key"),
        Index("ix_customer_tier_sort", "tier_id", "sort_key"),  # migration 0017
    )
    id: int | None = Field(default=None, primary_key=True)
    card_number: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=120)
    name_key: str = Field(max_length=120, index=True)  # search_key(name): prefix search
    # domain.collation.sort_key(name, the shop's language): the order of names, compared as
    # bytes (storage.search.sort_keyer keeps it; rebuilt when the language changes; 0017).
    sort_key: bytes = Field(default=b"", sa_type=LargeBinary, index=True)
    phone: str | None = Field(default=None, max_length=20, index=True)  # E.164
    email: str | None = Field(default=None, max_length=254, index=True)
    address: str | None = Field(default=None, max_length=400)  # postal lines, "\n"-separated
    birthday: date | None = None
    language: str = Field(default="en", max_length=8)
    letters_consent: bool = False
    joined_at: datetime
    referred_by_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    archived_at: datetime | None = None
    tier_id: int | None = Field(default=None, foreign_key="tier.id")
    # Cached figures, kept in step with the ledger and visits in the same transaction.
    points_balance: int = 0
    visit_count: int = 0
    spent_cents: int = 0
    first_visit_at: datetime | None = None
    last_visit_at: datetime | None = None
    # The greeting line of this customer's letters, for a name the rules decline wrongly.
    salutation: str | None = Field(default=None, max_length=120)


class Visit(SQLModel, table=True):
    __tablename__ = "visit"
    # Covering (migration 0024): the counter reads a customer's latest visits from the index.
    __table_args__ = (
        Index(
            "ix_visit_customer_at",
            "customer_id",
            "at",
            "amount_cents",
            "reversed_at",
            "till",
            "staff",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    at: datetime
    amount_cents: int
    staff: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=500)
    # One id per booking form or scan: a second submission of the same booking is recognised.
    request_id: str | None = Field(default=None, max_length=64, unique=True)
    reversed_at: datetime | None = None
    till: str | None = Field(default=None, max_length=40)  # which till booked it (undo there)


class Cause(SQLModel, table=True):
    """A cause the shop supports with donation rewards (a shelter, a school)."""

    __tablename__ = "cause"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    active: bool = True


class Reward(SQLModel, table=True):
    __tablename__ = "reward"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    points_cost: int
    value_cents: int = 0  # what the reward costs the shop (liability reports, donations)
    min_tier_id: int | None = Field(default=None, foreign_key="tier.id")
    active: bool = True
    valid_days: int = 90  # how long the voucher stays valid
    cause_id: int | None = Field(default=None, foreign_key="cause.id")  # set: a donation
    # Limited to a category of products ("bread"): the voucher says "any bread" (0020).
    category: str | None = Field(default=None, max_length=60)


class Redemption(SQLModel, table=True):
    __tablename__ = "redemption"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    reward_id: int = Field(foreign_key="reward.id", index=True)
    at: datetime
    points: int  # points taken (positive)
    value_cents: int = 0
    voucher_code: str = Field(max_length=16, unique=True)
    valid_until: date
    used_at: datetime | None = None
    cause_id: int | None = Field(default=None, foreign_key="cause.id", index=True)
    till: str | None = Field(default=None, max_length=40)  # which till redeemed it
    cancelled_at: datetime | None = None  # cancelled: points given back, voucher void


class LedgerEntry(SQLModel, table=True):
    """One change of a customer's points balance. Never updated, never deleted."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        # Covering (migration 0024): tier points and each visit's points from the index.
        Index(
            "ix_ledger_entry_customer_at",
            "customer_id",
            "at",
            "kind",
            "points",
            "redemption_id",
            "visit_id",
        ),
        # A visit earns once, is reversed once, pays one referral bonus.
        UniqueConstraint("visit_id", "kind", name="uq_ledger_entry_visit_kind"),
        # A birthday bonus once a year, one expiry per month-end, one entry of a kind per period.
        UniqueConstraint("customer_id", "kind", "period", name="uq_ledger_entry_period"),
    )
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    at: datetime
    points: int  # signed
    kind: str = Field(max_length=24)  # see shopkeeper.domain.ledger.Kind
    visit_id: int | None = Field(default=None, foreign_key="visit.id")
    redemption_id: int | None = Field(default=None, foreign_key="redemption.id")
    reverses_id: int | None = Field(default=None, foreign_key="ledger_entry.id")
    period: str | None = Field(default=None, max_length=10)  # "2026" or "2026-11"
    note: str | None = Field(default=None, max_length=500)
    staff: str | None = Field(default=None, max_length=40)
    # The hash chain (migration 0019, domain.chain): filled by storage.chain when the
    # transaction that wrote the entry commits, in the order of ``chain_seq``.
    chain_seq: int | None = Field(default=None, unique=True, index=True)
    prev_hash: str | None = Field(default=None, max_length=64)
    entry_hash: str | None = Field(default=None, max_length=64)


class Note(SQLModel, table=True):
    __tablename__ = "note"
    __table_args__ = (Index("ix_note_customer_at", "customer_id", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    at: datetime
    text: str = Field(max_length=4000)
    kind: str = Field(default="general", max_length=16)  # general, preference, problem, feedback
    pinned: bool = False
    resolved_at: datetime | None = None
    score: int | None = None  # 0..10 satisfaction, optional
    staff: str | None = Field(default=None, max_length=40)


class SearchToken(SQLModel, table=True):
    """Short-fragment search index: words of the name key, and CJK characters and pairs.

    Three characters and more are found through the ``customer_fts`` trigram table (SQLite only,
    created by migration, invisible to SQLModel).
    """

    __tablename__ = "search_token"
    token: str = Field(primary_key=True, max_length=120)
    customer_id: int = Field(primary_key=True, foreign_key="customer.id", ondelete="CASCADE")


class LetterSent(SQLModel, table=True):
    """Which month's reward letter a customer was sent, so a second run is a reprint by choice."""

    __tablename__ = "letter_sent"
    __table_args__ = (
        UniqueConstraint("customer_id", "month", name="uq_letter_sent_customer_month"),
    )
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    month: str = Field(max_length=7, index=True)  # "2026-11"
    sent_at: datetime  # the first time it was printed
    last_sent_at: datetime  # the latest (re)print
    copies: int = 1


class ImportRun(SQLModel, table=True):
    """One import of a customer file: its counts and the column mapping (no personal data).

    Ledger entries it wrote carry ``period = "imp-<id>"``: one opening balance per customer and
    run, and the import they came from stays visible.
    """

    __tablename__ = "import_run"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    file_name: str = Field(max_length=255)
    rows: int = 0
    imported: int = 0
    updated: int = 0
    rejected: int = 0
    warnings: int = 0
    mapping: str = "{}"  # JSON: field -> header


class ImportedVisits(SQLModel, table=True):
    """How many visits a customer made before the shop used Shopkeeper (from an import).

    Counted in the customer's summary; never turned into visit rows with invented dates, so the
    visit table, spending and rhythm stay what was really booked.
    """

    __tablename__ = "imported_visits"
    customer_id: int = Field(primary_key=True, foreign_key="customer.id")
    visits: int
    import_run_id: int = Field(foreign_key="import_run.id")


class ImportedItem(SQLModel, table=True):
    """How many times a customer bought a product before the shop used Shopkeeper (an import's
    "items" column, migration 0023). No dates, so no visit rows: "usually buys" falls back to it
    only while the customer has no live items in the last 12 months. Per customer it is read
    by the primary key's first column."""

    __tablename__ = "imported_item"
    __table_args__ = (CheckConstraint("times >= 1", name="times_positive"),)
    customer_id: int = Field(primary_key=True, foreign_key="customer.id")
    product_id: int = Field(primary_key=True, foreign_key="product.id")
    times: int
    import_run_id: int = Field(foreign_key="import_run.id")


class Erasure(SQLModel, table=True):
    """A customer erased on request: when, and what was kept as anonymous figures. It records
    no name, contact or card number: the row it points at is anonymous itself."""

    __tablename__ = "erasure"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    customer_id: int = Field(foreign_key="customer.id", index=True)
    notes_deleted: int = 0
    visits_kept: int = 0
    ledger_entries_kept: int = 0
    points_balance: int = 0


# Reports (migration 0006): covering indexes so a year of visits and ledger entries is summed
# from the index alone; the two on visits hold only live (not reversed) visits.
_LIVE_VISIT = text("reversed_at IS NULL")
Index(
    "ix_visit_live_customer_at",
    Visit.customer_id,
    Visit.at,
    Visit.amount_cents,
    sqlite_where=_LIVE_VISIT,
    postgresql_where=_LIVE_VISIT,
)
Index(
    "ix_visit_live_at",
    Visit.at,
    Visit.amount_cents,
    Visit.customer_id,
    sqlite_where=_LIVE_VISIT,
    postgresql_where=_LIVE_VISIT,
)
Index("ix_ledger_entry_at_kind", LedgerEntry.at, LedgerEntry.kind, LedgerEntry.points)


class LetterExclusion(SQLModel, table=True):
    """The shop left this customer out of one month's letters (its choice, not the customer's
    consent, which stays as it was). Removing the row includes them again."""

    __tablename__ = "letter_exclusion"
    __table_args__ = (
        UniqueConstraint("customer_id", "month", name="uq_letter_exclusion_customer_month"),
    )
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    month: str = Field(max_length=7, index=True)  # "2026-11": the letters for that month
    at: datetime  # when the shop chose it


class TierChange(SQLModel, table=True):
    """One change of a customer's tier, written in the transaction that changed it, so the tier
    distribution can be told for any month end since recording began (migration 0007).

    ``reason``: "join", "import" (the tier a new customer starts with; ``from_tier_id`` None),
    "start" (the tier each existing customer held when recording began), "visit", "review",
    "settings" (a tier removed). Tier ids carry no foreign key: the history outlives a tier the
    shop removes, and ``to_tier_name`` keeps what it was called.
    """

    __tablename__ = "tier_change"
    __table_args__ = (Index("ix_tier_change_customer_at", "customer_id", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    at: datetime
    from_tier_id: int | None = None
    to_tier_id: int | None = None
    to_tier_name: str | None = Field(default=None, max_length=40)
    reason: str = Field(max_length=12)


class CustomerMerge(SQLModel, table=True):
    """Two customers found to be one person: everything of ``merged_customer_id`` was moved to
    ``kept_customer_id`` (migration 0010). The merged row stays, archived, so its card number
    still leads to the kept customer; this row is that pointer and the record of what moved.
    Counts only: no name, contact or card number (those stay on the customer rows).
    """

    __tablename__ = "customer_merge"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    kept_customer_id: int = Field(foreign_key="customer.id", index=True)
    # A customer is merged away once: this is their one forwarding address.
    merged_customer_id: int = Field(foreign_key="customer.id", unique=True)
    visits_moved: int = 0
    ledger_entries_moved: int = 0
    points_moved: int = 0  # the merged customer's balance, now part of the kept one's
    ledger_entries_rekeyed: int = 0  # same kind and period as a kept entry: period cleared
    notes_moved: int = 0
    redemptions_moved: int = 0
    letters_moved: int = 0  # letter_sent rows moved or folded into the kept customer's
    referrals_moved: int = 0
    filled: str = Field(default="", max_length=80)  # contact fields filled in, e.g. "phone,email"


class RuleChange(SQLModel, table=True):
    """The earning rules as they stood from ``at`` on (migration 0009). A change applies to
    points earned after it: expiry reads each point's rules from here. The first row also
    covers everything earned before it. ``rules`` is the whole rule set as JSON; ``changed_by``
    is free text until the shop has staff accounts."""

    __tablename__ = "rule_change"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    rules: str
    changed_by: str | None = Field(default=None, max_length=80)


class Product(SQLModel, table=True):
    """A product or category the shop sells ("rye loaf", "oat latte"), chosen at booking by its
    quick key (migration 0020). Never deleted once a visit names it: deactivated instead."""

    __tablename__ = "product"
    __table_args__ = (
        # A quick key picks one product: unique among the active ones (an inactive product may
        # keep its old key until it is given back).
        Index(
            "uq_product_active_key",
            "quick_key",
            unique=True,
            sqlite_where=text("active AND quick_key IS NOT NULL"),
            postgresql_where=text("active AND quick_key IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80, unique=True)  # domain.products.product_name_key
    quick_key: str | None = Field(default=None, max_length=3)  # "r", "F9"
    category: str | None = Field(default=None, max_length=60)
    active: bool = True
    position: int = 0  # the order of the counter's buttons and the editor's list


class VisitItem(SQLModel, table=True):
    """What was bought on a visit (migration 0020). Stays with the visit when it is reversed;
    reversed visits are left out of "usually buys" and the reports by the visit's own mark."""

    __tablename__ = "visit_item"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        # Per product (reports, "is this product used?"); per customer goes through the visit's
        # (customer_id, at) index, then this table's primary key.
        Index("ix_visit_item_product_visit", "product_id", "visit_id"),
    )
    visit_id: int = Field(primary_key=True, foreign_key="visit.id")
    product_id: int = Field(primary_key=True, foreign_key="product.id")
    quantity: int = 1


class Feedback(SQLModel, table=True):
    """One answer to "How likely are you to recommend us?" (0–10) at a touchpoint (migration
    0021). ``staff`` is who was at the till (``db.actor``), None in a shop without staff; a low
    score opened ``problem_note_id`` (a note of kind "problem"). Scored feedback notes written
    before 0021 were copied here (touchpoint "counter"); the notes stay."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_customer_at", "customer_id", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    at: datetime = Field(index=True)
    score: int  # 0..10
    comment: str | None = Field(default=None, max_length=1000)
    touchpoint: str = Field(max_length=40)
    staff: str | None = Field(default=None, max_length=40)
    visit_id: int | None = Field(default=None, foreign_key="visit.id")
    problem_note_id: int | None = Field(default=None, foreign_key="note.id")


class CustomerRhythm(SQLModel, table=True):
    """Each customer's visit rhythm, kept by ``storage.rhythm`` in the transaction that changes
    their visits (migration 0022), so "who is overdue today" is one range query on
    ``overdue_from`` instead of a median over every visit.

    A table of its own rather than columns on ``customer``: the customer row is written by every
    other service and sorted by the list's indexes; a side table adds no column to rebuild on
    SQLite (batch mode copies 100,000 rows), and a customer without live visits simply has no
    row.
    """

    __tablename__ = "customer_rhythm"
    # Covering: "who is overdue by today" is read from the index alone.
    __table_args__ = (
        Index(
            "ix_customer_rhythm_due",
            "overdue_from",
            "visits",
            "last_at",
            "gap_days",
            "spent_cents",
        ),
    )
    customer_id: int = Field(primary_key=True, foreign_key="customer.id")
    visits: int  # live (not reversed) visits
    spent_cents: int = 0  # their amounts: who-to-call ranks by spend without the customer row
    first_at: datetime
    first_cents: int = 0  # the first visit's amount (the value report's multiple)
    last_at: datetime
    gap_days: float | None = None  # median gap over the last RHYTHM_VISITS visits, unrounded
    # The shop's local day from which "days since the last visit" exceeds twice the gap (3+
    # visits); None when the customer cannot be overdue.
    overdue_from: date | None = None


# The archived customers' ids, found without reading the customer table (the overdue lists
# leave them out; migration 0022). Partial, so it is never chosen for "archived_at IS NULL",
# which most rows match.
Index(
    "ix_customer_archived_ids",
    Customer.__table__.c.id,
    sqlite_where=text("archived_at IS NOT NULL"),
    postgresql_where=text("archived_at IS NOT NULL"),
)


class Staff(SQLModel, table=True):
    """A person who works the till (migration 0018). ``name_key`` (the name case-folded) keeps
    names unique regardless of case. ``pin_hash`` is ``scrypt$n$r$p$salt$hash``
    (``domain.staff``); the PIN itself is never stored."""

    __tablename__ = "staff"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    name_key: str = Field(max_length=40, unique=True)
    role: str = Field(max_length=8)  # "owner" or "staff"
    pin_hash: str = Field(max_length=200)
    active: bool = True
    failed_count: int = 0  # wrong PINs in a row
    locked_until: datetime | None = None
    created_at: datetime


class AuditEntry(SQLModel, table=True):
    """One change made through the program (migration 0019): who, when, from which till, what
    kind, before -> after. Append-only and hash-chained like the ledger (domain.chain).
    ``digest`` covers subject/before/after and is what the chain holds, so erasure can blank
    that text (``redacted``) without breaking the chain. No foreign keys: the log outlives
    what it describes."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_at", "at"),
        Index("ix_audit_entry_customer_id", "customer_id"),
        Index("ix_audit_entry_staff_name", "staff_name"),
        Index("ix_audit_entry_kind", "kind"),
    )
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    till: str | None = Field(default=None, max_length=40)
    staff_id: int | None = None
    staff_name: str | None = Field(default=None, max_length=80)
    kind: str = Field(max_length=32)
    customer_id: int | None = None
    subject: str | None = Field(default=None, max_length=200)
    before: str | None = None  # JSON text
    after: str | None = None  # JSON text
    digest: str = Field(max_length=64)
    redacted: bool = False  # erased under privacy law: subject/before/after blanked
    chain_seq: int | None = Field(default=None, unique=True, index=True)
    prev_hash: str | None = Field(default=None, max_length=64)
    entry_hash: str | None = Field(default=None, max_length=64)
