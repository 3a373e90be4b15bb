"""The monthly reward letters: one PDF, one letter per customer, built from a ``LetterPlan``.

Page geometry follows the envelope the shop uses (a print setting):

- ``din5008``: A4, DIN 5008 form B, for DL/C5/C4 window envelopes (DIN 680). The recipient's
  address sits in the address zone 25 mm from the left and 62.7-90 mm from the top, inside the
  window (20-110 mm across, 45-90 mm down); the sender's return line above it; fold marks at
  105 and 210 mm, punch mark at 148.5 mm.
- ``us10``: US Letter tri-folded into a #10 window envelope (window 4.5 × 1.125 in, 7/8 in from
  the left and 1/2 in from the bottom of the envelope, which puts it 2.04-3.17 in from the top of
  the sheet). The address is printed 1 in from the left, 2.1-3.1 in from the top; fold marks at a
  third and two thirds of the page.

The letterhead (shop name, address, logo, fold marks) is drawn once per document as a PDF form
and placed on every letter; the pages are written to the file as they are made
(``StreamingCanvas``), so memory stays flat however many letters there are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch, mm

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import InvalidInput, ShopkeeperError
from shopkeeper.domain.letters import address_block, fill
from shopkeeper.i18n import _, ngettext, speaking
from shopkeeper.printing.common import (
    GREY,
    INK,
    LIGHT,
    PdfTarget,
    PrintResult,
    code128,
    colour,
    draw_logo,
    new_canvas,
    result_of,
    write_pdf,
)
from shopkeeper.printing.fonts import TextSetter
from shopkeeper.printing.locale_format import long_date, month_name, number
from shopkeeper.printing.stream import StreamingCanvas
from shopkeeper.printing.vouchers import spaced_code
from shopkeeper.services.letters import LetterData, LetterPlan

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 25


class PrintCancelled(ShopkeeperError):
    def __init__(self) -> None:
        super().__init__(_("Printing was cancelled; no file was written."))


@dataclass(frozen=True)
class Box:
    """A rectangle measured from the top-left corner of the page, in points."""

    x: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Envelope:
    key: str
    pagesize: tuple[float, float]
    window: Box  # the envelope's window, on the flat sheet
    address: Box  # where the recipient's lines are printed (inside the window)
    return_line: Box | None  # the sender's one-line return address, if the window shows it
    info: Box  # date and card number, right of the address
    left: float
    right: float
    letterhead_top: float  # baseline of the shop name
    body_top: float
    bottom: float
    folds: tuple[float, ...]
    punch: float | None


ENVELOPES: dict[str, Envelope] = {
    "din5008": Envelope(
        key="din5008",
        pagesize=A4,
        window=Box(20 * mm, 45 * mm, 90 * mm, 45 * mm),
        address=Box(25 * mm, 62.7 * mm, 78 * mm, 27.3 * mm),
        return_line=Box(25 * mm, 55 * mm, 78 * mm, 7.7 * mm),
        info=Box(125 * mm, 50 * mm, 65 * mm, 40 * mm),
        left=25 * mm,
        right=20 * mm,
        letterhead_top=20 * mm,
        body_top=98.5 * mm,
        bottom=22 * mm,
        folds=(105 * mm, 210 * mm),
        punch=148.5 * mm,
    ),
    "us10": Envelope(
        key="us10",
        pagesize=LETTER,
        window=Box(0.875 * inch, 2.042 * inch, 4.5 * inch, 1.125 * inch),
        address=Box(1.0 * inch, 2.1 * inch, 4.2 * inch, 1.0 * inch),
        return_line=None,
        info=Box(5.6 * inch, 2.1 * inch, 2.15 * inch, 1.0 * inch),
        left=1.0 * inch,
        right=0.75 * inch,
        letterhead_top=0.75 * inch,
        body_top=3.75 * inch,
        bottom=0.8 * inch,
        folds=(11 * inch / 3, 22 * inch / 3),
        punch=None,
    ),
}
LETTERHEAD = "shopkeeper-letterhead"
CONTINUATION = "shopkeeper-letterhead-continued"  # no return address in the middle of the text
BODY, SMALL, LEADING = 10, 8, 13.5


def values_for(plan: LetterPlan, letter: LetterData) -> dict[str, object]:
    """The placeholder values of one letter (every key of ``domain.letters.PLACEHOLDERS``),
    dates, months and numbers written the way the letter's language writes them."""
    voucher = letter.voucher
    language = letter.language
    return {
        "first_name": letter.first_name,
        "name": letter.name,
        "dear": letter.dear,
        "card_number": letter.card_number,
        "shop_name": plan.shop.name,
        "month": month_name(Month.parse(plan.month), language),
        "month_number": plan.month,
        "visits": number(letter.visits, language),
        "points_earned": number(letter.points_earned, language),
        "points": number(letter.balance, language),
        "tier": letter.tier or "",
        "next_tier": letter.next_tier or "",
        "points_to_next": number(letter.points_to_next, language),
        "expiring_points": number(letter.expiring_points, language),
        "expiry_date": long_date(plan.expiry_date, language) if plan.expiry_date else "",
        "birthday_bonus": number(letter.birthday_bonus, language),
        "reward": voucher.reward if voucher else "",
        "voucher_code": spaced_code(voucher.code) if voucher else "",
        "valid_until": long_date(voucher.valid_until, language) if voucher else "",
        "favourite": letter.favourite,
    }


class _LetterWriter:
    """Draws letters one after the other onto one canvas. ``y`` runs down from the page top."""

    def __init__(self, plan: LetterPlan, canvas: StreamingCanvas, text: TextSetter) -> None:
        self.plan = plan
        self.canvas = canvas
        self.text = text
        self.env = ENVELOPES.get(plan.envelope, ENVELOPES["din5008"])
        self.height = self.env.pagesize[1]
        self.width = self.env.pagesize[0] - self.env.left - self.env.right
        self.y = 0.0
        self._name, self._page = "", 1
        self._define_letterhead()

    # -- helpers -------------------------------------------------------------------------

    def _line(self, x: float, y: float, value: str, size: float, **options: object) -> float:
        return self.text.draw(self.canvas, x, self.height - y, value, size, **options)

    def _paragraph(
        self,
        value: str,
        size: float = BODY,
        *,
        bold: bool = False,
        leading: float = LEADING,
        x: float | None = None,
        width: float | None = None,
    ) -> None:
        x = self.env.left if x is None else x
        lines = self.text.wrap(value, size, width or self.width, bold=bold)
        for line in lines:
            self._need(leading)
            self.y += leading
            self._line(x, self.y, line, size, bold=bold)

    def _need(self, height: float) -> None:
        """Start a continuation page if ``height`` more points do not fit on this one."""
        if self.y + height <= self.height - self.env.bottom:
            return
        ink = self.canvas._fillColorObj  # showPage resets it; a red line stays red
        self.canvas.showPage()
        self.canvas.doForm(CONTINUATION)
        self._page += 1
        self.canvas.setFillColor(GREY)
        self._line(
            self.env.pagesize[0] - self.env.right,
            self.env.letterhead_top,
            f"{self._name} · {self._page}",
            SMALL,
            align="right",
        )
        self.canvas.setFillColor(ink)
        self.y = self._continuation_top

    # -- the letterhead form ---------------------------------------------------------------

    def _define_letterhead(self) -> None:
        shop = self.plan.shop
        self._define_form(LETTERHEAD, return_line=True)
        self._define_form(CONTINUATION, return_line=False)
        lines = len(shop.address_lines[:4])
        self._continuation_top = self.env.letterhead_top + (5.5 + 3.8 * lines + 6) * mm

    def _define_form(self, name: str, *, return_line: bool) -> None:
        env, canvas, shop = self.env, self.canvas, self.plan.shop
        canvas.beginForm(name)
        right = env.pagesize[0] - env.right
        logo = draw_logo(
            canvas,
            shop.logo_path,
            right,
            self.height - env.letterhead_top + 16,
            45 * mm,
            22 * mm,
            align="right",
        )
        room = self.width - (logo + 5 * mm if logo else 0)
        canvas.setFillColor(INK)
        size = self.text.fit_size(shop.name, 17, room, bold=True, smallest=10)
        self._line(
            env.left,
            env.letterhead_top,
            self.text.clip(shop.name, size, room, bold=True),
            size,
            bold=True,
        )
        canvas.setFillColor(GREY)
        y = env.letterhead_top + 5.5 * mm
        for line in shop.address_lines[:4]:
            self._line(env.left, y, self.text.clip(line, SMALL + 0.5, room), SMALL + 0.5)
            y += 3.8 * mm
        if return_line and env.return_line is not None:
            sender = " · ".join((shop.name, *shop.address_lines))
            box = env.return_line
            size = self.text.fit_size(sender, 6.5, box.width, smallest=5)
            self._line(box.x, box.bottom - 2 * mm, self.text.clip(sender, size, box.width), size)
            canvas.setStrokeColor(GREY)
            canvas.setLineWidth(0.3)
            canvas.line(
                box.x,
                self.height - box.bottom + 1 * mm,
                box.x + min(box.width, self.text.width(sender, size)),
                self.height - box.bottom + 1 * mm,
            )
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.4)
        for fold in env.folds:
            canvas.line(3 * mm, self.height - fold, 7 * mm, self.height - fold)
        if env.punch is not None:
            canvas.line(3 * mm, self.height - env.punch, 9 * mm, self.height - env.punch)
        canvas.setFillColor(GREY)
        footer = " · ".join((shop.name, *shop.address_lines))
        self._line(env.left, self.height - 10 * mm, self.text.clip(footer, 7, self.width), 7)
        canvas.endForm()

    # -- one letter ------------------------------------------------------------------------

    def letter(self, letter: LetterData) -> None:
        """One letter, every word of it in the customer's language."""
        with speaking(letter.language):
            self._letter(letter)

    def _letter(self, letter: LetterData) -> None:
        plan, env, canvas = self.plan, self.env, self.canvas
        template = plan.template_for(letter.language)
        values = values_for(plan, letter)

        def say(part: str) -> str:
            return fill(getattr(template, part), values)

        canvas.doForm(LETTERHEAD)
        self._name, self._page = letter.name, 1
        canvas.setFillColor(INK)
        self._address(letter)
        info = env.info
        canvas.setFillColor(GREY)
        self._line(info.x, info.top + 3 * mm, long_date(plan.printed_on, letter.language), 9)
        self._line(
            info.x,
            info.top + 3 * mm + 12,
            _("Card {card}").format(card=letter.card_number),
            9,
        )

        canvas.setFillColor(INK)
        self.y = env.body_top
        self._paragraph(letter.salutation or say("greeting"), 11, bold=True)
        self.y += 3
        self._paragraph(say("intro"))
        self.y += 8
        self._figures(letter, say)
        self._rewards(letter, say)
        if letter.expiring_points > 0 and plan.expiry_date is not None:
            self.y += 4
            canvas.setFillColor(HexColor("#b71c1c"))
            self._paragraph(say("expiring"))
            canvas.setFillColor(INK)
        if letter.birthday:
            self.y += 4
            self._paragraph(say("birthday"))
            if letter.birthday_bonus > 0:
                self._paragraph(say("birthday_bonus_line"))
        if letter.voucher is not None:
            self._voucher(letter, say)
        self.y += 8
        self._paragraph(say("closing"))
        self.y += 4
        self._paragraph(say("signature"), bold=True)
        canvas.showPage()

    def _address(self, letter: LetterData) -> None:
        box = self.env.address
        lines = address_block(letter.name, letter.address_lines)
        leading = min(12.0, box.height / max(len(lines), 1))
        size = min(10.0, leading * 0.82)
        y = box.top
        for index, line in enumerate(lines):
            y += leading
            fitted = self.text.fit_size(line, size, box.width, bold=index == 0, smallest=6)
            value = self.text.clip(line, fitted, box.width, bold=index == 0)
            self._line(box.x, y - leading * 0.2, value, fitted, bold=index == 0)

    def _figures(self, letter: LetterData, say: Callable[[str], str]) -> None:
        canvas, text, env = self.canvas, self.text, self.env
        self._need(30 * mm)
        self._paragraph(say("figures_title"), 10.5, bold=True)
        self.y += 4
        columns = (
            (say("visits_label"), number(letter.visits, letter.language)),
            (say("points_earned_label"), number(letter.points_earned, letter.language)),
            (say("balance_label"), number(letter.balance, letter.language)),
            (say("tier_label"), letter.tier or "—"),
        )
        cell = self.width / len(columns)
        for index, (label, value) in enumerate(columns):
            x = env.left + index * cell
            canvas.setFillColor(GREY)
            self._line(x, self.y + 8, text.clip(label, SMALL, cell - 4), SMALL)
            is_tier = index == len(columns) - 1
            canvas.setFillColor(colour(letter.tier_colour, "#212121") if is_tier else INK)
            size = text.fit_size(value, 16, cell - 4, bold=True, smallest=8)
            self._line(x, self.y + 26, text.clip(value, size, cell - 4, bold=True), size, bold=True)
        self.y += 34
        # Progress to the next tier: a bar in the tier's colour, and one line saying how far.
        track = self.height - self.y - 5
        canvas.setFillColor(LIGHT)
        canvas.roundRect(env.left, track, self.width, 5, 2.5, stroke=0, fill=1)
        fraction = 1.0 if letter.next_tier is None else max(0.0, min(1.0, letter.tier_fraction))
        if fraction > 0:
            canvas.setFillColor(colour(letter.tier_colour))
            canvas.roundRect(
                env.left, track, max(5, self.width * fraction), 5, 2.5, stroke=0, fill=1
            )
        self.y += 5
        canvas.setFillColor(INK)
        self._paragraph(say("progress") if letter.next_tier else say("top_tier"), 9, leading=13)

    def _rewards(self, letter: LetterData, say: Callable[[str], str]) -> None:
        self.y += 8
        self._need(2 * LEADING)
        self._paragraph(say("rewards_title"), 10.5, bold=True)
        if not letter.rewards:
            self._paragraph(say("no_rewards"))
            return
        for reward in letter.rewards:
            cost = ngettext("{n} point", "{n} points", reward.points_cost).format(
                n=number(reward.points_cost, letter.language)
            )
            self._paragraph(
                _("•  {reward} — {cost}").format(reward=reward.name, cost=cost),
                x=self.env.left + 2 * mm,
                width=self.width - 2 * mm,
            )
        if letter.more_rewards:
            self._paragraph(
                ngettext("   … and {n} more", "   … and {n} more", letter.more_rewards).format(
                    n=number(letter.more_rewards, letter.language)
                ),
                x=self.env.left + 2 * mm,
                width=self.width - 2 * mm,
            )

    def _voucher(self, letter: LetterData, say: Callable[[str], str]) -> None:
        canvas, env = self.canvas, self.env
        voucher = letter.voucher
        height = 30 * mm
        self.y += 10
        self._need(height)
        top = self.y
        canvas.saveState()
        canvas.setStrokeColor(GREY)
        canvas.setDash(3, 2)
        canvas.roundRect(env.left, self.height - top - height, self.width, height, 2 * mm)
        canvas.restoreState()
        symbol = code128(voucher.code, height=13 * mm, max_width=70 * mm)
        right = env.left + self.width - 5 * mm
        symbol.drawOn(canvas, right - symbol.width, self.height - top - 19 * mm)
        canvas.setFillColor(INK)
        self._line(
            right - symbol.width / 2,
            top + 25 * mm,
            spaced_code(voucher.code),
            11,
            bold=True,
            align="centre",
            char_space=1,
        )
        text_width = self.width - symbol.width - 12 * mm
        self.y = top + 2 * mm
        self._paragraph(say("voucher_title"), 11, bold=True, x=env.left + 5 * mm, width=text_width)
        self.y += 2
        self._paragraph(say("voucher_note"), 9, leading=12, x=env.left + 5 * mm, width=text_width)
        self.y = top + height


def _build(
    plan: LetterPlan,
    stream: BinaryIO,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> PrintResult:
    if not plan.letters:
        raise InvalidInput(
            _("Nobody gets a letter for {month}; there is nothing to print.").format(
                month=plan.month
            )
        )
    text = TextSetter()
    env = ENVELOPES.get(plan.envelope, ENVELOPES["din5008"])
    canvas = new_canvas(
        stream,
        env.pagesize,
        _("Letters for {month} — {shop}").format(month=plan.month, shop=plan.shop.name),
    )
    writer = _LetterWriter(plan, canvas, text)
    total = len(plan.letters)
    for done, letter in enumerate(plan.letters, start=1):
        writer.letter(letter)
        if done % PROGRESS_EVERY == 0 or done == total:
            if cancelled is not None and cancelled():
                raise PrintCancelled()
            if progress is not None:
                progress(done, total)
    canvas.save()
    return result_of(canvas, text, total)


def write_letters(
    plan: LetterPlan,
    target: PdfTarget,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PrintResult:
    """Every letter of ``plan`` into one PDF at ``target`` (a path, written safely, or a binary
    stream). ``progress(done, total)`` is called every few letters; ``cancelled()`` returning
    True stops the batch (``PrintCancelled``) and leaves no file behind. Does not record the
    letters as sent: that is ``services.letters.record_sent``, once the PDF is kept."""
    return write_pdf(target, lambda stream: _build(plan, stream, progress, cancelled))
