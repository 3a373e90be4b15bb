"""Typed figures for tables and notes: a report cell says *what* it is (an amount of money, a
share) and stays a raw value; the faces format it for a locale (``shopkeeper.present``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shopkeeper.domain.money import format_cents


@dataclass(frozen=True, order=True)
class Money:
    cents: int

    def __str__(self) -> str:  # plain and locale-free: CSV and scripts
        return format_cents(self.cents)


@dataclass(frozen=True, order=True)
class Share:
    """A share in percent (43.6 means 43.6 %)."""

    percent: float

    def __str__(self) -> str:
        return f"{self.percent:.1f}"


Cell = str | int | float | Money | Share | date | None
Note = tuple[Cell, ...]  # text and figures, joined when shown: ("Total: ", Money(250), ".")


def is_figure(cell: object) -> bool:
    """Figures line up on the right and take the locale's format."""
    return isinstance(cell, int | float | Money | Share) and not isinstance(cell, bool)


def plain(cell: Cell) -> str:
    """The locale-free text of a cell (CSV, JSON-ish output)."""
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def plain_note(note: Note | str) -> str:
    return note if isinstance(note, str) else "".join(plain(part) for part in note)


def magnitude(cell: object) -> float:
    """A cell as a number for a chart (0 for text)."""
    if isinstance(cell, Money):
        return cell.cents / 100
    if isinstance(cell, Share):
        return cell.percent
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    return 0.0
