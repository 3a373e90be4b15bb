"""The modal dialogs of printing, each one function, so tests monkeypatch them instead of trying
to close a native dialog."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from shopkeeper.i18n import _


def printer_for(page_points: QSizeF) -> QPrinter:
    """A high-resolution printer set up for pages of this size (points), at 100 % scale from
    the paper's corner, so an address lands in the envelope window and a card is 85.6 mm."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    width, height = page_points.width(), page_points.height()
    landscape = width > height
    size = QPageSize(
        QSizeF(min(width, height), max(width, height)),
        QPageSize.Unit.Point,
        "",
        QPageSize.SizeMatchPolicy.FuzzyMatch,
    )
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
    return printer


def ask_printer(parent: QWidget | None, page_points: QSizeF) -> QPrinter | None:
    """The system print dialog; None when cancelled."""
    printer = printer_for(page_points)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


def ask_save_path(parent: QWidget | None, suggested: str) -> str | None:
    """Where to save the PDF; None when cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save as PDF"), suggested, _("PDF documents (*.pdf)")
    )
    if not path:
        return None
    return path if path.lower().endswith(".pdf") else path + ".pdf"


def warn(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)
