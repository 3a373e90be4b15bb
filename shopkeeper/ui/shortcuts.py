"""The window's shortcuts win over a text field's own.

A line edit claims some key combinations for itself before any shortcut sees them (on Linux
Ctrl+U deletes to the start of the line), so Ctrl+U "use a voucher" did nothing while the
counter's search field had focus, which is always. This filter lets every shortcut of the
window's own actions through while focus is in one of its text fields.

Qt asks only the focused widget whether it wants a key combination for itself
(``ShortcutOverride``), so the filter watches that one widget and moves with the focus. A filter
on the whole application ran Python for every event of every widget, paints included: a
cost on every keystroke and every scan at the counter. A keyed widget (``ui.keyed``: the
counter's search field and amount) is not filtered at all: it lets the override happen and
hands the key press to ``trigger``, which runs the window's action instead of the field's
edit. The window's shortcuts are gathered once and again only when its actions change (Qt
tells the window of every action added, removed, enabled or given another shortcut, and the
window calls ``actions_changed``), not on every key.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QKeyCombination, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from shopkeeper.ui.keyed import key_handlers


class WindowShortcuts(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._watched: QWidget | None = None
        self._taken: dict[int, QAction | None] | None = None  # key combination -> our action
        self._shortcuts: dict[str, QAction] = {}
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
        if watched is not None and shiboken6.isValid(watched):
            handlers = key_handlers(watched)
            if handlers is None:
                watched.removeEventFilter(self)
            elif self.trigger in handlers:
                handlers.remove(self.trigger)
        if new is None or not shiboken6.isValid(new) or not shiboken6.isValid(self._window):
            return
        if new.window() is self._window:
            handlers = key_handlers(new)
            if handlers is None:
                new.installEventFilter(self)
            elif self.trigger not in handlers:
                handlers.insert(0, self.trigger)  # the window's shortcuts before the field's keys
            self._watched = new

    def _keys(self) -> dict[str, QAction]:
        return {
            shortcut.toString(): action
            for action in self._window.actions()
            if action.isEnabled()
            for shortcut in action.shortcuts()
            if not shortcut.isEmpty()
        }

    def _action(self, combination: QKeyCombination) -> QAction | None:
        """The window's enabled action with this key combination as a shortcut, if any."""
        if self._taken is None:
            self._taken = {}
            self._shortcuts = self._keys()
        code = combination.toCombined()
        if code not in self._taken:
            self._taken[code] = self._shortcuts.get(QKeySequence(combination).toString())
        return self._taken[code]

    def actions_changed(self) -> None:
        """The window's actions changed (its ``actionEvent``): gather them at the next key."""
        self._taken = None

    def trigger(self, event: QKeyEvent) -> bool:
        """A key press in a keyed field: one of the window's shortcuts runs its action (the
        field claimed the combination for itself, so Qt did not)."""
        action = self._action(event.keyCombination())
        if action is None or not action.isEnabled():
            return False
        action.trigger()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        # True without accepting the override: the editor keeps out, the shortcut fires.
        return self._action(key_event.keyCombination()) is not None
