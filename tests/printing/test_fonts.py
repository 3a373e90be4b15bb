"""The shipped fonts cover the shop's customers' scripts; what they cannot show is visible and
reported, never a silent box."""

from __future__ import annotations

from shopkeeper.printing.fonts import CJK, FONT_FILES, REPLACEMENT, SANS, SANS_BOLD, TextSetter
from shopkeeper.resources import FONTS


def test_fonts_ship_with_their_licences_and_stay_small() -> None:
    files = {p.name: p.stat().st_size for p in FONTS.iterdir()}
    for filename, _index in FONT_FILES.values():
        assert filename in files
    assert "LICENSE-DejaVu.txt" in files
    assert "LICENSE-WenQuanYi-MicroHei.txt" in files
    assert "Apache-2.0.txt" in files
    assert sum(files.values()) < 20 * 1024 * 1024


def test_lithuanian_and_latin_accents_are_set_in_the_latin_font() -> None:
    text = TextSetter()
    sample = "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ Zoë Ångström façade"
    assert text.runs(sample) == ((SANS, sample),)
    assert text.runs(sample, bold=True) == ((SANS_BOLD, sample),)
    assert text.missing == set()


def test_chinese_simplified_and_traditional_go_to_the_chinese_font_in_runs() -> None:
    text = TextSetter()
    runs = text.runs("Ona Žemaitė 王小明 臺灣 陳美玲 Zoë")
    assert runs == (
        (SANS, "Ona Žemaitė "),
        (CJK, "王小明 臺灣 陳美玲 "),
        (SANS, "Zoë"),
    )
    assert "".join(part for _font, part in runs) == "Ona Žemaitė 王小明 臺灣 陳美玲 Zoë"
    assert text.missing == set()


def test_a_character_no_font_has_prints_as_a_visible_replacement_and_is_reported() -> None:
    text = TextSetter()
    runs = text.runs("Cupcake 🧁 and 𓀀")
    assert "".join(part for _font, part in runs) == f"Cupcake {REPLACEMENT} and {REPLACEMENT}"
    assert text.missing == {"🧁", "𓀀"}


def test_invisible_format_characters_are_dropped_not_replaced() -> None:
    text = TextSetter()
    assert "".join(p for _f, p in text.runs("a\u200db\ufe0fc")) == "abc"
    assert text.missing == set()


def test_decomposed_accents_are_composed_first() -> None:
    text = TextSetter()
    assert text.runs("Z\u030cemaite\u0307") == ((SANS, "Žemaitė"),)


def test_wrapping_breaks_at_spaces_and_between_chinese_characters() -> None:
    text = TextSetter()
    lines = text.wrap("Ačiū, kad lankotės pas mus! 我们非常感谢您的光临，欢迎再来。", 10, 100)
    assert len(lines) > 2
    assert all(text.width(line, 10) <= 100 for line in lines)
    expected = "Ačiū,kadlankotėspasmus!我们非常感谢您的光临，欢迎再来。"
    assert "".join(lines).replace(" ", "") == expected


def test_a_word_longer_than_the_line_is_cut_rather_than_overflowing() -> None:
    text = TextSetter()
    lines = text.wrap("Pneumonoultramicroscopicsilicovolcanoconiosis", 10, 60)
    assert len(lines) > 1
    assert all(text.width(line, 10) <= 60 for line in lines)
    assert "".join(lines) == "Pneumonoultramicroscopicsilicovolcanoconiosis"
