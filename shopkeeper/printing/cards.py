"""Loyalty cards: CR80 (85.6 × 54 mm, the size of a bank card) with the shop, the customer's
name, the tier in its colour, and the card number as text, Code 128 and QR.

Layouts: ``single`` is one card per CR80 page (for a card printer); ``a4`` and ``letter`` are
sheets of ten cards, two across and five down, edge to edge and centred, with cut marks in the
margin along every cutting line (for business-card stock or a guillotine).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from shopkeeper.i18n import _
from shopkeeper.printing.common import (
    INK,
    LIGHT,
    PdfTarget,
    PrintResult,
    code128,
    colour,
    draw_logo,
    draw_qr,
    ink_on,
    new_canvas,
    result_of,
    write_pdf,
)
from shopkeeper.printing.fonts import TextSetter
from shopkeeper.services.cards import CardBatch, CardInfo
from shopkeeper.services.print_settings import ShopHeader

CR80 = (85.6 * mm, 54 * mm)
SHEETS = {"a4": A4, "letter": LETTER}
COLUMNS, ROWS = 2, 5
MARGIN = 4 * mm
BAND = 13 * mm
QR_SIZE = 19 * mm
CUT_GAP, CUT_LENGTH = 1 * mm, 4 * mm


def draw_card(canvas: Canvas, text: TextSetter, shop: ShopHeader, card: CardInfo) -> None:
    """One card with its lower-left corner at the current origin."""
    width, height = CR80
    band = colour(card.tier_colour)
    on_band = ink_on(band)
    canvas.saveState()
    canvas.setFillColor(band)
    canvas.rect(0, height - BAND, width, BAND, stroke=0, fill=1)
    baseline = height - BAND / 2 - 1.3 * mm
    logo = draw_logo(canvas, shop.logo_path, MARGIN, height - 2 * mm, 24 * mm, BAND - 4 * mm)
    left = MARGIN + (logo + 2 * mm if logo else 0)
    canvas.setFillColor(on_band)
    tier_width = 0.0
    if card.tier:
        tier_size = text.fit_size(card.tier, 8, 24 * mm, bold=True)
        tier_width = text.draw(
            canvas, width - MARGIN, baseline, card.tier, tier_size, bold=True, align="right"
        )
    room = width - MARGIN - left - (tier_width + 3 * mm if tier_width else 0)
    size = text.fit_size(shop.name, 10.5, room, bold=True, smallest=6)
    text.draw(canvas, left, baseline, text.clip(shop.name, size, room, bold=True), size, bold=True)

    canvas.setFillColor(INK)
    room = width - 2 * MARGIN
    size = text.fit_size(card.name, 13, room, bold=True, smallest=7)
    text.draw(
        canvas,
        MARGIN,
        height - BAND - 8 * mm,
        text.clip(card.name, size, room, bold=True),
        size,
        bold=True,
    )

    with_qr = width - 2 * MARGIN - QR_SIZE - 3 * mm
    symbol = code128(card.card_number, height=11 * mm, max_width=width - 2 * MARGIN)
    show_qr = symbol.width <= with_qr
    symbol.drawOn(canvas, MARGIN, 8 * mm)
    canvas.setFillColor(INK)
    text.draw(
        canvas,
        MARGIN + symbol.width / 2,
        3.8 * mm,
        card.card_number,
        8.5,
        align="centre",
        char_space=0.6,
    )
    if show_qr:
        draw_qr(canvas, card.card_number, width - MARGIN - QR_SIZE, 3 * mm, QR_SIZE)
    canvas.restoreState()


def _sheet_origin(pagesize: tuple[float, float]) -> tuple[float, float]:
    width, height = pagesize
    return (width - COLUMNS * CR80[0]) / 2, (height - ROWS * CR80[1]) / 2


def _cut_marks(canvas: Canvas, pagesize: tuple[float, float]) -> None:
    """Short lines in the margin on every cutting line; nothing is drawn on the cards."""
    x0, y0 = _sheet_origin(pagesize)
    x1, y1 = x0 + COLUMNS * CR80[0], y0 + ROWS * CR80[1]
    canvas.saveState()
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.25)
    top_room = min(CUT_LENGTH, y0 - CUT_GAP - 0.5 * mm)
    side_room = min(CUT_LENGTH, x0 - CUT_GAP - 0.5 * mm)
    for column in range(COLUMNS + 1):
        x = x0 + column * CR80[0]
        canvas.line(x, y1 + CUT_GAP, x, y1 + CUT_GAP + top_room)
        canvas.line(x, y0 - CUT_GAP, x, y0 - CUT_GAP - top_room)
    for row in range(ROWS + 1):
        y = y0 + row * CR80[1]
        canvas.line(x0 - CUT_GAP, y, x0 - CUT_GAP - side_room, y)
        canvas.line(x1 + CUT_GAP, y, x1 + CUT_GAP + side_room, y)
    canvas.restoreState()


def _build(batch: CardBatch, stream: BinaryIO) -> PrintResult:
    text = TextSetter()
    single = batch.layout == "single"
    pagesize = CR80 if single else SHEETS[batch.layout]
    canvas = new_canvas(stream, pagesize, _("Loyalty cards — {shop}").format(shop=batch.shop.name))
    cards: Sequence[CardInfo] = batch.cards
    if single:
        for card in cards:
            draw_card(canvas, text, batch.shop, card)
            canvas.showPage()
    else:
        x0, y0 = _sheet_origin(pagesize)
        per_sheet = COLUMNS * ROWS
        for start in range(0, len(cards), per_sheet):
            _cut_marks(canvas, pagesize)
            for index, card in enumerate(cards[start : start + per_sheet]):
                row, column = divmod(index, COLUMNS)
                canvas.saveState()
                canvas.translate(x0 + column * CR80[0], y0 + (ROWS - 1 - row) * CR80[1])
                draw_card(canvas, text, batch.shop, card)
                canvas.restoreState()
            _faint_outline_for_empty(canvas, pagesize, len(cards[start : start + per_sheet]))
            canvas.showPage()
    canvas.save()
    return result_of(canvas, text, len(cards))


def _faint_outline_for_empty(canvas: Canvas, pagesize: tuple[float, float], used: int) -> None:
    """Nothing for a full sheet; on a part sheet, a faint frame on the unused places shows
    which cards to cut (and which blanks to keep for next time)."""
    if used >= COLUMNS * ROWS:
        return
    x0, y0 = _sheet_origin(pagesize)
    canvas.saveState()
    canvas.setStrokeColor(LIGHT)
    canvas.setLineWidth(0.3)
    canvas.setDash(2, 2)
    for index in range(used, COLUMNS * ROWS):
        row, column = divmod(index, COLUMNS)
        canvas.rect(x0 + column * CR80[0], y0 + (ROWS - 1 - row) * CR80[1], *CR80)
    canvas.restoreState()


def write_cards(batch: CardBatch, target: PdfTarget) -> PrintResult:
    """The cards of ``batch`` in its layout, into a path (written safely) or a binary stream."""
    return write_pdf(target, lambda stream: _build(batch, stream))
