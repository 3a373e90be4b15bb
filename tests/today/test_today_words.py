"""The words of Today (``present.today``) and ``shopkeeper today [--json]``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from shopkeeper.bootstrap import open_database
from shopkeeper.cli import today as today_cli
from shopkeeper.cli.main import main
from shopkeeper.domain.anniversary import next_anniversary, years_today
from shopkeeper.present import today as words
from shopkeeper.present.numbers import Numbers
from shopkeeper.services import customers, notes, visits
from shopkeeper.services.today import AnniversaryLine, BirthdayLine

EN = Numbers("en", "EUR")


def test_anniversaries_count_whole_years_from_the_local_day() -> None:
    assert next_anniversary(date(2023, 11, 30), date(2026, 11, 30)) == (0, 3)
    assert next_anniversary(date(2025, 12, 2), date(2026, 11, 30)) == (2, 1)
    assert next_anniversary(date(2026, 11, 30), date(2026, 11, 30)) == (0, 0)
    assert years_today(date(2026, 11, 30), date(2026, 11, 30)) is None  # joined today
    assert years_today(date(2024, 2, 29), date(2025, 2, 28)) == 1
    assert years_today(date(2024, 2, 29), date(2028, 2, 28)) is None  # 2028 has the 29th
    assert years_today(date(2024, 2, 29), date(2028, 2, 29)) == 4


def test_lines_say_when_in_words() -> None:
    def birthday(in_days: int, day: date) -> str:
        return words.birthday_text(BirthdayLine("1", "A", day, in_days), "en")

    assert birthday(0, date(2026, 11, 30)) == "birthday today"
    assert birthday(1, date(2026, 12, 1)) == "birthday tomorrow"
    assert birthday(3, date(2026, 12, 3)) == "birthday on Thursday"
    assert birthday(7, date(2026, 12, 7)) == "birthday on Mon, December 7"  # not "Monday"
    assert words.anniversary_text(3) == "3 years with us today"
    assert words.anniversary_text(1) == "1 year with us today"
    assert words.anniversary_text(1, 1, date(2026, 12, 1)) == "1 year with us tomorrow"
    assert words.line_text(
        words.ANNIVERSARIES, AnniversaryLine("1", "A", date(2026, 12, 4), 4, 2), EN
    ) == "2 years with us on Friday"


def test_the_days_are_the_readers_language() -> None:
    line = BirthdayLine("1", "A", date(2026, 12, 3), 3)
    assert words.birthday_text(line, "lt_LT").endswith("ketvirtadienis")
    assert words.birthday_text(line, "zh_Hant_TW").endswith("星期四")
    assert words.full_day(date(2026, 11, 30), "lt_LT") == "2026 m. lapkričio 30 d., pirmadienis"


def test_the_profile_line_on_the_day_only() -> None:
    joined = datetime(2023, 11, 29, 22, 30, tzinfo=UTC)  # 30 November in Vilnius
    assert words.member_since_text(joined, date(2026, 11, 30)) == (
        "2023-11-30 · 3 years with us today"
    )
    assert words.member_since_text(joined, date(2026, 12, 1)) == "2023-11-30"
    assert words.member_since_text(joined, date(2023, 11, 30)) == "2023-11-30"


def test_the_command_prints_the_page_and_its_json(db_path, db, clock, capsys, monkeypatch) -> None:  # noqa: ANN001, E501
    clock.set(datetime(2023, 11, 16, 9, tzinfo=UTC))
    vaida = customers.create_customer(db, name="Vaida Senoji").card_number
    clock.set(datetime(2026, 11, 16, 10, tzinfo=UTC))
    ona = customers.create_customer(db, name="Ona", birthday="1980-11-18").card_number
    notes.add_note(db, card_number=ona, text="Stale cake", kind="problem")
    booked = visits.record_visit(db, card_number=ona, amount_cents=1250)
    # The command opens the shop as the program does, on the test's clock.
    monkeypatch.setattr(
        today_cli, "open_database", lambda target: open_database(target, clock=clock)
    )
    assert main(["--db", str(db_path), "today", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["day"] == "2026-11-16"
    assert (data["visits"], data["points"]) == (1, booked.points_earned)
    assert data["till_visits"] is None  # a terminal is no till
    assert data["birthdays"] == {
        "total": 1,
        "lines": [{"card_number": ona, "name": "Ona", "day": "2026-11-18", "in_days": 2}],
    }
    [problem] = data["problems"]["lines"]
    assert (problem["card_number"], problem["text"], problem["open_problems"]) == (
        ona,
        "Stale cake",
        1,
    )
    assert data["overdue"] == {"total": 0, "lines": []}
    [anniversary] = data["anniversaries"]["lines"]
    assert (anniversary["card_number"], anniversary["years"], anniversary["in_days"]) == (
        vaida,
        3,
        0,
    )
    assert main(["--db", str(db_path), "today"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "Today at Test Bakery",
        "Monday, 16 November 2026",
        f"So far today: 1 visit, {booked.points_earned} points",
    ]
    assert f"  Ona ({ona}) · birthday on Wednesday" in out
    assert f"  Vaida Senoji ({vaida}) · 3 years with us today" in out
    assert "Open problems (1)" in out
