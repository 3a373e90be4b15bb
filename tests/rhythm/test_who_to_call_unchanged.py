"""Who-to-call and the at-risk filter give the same answers as before the figures were stored:
the old computation (every live visit read, medians taken; copied here from revision 0017's
``services.reports._overdue``) against the new one, on a demo shop, on several days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import groupby
from operator import itemgetter

from sqlalchemy import select

from shopkeeper.domain import reports as rules
from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.rhythm import REGULAR_VISITS, RHYTHM_VISITS
from shopkeeper.services import customer_list as cl
from shopkeeper.services import reports
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.services.reports import EPOCH, ID_CHUNK, C, _day_origin, _days, _live, _spend_12m
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock

V = t.Visit.__table__
NOW = datetime(2026, 11, 30, 21, 59, tzinfo=UTC)


def old_overdue(session, now: datetime) -> list[tuple[int, float, int, int, int]]:  # noqa: ANN001
    """Revision 0017's ``_overdue``, unchanged but for the driver shortcut."""
    today = local_date(now)
    archived = set(session.execute(select(C.c.id).where(C.c.archived_at.is_not(None))).scalars())
    origin = _day_origin(session)
    now_days = (now - EPOCH).total_seconds() / 86400 + origin
    result = session.execute(
        select(V.c.customer_id, _days(session, V.c.at)).where(_live()).order_by(
            V.c.customer_id, V.c.at
        )
    )
    found = []
    for customer_id, rows in groupby(result, itemgetter(0)):
        times = [row[1] for row in rows]
        if len(times) < REGULAR_VISITS or now_days - times[-1] <= 2 or customer_id in archived:
            continue
        gap = rules.median_gap_days(times[-RHYTHM_VISITS:])
        seconds = round((times[-1] - origin) * 86400)
        since = (today - local_date(EPOCH + timedelta(seconds=seconds))).days
        if rules.is_overdue(len(times), gap, since):
            found.append((customer_id, round(gap, 1), since, len(times)))
    spend: dict[int, int] = {}
    ids = [f[0] for f in found]
    for chunk in range(0, len(ids), ID_CHUNK):
        spend.update(_spend_12m(session, ids[chunk : chunk + ID_CHUNK], now))
    return [(cid, gap, since, n, spend.get(cid, 0)) for cid, gap, since, n in found]


def test_the_new_lists_equal_the_old_ones(db: Database, clock: FakeClock) -> None:
    clock.set(NOW)
    build_demo_shop(db, customers=400, months=24, seed=11)
    compared = 0
    for days_later in (0, 1, 9, 45):
        now = NOW + timedelta(days=days_later)
        clock.set(now)
        with db.read() as session:
            old = old_overdue(session, now)
            new = reports._overdue(session, now)
            old_ids = cl._at_risk_ids_python(session.connection(), local_date(now), "all")
            new_ids = cl.at_risk_ids(session.connection(), local_date(now), "all")
        assert new == old
        assert new_ids == old_ids
        compared += len(new)
        # the call list: the first rows in the old order, and the count of all
        old.sort(key=lambda r: (-r[4], r[2], r[0]))
        for limit in (5, 200, None):
            shown = reports.at_risk(db, limit=limit)
            assert shown.total == len(old)
            expected = old[:limit] if limit else old
            assert [(r.usual_gap_days, r.days_since_last, r.visits, r.spend_12m_cents)
                    for r in shown.rows] == [o[1:] for o in expected]  # fmt: skip
    assert compared > 20  # the demo has regulars who stopped coming
