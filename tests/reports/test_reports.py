"""Each report's figures on the hand-built shop of ``conftest.py``, computed by hand.

Default rules: 1 point per euro, welcome bonus 50; the clock ends at 2026-11-16 12:00 in
Vilnius. Expiry is set to one month and October closed: points earned before 1 October expire.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from shopkeeper.domain import reports as rules
from shopkeeper.domain.reports import english
from shopkeeper.services import report_export, reports
from shopkeeper.services import reports as r
from shopkeeper.services.nps_report import nps_report


def test_who_to_call_is_judged_against_each_customers_own_rhythm(db, shop) -> None:  # noqa: ANN001
    found = reports.at_risk(db)
    # Agnė (every 7 days, 25 days away) and Ona (every 7 days, 21 days away) are overdue;
    # 王小明 (every ~31 days, 21 days away) is not; Jonas had 3 visits but his usual gap is
    # 56.5 days; 陳美玲 and John have one visit each.
    assert [row.card_number for row in found.rows] == [shop.big, shop.weekly]
    assert found.total == 2
    big, weekly = found.rows
    assert (big.name, big.spend_12m_cents, big.days_since_last, big.usual_gap_days) == (
        "Agnė Šimkutė",
        12000,
        25,
        7.0,
    )
    assert weekly.name == "Ona Žemaitė"
    assert weekly.phone == "+370 612 34567"
    assert weekly.last_visit == date(2026, 10, 26)
    assert weekly.days_since_last == 21
    assert weekly.pinned_notes == ["Prefers rye; call after 17:00"]
    assert weekly.spend_12m_cents == 4000


def test_the_rhythm_rule() -> None:
    assert rules.is_overdue(4, 7.0, 21)
    assert not rules.is_overdue(4, 31.0, 21)
    assert not rules.is_overdue(2, 1.0, 45)  # two visits never
    assert not rules.is_overdue(3, 0.2, 2)  # a gap under a day counts as one day
    assert rules.median_gap_days([0.0, 1.0, 113.0]) == 56.5


def test_lapsed_and_open_problems(db, shop) -> None:  # noqa: ANN001
    lapsed = reports.lapsed(db, days=90)
    assert [row.card_number for row in lapsed.rows] == [shop.once]  # last visit 5 August
    assert lapsed.rows[0].days_since_last == 103
    lapsed_30 = reports.lapsed(db, days=30)
    assert [row.card_number for row in lapsed_30.rows] == [shop.once, shop.john]
    problems = reports.problems(db)
    # 王小明's problem is 15 days old; John's is 2 days old; Jonas's was resolved.
    assert [row.card_number for row in problems.rows] == [shop.monthly]
    assert problems.rows[0].reason.startswith("open since 2026-11-01: Cake was stale")


def test_points_issued_redeemed_and_expired_per_month(db, shop) -> None:  # noqa: ANN001
    report = reports.points(db)
    rows = {row.month: row for row in report.rows}
    assert [row.month for row in report.rows][0] == "2025-12"
    assert rows["2026-06"].issued == 0
    # July: 4 welcome bonuses (200) + three 10-euro visits (30)
    assert rows["2026-07"].issued == 230
    assert rows["2026-08"].issued == 20
    assert rows["2026-09"].issued == 110  # 2 welcome bonuses + one visit
    assert rows["2026-10"].issued == 180  # Ona 4×10, 王小明 10, John 10, Agnė 4×30
    nov = rows["2026-11"]
    assert (nov.issued, nov.redeemed) == (10, 100)
    # The expiry of closing October is dated 1 November 00:00 in Vilnius (31 October in UTC):
    # 50 (Ona) + 80 (王小明) + 70 (Jonas) + 60 (陳美玲) + 50 (John) + 50 (Agnė)
    assert nov.expired == 360
    assert rows["2026-10"].expired == 0
    assert (report.issued, report.redeemed, report.expired) == (550, 100, 360)
    assert report.redemption_rate == 18.2  # 100 / 550


def test_liability_prices_outstanding_points_at_the_cheapest_reward(db, shop) -> None:  # noqa: ANN001
    report = reports.liability(db)
    # balances: Ona 40, 王小明 10, Jonas 10, 陳美玲 0, John 10, Agnė 20
    assert (report.outstanding_points, report.customers_with_points) == (90, 5)
    assert report.valued_by == "Free coffee"
    assert report.liability_cents == 225  # 90 × 250 / 100
    assert report.formula.startswith("90 points × 250 cents / 100 points")
    by_reward = {row.reward: row.liability_cents for row in report.rows}
    assert by_reward == {"Free coffee": 225, "Cake of your choice": 216, "10 EUR off": 225}
    with db.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT sum(points_balance) FROM customer WHERE points_balance > 0")
        ).scalar_one()
    assert stored == 90


def test_retention_cohorts(db, shop) -> None:  # noqa: ANN001
    rows = {row.month: row for row in reports.retention(db).rows}
    july = rows["2026-07"]
    # 4 joined in July; visited from 1 August on: Ona, 王小明, Jonas (Nov), 陳美玲 (5 Aug);
    # from 1 October on: Ona, 王小明, Jonas. January 2027 has not begun: no 6-month figure.
    assert (july.members, july.after_1, july.after_3, july.after_6) == (4, 100.0, 75.0, None)
    september = rows["2026-09"]
    assert (september.members, september.after_1, september.after_3) == (2, 100.0, None)
    assert rows["2026-08"].members == 0 and rows["2026-08"].after_1 is None


def test_satisfaction_is_retired_for_nps(db, shop) -> None:  # noqa: ANN001
    assert not hasattr(reports, "satisfaction")
    assert "satisfaction" not in report_export.REPORTS and "nps" in report_export.REPORTS
    # The summary tells the period's NPS from the feedback service's answers: 8 and 7 in
    # October (passives), 10 in November (a promoter): 100 * (1 - 0) / 3 = 33.3 -> 33 of 3.
    s = reports.summary(db)
    assert (s.nps, s.nps_responses) == (33, 3)
    assert (s.nps, s.nps_responses) == (nps_report(db).nps, nps_report(db).responses)
    october = reports.summary(db, start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert (october.nps, october.nps_responses) == (0, 2)
    july = reports.summary(db, start=date(2026, 7, 1), end=date(2026, 7, 31))
    assert (july.nps, july.nps_responses) == (None, 0)  # no responses: no NPS, not 0
    table = report_export.as_table("summary", s)
    figures = {english(row[0]): row[1] for row in table.rows}
    assert figures["NPS (feedback in the period)"] == 33
    assert figures["Feedback responses"] == 3
    assert "Average satisfaction (0-10)" not in figures


def test_activity_members_tiers_ladder_and_summary(db, shop) -> None:  # noqa: ANN001
    months = {row.period: row for row in reports.activity(db).rows}
    assert (months["2026-10"].visits, months["2026-10"].customers) == (10, 4)
    assert months["2026-10"].spend_cents == 18000
    weeks = {row.period: row for row in reports.activity(db, by="week").rows}
    # The week from Monday 19 October: Ona on the 19th (10 €), Agnė on the 22nd (30 €).
    assert (weeks["2026-10-19"].visits, weeks["2026-10-19"].spend_cents) == (2, 4000)
    assert reports.members(db).active == 5  # all but 陳美玲 since 18 August
    tiers = {row.tier: row.customers for row in reports.tiers(db).rows}
    assert tiers == {"Gold": 0, "Silver": 0, "Bronze": 6}
    ladder = reports.ladder(db)
    # Regular (3+ visits): Ona, 王小明, Agnė, and Jonas since his third visit on 10 November.
    assert {row.stage: row.customers for row in ladder.rows} == {
        "new": 2,
        "regular": 4,
        "loyal": 0,
        "advocate": 0,
    }
    assert [(m.card_number, m.stage_before, m.stage_now) for m in ladder.moved_up] == [
        (shop.twice, "new", "regular")
    ]
    s = reports.summary(db)
    assert (s.members, s.active, s.new_members, s.visits, s.spend_cents) == (6, 5, 6, 17, 25000)
    assert (s.points_issued, s.points_redeemed, s.points_expired) == (550, 100, 360)
    assert (s.outstanding_points, s.liability_cents, s.open_problems) == (90, 225, 2)
    assert (s.nps, s.nps_responses) == (33, 3)


def test_reports_write_nothing(db, shop) -> None:  # noqa: ANN001
    from tests.services.support import snapshot

    before = snapshot(db)
    for fn in (r.summary, r.at_risk, r.liability, r.tiers, r.retention, r.ladder, r.points):
        fn(db)
    assert snapshot(db) == before
