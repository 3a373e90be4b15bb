"""``shopkeeper shop init``: the first-run welcome's choices without a window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_shop_settings import InProcess, shell

pytestmark = pytest.mark.sqlite_only("a new shop is a new SQLite file")


@pytest.fixture
def run(tmp_path: Path, capsys, monkeypatch) -> InProcess:  # noqa: ANN001
    return InProcess(tmp_path, capsys, monkeypatch)


def refused_in_one_line(done, start: str) -> None:  # noqa: ANN001
    assert done.returncode == 1, done
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(start), done.stderr


def test_init_takes_the_machines_locale_and_the_shop_shows_it(
    tmp_path: Path, run: InProcess
) -> None:
    done = run(tmp_path, "shop", "init", "--name", "茶館", "--json", lang="zh_TW.UTF-8")
    assert done.returncode == 0, done.stderr
    started = json.loads(done.stdout)
    assert (started["name"], started["country"], started["currency"], started["language"]) == (
        "茶館", "TW", "TWD", "zh-Hant",
    )  # fmt: skip
    assert started["database"] == str(run.db) and started["created"] is False
    assert started["how"] == "cli" and started["backup_folder"].endswith("backups")
    shown = json.loads(run(tmp_path, "shop", "show", "--json").stdout)
    assert shown["shop_id"] == started["shop_id"] and shown["currency"] == "TWD"


def test_init_twice_is_refused_unless_forced_and_never_over_customers(
    tmp_path: Path, run: InProcess
) -> None:
    first = run(
        tmp_path, "shop", "init", "--name", "Kepyklėlė", "--country", "LT", "--currency", "EUR",
        "--language", "lt",
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == "The shop Kepyklėlė is set up (LT, EUR, lt)."
    assert first.stdout.splitlines()[1] == f"  Its data: {run.db}"
    again = run(tmp_path, "shop", "init", "--name", "Other")
    refused_in_one_line(again, "error: The shop Kepyklėlė was already set up on ")
    assert "--force" in again.stderr
    assert json.loads(run(tmp_path, "shop", "show", "--json").stdout)["name"] == "Kepyklėlė"
    # forced, without customers: set up again (a currency left out follows the country)
    forced = run(tmp_path, "shop", "init", "--name", "Tea Room", "--country", "GB", "--force")
    assert forced.returncode == 0, forced.stderr
    shown = json.loads(run(tmp_path, "shop", "show", "--json").stdout)
    assert (shown["name"], shown["country"], shown["currency"]) == ("Tea Room", "GB", "GBP")
    # with a customer, never again, forced or not
    added = run(tmp_path, "customer", "add", "--name", "Ona Žemaitė", "--json")
    assert added.returncode == 0, added.stderr
    for extra in ((), ("--force",)):
        refused = run(tmp_path, "shop", "init", "--name", "New", *extra)
        refused_in_one_line(refused, "error: The shop Tea Room already has 1 customer")
    assert json.loads(run(tmp_path, "shop", "show", "--json").stdout)["name"] == "Tea Room"
    found = json.loads(run(tmp_path, "customer", "find", "Ona", "--json").stdout)
    assert [c["name"] for c in found] == ["Ona Žemaitė"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--country", "XX"), "error: 'XX' is not a country code"),
        (("--currency", "EURO"), "error: 'EURO' is not a currency code"),
        (("--language", "klingon"), "error: 'klingon' is not a language"),
        (("--name", ""), "error: The shop needs a name."),
        ((), "error: Give the shop's name: --name NAME."),
    ],
)
def test_a_wrong_value_is_one_line_and_creates_nothing(
    tmp_path: Path, run: InProcess, args: tuple[str, ...], message: str
) -> None:
    name = () if "--name" in args or not args else ("--name", "Tea")
    refused_in_one_line(run(tmp_path, "shop", "init", *name, *args), message)
    assert not run.db.exists()


def test_the_real_command_sets_a_shop_up(tmp_path: Path) -> None:
    done = shell(tmp_path, "shop", "init", "--name", "Arbata", "--json", lang="C")
    assert done.returncode == 0, done.stderr
    started = json.loads(done.stdout)
    assert (started["country"], started["currency"], started["language"]) == ("LT", "EUR", "en")
    assert Path(started["database"]) == tmp_path / "shop.db"
    again = shell(tmp_path, "shop", "init", "--name", "Arbata")
    assert again.returncode == 1 and again.stderr.startswith("error: The shop Arbata was")
