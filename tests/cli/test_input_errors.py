"""Exit 3 is for bugs: every input a person can type or a script can pass gives one clear line
and exit 1, and changes nothing. Bytes that are not UTF-8 go through the real command (a
subprocess, as a shell passes them); the rest through ``main`` in-process, which is the same
code without a Python start per line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shopkeeper.cli.main import main
from tests.cli.test_cli import REPO


class Shell:
    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.db = tmp_path / "shop.db"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "SHOPKEEPER_DB": str(self.db),
            "SHOPKEEPER_DATA_DIR": str(tmp_path / "data"),
        }

    def run(self, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
        if any(isinstance(arg, bytes) for arg in args):
            return subprocess.run(
                [sys.executable, "-m", "shopkeeper", *args],
                capture_output=True,
                env=self.env,
                timeout=120,
            )
        self.capsys.readouterr()
        code = main(["--db", str(self.db), *args])
        out, err = self.capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.encode(), err.encode())

    def ok(self, *args: str) -> object:
        done = self.run(*args, "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def refuses(self, *args: str | bytes) -> str:
        before = _contents(self.db) if self.db.exists() else None
        done = self.run(*args)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 1, err
        assert done.stdout == b""
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), err
        assert "unexpected" not in err
        if before is not None:
            assert _contents(self.db) == before
        return lines[0]


@pytest.fixture
def shell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Shell:
    return Shell(tmp_path, capsys)


def test_arguments_that_are_not_utf8(shell: Shell) -> None:
    card = shell.ok("customer", "add", "--name", "Ona")["card_number"]
    line = shell.refuses("customer", "add", "--name", b"Ona \xff\xfe")
    assert line.startswith("error: Argument 4 ('Ona ") and "is not valid UTF-8" in line
    shell.refuses("note", card, b"\xc3(")
    assert shell.ok("customer", "find", "Ona")[0]["name"] == "Ona"


def test_ids_past_the_databases_integers(shell: Shell) -> None:
    card = shell.ok("customer", "add", "--name", "Ona")["card_number"]
    past = str(2**63)
    assert shell.refuses("reverse", past) == (
        "error: The visit id must be between -9223372036854775807 and 9223372036854775807."
    )
    shell.refuses("redeem", card, past)
    shell.refuses("resolve", "9" * 30)
    shell.refuses("ledger", card, "--limit", past)
    shell.refuses("correct", card, past, "--reason", "typo")


def test_dates_and_months_out_of_the_calendar(shell: Shell) -> None:
    card = shell.ok("customer", "add", "--name", "Ona")["card_number"]
    assert shell.refuses("visit", card, "--amount", "5", "--at", "0001-01-01") == (
        "error: 0001-01-01: the year must be between 1000 and 9998."
    )
    assert shell.refuses("month-end", "--month", "0000-01") == (
        "error: 0000-01: the year must be between 1000 and 9998."
    )
    shell.refuses("month-end", "--month", "9999-12")
    assert shell.refuses("visit", card, "--amount", "5", "--at", "1999-12-31") == (
        "error: 1999-12-31 is before 2000-01-01; check the date."
    )
    shell.refuses("visit", card, "--amount", "5", "--at", "9000-01-01")
    shell.refuses("report", "summary", "--from", "0001-01-01")
    shell.refuses("print", "letters", "--month", "0000-01", "--out", str(shell.db) + ".pdf")


def test_db_that_cannot_be_a_database(shell: Shell, tmp_path: Path) -> None:
    assert shell.refuses("--db", str(tmp_path), "customer", "find", "x") == (
        f"error: {tmp_path} is a folder; give the database file's name."
    )
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    line = shell.refuses("--db", str(a_file / "shop.db"), "customer", "find", "x")
    assert line.startswith(f"error: The database cannot be created at {a_file / 'shop.db'}")
    assert shell.refuses("--db", "/proc/shop.db", "customer", "find", "x") == (
        "error: The database /proc/shop.db cannot be opened: unable to open database file."
    )
    assert shell.refuses("--db", "foo://bar", "customer", "find", "x") == (
        "error: Unknown database URL scheme 'foo'; give a file path or a "
        "postgresql+psycopg://... URL."
    )


def test_copies_into_a_place_that_cannot_hold_a_file(shell: Shell) -> None:
    shell.ok("customer", "add", "--name", "Ona")
    assert shell.refuses("export", "database", "--out", "/proc/copy.db") == (
        "error: Could not write /proc/copy.db: No such file or directory."
    )
    shell.refuses("backup", "--out", "/proc/copy.db")


def _contents(path: Path) -> list[str]:
    """Every row of the shop as SQL: what a refused command must leave unchanged. (The file's
    bytes may change without a change of data: closing the last connection folds the WAL in.)"""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()
