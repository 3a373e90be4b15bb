"""Merging two customers who turn out to be one person (two cards, a paper card and a new one).

``merge_customers(db, keep=A, other=B)`` moves everything of B to A in one transaction and
records it in ``customer_merge``. B's row stays, archived, holding its name and card number
only: ``common.customer_by_card`` follows the merge, so B's card still finds A (through chains:
A into B, then B into C, leads to C). The rules, chosen so a merge never invents or loses a
point:

* **Moved** to A: visits, ledger entries, notes, redemptions (vouchers stay valid), letter
  exclusions, imported past visits and item histories, and referrals (customers B brought now
  count as A's).
* **Ledger entries keep their points.** An entry of B with the same kind and period as one of A
  (two birthday bonuses for 2026, two expiries closing one month, two opening balances of one
  import) is history of what each card was really given or lost, so both stay; B's entry loses
  its period (the unique key) and says why in its note. A's entry still holds the key, so the
  month-end gives no third bonus and does not expire that month again. The shop's total of
  points is exactly the same before and after a merge.
* **Letters sent** for the same month fold into A's row (copies added, first and last print
  kept); an exclusion A already has for a month drops B's. Imported past visits, and the times
  of a product both imported item histories name, are added up.
* **Tier history** stays on B's archived row: the tier report already takes an archived
  customer out of the counts from that moment, and moving B's "join" row to A would count A
  twice. A tier change the merge causes is logged with reason "merge".
* **Cached figures** of A are recomputed from the rows (balance = the ledger's sum, visits,
  spending, first and last visit); the tier follows the visit rule: an upgrade happens at once
  when the joined twelve months reach a higher tier, a downgrade waits for the review. B's
  cached figures become zero, matching its now empty ledger.
* **Contact details**: A's stay; a phone, e-mail, birthday or address A lacks is taken from B.
  Language, letters consent and "member since" stay A's (the reports count members and tiers
  from each row's own join date and tier log). B's contact details are then cleared, so no copy
  of personal data is left behind on the merged row.
* **A referral inside the pair** (B brought A): A is no longer "brought by" itself; the bonus
  B earned for it stays, being points really given.

Refused with nothing changed: a customer into themselves, a card already merged (on either
side), an erased customer, an unknown card.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, delete, exists, func, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from shopkeeper.domain.codes import clean_card_number
from shopkeeper.domain.errors import NotAllowed, ShopkeeperError
from shopkeeper.domain.staff import Permission
from shopkeeper.domain.tiers import tier_after_visit
from shopkeeper.i18n import _
from shopkeeper.services import audit, programme, tier_history
from shopkeeper.services.authority import require
from shopkeeper.services.common import (
    customer_by_card,
    merged_into,
    points_last_12_months,
    tier_of,
)
from shopkeeper.services.tier_history import Reason
from shopkeeper.storage import rhythm as rhythm_store
from shopkeeper.storage import search as search_index
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

log = logging.getLogger(__name__)

CONTACT_FIELDS = ("phone", "email", "birthday", "address")
L = t.LedgerEntry.__table__
V = t.Visit.__table__
LS = t.LetterSent.__table__
LX = t.LetterExclusion.__table__
C = t.Customer.__table__


@dataclass(frozen=True)
class MergeSide:
    """One of the two customers as the shopkeeper compares them."""

    id: int
    card_number: str
    name: str
    phone: str | None
    email: str | None
    birthday: date | None
    address: str | None
    points_balance: int
    visit_count: int
    spent_cents: int
    last_visit_at: datetime | None
    tier: str | None
    archived: bool


@dataclass(frozen=True)
class MergePlan:
    """What a merge of ``other`` into ``keep`` moves and leaves (the preview; raw values)."""

    keep: MergeSide
    other: MergeSide
    visits: int
    ledger_entries: int
    points: int  # the other's balance, added to the kept one's
    rekeyed: list[str]  # "birthday_bonus 2026": entries both had, kept as history
    notes: int
    redemptions: int
    letters: int  # letter_sent rows moved or folded
    letter_exclusions: int
    imported_visits: int
    referrals: int  # customers the other brought
    filled: list[str]  # contact fields the kept customer lacks and takes from the other
    dropped: list[str]  # contact fields both have, different: the kept one's stay
    points_balance_after: int
    visit_count_after: int
    spent_cents_after: int
    tier_after: str | None


@dataclass(frozen=True)
class MergeDone:
    merge_id: int
    card_number: str  # the kept card
    merged_card: str
    name: str
    plan: MergePlan
    points_balance: int
    visit_count: int
    spent_cents: int
    tier: str | None
    tier_before: str | None


@dataclass(frozen=True)
class MergeRecord:
    """A past merge as the shop's records show it (ids and counts, no personal data)."""

    id: int
    at: datetime
    kept_customer_id: int
    merged_customer_id: int
    visits_moved: int
    ledger_entries_moved: int
    points_moved: int
    ledger_entries_rekeyed: int
    notes_moved: int
    redemptions_moved: int
    letters_moved: int
    referrals_moved: int
    filled: str


def _is_erased(session: Session, customer_id: int) -> bool:
    found = session.exec(select(t.Erasure.id).where(t.Erasure.customer_id == customer_id))
    return found.first() is not None


def _pair(
    session: Session, keep: str, other: str, *, for_update: bool
) -> tuple[t.Customer, t.Customer]:
    """The two customers, after every refusal (nothing is written before this returns)."""
    kept = customer_by_card(session, keep, for_update=for_update, follow_merges=False)
    merged = customer_by_card(session, other, for_update=for_update, follow_merges=False)
    if kept.id == merged.id:
        raise NotAllowed(
            _("A customer cannot be merged into themselves; give two different cards.")
        )
    for row in (kept, merged):
        if _is_erased(session, row.id):
            raise NotAllowed(
                _("Card {card} belongs to an erased customer; it cannot be merged.").format(
                    card=row.card_number
                )
            )
    gone = merged_into(session, merged.id)
    if gone is not None:
        target = session.get(t.Customer, gone)
        into = kept if gone == kept.id else target
        raise NotAllowed(
            _("Card {card} was already merged into card {into}.").format(
                card=merged.card_number, into=into.card_number
            )
        )
    gone = merged_into(session, kept.id)
    if gone is not None:
        target = session.get(t.Customer, gone)
        raise NotAllowed(
            _("Card {card} was merged into card {into}; keep that card instead.").format(
                card=kept.card_number, into=target.card_number
            )
        )
    return kept, merged


def _side(customer: t.Customer, tiers: list) -> MergeSide:  # noqa: ANN001
    tier = tier_of(customer, tiers)
    return MergeSide(
        customer.id,
        customer.card_number,
        customer.name,
        customer.phone,
        customer.email,
        customer.birthday,
        customer.address,
        customer.points_balance,
        customer.visit_count,
        customer.spent_cents,
        customer.last_visit_at,
        tier.name if tier else None,
        customer.archived_at is not None,
    )


def _count(session: Session, table: type, customer_id: int) -> int:
    return int(session.exec(select(func.count()).where(table.customer_id == customer_id)).one())


def _clashing_entries(session: Session, kept_id: int, other_id: int) -> list[tuple[int, str, str]]:
    """The other's ledger entries whose (kind, period) the kept customer already holds."""
    mine = aliased(t.LedgerEntry)
    return [
        (row[0], row[1], row[2])
        for row in session.exec(
            select(t.LedgerEntry.id, t.LedgerEntry.kind, t.LedgerEntry.period)
            .where(
                t.LedgerEntry.customer_id == other_id,
                t.LedgerEntry.period.is_not(None),
                exists().where(
                    mine.customer_id == kept_id,
                    mine.kind == t.LedgerEntry.kind,
                    mine.period == t.LedgerEntry.period,
                ),
            )
            .order_by(t.LedgerEntry.id)
        ).all()
    ]


def _shared_months(session: Session, table: type, kept_id: int, other_id: int) -> list[str]:
    mine = aliased(table)
    return list(
        session.exec(
            select(table.month).where(
                table.customer_id == other_id,
                exists().where(mine.customer_id == kept_id, mine.month == table.month),
            )
        ).all()
    )


def _plan(session: Session, kept: t.Customer, other: t.Customer, now: datetime) -> MergePlan:
    prog = programme.load_in(session)
    filled, dropped = [], []
    for name in CONTACT_FIELDS:
        mine, theirs = getattr(kept, name), getattr(other, name)
        if theirs is not None and mine is None:
            filled.append(name)
        elif theirs is not None and theirs != mine:
            dropped.append(name)
    points_12m = points_last_12_months(session, kept.id, now) + points_last_12_months(
        session, other.id, now
    )
    tier_after = tier_after_visit(tier_of(kept, prog.tiers), points_12m, prog.tiers)
    referrals = int(
        session.exec(
            select(func.count()).where(
                t.Customer.referred_by_id == other.id, t.Customer.id != kept.id
            )
        ).one()
    )
    ledger_points = int(
        session.exec(
            select(func.coalesce(func.sum(t.LedgerEntry.points), 0)).where(
                t.LedgerEntry.customer_id == other.id
            )
        ).one()
    )
    return MergePlan(
        keep=_side(kept, prog.tiers),
        other=_side(other, prog.tiers),
        visits=_count(session, t.Visit, other.id),
        ledger_entries=_count(session, t.LedgerEntry, other.id),
        points=ledger_points,
        rekeyed=[
            f"{kind} {period}" for _, kind, period in _clashing_entries(session, kept.id, other.id)
        ],
        notes=_count(session, t.Note, other.id),
        redemptions=_count(session, t.Redemption, other.id),
        letters=_count(session, t.LetterSent, other.id),
        letter_exclusions=_count(session, t.LetterExclusion, other.id),
        imported_visits=(
            session.get(t.ImportedVisits, other.id) or t.ImportedVisits(visits=0)
        ).visits,
        referrals=referrals,
        filled=filled,
        dropped=dropped,
        points_balance_after=kept.points_balance + other.points_balance,
        visit_count_after=kept.visit_count + other.visit_count,
        spent_cents_after=kept.spent_cents + other.spent_cents,
        tier_after=tier_after.name if tier_after else None,
    )


def preview_merge(db: Database, *, keep: str, other: str) -> MergePlan:
    """What ``merge_customers`` would do, changing nothing (refusals are the same)."""
    with db.read() as session:
        kept, merged = _pair(session, keep, other, for_update=False)
        return _plan(session, kept, merged, db.now())


def _move_ledger(session: Session, kept_id: int, other_id: int) -> int:
    connection = session.connection()
    clashes = _clashing_entries(session, kept_id, other_id)
    for entry_id, kind, period in clashes:
        entry = session.get(t.LedgerEntry, entry_id)
        why = f"merged: a second {kind} for {period}; the kept card's holds the period"
        entry.note = (f"{entry.note} · {why}" if entry.note else why)[:500]
        entry.period = None
        session.add(entry)
    session.flush()
    connection.execute(update(L).where(L.c.customer_id == other_id).values(customer_id=kept_id))
    return len(clashes)


def _move_letters(session: Session, kept_id: int, other_id: int) -> None:
    connection = session.connection()
    for month in _shared_months(session, t.LetterSent, kept_id, other_id):
        mine = session.exec(
            select(t.LetterSent).where(
                t.LetterSent.customer_id == kept_id, t.LetterSent.month == month
            )
        ).one()
        theirs = session.exec(
            select(t.LetterSent).where(
                t.LetterSent.customer_id == other_id, t.LetterSent.month == month
            )
        ).one()
        mine.copies += theirs.copies
        mine.sent_at = min(mine.sent_at, theirs.sent_at)
        mine.last_sent_at = max(mine.last_sent_at, theirs.last_sent_at)
        session.add(mine)
        session.delete(theirs)
    shared = _shared_months(session, t.LetterExclusion, kept_id, other_id)
    session.flush()
    if shared:
        connection.execute(delete(LX).where(LX.c.customer_id == other_id, LX.c.month.in_(shared)))
    connection.execute(update(LS).where(LS.c.customer_id == other_id).values(customer_id=kept_id))
    connection.execute(update(LX).where(LX.c.customer_id == other_id).values(customer_id=kept_id))


def _move_imported_items(connection: Connection, kept_id: int, other_id: int) -> None:
    items = t.ImportedItem.__table__
    theirs = connection.execute(
        select(items.c.product_id, items.c.times).where(items.c.customer_id == other_id)
    ).all()
    if not theirs:
        return
    mine = set(
        connection.execute(
            select(items.c.product_id).where(items.c.customer_id == kept_id)
        ).scalars()
    )
    for product_id, times in theirs:
        if product_id in mine:
            connection.execute(
                update(items)
                .where(items.c.customer_id == kept_id, items.c.product_id == product_id)
                .values(times=items.c.times + times)
            )
    connection.execute(
        delete(items).where(items.c.customer_id == other_id, items.c.product_id.in_(mine))
    )
    connection.execute(
        update(items).where(items.c.customer_id == other_id).values(customer_id=kept_id)
    )


def _move_imported_visits(session: Session, kept_id: int, other_id: int) -> None:
    theirs = session.get(t.ImportedVisits, other_id)
    if theirs is None:
        return
    mine = session.get(t.ImportedVisits, kept_id)
    if mine is None:
        session.add(
            t.ImportedVisits(
                customer_id=kept_id, visits=theirs.visits, import_run_id=theirs.import_run_id
            )
        )
    else:
        mine.visits += theirs.visits
        session.add(mine)
    session.delete(theirs)
    session.flush()


def _refresh_figures(session: Session, customer: t.Customer) -> None:
    """The cached figures from the rows themselves."""
    customer.points_balance = int(
        session.exec(
            select(func.coalesce(func.sum(t.LedgerEntry.points), 0)).where(
                t.LedgerEntry.customer_id == customer.id
            )
        ).one()
    )
    count, spent, first, last = session.exec(
        select(
            func.count(t.Visit.id),
            func.coalesce(func.sum(t.Visit.amount_cents), 0),
            func.min(t.Visit.at),
            func.max(t.Visit.at),
        ).where(t.Visit.customer_id == customer.id, t.Visit.reversed_at == None)  # noqa: E711
    ).one()
    customer.visit_count, customer.spent_cents = int(count), int(spent)
    customer.first_visit_at, customer.last_visit_at = first, last
    session.add(customer)


def merge_customers(db: Database, *, keep: str, other: str) -> MergeDone:
    """Move everything of card ``other`` to card ``keep`` in one transaction (rules: see the
    module's docstring); ``other`` stays findable and leads to ``keep`` from now on."""
    require(db, Permission.MERGE)
    now = db.now()
    with db.write() as session:
        prog = programme.load_in(session)
        kept, merged = _pair(session, keep, other, for_update=True)
        plan = _plan(session, kept, merged, now)
        connection = session.connection()
        tier_before = tier_of(kept, prog.tiers)

        rekeyed = _move_ledger(session, kept.id, merged.id)
        for table in (t.Visit, t.Note, t.Redemption, t.Feedback):
            columns = table.__table__.c
            connection.execute(
                update(table.__table__)
                .where(columns.customer_id == merged.id)
                .values(customer_id=kept.id)
            )
        _move_letters(session, kept.id, merged.id)
        _move_imported_visits(session, kept.id, merged.id)
        _move_imported_items(connection, kept.id, merged.id)
        connection.execute(
            update(C)
            .where(and_(C.c.referred_by_id == merged.id, C.c.id != kept.id))
            .values(referred_by_id=kept.id)
        )
        if kept.referred_by_id == merged.id or kept.referred_by_id is None:
            brought_by = merged.referred_by_id
            kept.referred_by_id = brought_by if brought_by != kept.id else None

        for name in plan.filled:
            setattr(kept, name, getattr(merged, name))
        for name in CONTACT_FIELDS:
            setattr(merged, name, None)
        merged.archived_at = merged.archived_at or now
        merged.points_balance = merged.visit_count = merged.spent_cents = 0
        merged.first_visit_at = merged.last_visit_at = None
        session.add(merged)
        session.flush()  # the merged row gives its phone up before the kept one takes it
        _refresh_figures(session, kept)
        session.flush()
        rhythm_store.refresh(connection, [kept.id, merged.id])
        held = kept.tier_id
        tier_after = tier_after_visit(
            tier_before, points_last_12_months(session, kept.id, now), prog.tiers
        )
        if tier_after is not None and tier_after != tier_before:
            kept.tier_id = tier_after.id
            tier_history.record(
                connection,
                [tier_history.change_row(kept.id, now, held, tier_after, Reason.MERGE)],
            )
        session.add(kept)
        search_index.index_customer(connection, kept.id, kept.name_key, kept.phone)
        search_index.index_customer(connection, merged.id, merged.name_key, None)
        record = t.CustomerMerge(
            at=now,
            kept_customer_id=kept.id,
            merged_customer_id=merged.id,
            visits_moved=plan.visits,
            ledger_entries_moved=plan.ledger_entries,
            points_moved=plan.points,
            ledger_entries_rekeyed=rekeyed,
            notes_moved=plan.notes,
            redemptions_moved=plan.redemptions,
            letters_moved=plan.letters,
            referrals_moved=plan.referrals,
            filled=",".join(plan.filled),
        )
        session.add(record)
        session.flush()
        audit.record(
            session, db, kind="merge", customer_id=kept.id,
            subject=f"card {merged.card_number} into {kept.card_number}",
            before={"merged_customer": merged.id, "merged_card": merged.card_number},
            after={"merge": record.id, "visits_moved": plan.visits,
                   "ledger_entries_moved": plan.ledger_entries, "points_moved": plan.points,
                   "notes_moved": plan.notes, "filled": list(plan.filled)},
        )  # fmt: skip
        log.info(
            "merge %s: customer %s into %s, %s visits, %s ledger entries (%s points) moved",
            record.id,
            merged.id,
            kept.id,
            plan.visits,
            plan.ledger_entries,
            plan.points,
        )
        return MergeDone(
            record.id,
            kept.card_number,
            merged.card_number,
            kept.name,
            plan,
            kept.points_balance,
            kept.visit_count,
            kept.spent_cents,
            tier_after.name if tier_after else None,
            tier_before.name if tier_before else None,
        )


def merged_card_target(db: Database, card_number: str) -> str | None:
    """The card a merged card now leads to, or None for a card that was never merged (or
    unknown): the faces show "card X was merged into Y" with it."""
    with db.read() as session:
        try:
            card = clean_card_number(card_number)
        except ShopkeeperError:
            return None
        row = session.exec(select(t.Customer.id).where(t.Customer.card_number == card)).first()
        kept_id = merged_into(session, row) if row is not None else None
        return session.get(t.Customer, kept_id).card_number if kept_id is not None else None


def merges(db: Database) -> list[MergeRecord]:
    """Every merge, oldest first."""
    with db.read() as session:
        rows = session.exec(select(t.CustomerMerge).order_by(t.CustomerMerge.id)).all()
        return [
            MergeRecord(
                r.id,
                r.at,
                r.kept_customer_id,
                r.merged_customer_id,
                r.visits_moved,
                r.ledger_entries_moved,
                r.points_moved,
                r.ledger_entries_rekeyed,
                r.notes_moved,
                r.redemptions_moved,
                r.letters_moved,
                r.referrals_moved,
                r.filled,
            )
            for r in rows
        ]
