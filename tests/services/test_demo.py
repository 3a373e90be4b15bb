"""The demo shop: deterministic, realistic, and consistent with the real programme's rules.

The checks below re-derive every figure from the stored rows with the domain functions, not
with the generator's own code: balances from the ledger, visit figures from the visit table,
each visit's points and each tier from an independent replay of the tier rules, each expiry and
birthday bonus from the month-end rules, each referral bonus from the referred first visit.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from shopkeeper.bootstrap import open_database
from shopkeeper.cli.main import main
from shopkeeper.domain.calendar import Month, local_date
from shopkeeper.domain.codes import card_number_for, clean_voucher_code
from shopkeeper.domain.contact import clean_email, normalise_phone
from shopkeeper.domain.errors import InvalidInput, NotAllowed
from shopkeeper.domain.expiry import expiry_cutoff, points_to_expire
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.rules import points_for_visit
from shopkeeper.domain.text import is_cjk, search_key
from shopkeeper.domain.tiers import rank, tier_after_visit, tier_at_review, tier_for
from shopkeeper.services import programme
from shopkeeper.services.common import TIER_WINDOW
from shopkeeper.services.customers import create_customer
from shopkeeper.services.demo import DemoResult, build_demo_shop
from shopkeeper.services.month_end import month_end
from shopkeeper.services.notes import info as notes_info
from shopkeeper.services.nps_report import nps_report
from shopkeeper.services.programme import update_rules
from shopkeeper.services.rewards import add_reward
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import counts, snapshot

CUSTOMERS = 200
MONTHS = 24


def _time(value: str | datetime | None) -> datetime | None:
    """A stored time as SQLAlchemy writes it on SQLite (UTC text), or as PostgreSQL returns
    it, as aware UTC."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def _day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@pytest.fixture
def shop(db: Database) -> tuple[Database, DemoResult]:
    return db, build_demo_shop(db, customers=CUSTOMERS, months=MONTHS, seed=11)


def _open(path: Path, clock: FakeClock) -> Database:
    return open_database(path, shop_name="Test Bakery", clock=clock)


def _comparable(db: Database) -> dict:
    """Every row, but the shop's own id: each file is its own shop, whatever it holds."""
    rows = snapshot(db)
    rows["setting"] = [
        (key, json.dumps({**json.loads(value), "shop_id": "-"}) if key == "shop" else value)
        for key, value in rows["setting"]
    ]
    return rows


def _customers(db: Database) -> list[dict]:
    with db.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(text("SELECT * FROM customer"))]


def _ledger(db: Database) -> dict[int, list[dict]]:
    """Each customer's entries in the order the ledger screen shows them: by time, then id."""
    by_customer: dict[int, list[dict]] = defaultdict(list)
    with db.engine.connect() as connection:
        for r in connection.execute(text("SELECT * FROM ledger_entry ORDER BY at, id")):
            row = dict(r._mapping)
            row["at"] = _time(row["at"])
            by_customer[row["customer_id"]].append(row)
    return by_customer


def _visits(db: Database) -> dict[int, dict]:
    with db.engine.connect() as connection:
        return {
            r.id: {"customer_id": r.customer_id, "at": _time(r.at), "amount": r.amount_cents}
            for r in connection.execute(text("SELECT * FROM visit"))
        }


def test_builds_the_requested_shop_and_reports_it(shop: tuple[Database, DemoResult]) -> None:
    db, result = shop
    stored = counts(db)
    assert result.customers == stored["customer"] == CUSTOMERS
    assert result.visits == stored["visit"] > CUSTOMERS * 10
    assert result.redemptions == stored["redemption"] > 0
    assert result.notes == stored["note"] > 0
    assert result.ledger_entries == stored["ledger_entry"]
    assert result.seconds < 30
    with db.engine.connect() as connection:
        archived = connection.execute(
            text("SELECT count(*) FROM customer WHERE archived_at IS NOT NULL")
        ).scalar_one()
        referred = connection.execute(
            text("SELECT count(*) FROM customer WHERE referred_by_id IS NOT NULL")
        ).scalar_one()
        next_card = connection.execute(
            text("SELECT value FROM setting WHERE key = 'next_card_sequence'")
        ).scalar_one()
    assert result.archived == archived > 0
    assert result.referrals == referred > 0
    # A customer added after the demo gets the next card number, not a clash.
    saved = create_customer(db, name="Nauja Klientė")
    assert int(next_card) == CUSTOMERS + 1
    assert (saved.id, saved.card_number) == (CUSTOMERS + 1, card_number_for(CUSTOMERS + 1))


@pytest.mark.sqlite_only("compares the stored rows with a second shop's SQLite file")
def test_same_seed_same_shop_other_seed_other_shop(
    tmp_path: Path, clock: FakeClock, shop: tuple[Database, DemoResult]
) -> None:
    db, _ = shop
    again = _open(tmp_path / "again.db", clock)
    other = _open(tmp_path / "other.db", clock)
    try:
        build_demo_shop(again, customers=CUSTOMERS, months=MONTHS, seed=11)
        build_demo_shop(other, customers=CUSTOMERS, months=MONTHS, seed=12)
        assert _comparable(again) == _comparable(db)
        assert snapshot(other)["customer"] != snapshot(db)["customer"]
    finally:
        again.dispose()
        other.dispose()


@pytest.mark.sqlite_only("compares the stored rows with a second shop's SQLite file")
def test_sqlalchemy_core_path_stores_exactly_the_same_rows(
    tmp_path: Path, clock: FakeClock, shop: tuple[Database, DemoResult]
) -> None:
    """The driver fast path writes the text SQLAlchemy itself would write."""
    db, _ = shop
    core = _open(tmp_path / "core.db", clock)
    try:
        build_demo_shop(core, customers=CUSTOMERS, months=MONTHS, seed=11, driver_rows=False)
        assert _comparable(core) == _comparable(db)
    finally:
        core.dispose()


def test_times_read_back_through_the_orm_and_nothing_is_in_the_future(
    shop: tuple[Database, DemoResult],
) -> None:
    db, _ = shop
    now = db.now()
    start = now - timedelta(days=MONTHS * 31)
    with db.read() as session:
        visits = session.exec(select(t.Visit)).all()
        times = sorted(v.at for v in visits)
        assert all(v.tzinfo is not None for v in times)
        assert start < times[0] and times[-1] < now
        # A time-range query (what every report does) agrees with the rows themselves.
        since = now - timedelta(days=30)
        in_sql = session.exec(select(func.count(t.Visit.id)).where(t.Visit.at >= since)).one()
        assert in_sql == sum(1 for at in times if at >= since) > 0
        latest = [
            session.exec(select(func.max(column))).one()
            for column in (
                t.Customer.joined_at,
                t.Customer.archived_at,
                t.Customer.last_visit_at,
                t.LedgerEntry.at,
                t.Redemption.at,
                t.Redemption.used_at,
                t.Note.at,
                t.Note.resolved_at,
            )
        ]
        assert all(when <= now for when in latest)
        customers = session.exec(select(t.Customer)).all()
        assert all(c.joined_at <= (c.first_visit_at or now) for c in customers)
        assert all(c.birthday is None or c.birthday < local_date(now) for c in customers)


def _check_balances(db: Database) -> None:
    """Every balance is the sum of its ledger and never went below zero on the way."""
    welcome = programme.load(db).rules.welcome_bonus
    ledger = _ledger(db)
    for customer in _customers(db):
        running = 0
        for entry in ledger[customer["id"]]:
            running += entry["points"]
            assert running >= 0, (customer["name"], entry)
        assert customer["points_balance"] == running
        kinds = [e["kind"] for e in ledger[customer["id"]]]
        assert kinds.count(Kind.WELCOME_BONUS) == (1 if welcome else 0)


def test_balances_equal_the_ledger_and_never_go_below_zero(
    shop: tuple[Database, DemoResult],
) -> None:
    _check_balances(shop[0])


def test_cached_visit_figures_equal_the_visit_table(shop: tuple[Database, DemoResult]) -> None:
    db, _ = shop
    with db.engine.connect() as connection:
        figures = {
            r[0]: (r[1], r[2], r[3], r[4])
            for r in connection.execute(
                text(
                    "SELECT customer_id, count(*), sum(amount_cents), min(at), max(at) "
                    "FROM visit GROUP BY customer_id"
                )
            )
        }
        amounts = [r[0] for r in connection.execute(text("SELECT amount_cents FROM visit"))]
    for c in _customers(db):
        expected = figures.get(c["id"], (0, 0, None, None))
        stored = (c["visit_count"], c["spent_cents"], c["first_visit_at"], c["last_visit_at"])
        assert stored == expected
    assert min(amounts) >= 300 and max(amounts) <= 4000
    assert 600 <= sorted(amounts)[len(amounts) // 2] <= 1500  # a bakery's median basket


def test_visit_rhythms_cover_regulars_drifters_and_one_timers(
    shop: tuple[Database, DemoResult],
) -> None:
    """What the counter's summary makes of the histories: every kind of customer is there."""
    db, _ = shop
    seen: dict[str, int] = defaultdict(int)
    for c in _customers(db):
        summary = customer_summary(db, c["card_number"])
        assert summary.points_balance == c["points_balance"]
        rhythm = summary.rhythm
        seen[summary.stage.value] += 1
        if c["visit_count"] == 0:
            seen["never came"] += 1
        elif c["visit_count"] == 1:
            seen["once"] += 1
        elif rhythm.overdue and c["visit_count"] >= 8:
            seen["drifting away"] += 1
        elif rhythm.usual_gap_days <= 9 and rhythm.days_since_last <= 21:
            seen["weekly"] += 1
        elif rhythm.usual_gap_days >= 12:
            seen["monthly or rarer"] += 1
    kinds = ("once", "drifting away", "weekly", "monthly or rarer", "new", "regular", "loyal")
    assert all(seen[kind] >= 5 for kind in kinds), dict(seen)
    assert seen["advocate"] > 0 and seen["never came"] > 0, dict(seen)


def _check_points_and_tiers(db: Database) -> set[int | None]:
    """Replays the tier rules independently: every visit earned what the tier held at that
    moment pays, upgrades at once, reviews at each month's end, rewards only for the tier they
    are meant for; the stored tier is where that leaves each customer. Returns the tiers held."""
    prog = programme.load(db)
    tiers, rules = prog.tiers, prog.rules
    now = db.now()
    ledger, visits = _ledger(db), _visits(db)
    customers = _customers(db)
    with db.engine.connect() as connection:
        needs = {
            r.id: next((x for x in tiers if x.id == r.min_tier_id), None)
            for r in connection.execute(
                text(
                    "SELECT redemption.id, reward.min_tier_id FROM redemption "
                    "JOIN reward ON reward.id = redemption.reward_id"
                )
            )
        }
    first_month = Month.of(local_date(min(_time(c["joined_at"]) for c in customers)))
    closes = []
    month = first_month
    while month < Month.of(local_date(now)):
        closes.append(month.end())
        month = month.shift(1)
    held_tiers = set()
    for c in customers:
        joined, archived = _time(c["joined_at"]), _time(c["archived_at"])
        entries = ledger[c["id"]]
        visit_entries = [e for e in entries if e["kind"] == Kind.VISIT]

        def earned_12m(at: datetime, visit_entries: list[dict] = visit_entries) -> int:
            return sum(e["points"] for e in visit_entries if at - TIER_WINDOW < e["at"] <= at)

        tier = tier_for(0, tiers)
        events = [(end, 0, None) for end in closes if joined < end] + [
            (e["at"], 1, e) for e in entries if e["kind"] in (Kind.VISIT, Kind.REDEMPTION)
        ]
        for at, what, entry in sorted(events, key=lambda ev: ev[:2]):
            if what == 0:  # a month-end review
                if archived is None or archived >= at:
                    tier = tier_at_review(earned_12m(at), tiers)
            elif entry["kind"] == Kind.REDEMPTION:
                assert rank(needs[entry["redemption_id"]], tiers) <= rank(tier, tiers)
            else:
                amount = visits[entry["visit_id"]]["amount"]
                multiplier = tier.multiplier if tier else 1
                assert entry["points"] == points_for_visit(amount, rules, multiplier), c["name"]
                tier = tier_after_visit(tier, earned_12m(at), tiers)
        assert c["tier_id"] == (tier.id if tier else None), c["name"]
        held_tiers.add(c["tier_id"])
    return held_tiers


def test_points_and_tiers_follow_the_programme(shop: tuple[Database, DemoResult]) -> None:
    held = _check_points_and_tiers(shop[0])
    assert held == {tier.id for tier in programme.load(shop[0]).tiers}  # all three occur


def _check_bonuses(db: Database) -> tuple[int, int]:
    """Each month-end's expiry and birthday bonus, and each referral bonus, re-derived from
    the ledger with the domain rules. Returns (expiries, birthday bonuses)."""
    rules = programme.load(db).rules
    now = db.now()
    ledger, visits = _ledger(db), _visits(db)
    customers = {c["id"]: c for c in _customers(db)}
    first_visit: dict[int, int] = {}
    for vid, v in sorted(visits.items(), key=lambda item: (item[1]["at"], item[0])):
        first_visit.setdefault(v["customer_id"], vid)
    expired = birthdays = 0
    for cid, c in customers.items():
        entries = ledger[cid]
        joined, archived = _time(c["joined_at"]), _time(c["archived_at"])
        month = Month.of(local_date(joined))
        due: list[tuple[datetime, int, str]] = []
        while month < Month.of(local_date(now)):
            end = month.end()
            before = [e for e in entries if e["at"] < end]
            if joined < end:
                cutoff = expiry_cutoff(month, rules.expiry_months)
                earned = sum(e["points"] for e in before if e["points"] > 0 and e["at"] < cutoff)
                spent = -sum(e["points"] for e in before if e["points"] < 0)
                expected = points_to_expire(earned, spent, sum(e["points"] for e in before))
                actual = [
                    e for e in entries if e["kind"] == Kind.EXPIRY and e["period"] == str(month)
                ]
                assert [-e["points"] for e in actual] == ([expected] if expected else [])
                assert all(e["at"] == end for e in actual)
                expired += bool(expected)
                following = month.shift(1)
                birthday = _day(c["birthday"]) if c["birthday"] else None
                if (
                    rules.birthday_bonus
                    and birthday is not None
                    and birthday.month == following.month
                    and (archived is None or archived >= end)
                ):
                    due.append((end, rules.birthday_bonus, str(following.year)))
            month = month.shift(1)
        given = [
            (e["at"], e["points"], e["period"]) for e in entries if e["kind"] == Kind.BIRTHDAY_BONUS
        ]
        assert given == due, c["name"]
        birthdays += len(due)
        referrals = [e for e in entries if e["kind"] == Kind.REFERRAL_BONUS]
        brought = [
            other["id"]
            for other in customers.values()
            if other["referred_by_id"] == cid and other["id"] in first_visit
        ]
        assert sorted(e["visit_id"] for e in referrals) == sorted(first_visit[o] for o in brought)
        for e in referrals:
            assert e["points"] == rules.referral_bonus
            assert e["at"] == visits[e["visit_id"]]["at"]
            assert customers[visits[e["visit_id"]]["customer_id"]]["referred_by_id"] == cid
    return expired, birthdays


def test_expiry_birthday_and_referral_bonuses_follow_the_rules(
    shop: tuple[Database, DemoResult],
) -> None:
    expired, birthdays = _check_bonuses(shop[0])
    assert expired > 0 and birthdays > 0


def test_another_programme_is_followed_just_as_well(db: Database) -> None:
    """Double points rounded to nearest, no welcome or birthday bonus, six-month expiry and a
    reward only Gold members may take: the demo lives by these rules, not by the defaults."""
    update_rules(
        db,
        points_per_unit=Decimal("2"),
        rounding="nearest",
        welcome_bonus=0,
        birthday_bonus=0,
        expiry_months=6,
    )
    gold = programme.load(db).tiers[-1]
    gold_tea = add_reward(db, name="Gold tea ceremony", points_cost=300, min_tier_id=gold.id)
    build_demo_shop(db, customers=120, months=18, seed=5)
    _check_balances(db)
    held = _check_points_and_tiers(db)
    expired, birthdays = _check_bonuses(db)
    assert expired > 0 and birthdays == 0 and gold.id in held
    with db.engine.connect() as connection:
        taken = connection.execute(
            text("SELECT count(*) FROM redemption WHERE reward_id = :id"), {"id": gold_tea.id}
        ).scalar_one()
    assert taken > 0


def test_redemptions_are_paid_from_the_ledger_with_unique_vouchers(
    shop: tuple[Database, DemoResult],
) -> None:
    db, _ = shop
    with db.read() as session:
        redemptions = session.exec(select(t.Redemption)).all()
        rewards = {r.id: r for r in session.exec(select(t.Reward)).all()}
        entries = {
            e.redemption_id: e
            for e in session.exec(
                select(t.LedgerEntry).where(t.LedgerEntry.kind == str(Kind.REDEMPTION))
            ).all()
        }
        assert len(entries) == len(redemptions)
        codes = [r.voucher_code for r in redemptions]
        assert len(set(codes)) == len(codes)
        assert all(clean_voucher_code(code) == code for code in codes)
        for r in redemptions:
            reward = rewards[r.reward_id]
            entry = entries[r.id]
            assert (entry.customer_id, entry.points, entry.at) == (r.customer_id, -r.points, r.at)
            assert (r.points, r.value_cents, r.cause_id) == (
                reward.points_cost,
                reward.value_cents,
                reward.cause_id,
            )
            assert r.valid_until == local_date(r.at) + timedelta(days=reward.valid_days)
            assert r.used_at is None or r.at <= r.used_at
            if reward.cause_id is not None:
                assert r.used_at == r.at  # a donation is given at once
        used = sum(r.used_at is not None for r in redemptions)
        assert 0 < used < len(redemptions)
        assert any(rewards[r.reward_id].cause_id for r in redemptions)


def test_people_from_several_languages_with_valid_contacts(
    shop: tuple[Database, DemoResult],
) -> None:
    db, _ = shop
    customers = _customers(db)
    names = [c["name"] for c in customers]
    assert any(re.search("[ąčęėįšųūž]", n, re.IGNORECASE) for n in names)  # Lithuanian
    assert any(all(is_cjk(ch) for ch in n) for n in names)  # Chinese
    assert any(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-zA-Z']+", n) for n in names)  # English
    languages = {c["language"] for c in customers}
    assert {"lt", "zh-Hans", "zh-Hant", "en"} <= languages
    phones = [c["phone"] for c in customers if c["phone"]]
    assert len(phones) > CUSTOMERS * 0.85 and len(set(phones)) == len(phones)
    for phone in phones:
        assert normalise_phone(phone, "LT") == phone  # valid, already E.164
    prefixes = {p[:4] for p in phones}
    assert {"+370", "+861", "+886"} <= prefixes
    assert prefixes & {"+447", "+121", "+141", "+161", "+164", "+120"}
    emails = [c["email"] for c in customers if c["email"]]
    assert len(emails) > CUSTOMERS * 0.4
    assert all(clean_email(e) == e for e in emails)
    addresses = [c["address"] for c in customers if c["address"]]
    assert len(addresses) > CUSTOMERS * 0.6 and all("\n" in a for a in addresses)
    consenting = [c for c in customers if c["letters_consent"]]
    assert len(consenting) > CUSTOMERS * 0.45 and all(c["address"] for c in consenting)
    assert sum(c["birthday"] is not None for c in customers) > CUSTOMERS * 0.7
    with db.read() as session:
        notes = [notes_info(n) for n in session.exec(select(t.Note)).all()]
    kinds = {n.kind for n in notes}
    assert {"preference", "problem"} <= kinds
    assert any(n.kind == "preference" and n.pinned for n in notes)
    problems = [n for n in notes if n.kind == "problem"]
    assert any(n.resolved_at for n in problems) and any(not n.resolved_at for n in problems)
    assert all(n.score is None for n in notes)  # a score is feedback, which NPS counts
    answers = nps_report(db, start=date(2000, 1, 1))
    assert answers.responses > 0 and answers.by_touchpoint[0].key == "counter"
    with db.read() as session:
        scores = [f.score for f in session.exec(select(t.Feedback)).all()]
    assert len(scores) == answers.responses and all(0 <= s <= 10 for s in scores)


def test_every_customer_is_found_by_card_and_by_name(shop: tuple[Database, DemoResult]) -> None:
    db, _ = shop
    for c in _customers(db):
        archived = c["archived_at"] is not None
        by_card = search_customers(db, c["card_number"], include_archived=archived)
        assert by_card[0].card_number == c["card_number"] and by_card[0].match == "card"
        by_name = search_customers(db, c["name"], limit=200, include_archived=archived)
        assert c["card_number"] in {hit.card_number for hit in by_name}, c["name"]
        if archived:
            hidden = search_customers(db, c["card_number"])
            assert c["card_number"] not in {hit.card_number for hit in hidden}


def test_short_chinese_and_accent_free_lithuanian_fragments_find_people(
    shop: tuple[Database, DemoResult],
) -> None:
    db, _ = shop
    live = [c for c in _customers(db) if c["archived_at"] is None]
    chinese = [c for c in live if len(c["name"]) == 3 and all(is_cjk(ch) for ch in c["name"])]
    assert chinese
    for c in chinese[:10]:
        given = c["name"][1:]  # "小明" inside "王小明"
        hits = search_customers(db, given, limit=200)
        assert c["card_number"] in {hit.card_number for hit in hits}
    lithuanian = [c for c in live if re.search("[ąčęėįšųūž]", c["name"])]
    assert lithuanian
    for c in lithuanian[:10]:
        surname = search_key(c["name"]).split()[-1]
        fragment = surname[1:6]  # "emait" of "Žemaitė", typed without accents
        assert fragment.isascii()
        hits = search_customers(db, fragment, limit=200)
        assert c["card_number"] in {hit.card_number for hit in hits}, (c["name"], fragment)


def test_month_end_on_the_demo_shop_has_nothing_left_to_expire_and_is_idempotent(
    shop: tuple[Database, DemoResult],
) -> None:
    """The demo ran every month-end already: closing last month again expires nothing; only
    members who joined since the 1st and have a birthday this month still get their bonus."""
    db, _ = shop
    month_start = Month.of(local_date(db.now())).start()
    this_month = local_date(db.now()).month
    due = sum(
        1
        for c in _customers(db)
        if c["archived_at"] is None
        and c["birthday"]
        and _day(c["birthday"]).month == this_month
        and _time(c["joined_at"]) >= month_start
    )
    first = month_end(db)
    assert (first.expired_customers, first.expired_points) == (0, 0)
    assert first.birthday_bonuses == due
    assert first.tier_upgrades == 0
    before = snapshot(db)
    second = month_end(db)
    assert not second.changed_anything
    assert snapshot(db) == before


def test_refuses_a_shop_that_already_has_customers(db: Database) -> None:
    create_customer(db, name="Ona Jonaitienė", phone="+37061234567")
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="already has customers"):
        build_demo_shop(db, customers=50, months=6, seed=1)
    assert snapshot(db) == before


def test_refuses_nonsense_sizes(db: Database) -> None:
    with pytest.raises(InvalidInput):
        build_demo_shop(db, customers=0, months=6, seed=1)
    assert counts(db)["customer"] == 0


def test_command_line_builds_a_demo_shop_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "demo.db")
    args = ["--db", path, "demo", "--customers", "300", "--months", "18", "--seed", "1"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert re.match(r"Demo shop ready: 300 customers, \d+ visits, \d+ redemptions", out)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: This shop already has customers") and err.count("\n") == 1


def test_a_new_demo_file_gets_a_shop_name_and_address_but_a_named_shop_keeps_its_own(
    tmp_path: Path,
) -> None:
    from shopkeeper.services import programme

    fresh = open_database(tmp_path / "fresh.db")
    build_demo_shop(fresh, customers=5, months=2, seed=1)
    assert programme.load(fresh).shop.name == "Demo Bakery"
    assert "Vilnius" in programme.load(fresh).shop.address
    named = open_database(tmp_path / "named.db", shop_name="Arbatinė")
    build_demo_shop(named, customers=5, months=2, seed=1)
    assert programme.load(named).shop.name == "Arbatinė"
