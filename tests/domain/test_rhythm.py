"""Visit rhythm, ladder stage and birthdays, from plain dates."""

from datetime import UTC, date, datetime, timedelta

from shopkeeper.domain.rhythm import Stage, days_until_birthday, ladder_stage, visit_rhythm

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def weekly(n: int) -> list[datetime]:
    return [T0 + timedelta(days=7 * i) for i in range(n)]


def test_weekly_regular_has_a_seven_day_rhythm() -> None:
    visits = weekly(5)
    today = (visits[-1] + timedelta(days=3)).date()
    rhythm = visit_rhythm(list(reversed(visits)), today)
    assert (rhythm.usual_gap_days, rhythm.days_since_last, rhythm.overdue) == (7.0, 3, False)


def test_overdue_after_twice_the_usual_gap() -> None:
    visits = weekly(4)
    assert not visit_rhythm(visits, (visits[-1] + timedelta(days=14)).date()).overdue
    assert visit_rhythm(visits, (visits[-1] + timedelta(days=15)).date()).overdue


def test_no_rhythm_without_two_visits() -> None:
    assert visit_rhythm([], date(2026, 1, 1)).usual_gap_days is None
    one = visit_rhythm([T0], T0.date() + timedelta(days=4))
    assert (one.usual_gap_days, one.days_since_last, one.overdue) == (None, 4, False)


def test_days_since_counts_local_calendar_days() -> None:
    # 00:30 in Vilnius on 16 November is still 15 November in UTC: the visit was today.
    late = datetime(2026, 11, 15, 22, 30, tzinfo=UTC)
    assert visit_rhythm([late], date(2026, 11, 16)).days_since_last == 0


def test_the_median_ignores_one_long_holiday() -> None:
    times = weekly(4) + [T0 + timedelta(days=21 + 60)]
    assert visit_rhythm(times, date(2026, 4, 1)).usual_gap_days == 7.0


def test_ladder_stages() -> None:
    first, last = T0, T0 + timedelta(days=200)
    assert ladder_stage(visit_count=2, first_visit=first, last_visit=last, referrals=0) == Stage.NEW
    assert (
        ladder_stage(visit_count=3, first_visit=first, last_visit=last, referrals=0)
        == Stage.REGULAR
    )
    assert (
        ladder_stage(visit_count=10, first_visit=first, last_visit=last, referrals=0) == Stage.LOYAL
    )
    # ten visits in a month is keen, not yet loyal
    assert (
        ladder_stage(
            visit_count=10, first_visit=first, last_visit=first + timedelta(days=30), referrals=0
        )
        == Stage.REGULAR
    )
    assert (
        ladder_stage(visit_count=0, first_visit=None, last_visit=None, referrals=1)
        == Stage.ADVOCATE
    )


def test_birthday_countdown() -> None:
    assert days_until_birthday(date(1990, 11, 16), date(2026, 11, 16)) == 0
    assert days_until_birthday(date(1990, 11, 20), date(2026, 11, 16)) == 4
    assert days_until_birthday(date(1990, 11, 15), date(2026, 11, 16)) == 364
    assert days_until_birthday(date(1990, 1, 2), date(2026, 12, 30)) == 3


def test_leap_day_birthday_is_28_february_in_common_years() -> None:
    leap = date(2000, 2, 29)
    assert days_until_birthday(leap, date(2027, 2, 28)) == 0
    assert days_until_birthday(leap, date(2027, 2, 20)) == 8
    assert days_until_birthday(leap, date(2027, 3, 1)) == 365  # next one: 29 Feb 2028
    assert days_until_birthday(leap, date(2028, 2, 29)) == 0
    assert days_until_birthday(leap, date(2028, 2, 28)) == 1
