"""A report's words and cells for a person, in the language spoken now: the phrases the
services hand over raw (``domain.reports.Phrase``) are translated here, at display, and their
values formatted for the shop's locale; months name themselves the way the locale does."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from shopkeeper.domain.figures import is_figure, magnitude
from shopkeeper.domain.reports import Period, Phrase, template_of
from shopkeeper.i18n import pgettext
from shopkeeper.present.dates import month_of, short_date
from shopkeeper.present.numbers import Numbers
from shopkeeper.present.tables import cell_text


def say(cell: Any, numbers: Numbers) -> str:
    """Any report cell, title, column or note as text: phrases translated, figures and
    months in the locale of ``numbers``."""
    if isinstance(cell, Phrase):
        template = template_of(cell)
        return template.format(**{k: say(v, numbers) for k, v in cell.values.items()})
    if isinstance(cell, Period):
        if cell.by == "month":
            return month_of(cell.first_day.year, cell.first_day.month, numbers.locale)
        return short_date(cell.first_day, numbers.locale)
    if isinstance(cell, tuple | list):
        return pgettext("list separator", ", ").join(say(v, numbers) for v in cell)
    if isinstance(cell, datetime | date):
        return short_date(cell, numbers.locale)
    if isinstance(cell, str):
        return cell
    return cell_text(cell, numbers)


def sort_key(cell: Any) -> tuple[int, Any]:
    """How a column sorts: figures by value (1,250 after 999), dates by day, blanks first,
    words by their text."""
    if cell is None or cell == "":
        return (0, 0)
    if is_figure(cell):
        return (1, magnitude(cell))
    if isinstance(cell, Period):
        return (2, cell.first_day.toordinal())
    if isinstance(cell, datetime | date):
        return (2, cell.toordinal())
    return (3, str(cell).casefold())
