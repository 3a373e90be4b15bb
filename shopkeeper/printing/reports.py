"""A report as a PDF table: A4 landscape, the embedded fonts (Lithuanian and Chinese names print),
columns sized to their content, the header repeated on every page. The call list is printed
this way too, with room to write beside each name."""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from shopkeeper.domain.figures import is_figure
from shopkeeper.i18n import _
from shopkeeper.present.numbers import Numbers
from shopkeeper.present.reports import say
from shopkeeper.printing.common import (
    GREY,
    INK,
    LIGHT,
    PdfTarget,
    PrintResult,
    new_canvas,
    result_of,
    write_pdf,
)
from shopkeeper.printing.fonts import TextSetter
from shopkeeper.services.report_export import Table

PAGE = landscape(A4)
MARGIN = 12 * mm
SIZE = 8.5
ROW = 5.2 * mm
MAX_COLUMN = 70 * mm


def _widths(text: TextSetter, table: Table, room: float, numbers: Numbers) -> list[float]:
    natural = [text.width(say(c, numbers), SIZE, bold=True) + 3 * mm for c in table.columns]
    for row in table.rows[:500]:  # a sample sizes the columns; longer cells are clipped
        for i, value in enumerate(row):
            shown = say(value, numbers)
            natural[i] = max(natural[i], min(MAX_COLUMN, text.width(shown, SIZE) + 3 * mm))
    total = sum(natural) or 1
    scale = min(1.0, room / total)
    return [w * scale for w in natural]


def _build(table: Table, shop_name: str, numbers: Numbers, stream: BinaryIO) -> PrintResult:
    text = TextSetter()
    title = say(table.title, numbers)
    canvas = new_canvas(
        stream, PAGE, _("{report} — {shop}").format(report=title, shop=shop_name)
    )
    width, height = PAGE
    room = width - 2 * MARGIN
    widths = _widths(text, table, room, numbers)
    page = 0

    def header() -> float:
        nonlocal page
        page += 1
        canvas.setFillColor(INK)
        text.draw(canvas, MARGIN, height - MARGIN, text.clip(title, 14, room), 14, bold=True)
        canvas.setFillColor(GREY)
        text.draw(
            canvas,
            width - MARGIN,
            MARGIN / 2,
            _("{shop} · page {page}").format(shop=shop_name, page=page),
            7,
            align="right",
        )
        y = height - MARGIN - 9 * mm
        canvas.setFillColor(INK)
        x = MARGIN
        for column, w in zip(table.columns, widths, strict=True):
            label = text.clip(say(column, numbers), SIZE, w - 2 * mm, bold=True)
            text.draw(canvas, x, y, label, SIZE, bold=True)
            x += w
        canvas.setStrokeColor(GREY)
        canvas.line(MARGIN, y - 1.8 * mm, width - MARGIN, y - 1.8 * mm)
        return y - ROW

    y = header()
    for row in table.rows:
        if y < MARGIN + ROW:
            canvas.showPage()
            y = header()
        x = MARGIN
        canvas.setFillColor(INK)
        for value, w in zip(row, widths, strict=True):
            cell = say(value, numbers)
            right = is_figure(value)
            shown = text.clip(cell, SIZE, w - 2 * mm)
            if right:
                text.draw(canvas, x + w - 2 * mm, y, shown, SIZE, align="right")
            else:
                text.draw(canvas, x, y, shown, SIZE)
            x += w
        canvas.setStrokeColor(LIGHT)
        canvas.line(MARGIN, y - 1.6 * mm, width - MARGIN, y - 1.6 * mm)
        y -= ROW
    canvas.setFillColor(GREY)
    for note in table.notes:
        for line in text.wrap(say(note, numbers), 8, room):
            if y < MARGIN + ROW:
                canvas.showPage()
                y = header()
                canvas.setFillColor(GREY)
            y -= 1 * mm
            text.draw(canvas, MARGIN, y, line, 8)
            y -= 4 * mm
    canvas.showPage()
    canvas.save()
    return result_of(canvas, text, len(table.rows))


def write_report(
    table: Table, target: PdfTarget, *, shop_name: str = "", numbers: Numbers | None = None
) -> PrintResult:
    """The report's table into a path (written safely) or a binary stream; money and counts
    in ``numbers``' locale and currency."""
    chosen = numbers or Numbers()
    return write_pdf(target, lambda stream: _build(table, shop_name, chosen, stream))
