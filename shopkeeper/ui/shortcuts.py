"""The window's shortcuts win over a text field's own.

A line edit claims some key combinations for itself before any shortcut sees them (on Linux
Ctrl+U deletes to the start of the line), so Ctrl+U "use a voucher" did nothing while the
counter's search field had focus, which is always. This filter lets every shortcut of the
window's own actions through while focus is in one of its text fields.

Qt asks only the focused widget whether it wants a key combination for itself
(``ShortcutOverride``), so the filter watches that one widget and moves with the focus. A filter
on the whole application ran Python for every event of every widget, paints included: a
cost on every keystroke and every scan at the counter. The window's shortcuts are gathered
once and again only when its actions change (Qt tells the window of every action added,
removed, enabled or given another shortcut), not on every key.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QKeyCombination, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

_ACTIONS_CHANGED = (
    QEvent.Type.ActionAdded,
    QEvent.Type.ActionChanged,
    QEvent.Type.ActionRemoved,
)


class WindowShortcuts(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._watched: QWidget | None = None
        self._taken: dict[int, bool] | None = None  # key combination -> a shortcut of ours
        self._shortcuts: set[str] = set()
        window.installEventFilter(self)  # its actions changing: gather the shortcuts again
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)  # dropped by Qt when this goes
            self._focus_changed(None, app.focusWidget())

    @property
    def watched(self) -> QWidget | None:
        """The widget whose key combinations are checked now (the window's focused one)."""
        return self._watched

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        watched, self._watched = self._watched, None
        if watched is not None and watched is not self._window and shiboken6.isValid(watched):
            watched.removeEventFilter(self)  # (the window's own filter stays)
        if new is None or not shiboken6.isValid(new) or not shiboken6.isValid(self._window):
            return
        if new.window() is self._window:
            new.installEventFilter(self)
            self._watched = new

    def _keys(self) -> set[str]:
        return {
            shortcut.toString()
            for action in self._window.actions()
            if action.isEnabled()
            for shortcut in action.shortcuts()
            if not shortcut.isEmpty()
        }

    def _shortcut(self, combination: QKeyCombination) -> bool:
        """Whether this key combination is one of the window's enabled shortcuts."""
        if self._taken is None:
            self._taken = {}
            self._shortcuts = self._keys()
        code = combination.toCombined()
        taken = self._taken.get(code)
        if taken is None:
            taken = self._taken[code] = QKeySequence(combination).toString() in self._shortcuts
        return taken

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind != QEvent.Type.ShortcutOverride:
            if kind in _ACTIONS_CHANGED and watched is self._window:
                self._taken = None
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        # True without accepting the override: the editor keeps out, the shortcut fires.
        return self._shortcut(key_event.keyCombination())
