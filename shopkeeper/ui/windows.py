"""The window's open dialogs and previews, held safely.

A Python list of dialogs that Qt deletes on close (``WA_DeleteOnClose``, or a parent that goes)
ends up holding dead wrappers: the next ``isVisible()`` raised "Internal C++ object already
deleted" and every later dialog failed. Here a dialog leaves the list on its ``destroyed`` signal
and on ``finished``, and anything Qt already deleted is skipped (``shiboken6.isValid``).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget


def alive(widget: QObject | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


class OpenWindows(QObject):
    """Keeps references to the dialogs a screen opened, so Python does not collect them while
    they show, and forgets each one when it closes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open: dict[int, QWidget] = {}
        self._single: dict[str, int] = {}

    def keep(self, dialog: QWidget, *, key: str | None = None) -> QWidget:
        ident = id(dialog)
        self._open[ident] = dialog
        if key is not None:
            self._single[key] = ident
        dialog.destroyed.connect(lambda _obj=None, i=ident: self._forget(i))
        if isinstance(dialog, QDialog):
            dialog.finished.connect(lambda _result, i=ident: self._forget(i))
        return dialog

    def _forget(self, ident: int) -> None:
        self._open.pop(ident, None)
        for key in [k for k, v in self._single.items() if v == ident]:
            del self._single[key]

    def dialogs(self) -> list[QWidget]:
        """The dialogs still open, oldest first."""
        live = [d for d in self._open.values() if alive(d)]
        self._open = {id(d): d for d in live}
        return live

    def find(self, key: str) -> QWidget | None:
        ident = self._single.get(key)
        dialog = self._open.get(ident) if ident is not None else None
        return dialog if alive(dialog) and dialog.isVisible() else None

    def show_single(
        self, key: str, title: str, factory: Callable[[], QWidget], parent: QWidget
    ) -> QDialog:
        """One dialog of this kind: raised if open, else built by ``factory`` around its widget,
        deleted when closed (so its worker and data go with it)."""
        existing = self.find(key)
        if isinstance(existing, QDialog):
            existing.raise_()
            existing.activateWindow()
            return existing
        dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        widget = factory()
        widget.setParent(dialog)
        layout = QVBoxLayout(dialog)
        layout.addWidget(widget)
        dialog.resize(900, 600)
        self.keep(dialog, key=key)
        dialog.show()
        return dialog
