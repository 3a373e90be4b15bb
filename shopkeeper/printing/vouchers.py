"""A reward voucher: one A6 landscape page (148 × 105 mm; four fit on A4) with the reward, the
customer, the single-use code as text and Code 128, and the last day it is valid."""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.pagesizes import A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from shopkeeper.i18n import _, speaking
from shopkeeper.printing.common import (
    GREY,
    INK,
    LIGHT,
    PdfTarget,
    PrintResult,
    code128,
    draw_logo,
    new_canvas,
    result_of,
    write_pdf,
)
from shopkeeper.printing.fonts import TextSetter
from shopkeeper.printing.locale_format import long_date
from shopkeeper.services.cards import VoucherPrint

PAGE = landscape(A6)
MARGIN = 9 * mm


def spaced_code(code: str) -> str:
    """ "KWM3GRSP8S" as "KWM3G-RSP8S": easier to read out; the counter accepts either."""
    return f"{code[:5]}-{code[5:]}" if len(code) > 6 else code


def draw_voucher(canvas: Canvas, text: TextSetter, item: VoucherPrint) -> None:
    """The voucher, every label in its customer's language."""
    with speaking(item.language):
        _draw_voucher(canvas, text, item)


def _draw_voucher(canvas: Canvas, text: TextSetter, item: VoucherPrint) -> None:
    width, height = PAGE
    voucher = item.voucher
    room = width - 2 * MARGIN
    canvas.saveState()
    canvas.setStrokeColor(LIGHT)
    canvas.setDash(3, 3)
    canvas.roundRect(4 * mm, 4 * mm, width - 8 * mm, height - 8 * mm, 3 * mm)
    canvas.restoreState()

    logo = draw_logo(
        canvas,
        item.shop.logo_path,
        width - MARGIN,
        height - 8 * mm,
        30 * mm,
        14 * mm,
        align="right",
    )
    canvas.setFillColor(INK)
    shop_room = room - (logo + 3 * mm if logo else 0)
    size = text.fit_size(item.shop.name, 12, shop_room, bold=True, smallest=7)
    text.draw(
        canvas,
        MARGIN,
        height - 14 * mm,
        text.clip(item.shop.name, size, shop_room, bold=True),
        size,
        bold=True,
    )
    canvas.setFillColor(GREY)
    heading = _("VOUCHER")
    latin = heading.isascii()  # spaced capitals; Chinese a little larger instead
    text.draw(
        canvas,
        MARGIN,
        height - 21 * mm,
        heading,
        8 if latin else 9,
        bold=True,
        char_space=1.5 if latin else 0.5,
    )

    canvas.setFillColor(INK)
    y = height - 30 * mm
    lines = text.wrap(voucher.reward_name, 17, room, bold=True)[:2]
    for line in lines:
        text.draw(canvas, MARGIN, y, text.clip(line, 17, room, bold=True), 17, bold=True)
        y -= 7 * mm
    if voucher.category:  # a reward limited to a category of products: "For any bread"
        limited = _("For any {category}").format(category=voucher.category)
        limited = text.clip(limited, 10, room, bold=True)
        text.draw(canvas, MARGIN, y + 1 * mm, limited, 10, bold=True)
        y -= 5 * mm
    owner = _("for {name} · card {card}").format(
        name=voucher.customer_name, card=voucher.card_number
    )
    text.draw(canvas, MARGIN, y - 0.5 * mm, text.clip(owner, 10, room), 10)

    symbol = code128(voucher.code, height=14 * mm, max_width=room)
    symbol.drawOn(canvas, (width - symbol.width) / 2, 25 * mm)
    text.draw(
        canvas,
        width / 2,
        18 * mm,
        spaced_code(voucher.code),
        15,
        bold=True,
        align="centre",
        char_space=1.2,
    )
    canvas.setFillColor(GREY)
    text.draw(
        canvas,
        width / 2,
        10.5 * mm,
        _("Valid until {date} · single use").format(
            date=long_date(voucher.valid_until, item.language)
        ),
        9,
        align="centre",
    )


def _build(item: VoucherPrint, stream: BinaryIO) -> PrintResult:
    text = TextSetter()
    with speaking(item.language):
        title = _("Voucher {code} — {shop}").format(code=item.voucher.code, shop=item.shop.name)
    canvas = new_canvas(stream, PAGE, title)
    draw_voucher(canvas, text, item)
    canvas.showPage()
    canvas.save()
    return result_of(canvas, text, 1)


def write_voucher(item: VoucherPrint, target: PdfTarget) -> PrintResult:
    """The voucher into a path (written safely) or a binary stream."""
    return write_pdf(target, lambda stream: _build(item, stream))
