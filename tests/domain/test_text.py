"""Search keys: case-, accent- and width-insensitive; Chinese kept; short CJK fragments indexed."""

import pytest

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.text import clean_line, clean_text, digits_only, search_key, search_tokens


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Žemaitė", "zemaite"),
        ("ŽEMAITĖ", "zemaite"),
        ("Ąžuolas Ūsas", "azuolas usas"),
        ("Łukasz  Wójcik", "lukasz wojcik"),
        ("Zoë", "zoe"),
        ("Straße", "strasse"),
        ("ＺＥＭＡＩＴＥ", "zemaite"),  # full-width Latin
        ("王小明", "王小明"),
        ("王　小明", "王 小明"),  # ideographic space folds to a plain one
        ("  Ona \t Jonaitienė  ", "ona jonaitiene"),
    ],
)
def test_search_key_folds_case_accents_and_width(name: str, key: str) -> None:
    assert search_key(name) == key


def test_decomposed_and_composed_forms_give_the_same_key() -> None:
    composed = "\u017demait\u0117"
    decomposed = "Z\u030cemaite\u0307"
    assert search_key(composed) == search_key(decomposed) == "zemaite"


def test_cjk_tokens_hold_every_character_and_pair() -> None:
    tokens = search_tokens(search_key("王小明"))
    assert {"王", "小", "明", "王小", "小明", "王小明"} <= tokens
    assert "王明" not in tokens


def test_latin_tokens_are_the_words() -> None:
    assert search_tokens("ona jonaitiene") == {"ona", "jonaitiene"}


def test_mixed_script_name_indexes_the_cjk_run_inside_a_word() -> None:
    tokens = search_tokens(search_key("Anna李娜"))
    assert {"anna李娜", "李", "娜", "李娜"} <= tokens


def test_digits_only_ignores_punctuation_and_folds_full_width() -> None:
    assert digits_only("+370 (612) 34-567") == "37061234567"
    assert digits_only("０９１２") == "0912"
    assert digits_only("٣٤٥") == ""  # other scripts' digits are not phone digits


def test_clean_line_strips_and_refuses_control_characters_and_length() -> None:
    assert clean_line("  Ona  ", field="name", max_length=10) == "Ona"
    with pytest.raises(InvalidInput, match="control characters"):
        clean_line("On\x00a", field="name", max_length=10)
    with pytest.raises(InvalidInput, match="name is too long"):
        clean_line("x" * 11, field="name", max_length=10)


def test_clean_text_keeps_lines_and_normalises_line_ends() -> None:
    assert clean_text("a\r\nb\rc", field="note", max_length=10) == "a\nb\nc"
    with pytest.raises(InvalidInput, match="control characters"):
        clean_text("a\x07b", field="note", max_length=10)
