"""Widgets that hand their key presses to Python handlers, from ``keyPressEvent``.

An event filter is a call into Python for every event its widget gets: the shortcut check,
press, release, input-method queries, paints; five a key. The counter's search field had three
(the lookup, Today's list, the window's shortcuts), and a scanner's ten digits cost 1.7 ms of
them before the profile was even read. A keyed widget calls Python once a key press, and only
for key presses: ``key_handlers`` are asked in order, and the first that returns True has
handled the key (the widget itself never sees it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget

KeyHandler = Callable[[QKeyEvent], bool]  # True: handled; the widget never sees the key


class _Keyed:
    """The handlers, asked from ``keyPressEvent`` (first in the bases, before the Qt class)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # type: ignore[call-arg]
        self.key_handlers: list[KeyHandler] = []

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        for handler in self.key_handlers:
            if handler(event):
                event.accept()
                return
        super().keyPressEvent(event)  # type: ignore[misc]


class KeyedLineEdit(_Keyed, QLineEdit):
    pass


class KeyedTableView(_Keyed, QTableView):
    pass


def key_handlers(widget: QWidget) -> list[KeyHandler] | None:
    """The widget's handlers, or None when it is not a keyed widget (then filter its events)."""
    return widget.key_handlers if isinstance(widget, _Keyed) else None
