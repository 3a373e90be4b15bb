"""The back-office reports: each one read transaction, aggregated by the database.

Every function returns a frozen dataclass (never ORM rows). Periods are the shop's local days,
weeks (Monday first) and months; each bucket is one range query over a covering index
(migration 0006), so a year of two million visits is read from the index, not the table.

Choices a reader of the figures should know:

* Archived customers are left out of everything that is about today (active members, tiers,
  the ladder, call lists, the liability: an archived card cannot redeem), but kept in history
  (visits per month, join cohorts).
* Tier distribution over time comes from the tier change log (``services.tier_history``,
  recorded since migration 0007): at each month end, each customer's latest change at or before
  it. Month ends before recording began are *unknown* (shown as such, never guessed). Members
  then without any row in the log are counted as "not recorded" (every path that creates a
  customer or sets a tier writes one, so this stays 0 unless one forgot).
* Points "issued" are visit points and bonuses (welcome, birthday, referral, imported opening
  balances); reversals, redemptions and expiries are their own columns; manual corrections are
  a signed column of their own. Redemption rate = redeemed / (issued − reversed).
* The liability prices outstanding points (positive balances of active customers) at the value
  per point of the cheapest active reward (see ``domain.reports.valuation_reward``); every
  reward's own figure is listed beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from operator import itemgetter

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from shopkeeper.domain import reports as rules
from shopkeeper.domain.calendar import Month, local_date, local_midnight
from shopkeeper.domain.collation import sort_key
from shopkeeper.domain.contact import format_phone
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.reports import Phrase
from shopkeeper.domain.rhythm import (
    LOYAL_SPAN_DAYS,
    LOYAL_VISITS,
    REGULAR_VISITS,
    Stage,
    ladder_stage,
)
from shopkeeper.domain.tiers import Tier
from shopkeeper.i18n import N_, _
from shopkeeper.services import programme, tier_history
from shopkeeper.storage import rhythm as rhythm_store
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database
from shopkeeper.storage.search import shop_language

V = t.Visit.__table__
C = t.Customer.__table__
L = t.LedgerEntry.__table__
N = t.Note.__table__
R = t.Reward.__table__

ISSUED_KINDS = (
    Kind.VISIT,
    Kind.WELCOME_BONUS,
    Kind.BIRTHDAY_BONUS,
    Kind.REFERRAL_BONUS,
    Kind.OPENING_BALANCE,
)
DEFAULT_MONTHS = 12
CALL_LIST_LIMIT = 200
LAPSED_DAYS = 90
YEAR = timedelta(days=365)
ID_CHUNK = 5000  # ids per IN (...): well under SQLite's limit of bound parameters
CANDIDATE_CHUNK = 500  # who-to-call: customers whose year of spend is summed at a time
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# -- periods ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive


def period(db: Database, start: date | None = None, end: date | None = None) -> Period:
    """The report's days: by default the last twelve months, this month included."""
    today = local_date(db.now())
    end = end or today
    start = start or Month.of(end).shift(1 - DEFAULT_MONTHS).first_day
    if end < start:
        raise InvalidInput(_("The report's end date is before its start date."))
    return Period(start, end)


@dataclass(frozen=True)
class Bucket:
    label: str  # "2026-11" or "2026-11-09" (the Monday of the week)
    start: datetime  # aware UTC, inclusive
    end: datetime  # exclusive


def _buckets(span: Period, by: str) -> list[Bucket]:
    """Months or weeks clipped to the period, as UTC half-open intervals."""
    lo, hi = rules.day_bounds(span.start, span.end)
    if by == "month":
        pieces = [(str(m), m.start(), m.end()) for m in rules.months(span.start, span.end)]
    elif by == "week":
        pieces = [
            (monday.isoformat(), local_midnight(monday), local_midnight(monday + timedelta(7)))
            for monday in rules.weeks(span.start, span.end)
        ]
    else:
        raise InvalidInput(_("Reports go by week or by month, not {by!r}.").format(by=by))
    return [Bucket(label, max(a, lo), min(b, hi)) for label, a, b in pieces]


def _days(session: Session, column):  # noqa: ANN001, ANN202 - a SQL expression in days
    """A timestamp as fractional days, for differences computed by the database."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(column)
    return func.extract("epoch", column) / 86400.0


def _day_origin(session: Session) -> float:
    """``_days`` of the Unix epoch: SQLite counts Julian days, PostgreSQL days since 1970."""
    return 2440587.5 if session.get_bind().dialect.name == "sqlite" else 0.0


def _live(*conditions):  # noqa: ANN001, ANN202
    """Visits not reversed (the partial indexes of migration 0006 carry this very condition)."""
    return and_(V.c.reversed_at.is_(None), *conditions)


def _active(*conditions):  # noqa: ANN001, ANN202
    return and_(C.c.archived_at.is_(None), *conditions)


# -- visits and spend --------------------------------------------------------------------------
@dataclass(frozen=True)
class ActivityRow:
    period: str
    visits: int
    customers: int  # members who visited at least once in the period
    spend_cents: int


@dataclass(frozen=True)
class ActivityReport:
    by: str
    start: date
    end: date
    rows: list[ActivityRow]
    visits: int
    spend_cents: int


def activity(
    db: Database, *, start: date | None = None, end: date | None = None, by: str = "month"
) -> ActivityReport:
    """Members' visits and spend per week or month."""
    span = period(db, start, end)
    with db.read() as session:
        rows = []
        for b in _buckets(span, by):
            visits, customers, spend = session.execute(
                select(
                    func.count(),
                    func.count(distinct(V.c.customer_id)),
                    func.coalesce(func.sum(V.c.amount_cents), 0),
                ).where(_live(V.c.at >= b.start, V.c.at < b.end))
            ).one()
            rows.append(ActivityRow(b.label, visits, customers, int(spend)))
    return ActivityReport(
        by,
        span.start,
        span.end,
        rows,
        sum(r.visits for r in rows),
        sum(r.spend_cents for r in rows),
    )


# -- members -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MembersRow:
    month: str
    new_members: int


@dataclass(frozen=True)
class MembersReport:
    start: date
    end: date
    members: int  # not archived
    archived: int
    active: int  # visited in the last ACTIVE_DAYS days
    active_days: int
    rows: list[MembersRow]


def _active_count(session: Session, now: datetime) -> int:
    return session.execute(
        select(func.count(distinct(V.c.customer_id))).where(
            _live(V.c.at >= now - timedelta(days=rules.ACTIVE_DAYS), V.c.at <= now)
        )
    ).scalar_one()


def members(db: Database, *, start: date | None = None, end: date | None = None) -> MembersReport:
    """How many members, how many active (visited in the last 90 days), new ones per month."""
    span = period(db, start, end)
    now = db.now()
    with db.read() as session:
        total, archived = session.execute(select(func.count(), func.count(C.c.archived_at))).one()
        rows = [
            MembersRow(
                b.label,
                session.execute(
                    select(func.count()).where(C.c.joined_at >= b.start, C.c.joined_at < b.end)
                ).scalar_one(),
            )
            for b in _buckets(span, "month")
        ]
        return MembersReport(
            span.start,
            span.end,
            total - archived,
            archived,
            _active_count(session, now),
            rules.ACTIVE_DAYS,
            rows,
        )


# -- tiers -------------------------------------------------------------------------------------
TC = t.TierChange.__table__
NO_TIER = "(no tier)"


@dataclass(frozen=True)
class TierRow:
    tier: str
    colour: str | None
    threshold: int | None
    customers: int
    share: float | None  # percent of active customers


@dataclass(frozen=True)
class TierMonth:
    """The tiers held at one month end (the running month: now) by customers not archived."""

    month: str
    at: datetime  # the moment counted (exclusive)
    known: bool  # False: before tier history began; the counts below are then None
    tiers: dict[str, int] | None  # tier name -> customers, the report's ``history_tiers`` order
    no_tier: int | None
    not_recorded: int | None  # members then with no row in the log (0 unless a path forgot)
    members: int  # joined before ``at`` and not archived by then


@dataclass(frozen=True)
class TiersReport:
    customers: int
    rows: list[TierRow]
    start: date | None = None
    end: date | None = None
    history_tiers: list[str] = field(default_factory=list)  # highest first; removed ones last
    history: list[TierMonth] = field(default_factory=list)
    recorded_since: datetime | None = None  # None: recorded since the shop's first customer
    note: str = Phrase(
        N_(
            "Now: tiers held by customers who are not archived. By month: the tier each such "
            "customer held at the month's end, from the tier change log."
        )
    )


def tiers(db: Database, *, start: date | None = None, end: date | None = None) -> TiersReport:
    """How many customers hold each tier now, and at the end of each month of the period."""
    span = period(db, start, end)
    now = db.now()
    with db.read() as session:
        ladder = programme.tiers_in(session)
        counts = dict(
            session.execute(
                select(C.c.tier_id, func.count()).where(_active()).group_by(C.c.tier_id)
            ).all()
        )
        history = _tier_history(session, ladder, span, now)
    total = sum(counts.values())
    rows = [
        TierRow(
            tier.name,
            tier.colour,
            tier.threshold,
            counts.get(tier.id, 0),
            rules.share(counts.get(tier.id, 0), total),
        )
        for tier in reversed(ladder)
    ]
    known = {tier.id for tier in ladder}
    untiered = sum(n for tier_id, n in counts.items() if tier_id not in known)
    if untiered:
        rows.append(TierRow(NO_TIER, None, None, untiered, rules.share(untiered, total)))
    names, months, since = history
    return TiersReport(total, rows, span.start, span.end, names, months, since)


def _tier_history(
    session: Session, ladder: Sequence[Tier], span: Period, now: datetime
) -> tuple[list[str], list[TierMonth], datetime | None]:
    """Counts at each month end as running sums of the log, in a few grouped queries.

    Each log row is an entry (+1 to its tier) or a move (−1 from, +1 to), so the counts at a
    moment are the sum of the rows before it: one GROUP BY over (month, reason, from, to) gives
    them for every month at once. Customers archived now are taken out from the day they were
    archived, from their own rows (few).
    """
    months = [m for m in rules.months(span.start, span.end) if m.start() <= now]
    if not months:
        return [tier.name for tier in reversed(ladder)], [], None
    tick = timedelta(microseconds=1)  # a change written at this very moment counts "now"
    bounds = [min(m.end(), now + tick) for m in months]
    since = session.execute(
        select(func.min(TC.c.at)).where(TC.c.reason == str(tier_history.Reason.START))
    ).scalar()
    entries = [str(r) for r in tier_history.ENTRY_REASONS]

    held: list[dict[int | None, int]] = [{} for _ in bounds]  # tier id -> customers
    recorded = [0] * len(bounds)
    names: dict[int, str] = {}
    which = case(*((TC.c.at < b, i) for i, b in enumerate(bounds)))
    for i, reason, before, after, n, name in session.execute(
        select(
            which,
            TC.c.reason,
            TC.c.from_tier_id,
            TC.c.to_tier_id,
            func.count(),
            func.max(TC.c.to_tier_name),
        )
        .where(TC.c.at < bounds[-1])
        .group_by(which, TC.c.reason, TC.c.from_tier_id, TC.c.to_tier_id)
    ).all():
        if after is not None and name:
            names.setdefault(after, name)
        for k in range(i, len(bounds)):
            held[k][after] = held[k].get(after, 0) + n
            if reason in entries:
                recorded[k] += n
            else:
                held[k][before] = held[k].get(before, 0) - n

    # Customers archived now leave the counts from the moment they were archived.
    archived = session.execute(
        select(TC.c.customer_id, TC.c.at, TC.c.to_tier_id, C.c.archived_at)
        .join(C, C.c.id == TC.c.customer_id)
        .where(C.c.archived_at.is_not(None), C.c.archived_at < bounds[-1], TC.c.at < bounds[-1])
        .order_by(TC.c.customer_id, TC.c.at, TC.c.id)
    ).all()
    for _cid, rows in groupby(archived, key=itemgetter(0)):
        changes = list(rows)
        gone = changes[0].archived_at
        for k, bound in enumerate(bounds):
            if gone >= bound:
                continue
            last = None
            for row in changes:
                if row.at < bound:
                    last = row
            if last is not None:
                held[k][last.to_tier_id] = held[k].get(last.to_tier_id, 0) - 1
                recorded[k] -= 1

    joined = _running(session, C.c.joined_at, bounds)
    left = _running(session, C.c.archived_at, bounds)
    ladder_ids = [tier.id for tier in reversed(ladder)]
    removed = sorted(
        {
            tid
            for counts in held
            for tid, n in counts.items()
            if tid is not None and tid not in ladder_ids and n
        }
    )
    labels = {tier.id: tier.name for tier in ladder}
    for tid in removed:
        labels[tid] = Phrase(
            N_("{tier} (removed)"),
            tier=names.get(tid) or Phrase(N_("tier #{number}"), number=tid),
        )
    order = ladder_ids + removed
    out = []
    for k, month in enumerate(months):
        members = joined[k] - left[k]
        if since is not None and since >= bounds[k]:
            out.append(TierMonth(str(month), bounds[k], False, None, None, None, members))
            continue
        out.append(
            TierMonth(
                str(month),
                bounds[k],
                True,
                {labels[tid]: held[k].get(tid, 0) for tid in order},
                held[k].get(None, 0),
                members - recorded[k],
                members,
            )
        )
    return [labels[tid] for tid in order], out, since


def _running(session: Session, column, bounds: Sequence[datetime]) -> list[int]:  # noqa: ANN001
    """How many customers have ``column`` before each bound (one grouped query)."""
    which = case(*((column < b, i) for i, b in enumerate(bounds)))
    per = dict(
        session.execute(
            select(which, func.count()).where(column < bounds[-1]).group_by(which)
        ).all()
    )
    out, total = [], 0
    for k in range(len(bounds)):
        total += per.get(k, 0)
        out.append(total)
    return out


# -- points ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PointsRow:
    month: str
    issued: int
    reversed: int
    redeemed: int
    expired: int
    corrected: int  # signed


@dataclass(frozen=True)
class PointsReport:
    start: date
    end: date
    rows: list[PointsRow]
    issued: int
    reversed: int
    redeemed: int
    expired: int
    corrected: int
    redemption_rate: float | None  # percent: redeemed / (issued - reversed)


def _points_in(session: Session, lo: datetime, hi: datetime) -> dict[str, int]:
    return {
        kind: int(total)
        for kind, total in session.execute(
            select(L.c.kind, func.sum(L.c.points))
            .where(L.c.at >= lo, L.c.at < hi)
            .group_by(L.c.kind)
        ).all()
    }


def _points_row(label: str, by_kind: dict[str, int]) -> PointsRow:
    return PointsRow(
        label,
        sum(by_kind.get(str(k), 0) for k in ISSUED_KINDS),
        -by_kind.get(str(Kind.REVERSAL), 0),
        -by_kind.get(str(Kind.REDEMPTION), 0),
        -by_kind.get(str(Kind.EXPIRY), 0),
        by_kind.get(str(Kind.CORRECTION), 0),
    )


def points(db: Database, *, start: date | None = None, end: date | None = None) -> PointsReport:
    """Points issued, reversed, redeemed, expired and corrected per month."""
    span = period(db, start, end)
    with db.read() as session:
        rows = [
            _points_row(b.label, _points_in(session, b.start, b.end))
            for b in _buckets(span, "month")
        ]
    issued = sum(r.issued for r in rows)
    reversed_ = sum(r.reversed for r in rows)
    redeemed = sum(r.redeemed for r in rows)
    return PointsReport(
        span.start,
        span.end,
        rows,
        issued,
        reversed_,
        redeemed,
        sum(r.expired for r in rows),
        sum(r.corrected for r in rows),
        rules.share(redeemed, issued - reversed_),
    )


# -- liability ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RewardValuation:
    reward: str
    points_cost: int
    value_cents: int
    cents_per_point: float
    liability_cents: int  # if every outstanding point went to this reward


@dataclass(frozen=True)
class LiabilityReport:
    outstanding_points: int
    customers_with_points: int
    valued_by: str | None  # the reward whose value per point prices the liability
    cents_per_point: float | None
    liability_cents: int
    formula: str
    rows: list[RewardValuation]


def _liability_in(session: Session) -> LiabilityReport:
    outstanding, holders = session.execute(
        select(func.coalesce(func.sum(C.c.points_balance), 0), func.count()).where(
            _active(C.c.points_balance > 0)
        )
    ).one()
    outstanding = int(outstanding)
    values = [
        rules.PointValue(name, cost, value)
        for name, cost, value in session.execute(
            select(R.c.name, R.c.points_cost, R.c.value_cents)
            .where(R.c.active.is_(True))
            .order_by(R.c.points_cost, R.c.name)
        ).all()
    ]
    chosen = rules.valuation_reward(values)
    rows = [
        RewardValuation(
            v.reward,
            v.points_cost,
            v.value_cents,
            round(float(v.cents_per_point), 4),
            v.liability_cents(outstanding),
        )
        for v in values
        if v.points_cost > 0
    ]
    return LiabilityReport(
        outstanding,
        holders,
        chosen.reward if chosen else None,
        round(float(chosen.cents_per_point), 4) if chosen else None,
        chosen.liability_cents(outstanding) if chosen else 0,
        chosen.formula(outstanding)
        if chosen
        else Phrase(N_("No active reward has a value: 0 cents.")),
        rows,
    )


def liability(db: Database) -> LiabilityReport:
    """Outstanding points and what they would cost the shop if spent."""
    with db.read() as session:
        return _liability_in(session)


# -- who to call -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CallRow:
    card_number: str
    name: str
    phone: str | None
    last_visit: date | None
    days_since_last: int | None
    usual_gap_days: float | None
    visits: int
    spend_12m_cents: int
    pinned_notes: list[str]
    reason: str


@dataclass(frozen=True)
class CallList:
    title: str
    total: int  # everyone who qualifies; ``rows`` holds the first ``limit`` of them
    rows: list[CallRow]


def _overdue_rhythms(session: Session, now: datetime) -> list[tuple[int, float, int, int]]:
    """(customer id, median gap, days since last visit, visits) for every active customer far
    past their own rhythm, in customer id order, from the stored rhythm figures
    (``storage.rhythm``, migration 0022): one read of a covering index."""
    return [
        (customer_id, round(gap, 1), since, visits)
        for customer_id, visits, _last, gap, since, _spent in rhythm_store.overdue(
            session.connection(), local_date(now), "active"
        )
    ]


def _overdue(session: Session, now: datetime) -> list[tuple[int, float, int, int, int]]:
    """(customer id, median gap, days since last visit, visits, spend in 12 months) for every
    active customer far past their own rhythm, in customer id order."""
    found = _overdue_rhythms(session, now)
    spend: dict[int, int] = {}
    ids = [f[0] for f in found]
    for chunk in range(0, len(ids), ID_CHUNK):
        spend.update(_spend_12m(session, ids[chunk : chunk + ID_CHUNK], now))
    return [(cid, gap, since, n, spend.get(cid, 0)) for cid, gap, since, n in found]


def _most_valuable_overdue(
    session: Session, now: datetime, limit: int | None
) -> tuple[int, list[tuple[int, float, int, int, int]]]:
    """(how many are overdue, the first ``limit`` of ``_overdue`` in the call list's order:
    most 12 months' spend first, then fewest days since the last visit, then id).

    Twelve months' spend is summed for candidates in order of lifetime spend (an upper bound
    of it), and stops once no one left can reach the list: the same rows as sorting everyone,
    without summing a year of visits for thousands of customers."""
    if not limit:
        rows = _overdue(session, now)
        rows.sort(key=_call_order)
        return len(rows), rows
    lifetime: dict[int, int] = {}
    found = []
    for customer_id, visits, _last, gap, since, spent in rhythm_store.overdue(
        session.connection(), local_date(now), "active"
    ):
        found.append((customer_id, round(gap, 1), since, visits))
        lifetime[customer_id] = spent
    found.sort(key=lambda f: (-lifetime.get(f[0], 0), f[0]))
    best: list[tuple[int, float, int, int, int]] = []
    step = max(limit, CANDIDATE_CHUNK)
    for start in range(0, len(found), step):
        if len(best) >= limit and lifetime.get(found[start][0], 0) < best[limit - 1][4]:
            break  # everyone left has spent less in all their life than the last one shown
        chunk = found[start : start + step]
        spend = _spend_12m(session, [f[0] for f in chunk], now)
        best.extend((cid, gap, since, n, spend.get(cid, 0)) for cid, gap, since, n in chunk)
        best.sort(key=_call_order)
        del best[limit:]
    return len(found), best


def _call_order(row: tuple[int, float, int, int, int]) -> tuple[int, int, int]:
    return (-row[4], row[2], row[0])


def _pinned(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    for customer_id, text in session.execute(
        select(N.c.customer_id, N.c.text)
        .where(N.c.customer_id.in_(list(ids)), N.c.pinned.is_(True))
        .order_by(N.c.customer_id, N.c.at.desc())
    ).all():
        notes.setdefault(customer_id, []).append(text)
    return notes


def _spend_12m(session: Session, ids: Sequence[int], now: datetime) -> dict[int, int]:
    return {
        cid: int(spend)
        for cid, spend in session.execute(
            select(V.c.customer_id, func.sum(V.c.amount_cents))
            .where(_live(V.c.customer_id.in_(list(ids)), V.c.at > now - YEAR))
            .group_by(V.c.customer_id)
        ).all()
    }


def _call_rows(
    session: Session,
    picked: Sequence[tuple[int, float | None, int | None, int, int, str]],
    today: date,
) -> list[CallRow]:
    ids = [p[0] for p in picked]
    people = {
        row.id: row
        for row in session.execute(
            select(C.c.id, C.c.card_number, C.c.name, C.c.phone, C.c.last_visit_at).where(
                C.c.id.in_(ids)
            )
        ).all()
    }
    pinned = _pinned(session, ids)
    rows = []
    for cid, gap, since, visits, spend, reason in picked:
        person = people[cid]
        last = person.last_visit_at
        rows.append(
            CallRow(
                person.card_number,
                person.name,
                format_phone(person.phone) if person.phone else None,
                local_date(last) if last else None,
                since if since is not None else rules.days_since(last, today),
                gap,
                visits,
                spend,
                pinned.get(cid, []),
                reason,
            )
        )
    return rows


def at_risk(db: Database, *, limit: int | None = CALL_LIST_LIMIT) -> CallList:
    """Who to call: regulars far past their own rhythm, most valuable (12 months' spend) first."""
    now = db.now()
    with db.read() as session:
        total, shown = _most_valuable_overdue(session, now, limit)
        picked = [
            (
                cid,
                gap,
                since,
                visits,
                spend,
                Phrase(
                    N_("usually every {gap} days; {days} days since the last visit"),
                    gap=gap,
                    days=since,
                ),
            )
            for cid, gap, since, visits, spend in shown
        ]
        rows = _call_rows(session, picked, local_date(now))
    return CallList(Phrase(N_("Who to call: regulars past their usual rhythm")), total, rows)


def lapsed(
    db: Database, *, days: int = LAPSED_DAYS, limit: int | None = CALL_LIST_LIMIT
) -> CallList:
    """Customers who came before but not in the last ``days`` days, most valuable first
    (lifetime spend: their last twelve months may be empty)."""
    if days < 1:
        raise InvalidInput(_("Lapsed means no visit for at least one day."))
    now = db.now()
    today = local_date(now)
    cutoff = local_midnight(today - timedelta(days=days - 1))
    condition = _active(C.c.last_visit_at.is_not(None), C.c.last_visit_at < cutoff)
    with db.read() as session:
        total = session.execute(select(func.count()).where(condition)).scalar_one()
        statement = (
            select(C.c.id, C.c.visit_count, C.c.spent_cents)
            .where(condition)
            .order_by(C.c.spent_cents.desc(), C.c.id)
        )
        if limit:
            statement = statement.limit(limit)
        found = session.execute(statement).all()
        spend = _spend_12m(session, [r.id for r in found], now)
        picked = [(r.id, None, None, r.visit_count, spend.get(r.id, 0), "") for r in found]
        rows = _call_rows(session, picked, today)
    rows = [
        replace(
            r,
            reason=Phrase.ngettext(
                "no visit for {n} day",
                "no visit for {n} days",
                r.days_since_last,
                n=r.days_since_last,
            ),
        )
        for r in rows
    ]
    title = Phrase.ngettext(
        "Lapsed: no visit in {n} day", "Lapsed: no visit in {n} days", days, n=days
    )
    return CallList(title, total, rows)


def problems(db: Database, *, older_than_days: int = rules.PROBLEM_AGE_DAYS) -> CallList:
    """Customers with a problem still open after ``older_than_days`` days, oldest first."""
    now = db.now()
    condition = and_(
        N.c.kind == "problem",
        N.c.resolved_at.is_(None),
        N.c.at < now - timedelta(days=older_than_days),
        C.c.archived_at.is_(None),
    )
    with db.read() as session:
        found = session.execute(
            select(N.c.customer_id, N.c.at, N.c.text, C.c.visit_count)
            .join(C, C.c.id == N.c.customer_id)
            .where(condition)
            .order_by(N.c.at, N.c.id)
        ).all()
        first: dict[int, tuple] = {}
        for row in found:
            first.setdefault(row.customer_id, row)
        ids = list(first)
        spend = _spend_12m(session, ids, now)
        picked = [
            (
                cid,
                None,
                None,
                row.visit_count,
                spend.get(cid, 0),
                Phrase(N_("open since {day}: {text}"), day=local_date(row.at), text=row.text),
            )
            for cid, row in first.items()
        ]
        rows = _call_rows(session, picked, local_date(now))
    title = Phrase.ngettext(
        "Open problems older than {n} day",
        "Open problems older than {n} days",
        older_than_days,
        n=older_than_days,
    )
    return CallList(title, len(rows), rows)


# -- retention ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CohortRow:
    month: str
    members: int
    after_1: float | None  # percent still visiting after 1 month; None: too early to tell
    after_3: float | None
    after_6: float | None
    after_12: float | None


@dataclass(frozen=True)
class RetentionReport:
    start: date
    end: date
    rows: list[CohortRow]
    note: str = Phrase(
        N_(
            "A member is still visiting after N months when they visited on or after the first "
            "day of the N-th month after the month they joined."
        )
    )


def retention(
    db: Database, *, start: date | None = None, end: date | None = None
) -> RetentionReport:
    """Cohorts by join month: the share of each still visiting after 1, 3, 6 and 12 months."""
    span = period(db, start, end)
    current = Month.of(local_date(db.now()))
    rows = []
    with db.read() as session:
        for month in rules.months(span.start, span.end):
            cutoffs = rules.retention_cutoffs(month, current)
            columns = [
                func.coalesce(func.sum(case((C.c.last_visit_at >= at, 1), else_=0)), 0)
                for at in cutoffs.values()
                if at is not None
            ]
            size, *kept = session.execute(
                select(func.count(), *columns).where(
                    C.c.joined_at >= month.start(), C.c.joined_at < month.end()
                )
            ).one()
            kept_iter = iter(kept)
            shares = [
                rules.share(int(next(kept_iter)), size) if at is not None else None
                for at in cutoffs.values()
            ]
            rows.append(CohortRow(str(month), size, *shares))
    return RetentionReport(span.start, span.end, rows)


# -- by month ---------------------------------------------------------------------------------
def _by_bucket(column, buckets: Sequence[Bucket]):  # noqa: ANN001, ANN202
    """A CASE giving the bucket number of a timestamp (buckets are few: months of a report)."""
    return case(*((column < b.end, i) for i, b in enumerate(buckets)), else_=None)


# -- the ladder --------------------------------------------------------------------------------
@dataclass(frozen=True)
class LadderRow:
    stage: str
    customers: int
    share: float | None


@dataclass(frozen=True)
class LadderMove:
    card_number: str
    name: str
    stage_before: str
    stage_now: str


@dataclass(frozen=True)
class LadderReport:
    month: str
    rows: list[LadderRow]
    moved_up: list[LadderMove]
    note: str = Phrase(
        N_(
            "Moved up: the stage at the start of the month (visits and referrals before it) is "
            "below the stage now. Stages: new < 3 visits ≤ regular; loyal: 10+ visits over 6+ "
            "months; advocate: brought a customer who visited."
        )
    )


def ladder(db: Database) -> LadderReport:
    """How many customers stand on each step of the ladder, and who climbed this month."""
    now = db.now()
    month = Month.of(local_date(now))
    start = month.start()
    with db.read() as session:
        language = shop_language(session.connection())
        referrals = {
            rid: (int(n), int(before or 0))
            for rid, n, before in session.execute(
                select(
                    C.c.referred_by_id,
                    func.count(),
                    func.sum(case((C.c.first_visit_at < start, 1), else_=0)),
                )
                .where(C.c.referred_by_id.is_not(None), C.c.visit_count > 0)
                .group_by(C.c.referred_by_id)
            ).all()
        }
        span = _days(session, C.c.last_visit_at) - _days(session, C.c.first_visit_at)
        stage = case(
            (C.c.id.in_(list(referrals)), str(Stage.ADVOCATE)),
            (
                and_(C.c.visit_count >= LOYAL_VISITS, span >= LOYAL_SPAN_DAYS),
                str(Stage.LOYAL),
            ),
            (C.c.visit_count >= REGULAR_VISITS, str(Stage.REGULAR)),
            else_=str(Stage.NEW),
        )
        counts = dict(
            session.execute(select(stage, func.count()).where(_active()).group_by(stage)).all()
        )
        this_month = (
            select(V.c.customer_id, func.count().label("n"))
            .where(_live(V.c.at >= start, V.c.at <= now))
            .group_by(V.c.customer_id)
            .subquery()
        )
        last_before = (
            select(func.max(V.c.at))
            .where(_live(V.c.customer_id == C.c.id, V.c.at < start))
            .scalar_subquery()
        )
        climbed_by_referral = [rid for rid, (n, before) in referrals.items() if n > before]
        candidates = session.execute(
            select(
                C.c.id,
                C.c.card_number,
                C.c.name,
                C.c.visit_count,
                C.c.first_visit_at,
                C.c.last_visit_at,
                func.coalesce(this_month.c.n, 0),
                last_before,
            )
            .join(this_month, this_month.c.customer_id == C.c.id, isouter=True)
            .where(_active(or_(this_month.c.n.is_not(None), C.c.id.in_(climbed_by_referral))))
        ).all()
    moves = []
    for cid, card, name, count, first, last, n_month, last_then in candidates:
        n_now, n_then = referrals.get(cid, (0, 0))
        now_stage = ladder_stage(
            visit_count=count, first_visit=first, last_visit=last, referrals=n_now
        )
        then_count = count - n_month
        then_stage = ladder_stage(
            visit_count=then_count,
            first_visit=first if then_count else None,
            last_visit=last_then,
            referrals=n_then,
        )
        if rules.stage_rank(now_stage) > rules.stage_rank(then_stage):
            moves.append(LadderMove(card, name, str(then_stage), str(now_stage)))
    # Within a step, by name in the shop language's order (domain.collation).
    moves.sort(key=lambda m: (-rules.stage_rank(Stage(m.stage_now)), sort_key(m.name, language)))
    total = sum(counts.values())
    rows = [
        LadderRow(str(s), counts.get(str(s), 0), rules.share(counts.get(str(s), 0), total))
        for s in rules.LADDER
    ]
    return LadderReport(str(month), rows, moves)


# -- summary -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SummaryReport:
    start: date
    end: date
    members: int
    active: int  # visited in the last 90 days
    new_members: int  # joined in the period
    visits: int
    spend_cents: int
    average_visit_cents: int | None
    points_issued: int
    points_redeemed: int
    points_expired: int
    redemption_rate: float | None
    outstanding_points: int
    liability_cents: int
    open_problems: int
    nps: int | None  # feedback answers given in the period (None: no responses)
    nps_responses: int


def summary(db: Database, *, start: date | None = None, end: date | None = None) -> SummaryReport:
    """The one-page picture of the period: members, visits, points, what is owed, mood (NPS)."""
    span = period(db, start, end)
    now = db.now()
    lo, hi = rules.day_bounds(span.start, span.end)
    with db.read() as session:
        members_now = session.execute(select(func.count()).where(_active())).scalar_one()
        new = session.execute(
            select(func.count()).where(C.c.joined_at >= lo, C.c.joined_at < hi)
        ).scalar_one()
        visits, spend = session.execute(
            select(func.count(), func.coalesce(func.sum(V.c.amount_cents), 0)).where(
                _live(V.c.at >= lo, V.c.at < hi)
            )
        ).one()
        flows = _points_row("", _points_in(session, lo, hi))
        owed = _liability_in(session)
        open_problems = session.execute(
            select(func.count()).where(N.c.kind == "problem", N.c.resolved_at.is_(None))
        ).scalar_one()
        # imported here: nps_report builds on this module (periods, month buckets)
        from shopkeeper.services.nps_report import tally_between

        feeling = tally_between(session, lo, hi)
        active = _active_count(session, now)
    return SummaryReport(
        span.start,
        span.end,
        members_now,
        active,
        new,
        visits,
        int(spend),
        round(int(spend) / visits) if visits else None,
        flows.issued - flows.reversed,
        flows.redeemed,
        flows.expired,
        rules.share(flows.redeemed, flows.issued - flows.reversed),
        owed.outstanding_points,
        owed.liability_cents,
        open_problems,
        feeling.nps,
        feeling.responses,
    )
