"""The command line: JSON for scripts, one clear line for mistakes, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from shopkeeper.cli.main import main
from shopkeeper.domain.calendar import local_date
from shopkeeper.storage.database import Database
from tests.services.support import snapshot

REPO = Path(__file__).resolve().parents[2]


class Cli:
    """Runs ``shopkeeper --db PATH ...`` in-process and hands back what a user would see."""

    def __init__(self, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db_path = db_path
        self.capsys = capsys

    def __call__(self, *args: str, code: int = 0) -> str:
        self.capsys.readouterr()
        result = main(["--db", str(self.db_path), *args])
        out, err = self.capsys.readouterr()
        assert result == code, (out, err)
        if code == 0:
            assert err == ""
        self.err = err
        return out

    def json(self, *args: str) -> object:
        return json.loads(self(*args, "--json"))

    def fails(self, *args: str) -> str:
        """A user error: exit 1, one line on stderr starting "error:", nothing changed."""
        before = self.snapshot()
        out = self(*args, code=1)
        assert out == ""
        lines = self.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), self.err
        assert "Traceback" not in self.err
        assert self.snapshot() == before
        return lines[0]

    def snapshot(self) -> dict:
        db = Database.open(self.db_path)
        try:
            return snapshot(db)
        finally:
            db.dispose()


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


@pytest.fixture
def card(cli: Cli) -> str:
    return cli.json("customer", "add", "--name", "Žemaitė Ona", "--phone", "861234567")[
        "card_number"
    ]


def test_customer_add_show_find(cli: Cli) -> None:
    added = cli.json(
        "customer", "add", "--name", "王小明", "--phone", "+86 138 1234 5678",
        "--email", "wang@example.cn", "--birthday", "1990-02-28",
        "--address", "北京市|朝阳区", "--language", "zh", "--letters", "yes",
    )  # fmt: skip
    assert added["card_number"] == "200000016" and added["points_balance"] == 50
    shown = cli.json("customer", "show", added["card_number"])
    assert (shown["card_number"], shown["name"], shown["points_balance"], shown["tier"]) == (
        "200000016",
        "王小明",
        50,
        "Bronze",
    )
    assert (shown["address"], shown["letters_consent"], shown["birthday"]) == (
        "北京市\n朝阳区",
        True,
        "1990-02-28",
    )
    found = cli.json("customer", "find", "小明")
    assert [(h["card_number"], h["name"]) for h in found] == [("200000016", "王小明")]
    human = cli("customer", "show", "200000016")
    assert "王小明  card 200000016  Bronze  50 points" in human
    assert "250 points to Silver" in human
    assert "王小明" in cli("customer", "find", "王")
    assert cli("customer", "find", "nobody") == "No customer matches.\n"


def test_customer_edit_and_archive(cli: Cli, card: str) -> None:
    assert (
        cli.json("customer", "edit", card, "--name", "Ona Žemaitė", "--email", "o@x.lt")["name"]
        == "Ona Žemaitė"
    )
    assert cli.json("customer", "show", card)["email"] == "o@x.lt"
    cli("customer", "edit", card, "--email", "")
    assert cli.json("customer", "show", card)["email"] is None
    assert "archived" in cli("customer", "archive", card)
    assert cli.json("customer", "find", "zemaite") == []
    assert [h["archived"] for h in cli.json("customer", "find", "zemaite", "--archived")] == [True]
    assert "back" in cli("customer", "archive", card, "--undo")
    assert len(cli.json("customer", "find", "zemaite")) == 1


def test_visit_and_a_past_visit(cli: Cli, card: str) -> None:
    booked = cli.json("visit", card, "--amount", "12,50", "--request-id", "till-1")
    assert (booked["points_earned"], booked["points_balance"]) == (12, 62)
    again = cli.json("visit", card, "--amount", "12,50", "--request-id", "till-1")
    assert again["duplicate"] and again["points_balance"] == 62
    # "today" is the shop's: the day its clock put on the booking just made
    today = local_date(datetime.fromisoformat(cli.json("ledger", card)[-1]["at"]))
    past = (today - timedelta(days=10)).isoformat()
    cli.json("visit", card, "--amount", "5", "--at", past)
    entries = cli.json("ledger", card)
    assert [(e["kind"], e["points"]) for e in entries] == [
        ("visit", 5),  # oldest first: the paper-card visit ten days ago
        ("welcome_bonus", 50),
        ("visit", 12),
    ]
    assert local_date(datetime.fromisoformat(entries[0]["at"])).isoformat() == past
    assert all({"points", "kind", "at"} <= set(e) for e in entries)
    human = cli("visit", card, "--amount", "1")
    assert human.startswith("+1 point for Žemaitė Ona · balance 68 · Bronze")


def test_rewards_redeem_ledger_note_month_end(cli: Cli, card: str) -> None:
    rewards = cli.json("rewards")
    assert [(r["name"], r["points_cost"]) for r in rewards][0] == ("Free coffee", 100)
    assert all({"id", "name", "points_cost"} <= set(r) for r in rewards)
    cli("visit", card, "--amount", "60")
    done = cli.json("redeem", card, str(rewards[0]["id"]))
    assert len(done["voucher_code"]) == 10 and done["points_balance"] == 10
    voucher = cli.json("voucher", done["voucher_code"], "--use")
    assert voucher["used_at"] is not None
    assert cli.fails("voucher", done["voucher_code"], "--use").startswith(
        f"error: Voucher {done['voucher_code']} was already used"
    )
    assert [e["kind"] for e in cli.json("ledger", card)][-1] == "redemption"
    note = cli.json("note", card, "Sausas pyragas 🍰", "--problem", "--pin")
    assert (note["kind"], note["pinned"], note["text"]) == ("problem", True, "Sausas pyragas 🍰")
    assert "OPEN PROBLEM" in cli("customer", "show", card)
    cli("resolve", str(note["id"]))
    assert "OPEN PROBLEM" not in cli("customer", "show", card)
    closed = cli.json("month-end", "--month", "2025-01")
    assert closed["month"] == "2025-01" and closed["changed_anything"] is False
    assert cli("month-end").startswith("Month ")


def test_reverse_and_correct(cli: Cli, card: str) -> None:
    booked = cli.json("visit", card, "--amount", "20")
    done = cli.json("reverse", str(booked["visit_id"]), "--reason", "refund")
    assert (done["points_reversed"], done["points_balance"]) == (20, 50)
    assert cli.json("correct", card, "-20", "--reason", "till")["points_balance"] == 30
    assert "already been reversed" in cli.fails("reverse", str(booked["visit_id"]))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("visit", "404", "--amount", "5"), "error: No customer has card number '404'."),
        (("visit", "{card}", "--amount", "0"), "error: The amount must be more than zero."),
        (("visit", "{card}", "--amount", "-5"), "error: The amount cannot be negative."),
        (("visit", "{card}", "--amount", "abc"), "error: 'abc' is not an amount"),
        (
            ("visit", "{card}", "--amount", "1000.01"),
            "error: The amount 1000.01 is over the maximum",
        ),
        (("visit", "{card}", "--amount", "5", "--at", "2999-01-01"), "in the future"),
        (("visit", "{card}", "--amount", "5", "--at", "yesterday"), "is not a date"),
        (("redeem", "{card}", "1"), "error: Not enough points: this needs 100, the balance is 50."),
        (("redeem", "{card}", "x"), "error: The reward id must be a whole number"),
        (("redeem", "{card}", "77"), "error: There is no active reward number 77."),
        (("customer", "add", "--name", " "), "error: The name cannot be empty."),
        (("customer", "add", "--name", "Jonas", "--email", "jonas@"), "not an email address"),
        (("customer", "add", "--name", "Jonas", "--card", "{card}"), "already belongs"),
        (("customer", "add", "--name", "Jonas", "--phone", "+370 612 34567"), "already belongs to"),
        (("customer", "show", "nobody"), "error: No customer has card number 'NOBODY'."),
        (("customer", "edit", "{card}"), "error: Nothing to change"),
        (("customer", "edit", "{card}", "--name", ""), "error: The name cannot be empty."),
        (("ledger", "{card}", "--limit", "0"), "error: --limit must be between 1"),
        (("note", "{card}", " "), "error: The note is empty."),
        (("note", "{card}", "ok", "--score", "11"), "error: A score is a whole number from 0 to"),
        (("month-end", "--month", "2026-13"), "is not a month"),
        (("month-end", "--month", "2999-01"), "has not started yet"),
        (("correct", "{card}", "-51", "--reason", "x"), "Not enough points"),
        (("voucher", "ZZZZ"), "is not a voucher code"),
    ],
)
def test_user_errors_exit_1_with_one_line_and_change_nothing(
    cli: Cli, card: str, args: tuple[str, ...], message: str
) -> None:
    line = cli.fails(*(a.replace("{card}", card) for a in args))
    assert message in line


def test_shopkeeper_db_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("SHOPKEEPER_DB", str(target))
    assert main(["customer", "add", "--name", "Ona", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["card_number"] == "200000016"
    assert target.exists()
    monkeypatch.delenv("SHOPKEEPER_DB")
    assert main(["customer", "show", "200000016"]) == 1  # the default file knows no Ona
    assert "No customer" in capsys.readouterr().err


def test_unexpected_errors_are_logged_not_shown(
    cli: Cli, card: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shopkeeper.services import visits

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(visits, "record_visit", broken)
    cli("visit", card, "--amount", "5", code=3)
    assert cli.err.startswith("error: something unexpected went wrong (KeyError)")
    assert "Traceback" not in cli.err
    log = Path(os.environ["SHOPKEEPER_DATA_DIR"]) / "shopkeeper.log"
    assert "KeyError" in log.read_text()


def test_the_installed_command(tmp_path: Path) -> None:
    env = {**os.environ, "SHOPKEEPER_DB": str(tmp_path / "sub.db"), "PYTHONPATH": str(REPO)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "shopkeeper", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    added = run("customer", "add", "--name", "Žemaitė", "--json")
    assert added.returncode == 0, added.stderr
    card = json.loads(added.stdout)["card_number"]
    booked = run("visit", card, "--amount", "12.50", "--json")
    assert json.loads(booked.stdout)["points_balance"] == 62
    refused = run("visit", card, "--amount", "abc")
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "error: 'abc' is not an amount; type a number such as 12.50."
    ]
    # A reader that goes away before the output comes (`| head -0`) is no error, no crash.
    reader = subprocess.Popen(
        [sys.executable, "-m", "shopkeeper", "ledger", card],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert reader.stdout is not None
    reader.stdout.close()
    assert reader.wait(timeout=60) == 0
    assert reader.stderr is not None
    assert reader.stderr.read() == b""


@pytest.mark.sqlite_only("writes a newer revision into the file with sqlite3")
def test_a_database_from_a_newer_shopkeeper_is_refused(cli: Cli, card: str) -> None:
    import sqlite3

    raw = sqlite3.connect(cli.db_path)
    with raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    line = cli.fails("customer", "show", card)
    assert line.startswith("error: This database was written by a newer version of Shopkeeper")
