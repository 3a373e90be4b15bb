"""The catalogs ship complete: every message of the source translated in lt, zh_Hans and
zh_Hant, nothing fuzzy, the .mo files compiled from the .po files; and the tool that keeps them
so refuses a wrong translation before it reaches a catalog."""

from __future__ import annotations

import gettext
import json
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from shopkeeper import i18n
from shopkeeper.tools import catalogs

LT_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);"
)


def test_every_catalog_is_complete_and_compiled() -> None:
    assert catalogs.check() == []


@pytest.mark.parametrize("name", catalogs.CATALOGS)
def test_no_empty_or_fuzzy_entry(name: str) -> None:
    with open(catalogs.po_path(name), "rb") as handle:
        catalog = read_po(handle)
    entries = [m for m in catalog if m.id]
    assert entries, "an empty catalog"
    assert not [m.id for m in entries if m.fuzzy]
    empty = [m.id for m in entries if not all(m.string if m.pluralizable else [m.string])]
    assert empty == []


def test_headers_carry_each_languages_plural_forms() -> None:
    headers = {
        name: catalogs.po_path(name).read_text(encoding="utf-8") for name in catalogs.CATALOGS
    }
    assert LT_PLURALS in headers["lt"].replace('"\n"', "")
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in headers["zh_Hans"]
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in headers["zh_Hant"]
    for name in catalogs.CATALOGS:
        assert f'"Language: {name}\\n"' in headers[name]


def test_every_extracted_message_is_in_each_catalog() -> None:
    source = {catalogs._key(m) for m in catalogs.extract() if m.id}
    assert ("Save language", None) in source  # the extraction sees the marked strings
    assert ("{n} point", None) in source
    assert ("OK", "standard button") in source
    for name in catalogs.CATALOGS:
        with open(catalogs.po_path(name), "rb") as handle:
            present = {catalogs._key(m) for m in read_po(handle) if m.id}
        assert source - present == set(), name


def _tree_with(tmp_path: Path, code: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    shutil.copy(catalogs.CONFIG, tmp_path / "babel.cfg")
    package = tmp_path / "shopkeeper"
    package.mkdir()
    (package / "counter.py").write_text(code, encoding="utf-8")
    return tmp_path


def test_a_message_the_catalogs_lack_fails_the_check(tmp_path: Path) -> None:
    root = _tree_with(
        tmp_path,
        "from shopkeeper.i18n import _, ngettext, pgettext\n"
        "_('Save language')\n"
        "_('A brand new label')\n"
        "ngettext('{n} stamp', '{n} stamps', 3)\n"
        "pgettext('standard button', 'OK')\n",
    )
    problems = catalogs.check(root)
    for name in catalogs.CATALOGS:
        assert f"{name}: missing 'A brand new label'" in problems
        assert f"{name}: missing '{{n}} stamp'" in problems
    assert not [p for p in problems if "Save language" in p or "'OK'" in p]


@pytest.fixture
def scratch_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the catalogs the tool may write to (the real ones stay untouched)."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    monkeypatch.setattr(catalogs, "TEMPLATE", locale / "shopkeeper.pot")
    return tmp_path


def _fragment(folder: Path, name: str, entries: list[dict]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return folder


def _translation(name: str, msgid: str, context: str | None = None) -> object:
    with open(catalogs.po_path(name), "rb") as handle:
        return read_po(handle).get(msgid, context).string


def test_fill_refuses_wrong_placeholders_and_plural_counts(scratch_catalogs: Path) -> None:
    before = {n: catalogs.po_path(n).read_bytes() for n in catalogs.CATALOGS}
    folder = _fragment(
        scratch_catalogs / "fragments",
        "bad.json",
        [
            {"msgid": "{name} saved.", "lt": "{vardas} išsaugotas.", "zh_Hans": "已保存。",
             "zh_Hant": "「{name}」已儲存。"},
            {"msgid": "{n} point", "msgid_plural": "{n} points",
             "lt": ["{n} taškas", "{n} taškai"], "zh_Hans": ["{n} 积分"], "zh_Hant": ["{n} 點"]},
        ],
    )  # fmt: skip
    report = catalogs.fill(folder)
    assert not report.ok
    text = "\n".join(report.problems)
    assert "'{name} saved.' [lt]: placeholders ['vardas'] differ from ['name']" in text
    assert "'{name} saved.' [zh_Hans]: placeholders [] differ from ['name']" in text
    assert "'{n} point' [lt]: 2 plural forms, the language has 3" in text
    assert "zh_Hant" not in text
    assert {n: catalogs.po_path(n).read_bytes() for n in catalogs.CATALOGS} == before


def test_fill_merges_fragments_and_reports_extra_and_conflicts(scratch_catalogs: Path) -> None:
    folder = scratch_catalogs / "fragments"
    _fragment(folder, "a.json", [
        {"msgid": "Language", "lt": "Kalbos", "zh_Hans": "语种", "zh_Hant": "語系"},
        {"msgid": "Not in the source", "lt": "x", "zh_Hans": "x", "zh_Hant": "x"},
    ])  # fmt: skip
    report = catalogs.fill(folder)
    assert report.ok, report.problems
    assert report.extra == ["a.json: 'Not in the source'"]
    assert _translation("lt", "Language") == "Kalbos"
    assert _translation("zh_Hant", "Language") == "語系"
    # a second fragment that says otherwise is refused, not silently chosen
    _fragment(folder, "b.json", [
        {"msgid": "Language", "lt": "Kalba", "zh_Hans": "语种", "zh_Hant": "語系"},
    ])  # fmt: skip
    report = catalogs.fill(folder)
    assert report.problems == ["b.json: 'Language' [lt] differs from a.json's translation"]


def test_update_adds_new_messages_empty_never_fuzzy(scratch_catalogs: Path, tmp_path) -> None:
    root = _tree_with(tmp_path / "src", "from shopkeeper.i18n import _\n_('Save languages')\n")
    template = catalogs.extract(root)
    catalogs.update(template)
    for name in catalogs.CATALOGS:
        with open(catalogs.po_path(name), "rb") as handle:
            catalog = read_po(handle)
        new = catalog.get("Save languages")
        assert new is not None and new.string == "" and not new.fuzzy  # not "Save language"'s
        assert catalog.get("Save language") is None  # gone from the source: dropped
        assert catalog.num_plurals == catalogs.PLURAL_FORMS[name][0]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("lt", "Kalba"), ("zh-Hans", "语言"), ("zh-Hant", "語言"), ("en", "Language")],
)
def test_the_compiled_catalogs_are_what_the_program_reads(tag: str, expected: str) -> None:
    found = gettext.translation(
        i18n.DOMAIN, i18n.LOCALE_DIR, [i18n.catalog_name(tag)], fallback=True
    )
    assert found.gettext("Language") == expected
    with i18n.speaking(tag):
        assert i18n._("Language") == expected
