"""Embedded fonts and text setting for every printed page.

ReportLab does no font fallback and its standard fonts are Latin-1 only, so every piece of text is
split into runs: each character goes to the first font of the chain that has a glyph for it
(DejaVu Sans for Latin, Lithuanian, Greek, Cyrillic; WenQuanYi Micro Hei for Chinese, simplified
and traditional). A character no font has is printed as U+FFFD "�" and added to
``TextSetter.missing`` so the caller can tell the user; it never becomes a silent empty box.

Both fonts are TrueType-outline and shipped in ``shopkeeper/resources/fonts`` with their licences;
ReportLab embeds a subset of each in the PDF.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from shopkeeper.domain.text import is_cjk
from shopkeeper.resources import FONTS

SANS = "ShopkeeperSans"
SANS_BOLD = "ShopkeeperSans-Bold"
CJK = "ShopkeeperCJK"
FONT_FILES = {
    SANS: ("DejaVuSans.ttf", 0),
    SANS_BOLD: ("DejaVuSans-Bold.ttf", 0),
    CJK: ("wqy-microhei.ttc", 0),
}
REPLACEMENT = "\ufffd"
RUNS_CACHE = 2048  # labels and template texts repeat on every letter
_CHAINS = {False: (SANS, CJK), True: (SANS_BOLD, CJK)}

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


def register_fonts() -> dict[str, frozenset[int]]:
    """Register the shipped fonts with ReportLab once per process; returns each font's coverage
    (the code points it has glyphs for)."""
    if _coverage:
        return _coverage
    with _lock:
        if not _coverage:
            for name, (filename, index) in FONT_FILES.items():
                path = FONTS / filename
                if not path.is_file():
                    raise FileNotFoundError(f"The font {path} is missing from the installation.")
                font = TTFont(name, str(path), subfontIndex=index)
                pdfmetrics.registerFont(font)
                _coverage[name] = frozenset(font.face.charToGlyph)
    return _coverage


def _ignorable(ch: str) -> bool:
    """Format characters with no glyph by design (zero-width joiner, variation selectors...)."""
    return unicodedata.category(ch) == "Cf" or 0xFE00 <= ord(ch) <= 0xFE0F


def clean(text: str) -> str:
    """NFC (so "e" + combining dot becomes "ė", a glyph the font has), tabs and line breaks as
    spaces, invisible format characters dropped."""
    text = unicodedata.normalize("NFC", text)
    return "".join(" " if ch in "\t\r\n" else ch for ch in text if not _ignorable(ch))


class TextSetter:
    """Measures, wraps and draws text in the font chain; remembers what it could not set.

    One per document: ``missing`` then lists the characters of that document printed as "�".
    """

    def __init__(self) -> None:
        coverage = register_fonts()
        self._chains = {
            bold: tuple((name, coverage[name]) for name in chain) for bold, chain in _CHAINS.items()
        }
        self._font_of: dict[tuple[str, bool], str | None] = {}
        self._runs: dict[tuple[str, bool], tuple[tuple[str, str], ...]] = {}
        self._wraps: dict[tuple[str, float, float, bool], tuple[str, ...]] = {}
        self._faces = {name: pdfmetrics.getFont(name) for name in FONT_FILES}
        self.missing: set[str] = set()

    def _font_for(self, ch: str, bold: bool) -> str | None:
        key = (ch, bold)
        try:
            return self._font_of[key]
        except KeyError:
            pass
        code = ord(ch)
        font = next((name for name, cover in self._chains[bold] if code in cover), None)
        self._font_of[key] = font
        return font

    def runs(self, text: str, bold: bool = False) -> tuple[tuple[str, str], ...]:
        """``text`` as (font, text) runs; uncovered characters become "�" (and are recorded)."""
        key = (text, bold)
        cached = self._runs.get(key)
        if cached is not None:
            return cached
        out: list[tuple[str, str]] = []
        current: str | None = None
        buffer: list[str] = []
        for ch in clean(text):
            font = self._font_for(ch, bold)
            if font is None:
                self.missing.add(ch)
                ch, font = REPLACEMENT, self._chains[bold][0][0]
            elif ch == " " and current is not None:
                font = current  # a space never splits a run
            if font != current and buffer:
                out.append((current, "".join(buffer)))
                buffer = []
            current = font
            buffer.append(ch)
        if buffer:
            out.append((current, "".join(buffer)))
        result = tuple(out)
        if len(self._runs) >= RUNS_CACHE:  # names and figures rarely repeat: keep memory flat
            self._runs.clear()
        self._runs[key] = result
        return result

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return sum(
            self._faces[font].stringWidth(part, size) for font, part in self.runs(text, bold)
        )

    def draw(
        self,
        canvas: Canvas,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "left",
        char_space: float = 0,
    ) -> float:
        """Draw one line at baseline ``y``; returns its width. ``align`` left, right or centre
        (around ``x``)."""
        runs = self.runs(text, bold)
        if not runs:
            return 0.0
        width = sum(self._faces[font].stringWidth(part, size) for font, part in runs)
        if char_space:
            width += char_space * sum(len(part) for _font, part in runs)
        if align == "right":
            x -= width
        elif align == "centre":
            x -= width / 2
        fake_bold = bold and any(font == CJK for font, _part in runs)
        if fake_bold:
            # The Chinese font has no bold face: outline its glyphs in the text colour instead.
            canvas.saveState()
            canvas.setStrokeColor(canvas._fillColorObj)
            canvas.setLineWidth(size * 0.035)
        text_object = canvas.beginText(x, y)
        if char_space:
            text_object.setCharSpace(char_space)
        for font, part in runs:
            text_object.setFont(font, size)
            if fake_bold:
                text_object.setTextRenderMode(2 if font == CJK else 0)
            text_object.textOut(part)
        if char_space:
            text_object.setCharSpace(0)  # Tc is graphics state: it would outlive this line
        canvas.drawText(text_object)
        if fake_bold:
            canvas.restoreState()
        return width

    def fit_size(
        self, text: str, size: float, max_width: float, *, bold: bool = False, smallest: float = 6
    ) -> float:
        """The largest size up to ``size`` at which ``text`` fits ``max_width`` (at least
        ``smallest``)."""
        width = self.width(text, size, bold)
        if width <= max_width:
            return size
        return max(smallest, size * max_width / width * 0.999)  # 0.999: no rounding overflow

    def clip(self, text: str, size: float, max_width: float, *, bold: bool = False) -> str:
        """``text`` cut with "…" so it fits ``max_width`` at ``size``."""
        if self.width(text, size, bold) <= max_width:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width(text[:middle].rstrip() + "…", size, bold) <= max_width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    def wrap(self, text: str, size: float, max_width: float, *, bold: bool = False) -> list[str]:
        """Break ``text`` into lines no wider than ``max_width``: at spaces, between Chinese
        characters, and inside a word only when the word alone is too long. Explicit line
        breaks are kept."""
        key = (text, size, max_width, bold)
        cached = self._wraps.get(key)
        if cached is not None:
            return list(cached)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines.extend(self._wrap_paragraph(paragraph, size, max_width, bold))
        if len(self._wraps) >= RUNS_CACHE:
            self._wraps.clear()
        self._wraps[key] = tuple(lines)
        return lines

    def _wrap_paragraph(self, text: str, size: float, max_width: float, bold: bool) -> list[str]:
        # Widths add up (ReportLab applies no kerning), so each piece is measured once.
        lines: list[str] = []
        line, width = "", 0.0
        for unit in _break_units(text):
            unit_width = self.width(unit, size, bold)
            if line and width + unit_width <= max_width:
                line, width = line + unit, width + unit_width
                continue
            if line:
                lines.append(line.rstrip())
                unit = unit.lstrip()
                unit_width = self.width(unit, size, bold)
            line, width = unit, unit_width
            # A single word wider than the line is cut where it must be.
            while len(line) > 1 and self.width(line.rstrip(), size, bold) > max_width:
                cut = len(line) - 1
                while cut > 1 and self.width(line[:cut], size, bold) > max_width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
                width = self.width(line, size, bold)
        if line.strip() or not lines:
            lines.append(line.rstrip())
        return lines


# Kinsoku (Chinese and Japanese line-breaking rules): punctuation that never begins a line
# stays with the character before it, and an opening bracket or quote stays with what follows.
NO_LINE_START = frozenset(
    "。，、：；！？）」』》〉】〕〗〙〛｝］〞’”…‥・·‧ー々〻"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞％"
    ",.:;!?)]}%"
)
NO_LINE_END = frozenset("（「『《〈【〔〖〘〚｛［〝‘“([{")


def _breaks_between(ch: str) -> bool:
    """A character a line may break before and after, as between Chinese characters: Han,
    kana, hangul, CJK punctuation and the full-width forms (，！？：；（）)."""
    return is_cjk(ch) or 0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF


def _raw_units(text: str) -> Iterable[str]:
    """A word with its trailing spaces, or one character of a script without spaces."""
    unit = ""
    for ch in text:
        if _breaks_between(ch):
            if unit:
                yield unit
            yield ch
            unit = ""
        elif ch == " ":
            unit += ch
        else:
            if unit.endswith(" "):
                yield unit
                unit = ""
            unit += ch
    if unit:
        yield unit


def _break_units(text: str) -> Iterable[str]:
    """Pieces a line may break after: words and CJK characters, kept together where the
    kinsoku rules forbid a break (``王小明：`` never leaves "：" to start the next line)."""
    units: list[str] = []
    opening = ""
    for unit in _raw_units(text):
        if opening:
            unit, opening = opening + unit, ""
        if units and unit[0] in NO_LINE_START and not units[-1].endswith(" "):
            units[-1] += unit
            continue
        if len(unit) == 1 and unit in NO_LINE_END:
            opening = unit
            continue
        units.append(unit)
    if opening:
        units.append(opening)
    return units


def embedded_fonts() -> dict[str, str]:
    """The font names used in PDFs and the files they come from (for the about box and tests)."""
    return {name: filename for name, (filename, _index) in FONT_FILES.items()}
