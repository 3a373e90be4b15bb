"""The customer value report: what each customer is worth, and who brought whom.

One read transaction over the stored rhythm figures (``storage.rhythm``, migration 0022: live
visits, lifetime spend and the first visit's amount, kept with every visit), integers only;
names and dates are read for the rows shown. Raw values only (cents, counts,
days); the faces format them.

Choices a reader of the figures should know:

* Customers are the members not archived (as every report about today). Lifetime spend and
  visits are live visits only: a reversed visit was never spent.
* The top 10 % and 20 % are counted over all those members, rounded up (``domain.value``).
* The multiple is lifetime spend ÷ first-visit spend, over customers with 2 visits or more and
  a first visit that cost something.
* Advocates are members who brought others (``referred_by``); what the customers they brought
  have spent counts every one of them, archived or not: that money came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select

from shopkeeper.domain import value as rules
from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.reports import Phrase
from shopkeeper.i18n import N_
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

C = t.Customer.__table__
RH = t.CustomerRhythm.__table__
ROW_LIMIT = 200
ID_CHUNK = 5000


@dataclass(frozen=True)
class ValueRow:
    card_number: str
    name: str
    joined: date
    tenure_days: int  # days since joining, today not counted
    visits: int
    spend_cents: int  # lifetime
    monthly_spend_cents: int  # average per month since joining
    first_visit_cents: int | None  # None: no visit yet (0 in JSON is a free first visit)
    multiple: float | None  # lifetime ÷ first visit (2+ visits)
    brought: int  # customers they brought


@dataclass(frozen=True)
class AdvocateRow:
    card_number: str
    name: str
    brought: int
    brought_visited: int  # of those, how many have visited
    brought_spend_cents: int


@dataclass(frozen=True)
class TopShare:
    percent: int  # 10 or 20
    customers: int
    spend_cents: int
    share: float | None  # percent of all spend


@dataclass(frozen=True)
class ValueReport:
    title: str
    customers: int
    spend_cents: int
    average_spend_cents: int | None
    top: list[TopShare]
    repeat_customers: int  # with 2+ visits and a first visit that cost something
    median_multiple: float | None
    mean_multiple: float | None
    total: int  # customers in ``rows`` without a limit
    rows: list[ValueRow]  # most valuable first
    advocates: list[AdvocateRow]  # most brought spend first


def _advocates(session, limit: int | None) -> tuple[list[AdvocateRow], dict[int, int]]:  # noqa: ANN001
    brought = C.alias("brought")
    rows = session.execute(
        select(
            C.c.id,
            C.c.card_number,
            C.c.name,
            func.count(brought.c.id),
            func.coalesce(func.sum(case((brought.c.visit_count > 0, 1), else_=0)), 0),
            func.coalesce(func.sum(brought.c.spent_cents), 0),
        )
        .select_from(C.join(brought, brought.c.referred_by_id == C.c.id))
        .where(C.c.archived_at.is_(None))
        .group_by(C.c.id, C.c.card_number, C.c.name)
    ).all()
    counts = {r[0]: int(r[3]) for r in rows}
    advocates = sorted(
        (AdvocateRow(r[1], r[2], int(r[3]), int(r[4]), int(r[5])) for r in rows),
        key=lambda a: (-a.brought_spend_cents, -a.brought, a.card_number),
    )
    return (advocates[:limit] if limit else advocates), counts


def _details(session, ids: list[int]) -> dict[int, tuple[str, str, datetime]]:  # noqa: ANN001
    details: dict[int, tuple[str, str, datetime]] = {}
    for start in range(0, len(ids), ID_CHUNK):
        for customer_id, card, name, joined_at in session.execute(
            select(C.c.id, C.c.card_number, C.c.name, C.c.joined_at).where(
                C.c.id.in_(ids[start : start + ID_CHUNK])
            )
        ):
            details[customer_id] = (card, name, joined_at)
    return details


def value(db: Database, *, limit: int | None = ROW_LIMIT) -> ValueReport:
    """Every member's worth, the revenue shares of the best 10 % and 20 %, the first-visit
    multiple and the advocates. ``limit``: customer and advocate rows listed (figures are over
    everyone)."""
    today = local_date(db.now())
    with db.read() as session:
        # Integers only for everyone (the rhythm figures: live visits, spend, first visit's
        # amount); names and dates for the rows shown.
        ids = session.execute(select(C.c.id).where(C.c.archived_at.is_(None))).scalars().all()
        figures = {
            row[0]: row[1:]
            for row in session.execute(
                select(RH.c.customer_id, RH.c.visits, RH.c.spent_cents, RH.c.first_cents).where(
                    RH.c.customer_id.not_in(
                        select(C.c.id).where(C.c.archived_at.is_not(None))
                    )
                )
            )
        }
        advocates, brought = _advocates(session, limit)
        none = (0, 0, None)
        members = [(cid, *figures.get(cid, none)) for cid in ids]
        members.sort(key=lambda m: (-m[2], -m[1], m[0]))  # spend, visits, then the oldest
        shown = members[:limit] if limit else members
        details = _details(session, [m[0] for m in shown])
    spends = [m[2] for m in members]
    total_spend = sum(spends)
    multiples: dict[int, float] = {}
    for customer_id, visits, spent, first_cents in members:
        if visits >= 2:
            found = rules.multiple(spent, first_cents)
            if found is not None:
                multiples[customer_id] = found
    middle, average = rules.multiples_summary(list(multiples.values()))
    rows = []
    for customer_id, visits, spent, first_cents in shown:
        card, name, joined_at = details[customer_id]
        tenure = max((today - local_date(joined_at)).days, 0)
        rows.append(
            ValueRow(
                card,
                name,
                local_date(joined_at),
                tenure,
                visits,
                spent,
                rules.monthly_spend(spent, tenure),
                first_cents,
                round(multiples[customer_id], 2) if customer_id in multiples else None,
                brought.get(customer_id, 0),
            )
        )
    top = []
    for percent in rules.TOP_SHARES:
        n = rules.top_count(len(spends), percent)
        top.append(
            TopShare(
                percent,
                n,
                sum(sorted(spends, reverse=True)[:n]),
                rules.top_share(spends, percent),
            )
        )
    return ValueReport(
        Phrase(N_("What a customer is worth")),
        len(members),
        total_spend,
        round(total_spend / len(members)) if members else None,
        top,
        len(multiples),
        middle,
        average,
        len(members),
        rows,
        advocates,
    )
