"""Months and local days: the shop thinks in Vilnius time, the database in UTC."""

from datetime import UTC, date, datetime

import pytest

from shopkeeper.domain.calendar import Month, local_date, local_midnight, local_noon, parse_day
from shopkeeper.domain.errors import InvalidInput


def test_month_parse_and_shift() -> None:
    assert Month.parse(" 2026-11 ") == Month(2026, 11)
    assert str(Month(2026, 11).shift(2)) == "2027-01"
    assert str(Month(2026, 1).shift(-13)) == "2024-12"
    for bad in ("2026-13", "2026-00", "26-11", "November", "2026/11"):
        with pytest.raises(InvalidInput, match="not a month"):
            Month.parse(bad)


def test_month_bounds_are_local_midnights_in_utc() -> None:
    november = Month(2026, 11)
    assert november.start() == datetime(2026, 10, 31, 22, 0, tzinfo=UTC)
    assert november.end() == datetime(2026, 11, 30, 22, 0, tzinfo=UTC)
    assert Month(2026, 4).start() == datetime(2026, 3, 31, 21, 0, tzinfo=UTC)  # summer time


def test_local_days() -> None:
    assert local_date(datetime(2026, 11, 15, 22, 30, tzinfo=UTC)) == date(2026, 11, 16)
    assert local_midnight(date(2026, 11, 16)) == datetime(2026, 11, 15, 22, 0, tzinfo=UTC)
    assert local_noon(date(2026, 7, 1)) == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert parse_day("2026-11-02") == date(2026, 11, 2)
    with pytest.raises(InvalidInput, match="not a date"):
        parse_day("2.11.2026")
