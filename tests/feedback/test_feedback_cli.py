"""``shopkeeper feedback``, ``touchpoints``, ``customer show`` and ``report nps`` for scripts."""

from __future__ import annotations

from tests.cli.test_cli import Cli


def test_feedback_json_and_the_problem_it_opens(cli: Cli, card: str) -> None:
    done = cli.json("feedback", card, "3", "--comment", "Šalta kava")
    assert set(done) >= {"id", "card_number", "score", "category", "comment", "touchpoint",
                         "staff", "problem_note_id"}
    assert (done["score"], done["category"], done["touchpoint"]) == (3, "detractor", "counter")
    assert isinstance(done["problem_note_id"], int)
    out = cli("customer", "show", card)
    assert "OPEN PROBLEM" in out and "Low score 3/10 (counter): Šalta kava" in out
    assert "Last feedback: 3/10, today (counter)" in out
    shown = cli.json("customer", "show", card)
    assert shown["open_problems"][0]["id"] == done["problem_note_id"]
    assert shown["last_feedback"]["score"] == 3
    text = cli("feedback", card, "10", "--touchpoint", "delivery")
    assert text == "Feedback 10/10 from Žemaitė Ona (delivery) recorded.\n"
    assert cli.json("customer", "show", card)["last_feedback"]["touchpoint"] == "delivery"


def test_report_nps_json_keys(cli: Cli, card: str) -> None:
    empty = cli.json("report", "nps")
    assert {k: empty[k] for k in ("promoters", "passives", "detractors", "responses", "nps")} == {
        "promoters": 0, "passives": 0, "detractors": 0, "responses": 0, "nps": None
    }
    for score in ("10", "9", "7", "2"):
        cli("feedback", card, score)
    r = cli.json("report", "nps", "--from", "2020-01-01")
    assert {k: r[k] for k in ("promoters", "passives", "detractors", "responses", "nps")} == {
        "promoters": 2, "passives": 1, "detractors": 1, "responses": 4, "nps": 25
    }
    assert {"by_month", "by_touchpoint", "by_staff"} <= set(r)
    assert r["by_touchpoint"] == [
        {"key": "counter", "promoters": 2, "passives": 1, "detractors": 1, "responses": 4,
         "nps": 25}
    ]
    assert "Net Promoter Score" in cli("report", "nps")


def test_mistakes_are_one_line_and_change_nothing(cli: Cli, card: str) -> None:
    assert cli.fails("feedback", card, "11") == "error: A score is a whole number from 0 to 10."
    assert cli.fails("feedback", card, "x") == "error: A score is a whole number from 0 to 10."
    assert cli.fails("feedback", card, "5", "--touchpoint", "fax").startswith(
        "error: Unknown touchpoint 'fax'; use one of counter, phone order, delivery."
    )
    assert cli.fails("feedback", "999999999", "5").startswith("error: No customer")
    assert cli.fails("touchpoints", "--set", " ").startswith("error: Keep at least one")


def test_touchpoints_are_kept_by_the_shop(cli: Cli, card: str) -> None:
    assert cli.json("touchpoints") == ["counter", "phone order", "delivery"]
    assert cli.json("touchpoints", "--set", "counter", "market stall") == [
        "counter", "market stall"
    ]
    assert cli.json("feedback", card, "9", "--touchpoint", "market stall")["touchpoint"] == (
        "market stall"
    )
