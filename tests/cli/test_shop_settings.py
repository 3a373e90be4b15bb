"""``shopkeeper shop`` and ``shopkeeper programme`` through the real command, and a new shop
that takes its country from the machine (a Chinese teahouse keeps its national numbers)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from shopkeeper.cli.main import main
from tests.cli.test_cli import REPO


def shell(tmp_path: Path, *args: str, lang: str = "lt_LT.UTF-8") -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")
    }
    env.pop("SHOPKEEPER_LOCALE", None)
    env.update(
        PYTHONPATH=str(REPO),
        LANG=lang,
        SHOPKEEPER_DB=str(tmp_path / "shop.db"),
        SHOPKEEPER_DATA_DIR=str(tmp_path / "data"),
    )
    return subprocess.run(
        [sys.executable, "-m", "shopkeeper", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_chinese_machine_makes_a_chinese_shop(tmp_path: Path) -> None:
    shown = shell(tmp_path, "shop", "show", "--json", lang="zh_CN.UTF-8")
    assert shown.returncode == 0, shown.stderr
    shop = json.loads(shown.stdout)
    assert (shop["country"], shop["currency"], shop["language"]) == ("CN", "CNY", "zh-Hans")
    assert uuid.UUID(shop["shop_id"]) and shop["name"] == "My Shop"
    # a national mobile number is read as Chinese, not refused as Lithuanian
    added = shell(tmp_path, "customer", "add", "--name", "王小明", "--phone", "13800138003")
    assert added.returncode == 0, added.stderr
    found = json.loads(shell(tmp_path, "customer", "find", "王小明", "--json").stdout)
    assert found[0]["phone"] == "+86 138 0013 8003"


class InProcess:
    """``main`` in this process, with the locale of a machine: the same code, no Python start."""

    def __init__(self, tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
        self.db, self.capsys, self.monkeypatch = tmp_path / "shop.db", capsys, monkeypatch

    def __call__(self, tmp_path: Path, *args: str, lang: str = "lt_LT.UTF-8"):  # noqa: ANN204
        for name in ("SHOPKEEPER_LOCALE", "LC_ALL", "LC_MESSAGES"):
            self.monkeypatch.delenv(name, raising=False)
        self.monkeypatch.setenv("LANG", lang)
        self.capsys.readouterr()
        code = main(["--db", str(self.db), *args])
        out, err = self.capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)


@pytest.fixture
def run(tmp_path: Path, capsys, monkeypatch) -> InProcess:  # noqa: ANN001
    return InProcess(tmp_path, capsys, monkeypatch)


def test_shop_set_changes_and_checks_and_keeps_the_id(tmp_path: Path, run: InProcess) -> None:
    shell = run
    first = json.loads(shell(tmp_path, "shop", "show", "--json", lang="zh_TW.UTF-8").stdout)
    assert (first["country"], first["currency"], first["language"]) == ("TW", "TWD", "zh-Hant")
    changed = shell(
        tmp_path, "shop", "set", "--country", "gb", "--currency", "gbp", "--language", "en",
        "--name", "The Tea Room", "--json",
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert json.loads(changed.stdout) == {
        "name": "The Tea Room",
        "address": "",
        "country": "GB",
        "currency": "GBP",
        "language": "en",
        "shop_id": first["shop_id"],  # the id never changes
        "card_pattern": "",  # cards brought from an earlier system: none yet
    }
    for args, message in (
        (("--country", "XX"), "error: 'XX' is not a country code"),
        (("--currency", "EURO"), "error: 'EURO' is not a currency code"),
        (("--language", "klingon"), "error: 'klingon' is not a language"),
        ((), "error: Nothing to change"),
    ):
        refused = shell(tmp_path, "shop", "set", *args)
        assert refused.returncode == 1 and refused.stderr.startswith(message), refused.stderr
        assert len(refused.stderr.splitlines()) == 1
    again = json.loads(shell(tmp_path, "shop", "show", "--json").stdout)
    assert again == json.loads(changed.stdout)  # the refusals changed nothing
    assert "The Tea Room  (GB, GBP, en)" in shell(tmp_path, "shop", "show").stdout


def test_programme_show_and_set(tmp_path: Path, run: InProcess) -> None:
    shell = run
    shown = json.loads(shell(tmp_path, "programme", "show", "--json").stdout)
    rules = (shown["expiry_months"], shown["points_per_unit"], shown["rounding"])
    assert rules == (12, "1", "down") and len(shown["changes"]) == 1
    done = shell(
        tmp_path, "programme", "set", "--expiry-months", "24", "--points-per-unit", "1.5",
        "--rounding", "nearest", "--by", "Rūta", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["expiry_months"] == 24
    shown = json.loads(shell(tmp_path, "programme", "show", "--json").stdout)
    assert (shown["expiry_months"], shown["points_per_unit"], shown["rounding"]) == (
        24,
        "1.5",
        "nearest",
    )
    last = shown["changes"][-1]
    assert last["changed_by"] == "Rūta"
    assert last["changed"] == ["points_per_unit", "rounding", "expiry_months"]
    assert last["rules"]["expiry_months"] == 24
    for args in (("--expiry-months", "-1"), ("--points-per-unit", "many"), ()):
        refused = shell(tmp_path, "programme", "set", *args)
        assert refused.returncode == 1 and refused.stderr.startswith("error: "), refused.stderr
    text = shell(tmp_path, "programme", "show").stdout
    assert "Points expire 24 months after they are earned" in text
    assert "by Rūta: points_per_unit, rounding, expiry_months" in text
