"""A note's kind in words (stored as a code; ``services.notes.NOTE_KINDS``)."""

from __future__ import annotations

from shopkeeper.i18n import N_, _

NOTE_KIND_LABELS: dict[str, str] = {
    "general": N_("general"),
    "preference": N_("preference"),
    "problem": N_("problem"),
    "feedback": N_("feedback"),
}


def note_kind_label(kind: str) -> str:
    """The words for a kind of note; an unknown one (a newer version's) shows as itself."""
    label = NOTE_KIND_LABELS.get(kind)
    return _(label) if label else str(kind)
