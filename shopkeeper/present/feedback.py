"""Feedback in words, the same on the command line and at the counter."""

from __future__ import annotations

from shopkeeper.i18n import _, ngettext
from shopkeeper.services.feedback import LastFeedback, touchpoint_label


def ago_text(days: int) -> str:
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)


def last_feedback_text(last: LastFeedback | None) -> str:
    """"Last feedback: 4/10, 3 days ago (counter)" — how the customer felt last time."""
    if last is None:
        return _("No feedback yet")
    return _("Last feedback: {score}/10, {ago} ({touchpoint})").format(
        score=last.score, ago=ago_text(last.days_ago), touchpoint=touchpoint_label(last.touchpoint)
    )

