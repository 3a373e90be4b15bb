"""Looking at printed PDFs the way a person (or a scanner) would: text, fonts, pixels, barcodes."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from pyzbar import pyzbar

MM = 72 / 25.4


def reader(pdf: bytes | Path | str) -> PdfReader:
    return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf), strict=True)


def page_texts(pdf: bytes | Path | str) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def said(language: str, message: str, **values: object) -> str:
    """``message`` as the program says it in ``language`` (through its catalogs), filled in."""
    from shopkeeper.i18n import _, speaking

    with speaking(language):
        return _(message).format(**values)


def unwrapped(text: str) -> str:
    """Page text with its line breaks (and the spaces around them) taken out: a Chinese sentence
    wrapped over two lines reads whole again."""
    return "".join(line.strip() for line in text.splitlines())


def fonts(pdf: bytes | Path | str) -> dict[str, dict]:
    """Every font the pages (and the forms they draw) use: base name -> font dictionary."""
    found: dict[str, dict] = {}

    def walk(resources: dict | None) -> None:
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader(pdf).pages:
        walk(page.get("/Resources"))
    return found


def embedded(font: dict) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def render(pdf_path: Path, page: int = 1, dpi: int = 300) -> Image.Image:
    """A page rendered by poppler (``pdftoppm``), as an image."""
    out = pdf_path.with_name(f"{pdf_path.stem}-p{page}-{dpi}")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-png",
            "-singlefile",
            str(pdf_path),
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return Image.open(f"{out}.png").convert("L")


def barcodes(image: Image.Image) -> dict[str, set[str]]:
    """Symbol type -> decoded values, as a scanner reads them from the image."""
    found: dict[str, set[str]] = {}
    for symbol in pyzbar.decode(image):
        found.setdefault(symbol.type, set()).add(symbol.data.decode())
    return found


def text_lines(pdf: bytes | Path | str, page: int = 0) -> list[tuple[str, float, float]]:
    """Each text line drawn on a page with the position of its start: (text, x, y) in points,
    y measured from the bottom of the page (PDF space)."""
    lines: list[list] = []

    def visit(text: str, cm: list, tm: list, _font: object, _size: object) -> None:
        if not text.strip("\n"):
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if lines and abs(lines[-1][2] - y) < 0.5 and x >= lines[-1][1]:
            lines[-1][0] += text
        else:
            lines.append([text, x, y])

    reader(pdf).pages[page].extract_text(visitor_text=visit)
    return [(t.strip("\n"), x, y) for t, x, y in lines]
