"""Random counter work (back-dated bookings, reversals, merges, archiving) on a real shop: the
stored rhythm figures always equal a recomputation from the visits by the domain rule, and
who-to-call and the at-risk filter list exactly the customers the rule calls overdue.

The shop's clock stands on the last evening of a month in the shop's time zone (Vilnius,
23:59:59 local on 30 November is 21:59:59 UTC), and visits fall on both sides of local midnights.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.rhythm import RHYTHM_VISITS, visit_rhythm
from shopkeeper.services import customer_list as cl
from shopkeeper.services import reports
from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.merge import merge_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit, reverse_visit
from tests.conftest import FakeClock
from tests.rhythm.support import check_figures, live_times, overdue_by_rule

NOW = datetime(2026, 11, 30, 21, 59, 59, tzinfo=UTC)  # 23:59:59 in Vilnius, the month's end
who = st.integers(0, 3)
seconds_back = st.one_of(
    st.integers(0, 400 * 86400),
    # on the day: just before / after a local midnight, whole days, half days
    st.builds(lambda d, s: d * 86400 + s, st.integers(0, 120), st.sampled_from(
        [0, 1, 43200, 86399, 86400 - 7200, 7200, 7199, 7201]
    )),
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("visit"), who, seconds_back, st.integers(0, 999_999)),
        st.tuples(st.just("visit"), who, seconds_back, st.just(0)),
        st.tuples(st.just("visit"), who, seconds_back, st.just(0)),
        st.tuples(st.just("reverse"), st.integers(0, 30)),
        st.tuples(st.just("merge"), who, who),
        st.tuples(st.just("archive"), who, st.booleans()),
    ),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_stored_figures_follow_every_change_of_visits(db, clock: FakeClock, ops) -> None:  # noqa: ANN001
    clock.set(NOW)
    cards = [create_customer(db, name=f"Klientas {i}").card_number for i in range(4)]
    booked: list[int] = []
    for op in ops:
        try:
            if op[0] == "visit":
                _, i, back, micro = op
                when = NOW - timedelta(seconds=back, microseconds=micro)
                amount = 1 + back % 977
                booked.append(
                    record_visit(db, card_number=cards[i], amount_cents=amount, at=when).visit_id
                )
            elif op[0] == "reverse" and booked:
                reverse_visit(db, visit_id=booked[op[1] % len(booked)])
            elif op[0] == "merge" and op[1] != op[2]:
                merge_customers(db, keep=cards[op[1]], other=cards[op[2]])
            elif op[0] == "archive":
                archive_customer(db, cards[op[1]], archived=op[2])
        except ShopkeeperError:
            pass  # refused (already reversed, archived, merged): nothing changed
    today = local_date(NOW)
    days = [today + timedelta(days=k) for k in (0, 1, 2, 3, 5, 8, 15, 31, 100, 400)]
    check_figures(db, days)
    _check_lists(db)
    _check_counter(db, cards)


def _check_counter(db, cards: list[str]) -> None:  # noqa: ANN001
    """The counter's profile shows the rhythm the rule gives on the live visits (it reads the
    stored figures, not the visits)."""
    times = live_times(db)
    for card in cards:
        s = customer_summary(db, card)  # a merged card shows the customer it went into
        assert s.rhythm == visit_rhythm(times.get(s.id, [])[-RHYTHM_VISITS:], local_date(NOW))


def _check_lists(db) -> None:  # noqa: ANN001
    today = local_date(NOW)
    times = live_times(db)
    with db.read() as session:
        archived = {
            row.id for row in session.execute(
                reports.select(reports.C.c.id).where(reports.C.c.archived_at.is_not(None))
            )
        }  # fmt: skip
        overdue = reports._overdue(session, NOW)
        listed = cl.at_risk_ids(session.connection(), today, "all")
        reference = cl._at_risk_ids_python(session.connection(), today, "all")
    expected = {c for c, ts in times.items() if overdue_by_rule(ts, today)}
    assert listed == expected == reference
    assert {row[0] for row in overdue} == expected - archived
    for customer_id, gap, since, visits, _spend in overdue:
        ts = times[customer_id]
        assert (visits, since) == (len(ts), (today - local_date(ts[-1])).days)
        assert gap == visit_rhythm(ts[-RHYTHM_VISITS:], today).usual_gap_days
