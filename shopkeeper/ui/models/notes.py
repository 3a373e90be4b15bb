"""Notes about a customer, newest first; pinned notes and open problems stand out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from shopkeeper.i18n import N_, _, pgettext
from shopkeeper.services.notes import NoteInfo
from shopkeeper.ui.models.base import RIGHT, Column, RowsModel
from shopkeeper.ui.wording import day_text

WHEN, KIND, TEXT, SCORE = range(4)
OPEN_PROBLEM_BG = "#fde2e1"
PINNED_BG = "#fff4c2"
# The kinds of note (``services.notes.NOTE_KINDS``, stored as these codes), in words.
KIND_WORDS = {
    "general": N_("general"),
    "preference": N_("preference"),
    "problem": N_("problem"),
    "feedback": N_("feedback"),
}
OPEN, RESOLVED, PINNED = N_("open"), N_("resolved"), N_("pinned")


def kind_text(note: NoteInfo) -> str:
    words = [_(KIND_WORDS[note.kind]) if note.kind in KIND_WORDS else note.kind]
    if note.kind == "problem":
        words.append(_(OPEN) if note.resolved_at is None else _(RESOLVED))
    if note.pinned:
        words.append(_(PINNED))
    return pgettext("list separator", ", ").join(words)


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())


class NotesModel(RowsModel):
    columns = (
        Column(N_("Date"), lambda n: day_text(n.at), lambda n: n.at),
        Column(N_("Kind"), kind_text),
        Column(N_("Note"), lambda n: _one_line(n.text)),
        Column(
            N_("Score"),
            lambda n: "" if n.score is None else _("{score}/10").format(score=n.score),
            lambda n: -1 if n.score is None else n.score,
            RIGHT,
        ),
    )

    def note(self, row: int) -> NoteInfo:
        return self.row_object(row)

    def decorate(self, obj: NoteInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            if obj.is_open_problem:
                return QBrush(QColor(OPEN_PROBLEM_BG))
            if obj.pinned:
                return QBrush(QColor(PINNED_BG))
        if role == Qt.ItemDataRole.ForegroundRole and (obj.is_open_problem or obj.pinned):
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.FontRole and obj.is_open_problem:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == TEXT:
            return obj.text
        return None
