"""Months and local days. Stored times are UTC; the shop thinks in its own local calendar."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from shopkeeper.i18n import _

from .errors import InvalidInput

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# Years the shop's calendar can hold: local-time arithmetic near year 1 or 9999 overflows, and
# no loyalty card is that old or that far ahead.
FIRST_YEAR, LAST_YEAR = 1000, 9998
EARLIEST_VISIT = date(2000, 1, 1)  # a visit before this is a typo


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH.match(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise InvalidInput(
                _("{text} is not a month; use YYYY-MM, e.g. 2026-11.").format(
                    text=repr(text.strip()[:20])
                )
            )
        if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            raise InvalidInput(
                _("{text}: the year must be between {first} and {last}.").format(
                    text=text.strip(), first=FIRST_YEAR, last=LAST_YEAR
                )
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def start(self) -> datetime:
        """The first instant of the month in the shop's local time, as aware UTC."""
        return local_midnight(self.first_day)

    def end(self) -> datetime:
        """The first instant of the next month (exclusive end), as aware UTC."""
        return self.shift(1).start()


def local_midnight(day: date) -> datetime:
    """Midnight at the start of ``day`` in the machine's local time zone, as aware UTC."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def local_date(instant: datetime) -> date:
    """The shop's local calendar day of a stored (UTC) instant."""
    return instant.astimezone().date()


def local_noon(day: date) -> datetime:
    """A booking dated by day only ("--at 2026-11-02") is placed at local noon."""
    return datetime.combine(day, time(12)).astimezone().astimezone(UTC)


def parse_day(text: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            _("{text} is not a date; use YYYY-MM-DD.").format(text=repr(text.strip()[:40]))
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(
            _("{text}: the year must be between {first} and {last}.").format(
                text=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return day


def check_visit_day(day: date, today: date) -> None:
    """A visit is booked for a day between 2000-01-01 and today (the shop's clock)."""
    if day > today:
        raise InvalidInput(
            _("{day} is in the future; a visit cannot be booked ahead.").format(
                day=day.isoformat()
            )
        )
    if day < EARLIEST_VISIT:
        raise InvalidInput(
            _("{day} is before {earliest}; check the date.").format(
                day=day.isoformat(), earliest=EARLIEST_VISIT.isoformat()
            )
        )
