"""Every modal question the window asks goes through these functions.

One place for modal dialogs means tests replace ``ask``/``inform``/``get_text`` with
``monkeypatch`` instead of trying to close a native dialog, and the counter stays free of modals
on its everyday path (results are shown inline; only irreversible steps ask).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, question: str) -> bool:
    """A yes/no question; No is the default so a stray Enter never confirms."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, message: str, *, warning: bool = False) -> None:
    if warning:
        QMessageBox.warning(parent, title, message)
    else:
        QMessageBox.information(parent, title, message)


def get_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text, or None when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
    """Where to write a file, or None when cancelled."""
    path, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None
