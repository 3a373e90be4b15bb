"""Print preview: any PDF the program made, shown with Qt's PDF module, with Print and Save as PDF.

Printing renders each page to an image at 300 dpi on a white background (``QPdfDocument.render``
gives transparent ARGB, which some printer drivers print black) and draws it at the page's true
size from the corner of the paper, so a card comes out 85.6 mm wide and an address sits in the
envelope window. The rendering runs on a worker thread with its own ``QPdfDocument``; the
painter on a ``QPrinter`` may be used from a non-GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import _, ngettext
from shopkeeper.printing.cards import write_cards
from shopkeeper.printing.common import PrintResult, pdf_bytes
from shopkeeper.printing.vouchers import write_voucher
from shopkeeper.services import cards
from shopkeeper.ui.operations import Job, JobControl, Operations, Worker
from shopkeeper.ui.printing import dialogs

PRINT_DPI = 300


class PrintFailed(ShopkeeperError):
    """The printer could not be used (offline, refused the job)."""


def _load(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A document over the bytes; keep the buffer alive as long as the document."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PrintFailed(_("The PDF could not be read for printing."))
    return document, buffer


def page_image(document: QPdfDocument, page: int, dpi: int = PRINT_DPI) -> QImage:
    """One page as an opaque RGB32 image on white, at ``dpi``."""
    points = document.pagePointSize(page)
    pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    rendered = document.render(page, pixels)
    image = QImage(pixels, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def print_pdf(
    data: bytes,
    printer: QPrinter,
    *,
    dpi: int = PRINT_DPI,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Send every page of ``data`` to ``printer``; returns the pages printed. Safe to call on a
    worker thread (its own document and painter)."""
    document, _buffer = _load(data)
    count = document.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(
            _("The printer could not be started; check that it is on and ready.")
        )
    try:
        resolution = printer.resolution()
        for page in range(count):
            if cancelled is not None and cancelled():
                printer.abort()
                raise PrintFailed(
                    _("Printing was cancelled after {done} of {count} pages.").format(
                        done=page, count=count
                    )
                )
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            target = QRectF(
                0, 0, points.width() / 72 * resolution, points.height() / 72 * resolution
            )
            viewport = painter.viewport()
            if target.width() > viewport.width() or target.height() > viewport.height():
                scale = min(viewport.width() / target.width(), viewport.height() / target.height())
                target = QRectF(0, 0, target.width() * scale, target.height() * scale)
            painter.drawImage(target, page_image(document, page, dpi))
            if progress is not None:
                progress(page + 1, count)
    finally:
        painter.end()
    return count


class PdfPreview(QWidget):
    """Shows PDF bytes; Print… and Save as PDF… buttons. ``printed(pages)`` / ``saved(path)``
    tell the owner (the letters screen records letters as sent on either)."""

    printed = Signal(int)
    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, worker: Worker | None = None) -> None:
        super().__init__(parent)
        self._data = b""
        self._suggested = "document.pdf"
        self._buffer: QBuffer | None = None
        self._job: Job | None = None
        # Printing runs as a job of the window's one worker mechanism; a preview on its own
        # (tests, a dialog without a window) gets a pool of the same kind.
        self._worker = worker or Worker(self, threads=1)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton(_("Print…"), self)
        self.save_button = QPushButton(_("Save as PDF…"), self)
        self.pages_label = QLabel("", self)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        bar = QHBoxLayout()
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        bar.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)

    @property
    def data(self) -> bytes:
        return self._data

    def page_count(self) -> int:
        return self.document.pageCount()

    def set_pdf(self, data: bytes, suggested_name: str = "document.pdf") -> None:
        """Show ``data``; ``suggested_name`` is offered by Save as PDF."""
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
        self._data = data
        self._suggested = suggested_name
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        pages = self.document.pageCount()
        self.pages_label.setText(ngettext("{n} page", "{n} pages", pages).format(n=pages))
        self.message.setText("")
        self._enable(pages > 0)

    def clear(self) -> None:
        self.document.close()
        self._data = b""
        self.pages_label.setText("")
        self._enable(False)

    # -- Save --------------------------------------------------------------------------------

    def save_document(self) -> None:
        path = dialogs.ask_save_path(self, self._suggested)
        if not path:
            return
        try:
            Path(path).write_bytes(self._data)
        except OSError as error:
            self.message.setText(
                _("Could not save {path}: {reason}.").format(
                    path=path, reason=error.strerror or error
                )
            )
            return
        self.message.setText(_("Saved {path}.").format(path=path))
        self.saved.emit(path)

    # -- Print -------------------------------------------------------------------------------

    def print_document(self) -> None:
        if self._job is not None or not self._data:
            return
        printer = dialogs.ask_printer(self, self.document.pagePointSize(0))
        if printer is None:
            return
        data = self._data

        def job(control: JobControl) -> int:
            return print_pdf(
                data, printer, progress=control.progress, cancelled=control.cancelled
            )

        self._printer = printer  # alive until the job ends
        self._enable(False)
        self.progress.setRange(0, self.page_count())
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.message.setText(_("Printing…"))
        self._job = self._worker.start_job(
            job,
            label=_("Printing"),
            on_done=self._on_printed,
            on_error=self._on_print_refused,
            on_crash=self._on_print_crashed,
            on_progress=self._on_print_progress,
        )

    def wait_for_print(self, msecs: int = 60_000) -> bool:
        return self._worker.wait(msecs) if self._job is not None else True

    def _end_job(self) -> None:
        self._job = None
        self._printer = None
        self.progress.setVisible(False)
        self._enable(True)

    def _on_print_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _on_printed(self, pages: object) -> None:
        self._end_job()
        self.message.setText(
            ngettext(
                "Sent {n} page to the printer.", "Sent {n} pages to the printer.", int(pages)
            ).format(n=pages)
        )
        self.printed.emit(int(pages))

    def _on_print_refused(self, error: object) -> None:
        self._end_job()
        self.message.setText(str(error))

    def _on_print_crashed(self, _error: object) -> None:
        self._end_job()
        self.message.setText(_("Printing failed; the details are in the log."))

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        if self._job is not None:
            self._job.discard()
            self._worker.wait()
        super().closeEvent(event)


class PdfPreviewDialog(QDialog):
    """A window around ``PdfPreview`` (the counter's card and voucher). Deleted when closed;
    whoever keeps it must use ``ui.windows.OpenWindows``."""

    def __init__(
        self, data: bytes, title: str, suggested_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = PdfPreview(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview)
        self.preview.set_pdf(data, suggested_name)
        self.resize(QSizeF(720, 640).toSize())


def _missing_note(dialog: PdfPreviewDialog, result: PrintResult) -> None:
    warning = result.missing_warning()
    if warning:
        dialog.preview.message.setText(warning)


@dataclass(frozen=True)
class Printable:
    """A document made by a service and ReportLab, ready for a preview dialog."""

    data: bytes
    result: PrintResult
    title: str
    suggested_name: str


def card_document(db, card_number: str, layout: str | None = None) -> Printable:  # noqa: ANN001
    """The customer's card in the shop's layout (a read for ``Operations.read``)."""
    batch = cards.card_batch(db, card_numbers=[card_number], layout=layout)
    data, result = pdf_bytes(lambda stream: write_cards(batch, stream))
    number = batch.cards[0].card_number
    return Printable(data, result, _("Card {card}").format(card=number), f"card-{number}.pdf")


def voucher_document(db, code: str) -> Printable:  # noqa: ANN001
    """A voucher, for printing after a redemption (a read for ``Operations.read``)."""
    item = cards.voucher_print(db, code)
    data, result = pdf_bytes(lambda stream: write_voucher(item, stream))
    shown = item.voucher.code
    title = _("Voucher {code}").format(code=shown)
    return Printable(data, result, title, f"voucher-{shown}.pdf")


def preview_dialog(parent: QWidget | None, document: Printable) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(document.data, document.title, document.suggested_name, parent)
    _missing_note(dialog, document.result)
    dialog.show()
    return dialog


def show_card_preview(
    parent: QWidget | None,
    operations: Operations,
    card_number: str,
    *,
    layout: str | None = None,
) -> PdfPreviewDialog:
    """The counter's "Print card": the customer's card in the shop's card layout, previewed.
    Raises ``ShopkeeperError`` (unknown card...) for the caller to show."""
    document = operations.read(card_document, card_number, layout, on_error=_raise)
    assert document is not None
    return preview_dialog(parent, document)


def show_voucher_preview(
    parent: QWidget | None, operations: Operations, code: str
) -> PdfPreviewDialog:
    """The voucher after a redemption, previewed for printing."""
    document = operations.read(voucher_document, code, on_error=_raise)
    assert document is not None
    return preview_dialog(parent, document)


def _raise(error: ShopkeeperError) -> None:
    raise error
