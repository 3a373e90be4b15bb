"""The words of "Today at a glance" (``services.today``), the same in the window and the
terminal: "3 years with us today", "birthday on Thursday", "So far today: 12 visits, 340 points".

Dates follow the reader's language (Babel): the weekday in full, a date with its weekday for a
day a week ahead (the same weekday as today would be ambiguous)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_skeleton

from shopkeeper.domain.anniversary import years_today
from shopkeeper.domain.calendar import local_date
from shopkeeper.i18n import _, ngettext
from shopkeeper.present.dates import short_date
from shopkeeper.present.numbers import Numbers, current_locale
from shopkeeper.services.today import (
    AnniversaryLine,
    BirthdayLine,
    OverdueLine,
    ProblemLine,
    Today,
)

DOT = " · "
BIRTHDAYS, PROBLEMS, OVERDUE, ANNIVERSARIES = "birthdays", "problems", "overdue", "anniversaries"
SECTIONS = (BIRTHDAYS, PROBLEMS, OVERDUE, ANNIVERSARIES)


def full_day(day: date, locale: str | None = None) -> str:
    """The page's date: "Monday, November 30, 2026", "2026 m. lapkričio 30 d., pirmadienis"."""
    return format_date(day, "full", locale=locale or current_locale())


def _on(day: date, in_days: int, locale: str | None) -> str:
    """The day a line is about, within the coming week: "Thursday", or "Mon, December 7"
    for the same weekday a week ahead."""
    locale = locale or current_locale()
    if in_days >= 7:
        return format_skeleton("MMMMEd", day, locale=locale)
    return format_date(day, "EEEE", locale=locale)


def visits_text(n: int, numbers: Numbers) -> str:
    return ngettext("{n} visit", "{n} visits", n).format(n=numbers.number(n))


def points_text(n: int, numbers: Numbers) -> str:
    return ngettext("{n} point", "{n} points", n).format(n=numbers.number(n))


def booked_line(t: Today, numbers: Numbers) -> str:
    """"So far today: 12 visits, 340 points"."""
    return _("So far today: {visits}, {points}").format(
        visits=visits_text(t.visits, numbers), points=points_text(t.points, numbers)
    )


def till_line(t: Today, numbers: Numbers) -> str | None:
    """"At this till: 5 visits, 120 points" (None when no till is named)."""
    if t.till_visits is None or t.till_points is None:
        return None
    return _("At this till: {visits}, {points}").format(
        visits=visits_text(t.till_visits, numbers), points=points_text(t.till_points, numbers)
    )


def section_title(section: str, total: int, numbers: Numbers) -> str:
    n = numbers.number(total)
    if section == BIRTHDAYS:
        return _("Birthdays this week ({n})").format(n=n)
    if section == PROBLEMS:
        return _("Open problems ({n})").format(n=n)
    if section == OVERDUE:
        return _("Regulars overdue by their own rhythm ({n})").format(n=n)
    if section == ANNIVERSARIES:
        return _("Membership anniversaries this week ({n})").format(n=n)
    raise ValueError(section)


def more_text(hidden: int, numbers: Numbers) -> str:
    """The last line of a section that lists only the first of its customers."""
    return ngettext("… and {n} more", "… and {n} more", hidden).format(n=numbers.number(hidden))


def birthday_text(line: BirthdayLine, locale: str | None = None) -> str:
    if line.in_days == 0:
        return _("birthday today")
    if line.in_days == 1:
        return _("birthday tomorrow")
    return _("birthday on {day}").format(day=_on(line.day, line.in_days, locale))


def anniversary_text(years: int, in_days: int = 0, day: date | None = None,
                     locale: str | None = None) -> str:
    """"3 years with us today", "1 year with us tomorrow", "2 years with us on Friday"."""
    if in_days == 0 or day is None:
        return ngettext("{n} year with us today", "{n} years with us today", years).format(
            n=years
        )
    if in_days == 1:
        return ngettext(
            "{n} year with us tomorrow", "{n} years with us tomorrow", years
        ).format(n=years)
    return ngettext("{n} year with us on {day}", "{n} years with us on {day}", years).format(
        n=years, day=_on(day, in_days, locale)
    )


def problem_text(line: ProblemLine, locale: str | None = None) -> str:
    day = short_date(local_date(line.opened_at), locale)
    more = line.open_problems - 1
    if not more:
        return _("open since {day}: {text}").format(day=day, text=line.text)
    return ngettext(
        "open since {day}: {text} (and {n} more)",
        "open since {day}: {text} (and {n} more)",
        more,
    ).format(day=day, text=line.text, n=more)


def overdue_text(line: OverdueLine, numbers: Numbers) -> str:
    gap = numbers.number(line.usual_gap_days, decimals=0 if line.usual_gap_days >= 3 else 1)
    return _("usually every {gap} days; {days} days since the last visit").format(
        gap=gap, days=numbers.number(line.days_since_last)
    )


def line_text(section: str, line: object, numbers: Numbers) -> str:
    """What a line says about its customer (the name and card are beside it)."""
    if section == BIRTHDAYS:
        return birthday_text(line, numbers.locale)  # type: ignore[arg-type]
    if section == PROBLEMS:
        return problem_text(line, numbers.locale)  # type: ignore[arg-type]
    if section == OVERDUE:
        return overdue_text(line, numbers)  # type: ignore[arg-type]
    if section == ANNIVERSARIES:
        a: AnniversaryLine = line  # type: ignore[assignment]
        return anniversary_text(a.years, a.in_days, a.day, numbers.locale)
    raise ValueError(section)


def member_since_text(joined_at: datetime, today: date) -> str:
    """The profile's "Member since": the day, and on an anniversary "3 years with us today"."""
    joined = local_date(joined_at)
    years = years_today(joined, today)
    shown = joined.isoformat()  # as ``ui.wording.day_text``
    return shown if years is None else shown + DOT + anniversary_text(years)


def plain_lines(t: Today, numbers: Numbers, shop: str | None = None) -> list[str]:
    """The whole page as lines of text (``shopkeeper today``)."""
    title = _("Today at {shop}").format(shop=shop) if shop else _("Today")
    out = [title, full_day(t.day, numbers.locale)]
    out.append(booked_line(t, numbers))
    here = till_line(t, numbers)
    if here:
        out.append(here)
    for name in SECTIONS:
        section = getattr(t, name)
        out.append("")
        out.append(section_title(name, section.total, numbers))
        for line in section.lines:
            out.append(
                f"  {line.name} ({line.card_number}){DOT}{line_text(name, line, numbers)}"
            )
        if section.total > len(section.lines):
            out.append("  " + more_text(section.total - len(section.lines), numbers))
    return out
