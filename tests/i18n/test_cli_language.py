"""The command line speaks ``--lang``, else the environment's language, else the shop's; the
choice is made before the parser is built, so ``--help`` is translated too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopkeeper import i18n
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.main import main
from shopkeeper.services import programme
from shopkeeper.storage.shop_language import stored_shop_language
from tests.cli.test_cli import REPO
from tests.postgres.conftest import pg_databases, pg_server, pg_url  # noqa: F401 - fixtures

ENVIRONMENT = (i18n.ENV_LANG, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def no_language(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A machine whose environment names no language (a Windows till, a bare service)."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as leaving:  # --help
        code = int(leaving.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_in_the_language_asked_for(capsys) -> None:  # noqa: ANN001
    code, out, _err = run(capsys, "--lang", "lt", "--help")
    assert code == 0
    assert "Lojalumo programa mažai parduotuvei. Be komandos atveria langą." in out
    assert "--lang TAG" in out and "pranešimų kalba: en, lt, zh-Hans arba zh-Hant" in out
    code, out, _err = run(capsys, "visit", "--help", "--lang=zh-Hant")
    assert "消費金額，例如 12.50" in out
    code, out, _err = run(capsys, "--help")  # the suite's English
    assert "Loyalty programme for a small shop." in out


def test_the_environment_decides_when_no_option_does(
    tmp_path: Path, capsys, no_language: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    db = str(tmp_path / "shop.db")
    no_language.setenv("LANG", "lt_LT.UTF-8")
    code, _out, err = run(capsys, "--db", db, "customer", "show", "299999999")
    assert code == 1 and err.startswith("klaida: ")
    no_language.setenv("LC_MESSAGES", "zh_TW.UTF-8")
    assert run(capsys, "--db", db, "customer", "show", "299999999")[2].startswith("錯誤：")
    no_language.setenv("LANGUAGE", "zh_CN:en")
    assert run(capsys, "--db", db, "customer", "show", "299999999")[2].startswith("错误：")
    # the option beats the environment
    code, _out, err = run(capsys, "--db", db, "--lang", "en", "customer", "show", "299999999")
    assert err.startswith("error: ")


def test_otherwise_the_shop_speaks(tmp_path: Path, capsys, no_language) -> None:  # noqa: ANN001
    db = str(tmp_path / "shop.db")
    assert run(capsys, "--db", db, "shop", "set", "--language", "zh-Hant")[0] == 0
    code, _out, err = run(capsys, "--db", db, "customer", "show", "299999999")
    assert code == 1 and err.startswith("錯誤：")
    no_language.setenv("SHOPKEEPER_DB", db)  # found the way the command finds it
    assert run(capsys, "customer", "show", "299999999")[2].startswith("錯誤：")
    no_language.setenv("LANG", "C.UTF-8")  # "C" names no language: still the shop's
    assert run(capsys, "customer", "show", "299999999")[2].startswith("錯誤：")


def test_a_new_shop_is_not_created_by_asking_its_language(
    tmp_path: Path, capsys, no_language  # noqa: ANN001
) -> None:
    db = tmp_path / "not-yet.db"
    code, out, _err = run(capsys, "--db", str(db), "--help")
    assert code == 0 and "Loyalty programme" in out  # no shop yet: English
    assert not db.exists()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all")
    assert stored_shop_language(garbage) is None
    assert stored_shop_language("postgresql://nobody:x@127.0.0.1:1/none") is None


def test_an_unknown_language_is_one_clear_line(capsys) -> None:  # noqa: ANN001
    code, out, err = run(capsys, "--lang", "klingon", "rewards")
    assert (code, out) == (1, "")
    assert err == (
        "error: 'klingon' is not a language Shopkeeper speaks; use en, lt, zh-Hans or zh-Hant.\n"
    )


def test_a_shop_on_postgresql_tells_its_language(pg_url: str) -> None:  # noqa: F811
    db = open_database(pg_url, shop_name="Arbatinė")
    try:
        programme.update_shop(db, language="zh-Hans")
    finally:
        db.dispose()
    assert stored_shop_language(pg_url) == "zh-Hans"


def shell(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    return subprocess.run(
        [sys.executable, "-m", "shopkeeper", *args],
        capture_output=True,
        text=True,
        env={**clean, "PYTHONPATH": str(REPO), **env},
        timeout=120,
    )


def test_a_lithuanian_terminal_gets_lithuanian_help_unless_the_tests_pin_english() -> None:
    shown = shell("--help", LANG="lt_LT.UTF-8")
    assert shown.returncode == 0, shown.stderr
    assert "Lojalumo programa mažai parduotuvei." in shown.stdout
    pinned = shell("--help", LANG="lt_LT.UTF-8", SHOPKEEPER_LANG="en")
    assert "Loyalty programme for a small shop." in pinned.stdout
