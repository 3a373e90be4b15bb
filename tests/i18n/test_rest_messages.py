"""The last bare messages (field checks, exports, the database copy) read in the reader's
language, with the field's own name placed where the language puts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopkeeper import i18n
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.text import clean_line
from shopkeeper.i18n import _
from shopkeeper.services.customers import create_customer
from shopkeeper.services.export import export_table
from shopkeeper.storage.database import Database


def refusal(tag: str, action) -> str:  # noqa: ANN001
    with i18n.speaking(tag), pytest.raises(InvalidInput) as caught:
        action()
    return str(caught.value)


def test_a_field_with_control_characters_is_named_in_each_language() -> None:
    def check() -> str:
        return clean_line("Ona\x07", field=_("staff name"), max_length=40)

    assert refusal("en", check) == "The staff name contains control characters."
    assert refusal("lt", check) == "Lauke „darbuotojo vardas“ yra valdymo simbolių."
    assert refusal("zh-Hans", check) == "「员工姓名」含有控制字符。"
    assert refusal("zh-Hant", check) == "「員工姓名」含有控制字元。"


def test_a_too_long_name_says_how_long_in_each_language(db: Database) -> None:
    def add() -> object:
        return create_customer(db, name="x" * 121)

    assert refusal("en", add) == "The name is too long (121 characters, at most 120)."
    assert refusal("lt", add).endswith("per ilgas (121 simb., daugiausia 120).")
    assert refusal("zh-Hant", add).endswith("太長（121 個字元，最多 120 個）。")


def test_an_export_to_a_missing_folder_is_refused_in_the_language(
    db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "nowhere" / "klientai.csv"

    def export() -> object:
        return export_table(db, "customers", target)

    assert refusal("en", export) == f"The folder {target.parent} does not exist."
    assert refusal("lt", export) == f"Aplanko {target.parent} nėra."
    assert refusal("zh-Hans", export) == f"文件夹 {target.parent} 不存在。"
    assert not target.parent.exists()
