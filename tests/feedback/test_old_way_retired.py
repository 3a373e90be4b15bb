"""Feedback exists once: ``note --score`` records feedback (NPS counts it, a low one opens a
problem), the satisfaction report is gone from the screen and the command line."""

from __future__ import annotations

from shopkeeper.services import customers, feedback
from shopkeeper.services.report_export import REPORTS
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.reports import screen
from tests.cli.test_cli import Cli


def _nps(cli: Cli) -> dict:
    r = cli.json("report", "nps", "--from", "2020-01-01")
    return {k: r[k] for k in ("promoters", "passives", "detractors", "responses", "nps")}


def test_a_scored_note_is_feedback_that_nps_counts(cli: Cli, card: str) -> None:
    before = _nps(cli)
    assert before["responses"] == 0
    done = cli.json("note", card, "Puiki kava", "--score", "9")
    assert done["recorded_as"] == "feedback"
    assert (done["score"], done["category"], done["touchpoint"]) == (9, "promoter", "counter")
    assert (done["comment"], done["problem_note_id"]) == ("Puiki kava", None)
    assert _nps(cli) == {"promoters": 1, "passives": 0, "detractors": 0, "responses": 1,
                         "nps": 100}
    shown = cli.json("customer", "show", card)
    assert shown["last_feedback"]["comment"] == "Puiki kava"
    assert [n for n in shown.get("notes", []) if n.get("score") is not None] == []
    # The same scored note twice: two answers, as `shopkeeper feedback` twice would be.
    out = cli("note", card, "Puiki kava", "--score", "9")
    assert out == (
        "Recorded as feedback: 9/10 from Žemaitė Ona (counter); the NPS report counts it.\n"
    )
    assert _nps(cli)["responses"] == 2


def test_a_low_scored_note_opens_a_problem_shown_by_customer_show(cli: Cli, card: str) -> None:
    out = cli("note", card, "Šalta kava", "--score", "3", "--kind", "feedback")
    lines = out.splitlines()
    assert lines[0] == (
        "Recorded as feedback: 3/10 from Žemaitė Ona (counter); the NPS report counts it."
    )
    assert lines[1].startswith("A problem was opened to follow up (note ")
    shown = cli("customer", "show", card)
    assert "OPEN PROBLEM" in shown and "Low score 3/10 (counter): Šalta kava" in shown
    assert "Last feedback: 3/10, today (counter)" in shown
    assert _nps(cli) == {"promoters": 0, "passives": 0, "detractors": 1, "responses": 1,
                         "nps": -100}


def test_note_without_a_score_is_still_a_note(cli: Cli, card: str) -> None:
    saved = cli.json("note", card, "Mėgsta ruginę", "--kind", "preference")
    assert (saved["kind"], saved["score"]) == ("preference", None)
    assert _nps(cli)["responses"] == 0


def test_scored_note_mistakes_are_one_line_and_change_nothing(cli: Cli, card: str) -> None:
    assert cli.fails("note", card, "ok", "--score", "x") == (
        "error: A score is a whole number from 0 to 10."
    )
    assert cli.fails("note", card, "ok", "--score", "4", "--pin") == (
        "error: With --score the note is recorded as feedback; it cannot also be pinned, a "
        "problem or a preference."
    )
    assert cli.fails("note", card, "ok", "--score", "4", "--problem").startswith("error: With")
    assert cli.fails("note", card, "x" * 1001, "--score", "4").startswith(
        "error: The comment is too long"
    )


def test_report_satisfaction_points_to_nps(cli: Cli, card: str) -> None:
    assert cli.fails("report", "satisfaction") == (
        "error: The satisfaction report is retired: scores are feedback now; use "
        "`shopkeeper report nps`."
    )
    assert cli.fails("report", "satisfaction", "--json").startswith("error: The satisfaction")
    summary = cli.json("report", "summary")
    assert (summary["nps"], summary["nps_responses"]) == (None, 0)
    assert "average_score" not in summary
    cli("feedback", card, "10")
    cli("note", card, "Gerai", "--score", "7")
    summary = cli.json("report", "summary")
    assert (summary["nps"], summary["nps_responses"]) == (50, 2)  # (1 - 0) / 2
    assert "NPS (feedback in the period)" in cli("report", "summary")


def test_the_reports_screen_offers_nps_not_satisfaction(qtbot, db) -> None:  # noqa: ANN001
    assert "satisfaction" not in REPORTS
    card = customers.create_customer(db, name="Ona").card_number
    for score in (10, 10, 3):
        feedback.record_feedback(db, card, score)
    operations = Operations(db)
    view = screen.ReportsView(operations, db)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.table.title.startswith("Summary"), timeout=5000)
    offered = [view.choice.itemData(i) for i in range(view.choice.count())]
    titles = [view.choice.itemText(i) for i in range(view.choice.count())]
    assert "satisfaction" not in offered and "Satisfaction" not in titles
    assert "nps" in offered and "Net Promoter Score" in titles
    shown = {
        view.model.index(row, 0).data(): view.model.index(row, 1).data()
        for row in range(view.model.rowCount())
    }
    assert "Average satisfaction (0-10)" not in shown
    # (2 promoters - 1 detractor) / 3 responses = 33.3 -> 33
    assert (shown["NPS (feedback in the period)"], shown["Feedback responses"]) == ("33", "3")
    operations.shutdown()
