"""The NPS report against figures worked out by hand, at the month boundary of the shop's
clock (Europe/Vilnius in the tests: 23:30 on 31 October is 21:30 UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from shopkeeper.domain.acting import STAFF, Actor
from shopkeeper.services import customers, feedback
from shopkeeper.services.nps_report import NpsRow, nps_report
from shopkeeper.services.report_export import REPORTS, Options, csv_text, run_table

OCT, NOV = date(2026, 10, 1), date(2026, 11, 16)


def answer(db, clock, card: str, when: datetime, score: int, touchpoint: str, staff: str | None):
    clock.set(when)
    db.actor = Actor(1, staff, STAFF) if staff else None
    feedback.record_feedback(db, card, score, touchpoint=touchpoint)


@pytest.fixture
def answered(db, clock) -> None:
    ona = customers.create_customer(db, name="Ona").card_number
    jonas = customers.create_customer(db, name="Jonas").card_number
    utc = lambda *a: datetime(*a, tzinfo=UTC)  # noqa: E731
    answer(db, clock, ona, utc(2026, 9, 30, 20, 30), 0, "counter", "Rūta")  # 30 Sep 23:30: out
    answer(db, clock, ona, utc(2026, 10, 10, 9, 0), 3, "delivery", "Rūta")
    answer(db, clock, jonas, utc(2026, 10, 31, 20, 0), 9, "phone order", None)
    answer(db, clock, ona, utc(2026, 10, 31, 21, 30), 10, "counter", "Rūta")  # 31 Oct 23:30
    answer(db, clock, jonas, utc(2026, 10, 31, 22, 30), 6, "counter", "Jonas")  # 1 Nov 00:30
    answer(db, clock, jonas, utc(2026, 11, 5, 12, 0), 8, "counter", "Jonas")
    answer(db, clock, ona, utc(2026, 11, 10, 12, 0), 10, "counter", "Rūta")
    clock.set(utc(2026, 11, 16, 10, 0))


def test_figures_per_month_touchpoint_and_staff(db, answered) -> None:
    r = nps_report(db, start=OCT, end=NOV)
    # whole period: 10 9 3 | 6 8 10 -> 3 promoters, 1 passive, 2 detractors: (3 - 2) / 6 = 16.7
    assert (r.promoters, r.passives, r.detractors, r.responses, r.nps) == (3, 1, 2, 6, 17)
    assert r.by_month == [
        NpsRow("2026-10", 2, 0, 1, 3, 33),  # 10, 9, 3: (2 - 1) / 3
        NpsRow("2026-11", 1, 1, 1, 3, 0),  # 6 (00:30 on 1 Nov), 8, 10
    ]
    assert r.by_touchpoint == [
        NpsRow("counter", 2, 1, 1, 4, 25),
        NpsRow("delivery", 0, 0, 1, 1, -100),
        NpsRow("phone order", 1, 0, 0, 1, 100),
    ]
    assert r.by_staff == [
        NpsRow("Rūta", 2, 0, 1, 3, 33),
        NpsRow("Jonas", 0, 1, 1, 2, -50),
        NpsRow(None, 1, 0, 0, 1, 100),
    ]
    # one month alone; the September answer only with September
    assert nps_report(db, start=date(2026, 11, 1), end=NOV).responses == 3
    sep = nps_report(db, start=date(2026, 9, 1), end=date(2026, 9, 30))
    assert (sep.detractors, sep.nps) == (1, -100)


def test_no_responses_no_nps_and_no_staff_column_without_names(db, clock) -> None:
    r = nps_report(db)
    assert (r.responses, r.nps, r.by_touchpoint, r.by_staff) == (0, None, [], [])
    assert len(r.by_month) == 12 and all(m.nps is None for m in r.by_month)
    card = customers.create_customer(db, name="Ona").card_number
    feedback.record_feedback(db, card, 9)
    r = nps_report(db)
    assert (r.responses, r.nps, r.by_staff) == (1, 100, [])


def test_the_report_table_the_screen_and_exports_show(db, answered) -> None:
    assert "nps" in REPORTS
    report, table = run_table(db, "nps", Options(start=OCT, end=NOV))
    assert report.nps == 17
    assert [str(c) for c in table.columns] == [
        "Month", "Responses", "Promoters", "Passives", "Detractors", "NPS"
    ]
    assert [row[1:] for row in table.rows] == [(3, 2, 0, 1, 33), (3, 1, 1, 1, 0)]
    assert table.chart == (5,)
    assert [str(n) for n in table.notes[:4]] == [
        "The period: NPS 17 of 6 responses (promoters 3, passives 1, detractors 2).",
        "counter: NPS 25 of 4 responses (promoters 2, passives 1, detractors 1).",
        "delivery: NPS -100 of 1 response (promoters 0, passives 0, detractors 1).",
        "phone order: NPS 100 of 1 response (promoters 1, passives 0, detractors 0).",
    ]
    assert "no staff name recorded: NPS 100 of 1 response" in str(table.notes[6])
    assert csv_text(table).splitlines()[1:] == ["2026-10,3,2,0,1,33", "2026-11,3,1,1,1,0"]


def test_the_reports_screen_draws_the_nps_trend_below_zero_too(qtbot, db, answered) -> None:
    from shopkeeper.ui.operations import Operations
    from shopkeeper.ui.reports import screen

    card = customers.create_customer(db, name="Agnė").card_number
    for _ in range(3):
        feedback.record_feedback(db, card, 1)  # November now: 6 8 10 1 1 1: (1 - 4) / 6 = -50
    operations = Operations(db)
    view = screen.ReportsView(operations, db)
    qtbot.addWidget(view)
    view.show()
    view.choose("nps")
    qtbot.waitUntil(lambda: view.table.title.startswith("Net Promoter Score"), timeout=10000)
    assert view.model.rowCount() == 12
    assert view.chart.isVisible()
    assert view.chart.labels[-1] == "November 2026"
    [(name, values)] = view.chart.series
    assert name == "NPS" and values[-2:] == [33.0, -50.0]
    assert screen.value_ticks(-50, 33) == [-60, -40, -20, 0, 20, 40]
    assert screen.value_ticks(-33, 33) == [-40, -30, -20, -10, 0, 10, 20, 30, 40]
    assert screen.value_ticks(0, 237) == screen.nice_ticks(237)
    image = view.chart.grab().toImage()  # paints bars both ways from the zero line
    assert not image.isNull()
    assert "The period: NPS" in view.notes.text()
    operations.shutdown()
