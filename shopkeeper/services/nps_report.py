"""The NPS report: promoters, passives, detractors and the Net Promoter Score of a period, per
month (the shop's local months), per touchpoint and per staff member, each figure with the
counts behind it. The rules (groups, rounding, "no responses, no NPS") are ``domain.nps``.

One read transaction; the database counts answers per (group key, score), Python adds them up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopkeeper.domain import nps
from shopkeeper.services.reports import _buckets, _by_bucket, period
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

F = t.Feedback.__table__


@dataclass(frozen=True)
class NpsRow:
    key: str | None  # "2026-11", a touchpoint, a staff name (None: answers with no name)
    promoters: int
    passives: int
    detractors: int
    responses: int
    nps: int | None  # None: no responses


@dataclass(frozen=True)
class NpsReport:
    start: date
    end: date
    promoters: int
    passives: int
    detractors: int
    responses: int
    nps: int | None
    by_month: list[NpsRow]
    by_touchpoint: list[NpsRow]
    by_staff: list[NpsRow]  # empty when no answer was recorded with a staff name


def _row(key: str | None, tally: nps.Tally) -> NpsRow:
    return NpsRow(
        key, tally.promoters, tally.passives, tally.detractors, tally.responses, tally.nps
    )


def _tallies(pairs) -> dict:  # noqa: ANN001 - rows of (key, score, count)
    tallies: dict = {}
    for key, score, count in pairs:
        tallies[key] = tallies.get(key, nps.Tally()).add(int(score), int(count))
    return tallies


def tally_between(session: Session, lo: datetime, hi: datetime) -> nps.Tally:
    """The answers given in ``[lo, hi)`` (UTC) added up, inside a caller's read transaction
    (the summary report's NPS figure: the same answers as ``nps_report`` for that period)."""
    pairs = session.execute(
        select(F.c.score, func.count()).where(F.c.at >= lo, F.c.at < hi).group_by(F.c.score)
    ).all()
    total = nps.Tally()
    for score, count in pairs:
        total = total.add(int(score), int(count))
    return total


def nps_report(db: Database, *, start: date | None = None, end: date | None = None) -> NpsReport:
    """The answers given from ``start`` to ``end`` (local days, inclusive; default: the last
    twelve months)."""
    span = period(db, start, end)
    buckets = _buckets(span, "month")
    lo, hi = buckets[0].start, buckets[-1].end
    inside = (F.c.at >= lo, F.c.at < hi)
    with db.read() as session:

        def counted(key):  # noqa: ANN001, ANN202
            return session.execute(
                select(key, F.c.score, func.count()).where(*inside).group_by(key, F.c.score)
            ).all()

        months = _tallies(counted(_by_bucket(F.c.at, buckets)))
        places = _tallies(counted(F.c.touchpoint))
        people = _tallies(counted(F.c.staff))
    total = nps.Tally()
    for tally in places.values():
        total = nps.Tally(
            total.promoters + tally.promoters,
            total.passives + tally.passives,
            total.detractors + tally.detractors,
        )
    by_month = [_row(b.label, months.get(i, nps.Tally())) for i, b in enumerate(buckets)]
    by_touchpoint = [
        _row(name, tally)
        for name, tally in sorted(places.items(), key=lambda kv: (-kv[1].responses, kv[0]))
    ]
    named = any(name is not None for name in people)
    by_staff = (
        [
            _row(name, tally)
            for name, tally in sorted(
                people.items(), key=lambda kv: (kv[0] is None, -kv[1].responses, kv[0] or "")
            )
        ]
        if named
        else []
    )
    return NpsReport(
        span.start,
        span.end,
        total.promoters,
        total.passives,
        total.detractors,
        total.responses,
        total.nps,
        by_month,
        by_touchpoint,
        by_staff,
    )
