"""Drawing pieces shared by cards, vouchers and letters: barcodes, the logo, colours, and
writing a PDF safely to a file or into memory."""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.i18n import _, ngettext
from shopkeeper.printing.fonts import SANS, TextSetter, register_fonts
from shopkeeper.printing.stream import StreamingCanvas

# Page streams are zlib-compressed; ReportLab's default of ASCII85 on top makes files 25 % larger
# and costs a fifth of the time of a letters batch, for 7-bit safety no one needs any more.
rl_config.useA85 = 0

PdfTarget = str | os.PathLike | BinaryIO
NEUTRAL = "#37474f"  # the card band when a customer has no tier
INK = HexColor("#212121")
GREY = HexColor("#616161")
LIGHT = HexColor("#e0e0e0")


@dataclass(frozen=True)
class PrintResult:
    """What was printed. ``missing_characters``: characters no embedded font has, printed as
    "�" (the caller should tell the user which)."""

    pages: int
    items: int
    missing_characters: tuple[str, ...] = ()

    def missing_warning(self) -> str | None:
        if not self.missing_characters:
            return None
        shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in self.missing_characters[:10])
        more = len(self.missing_characters) - 10
        count = len(self.missing_characters)
        if more > 0:
            shown = _("{shown} and {n} more").format(shown=shown, n=more)
        return ngettext(
            "{n} character has no glyph in the embedded fonts and was printed as '\ufffd': "
            "{shown}",
            "{n} characters have no glyph in the embedded fonts and were printed as '\ufffd': "
            "{shown}",
            count,
        ).format(n=count, shown=shown)


def colour(value: str | None, default: str = NEUTRAL) -> Color:
    try:
        return HexColor(value or default)
    except (ValueError, TypeError):
        return HexColor(default)


def ink_on(background: Color) -> Color:
    """Black or white, whichever reads better on ``background`` (relative luminance)."""
    luminance = 0.2126 * background.red + 0.7152 * background.green + 0.0722 * background.blue
    return black if luminance > 0.6 else white


def code128(value: str, *, height: float, max_width: float, bar: float = 0.33 * mm) -> Code128:
    """A Code 128 barcode no wider than ``max_width``: bars of ``bar`` if it fits, thinner
    otherwise, but never under 0.19 mm (what an ordinary counter scanner still reads)."""
    symbol = Code128(value, barHeight=height, barWidth=bar, humanReadable=0)
    if symbol.width > max_width:
        thinner = bar * max_width / symbol.width
        if thinner < 0.19 * mm:
            raise InvalidInput(
                _("{value!r} is too long for a barcode that fits here.").format(value=value)
            )
        symbol = Code128(value, barHeight=height, barWidth=thinner, humanReadable=0)
    return symbol


def draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """A QR code of side ``size`` (quiet zone included) with its lower-left corner at (x, y).

    The modules are drawn as plain rectangles, not through ``renderPDF``, which would add an
    unembedded Helvetica to the page."""
    widget = QrCodeWidget(value, barLevel="M")
    code = widget.qr
    code.make()
    border = widget.barBorder
    count = code.getModuleCount()
    module = size / (count + 2 * border)
    canvas.saveState()
    canvas.setFillColor(black)
    path = canvas.beginPath()
    for r, row in enumerate(code.modules):
        c = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            length = len(list(run))
            if dark:
                path.rect(
                    x + (c + border) * module,
                    y + size - (r + border + 1) * module,
                    length * module,
                    module,
                )
            c += length
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@lru_cache(maxsize=8)
def _image(path: str) -> ImageReader | None:
    try:
        return ImageReader(path)
    except Exception:  # noqa: BLE001 - an unreadable logo prints no logo, never a failed batch
        return None


def draw_logo(
    canvas: Canvas,
    path: str | None,
    x: float,
    top: float,
    max_width: float,
    max_height: float,
    *,
    align: str = "left",
) -> float:
    """Draw the shop's logo scaled into the box; returns the width used (0 without a logo)."""
    image = _image(path) if path else None
    if image is None:
        return 0.0
    width, height = image.getSize()
    scale = min(max_width / width, max_height / height)
    w, h = width * scale, height * scale
    if align == "right":
        x -= w
    canvas.drawImage(image, x, top - h, w, h, mask="auto")
    return w


def new_canvas(target: BinaryIO, pagesize: tuple[float, float], title: str) -> StreamingCanvas:
    register_fonts()  # the canvas starts in the embedded font, never in unembedded Helvetica
    canvas = StreamingCanvas(
        target,
        pagesize=pagesize,
        initialFontName=SANS,
        initialFontSize=10,
    )
    canvas.setTitle(title)
    canvas.setCreator("Shopkeeper")
    canvas.setAuthor("Shopkeeper")
    return canvas


@contextlib.contextmanager
def _binary_target(target: PdfTarget) -> Iterator[BinaryIO]:
    """A file object for ``target``. A path is written to a temporary file beside it and moved
    into place only when the whole PDF is written: a failed batch never leaves half a file."""
    if hasattr(target, "write"):
        yield target  # type: ignore[misc]
        return
    path = Path(os.fspath(target)).expanduser()
    if not path.parent.is_dir():
        raise InvalidInput(
            _("Cannot write {path!r}: the folder {folder!r} is missing.").format(
                path=str(path), folder=str(path.parent)
            )
        )
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise InvalidInput(
            _("Cannot write {path!r}: {reason}.").format(path=str(path), reason=error.strerror)
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_pdf(target: PdfTarget, build: Callable[[BinaryIO], PrintResult]) -> PrintResult:
    """Run ``build`` (which draws and saves a document into the stream it gets) into ``target``:
    a path or a binary file object."""
    try:
        with _binary_target(target) as stream:
            return build(stream)
    except OSError as error:
        raise InvalidInput(
            _("Cannot write the PDF: {reason}.").format(reason=error.strerror or error)
        ) from None


def pdf_bytes(build: Callable[[BinaryIO], PrintResult]) -> tuple[bytes, PrintResult]:
    """The PDF in memory (for the preview) and what was printed."""
    buffer = io.BytesIO()
    result = build(buffer)
    return buffer.getvalue(), result


def result_of(canvas: StreamingCanvas, text: TextSetter, items: int) -> PrintResult:
    return PrintResult(canvas.page_count, items, tuple(sorted(text.missing)))
