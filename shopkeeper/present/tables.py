"""A report table's cells and notes as text for a person (screen, terminal, PDF)."""

from __future__ import annotations

from datetime import date

from shopkeeper.domain.figures import Cell, Money, Note, Share
from shopkeeper.i18n import _
from shopkeeper.present.numbers import Numbers


def cell_text(cell: Cell, numbers: Numbers) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Money):
        return numbers.money(cell.cents)
    if isinstance(cell, Share):
        return numbers.share(cell.percent)
    if isinstance(cell, bool):
        return _("yes") if cell else _("no")
    if isinstance(cell, int):
        return numbers.number(cell)
    if isinstance(cell, float):
        return numbers.number(round(cell, 2))  # 7.0 -> "7", 7.5 -> "7.5", 7.64 -> "7.64"
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def note_text(note: Note | str, numbers: Numbers) -> str:
    if isinstance(note, str):
        return note
    return "".join(cell_text(part, numbers) for part in note)
