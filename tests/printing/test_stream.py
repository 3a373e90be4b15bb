"""The page-streaming canvas writes a valid PDF whatever the number of pages."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4

from shopkeeper.printing.common import new_canvas
from shopkeeper.printing.fonts import TextSetter

from .helpers import embedded, fonts, page_texts, render


def _document(pages: int, flush_every: int) -> bytes:
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, "test")
    canvas._flush_every = flush_every
    text = TextSetter()
    canvas.beginForm("head")
    text.draw(canvas, 50, 800, "Kepyklėlė „Žemaitė“ 小面包店", 14, bold=True)
    canvas.endForm()
    for number in range(1, pages + 1):
        canvas.doForm("head")
        text.draw(canvas, 50, 700, f"Laiškas {number} · 王小明 · Zoë", 11)
        canvas.showPage()
    canvas.save()
    assert canvas.page_count == pages
    return buffer.getvalue()


def test_pages_written_as_they_go_make_a_valid_pdf(tmp_path: Path) -> None:
    data = _document(pages=123, flush_every=10)
    texts = page_texts(data)  # pypdf in strict mode: xref and offsets must be right
    assert len(texts) == 123
    for number, text in enumerate(texts, start=1):
        assert f"Laiškas {number} · 王小明 · Zoë" in text
        assert "Kepyklėlė „Žemaitė“ 小面包店" in text
    assert all(embedded(font) for font in fonts(data).values())
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    image = render(path, 123, dpi=40)  # poppler renders the last page without complaint
    assert image.getextrema()[0] < 100


def test_the_same_document_whether_flushed_often_or_never() -> None:
    often, never = _document(pages=30, flush_every=7), _document(pages=30, flush_every=1000)
    assert page_texts(often) == page_texts(never)
