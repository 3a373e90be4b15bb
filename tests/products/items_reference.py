"""The items report as it was first written (one query per month, tiers and "stopped buying"
joined row by row): the reference the faster queries of ``services.item_reports`` must match,
row for row, on a demo shop."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import distinct, exists, func, select
from sqlalchemy.orm import Session

from shopkeeper.services import programme
from shopkeeper.services.item_reports import (
    BEFORE_MONTHS,
    RECENT_MONTHS,
    REGULAR_VISITS,
    TOP,
    ItemFigure,
    ItemsReport,
    StoppedBuying,
    _aware,
)
from shopkeeper.services.products import months_ago
from shopkeeper.services.reports import Bucket, _buckets, period
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

V = t.Visit.__table__
VI = t.VisitItem.__table__
P = t.Product.__table__
C = t.Customer.__table__


def _figures(session: Session, *conditions, group=None) -> list[tuple]:  # noqa: ANN001
    visits = func.count(distinct(V.c.id)).label("visits")
    quantity = func.sum(VI.c.quantity).label("quantity")
    columns = [P.c.name, visits, quantity, func.count(distinct(V.c.customer_id))]
    source = V.join(VI, VI.c.visit_id == V.c.id).join(P, P.c.id == VI.c.product_id)
    keys = [P.c.id, P.c.name]
    if group is not None:
        source = source.join(C, C.c.id == V.c.customer_id)
        columns.insert(0, group)
        keys.insert(0, group)
    statement = (
        select(*columns)
        .select_from(source)
        .where(V.c.reversed_at.is_(None), *conditions)
        .group_by(*keys)
        .order_by(visits.desc(), quantity.desc(), P.c.name)
    )
    return list(session.execute(statement).all())


def _by_month(session: Session, buckets: list[Bucket]) -> list[ItemFigure]:
    rows = []
    for b in buckets:
        found = _figures(session, V.c.at >= b.start, V.c.at < b.end)
        rows += [ItemFigure(b.label, r[0], int(r[1]), int(r[2]), int(r[3])) for r in found[:TOP]]
    return rows


def _by_tier(session: Session, lo: datetime, hi: datetime) -> list[ItemFigure]:
    tiers = programme.tiers_in(session)
    names = {tier.id: tier.name for tier in tiers}
    found = _figures(session, V.c.at >= lo, V.c.at < hi, group=C.c.tier_id)
    order = {tier.id: i for i, tier in enumerate(tiers)}
    rows: list[ItemFigure] = []
    shown: dict[object, int] = {}
    for r in sorted(found, key=lambda r: order.get(r[0], len(order))):  # stable: keeps ranks
        if shown.get(r[0], 0) >= TOP:
            continue
        shown[r[0]] = shown.get(r[0], 0) + 1
        rows.append(ItemFigure(names.get(r[0], ""), r[1], int(r[2]), int(r[3]), int(r[4])))
    return rows


def _stopped(session: Session, now: datetime) -> list[StoppedBuying]:
    recent_from = months_ago(now, RECENT_MONTHS)
    before_from = months_ago(recent_from, BEFORE_MONTHS)
    v2, vi2 = V.alias("v2"), VI.alias("vi2")
    bought_lately = exists().where(
        vi2.c.visit_id == v2.c.id,
        v2.c.customer_id == V.c.customer_id,
        vi2.c.product_id == VI.c.product_id,
        v2.c.reversed_at.is_(None),
        v2.c.at >= recent_from,
    )
    times = func.count(distinct(V.c.id)).label("times")
    statement = (
        select(C.c.card_number, C.c.name, P.c.name, times, func.max(V.c.at))
        .select_from(
            V.join(VI, VI.c.visit_id == V.c.id)
            .join(P, P.c.id == VI.c.product_id)
            .join(C, C.c.id == V.c.customer_id)
        )
        .where(
            V.c.reversed_at.is_(None),
            V.c.at >= before_from,
            V.c.at < recent_from,
            C.c.archived_at.is_(None),
            ~bought_lately,
        )
        .group_by(C.c.id, C.c.card_number, C.c.name, P.c.id, P.c.name)
        .having(times >= REGULAR_VISITS)
        .order_by(times.desc(), C.c.name, P.c.name)
    )
    return [
        StoppedBuying(card, name, product, int(n), _aware(at))
        for card, name, product, n, at in session.execute(statement)
    ]


def items(db: Database, *, start: date | None = None, end: date | None = None) -> ItemsReport:
    """Top items per month and per tier over the period (default: the last twelve months), and
    who stopped buying an item they used to buy."""
    span = period(db, start, end)
    now = db.now()
    buckets = _buckets(span, "month")
    with db.read() as session:
        return ItemsReport(
            span.start,
            span.end,
            _by_month(session, buckets),
            _by_tier(session, buckets[0].start, buckets[-1].end),
            _stopped(session, now),
        )
