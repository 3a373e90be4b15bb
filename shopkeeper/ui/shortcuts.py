"""The window's shortcuts win over a text field's own.

A line edit claims some key combinations for itself before any shortcut sees them (on Linux
Ctrl+U deletes to the start of the line), so Ctrl+U "use a voucher" did nothing while the
counter's search field had focus, which is always. This filter, on the application, lets every
shortcut of the window's own actions through while focus is in one of its text fields.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


class WindowShortcuts(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # removed by Qt when this object goes

    def _keys(self) -> set[str]:
        return {
            shortcut.toString()
            for action in self._window.actions()
            if action.isEnabled()
            for shortcut in action.shortcuts()
            if not shortcut.isEmpty()
        }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        pressed = QKeySequence(key_event.keyCombination()).toString()
        # True without accepting the override: the editor keeps out, the shortcut fires.
        return pressed in self._keys()
