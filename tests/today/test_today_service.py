"""``services.today`` on small shops built by hand, the shop's clock moved by the test (the shop
is in Vilnius: UTC+2 in winter, UTC+3 in summer)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from shopkeeper.services import customers, notes, reports, visits
from shopkeeper.services.today import today


def utc(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def add(db, name: str, **extra: object) -> str:  # noqa: ANN001
    return customers.create_customer(db, name=name, **extra).card_number


def book(db, clock, card: str, at: datetime, euros: int = 10, till: str | None = None):  # noqa: ANN001, ANN201
    clock.set(at)
    return visits.record_visit(db, card_number=card, amount_cents=euros * 100, till=till)


# -- visits and points today -----------------------------------------------------------------
def test_visits_today_are_the_shops_local_day_not_the_utc_one(db, clock) -> None:  # noqa: ANN001
    clock.set(utc(2026, 11, 1))
    ona = add(db, "Ona Žemaitė")
    jonas = add(db, "Jonas Jonaitis")
    # Local 29 November 23:30 (yesterday): UTC 21:30 on the 29th.
    book(db, clock, ona, utc(2026, 11, 29, 21, 30), 50)
    # Local 30 November 00:30 (today), which is still the 29th in UTC.
    first = book(db, clock, ona, utc(2026, 11, 29, 22, 30), 12, till="till-A")
    second = book(db, clock, jonas, utc(2026, 11, 30, 12), 30, till="till-B")
    # The last evening of the month, local 23:59 on 30 November (21:59 UTC).
    third = book(db, clock, jonas, utc(2026, 11, 30, 21, 59), 7, till="till-A")
    shown = today(db, till="till-A")
    assert shown.day == date(2026, 11, 30)
    assert shown.visits == 3
    assert shown.points == first.points_earned + second.points_earned + third.points_earned
    assert (shown.till_visits, shown.till_points) == (
        2,
        first.points_earned + third.points_earned,
    )
    assert today(db).till_visits is None  # no till named (the command line)
    # One minute later it is 1 December in Vilnius: a new day, nothing booked yet.
    clock.set(utc(2026, 11, 30, 22, 0))
    after = today(db, till="till-A")
    assert (after.day, after.visits, after.points, after.till_visits) == (
        date(2026, 12, 1),
        0,
        0,
        0,
    )


def test_a_reversed_visit_is_not_counted(db, clock) -> None:  # noqa: ANN001
    clock.set(utc(2026, 11, 16))
    ona = add(db, "Ona Žemaitė")
    kept = book(db, clock, ona, utc(2026, 11, 16, 9), 20)
    gone = book(db, clock, ona, utc(2026, 11, 16, 10), 40)
    visits.reverse_visit(db, visit_id=gone.visit_id, reason="refund")
    shown = today(db)
    assert (shown.visits, shown.points) == (1, kept.points_earned)


# -- birthdays ---------------------------------------------------------------------------------
def test_birthdays_today_and_the_next_seven_days_across_a_month_end(db, clock) -> None:  # noqa: ANN001
    clock.set(utc(2026, 11, 1))
    add(db, "Today", birthday="1980-11-30")
    add(db, "Tomorrow", birthday="1991-12-01")
    add(db, "Week", birthday="2001-12-07")
    add(db, "Too late", birthday="1970-12-08")
    add(db, "Yesterday", birthday="1975-11-29")
    add(db, "No birthday")
    archived = add(db, "Archived", birthday="1980-12-02")
    customers.archive_customer(db, archived)
    clock.set(utc(2026, 11, 30, 21, 30))  # local 23:30, the last evening of November
    shown = today(db).birthdays
    assert [(b.name, b.day, b.in_days) for b in shown.lines] == [
        ("Today", date(2026, 11, 30), 0),
        ("Tomorrow", date(2026, 12, 1), 1),
        ("Week", date(2026, 12, 7), 7),
    ]
    assert shown.total == 3
    assert all(b.card_number for b in shown.lines)
    clock.set(utc(2026, 11, 30, 22, 30))  # local 00:30 on 1 December
    assert [b.name for b in today(db).birthdays.lines] == ["Tomorrow", "Week", "Too late"]


def test_a_29_february_birthday_is_kept_on_28_february_in_a_common_year(db, clock) -> None:  # noqa: ANN001
    clock.set(utc(2026, 11, 1))
    leap = add(db, "Leap", birthday="2000-02-29")
    add(db, "Day after", birthday="1999-03-01")
    clock.set(utc(2027, 2, 27))
    assert [(b.name, b.day, b.in_days) for b in today(db).birthdays.lines] == [
        ("Leap", date(2027, 2, 28), 1),
        ("Day after", date(2027, 3, 1), 2),
    ]
    clock.set(utc(2027, 2, 28))
    first = today(db).birthdays.lines[0]
    assert (first.card_number, first.in_days) == (leap, 0)
    clock.set(utc(2027, 3, 1))  # past: next year's (a leap year) 29 February is far
    assert [b.name for b in today(db).birthdays.lines] == ["Day after"]
    clock.set(utc(2028, 2, 28))  # a leap year: the 29th itself, tomorrow
    assert [(b.name, b.day) for b in today(db).birthdays.lines] == [
        ("Leap", date(2028, 2, 29)),
        ("Day after", date(2028, 3, 1)),
    ]


# -- membership anniversaries ----------------------------------------------------------------
def test_anniversaries_of_one_and_three_years_by_the_local_day_they_joined(db, clock) -> None:  # noqa: ANN001
    clock.set(utc(2023, 11, 30, 8))
    three = add(db, "Three years")
    # Joined at local 00:30 on 30 November 2025: still the 29th in UTC.
    clock.set(utc(2025, 11, 29, 22, 30))
    one = add(db, "One year")
    clock.set(utc(2025, 12, 3, 12))
    add(db, "Soon")
    clock.set(utc(2025, 12, 20, 12))
    add(db, "Later")
    clock.set(utc(2024, 11, 30, 9))
    gone = add(db, "Archived")
    customers.archive_customer(db, gone)
    clock.set(utc(2026, 11, 30, 7))
    add(db, "Joined today")  # no anniversary on the first day
    shown = today(db).anniversaries
    assert [(a.card_number, a.name, a.years, a.in_days) for a in shown.lines] == [
        (three, "Three years", 3, 0),
        (one, "One year", 1, 0),
        (shown.lines[2].card_number, "Soon", 1, 3),
    ]
    assert shown.lines[2].day == date(2026, 12, 3)
    assert shown.total == 3
    clock.set(utc(2026, 12, 1, 7))
    assert [(a.name, a.in_days) for a in today(db).anniversaries.lines] == [("Soon", 2)]


def test_a_membership_begun_on_29_february(db, clock) -> None:  # noqa: ANN001
    clock.set(utc(2024, 2, 29, 10))
    add(db, "Leap member")
    clock.set(utc(2025, 2, 28, 10))
    [line] = today(db).anniversaries.lines
    assert (line.years, line.in_days, line.day) == (1, 0, date(2025, 2, 28))


# -- open problems -----------------------------------------------------------------------------
def test_open_problems_oldest_first_with_their_text(db, clock) -> None:  # noqa: ANN001
    clock.set(utc(2026, 10, 1))
    ona, jonas, john, gone = (add(db, n) for n in ("Ona", "Jonas", "John", "Gone"))
    clock.set(utc(2026, 10, 5))
    notes.add_note(db, card_number=jonas, text="Card not scanning", kind="problem")
    notes.add_note(db, card_number=gone, text="Archived since", kind="problem")
    clock.set(utc(2026, 10, 9))
    solved = notes.add_note(db, card_number=ona, text="Stale cake", kind="problem")
    notes.add_note(db, card_number=john, text="Wrong change given", kind="problem")
    notes.add_note(db, card_number=ona, text="Loved the rye", kind="feedback")
    clock.set(utc(2026, 10, 20))
    notes.add_note(db, card_number=jonas, text="Charged twice", kind="problem")
    notes.resolve_note(db, solved.id)
    customers.archive_customer(db, gone)
    shown = today(db).problems
    assert [(p.card_number, p.text, p.open_problems) for p in shown.lines] == [
        (jonas, "Card not scanning", 2),
        (john, "Wrong change given", 1),
    ]
    assert shown.lines[0].opened_at == utc(2026, 10, 5)
    assert shown.total == 2


# -- overdue regulars --------------------------------------------------------------------------
def test_overdue_regulars_are_who_to_call_most_valuable_first(db, clock) -> None:  # noqa: ANN001
    clock.set(utc(2026, 9, 1))
    weekly, big, steady, left = (add(db, n) for n in ("Weekly", "Big", "Steady", "Left"))
    start = utc(2026, 9, 2)
    for week in range(6):
        at = start + timedelta(weeks=week)
        book(db, clock, weekly, at, 10)
        book(db, clock, big, at + timedelta(hours=1), 40)
        book(db, clock, left, at + timedelta(hours=2), 60)
    for day in range(0, 80, 7):
        book(db, clock, steady, start + timedelta(days=day), 10)
    customers.archive_customer(db, left)
    clock.set(utc(2026, 11, 30, 12))
    shown = today(db, lines=1).overdue
    expected = reports.at_risk(db)
    assert shown.total == expected.total == 2
    assert [o.card_number for o in shown.lines] == [expected.rows[0].card_number] == [big]
    line = shown.lines[0]
    assert (line.days_since_last, line.usual_gap_days, line.visits) == (
        expected.rows[0].days_since_last,
        7.0,
        6,
    )
    assert line.spend_12m_cents == 6 * 4000
    assert [o.card_number for o in today(db).overdue.lines] == [big, weekly]


def test_anniversaries_across_the_new_year(db, clock) -> None:  # noqa: ANN001
    clock.set(utc(2025, 1, 2, 10))
    january = add(db, "January")
    clock.set(utc(2024, 12, 30, 10))
    december = add(db, "December")
    clock.set(utc(2026, 12, 28, 10))
    assert [(a.card_number, a.years, a.day) for a in today(db).anniversaries.lines] == [
        (december, 2, date(2026, 12, 30)),
        (january, 2, date(2027, 1, 2)),
    ]
