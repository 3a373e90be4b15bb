"""``shopkeeper staff ...`` and ``--as NAME``: identities on the command line, and the PIN that is
never stored, printed or logged in clear."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlmodel import select

from shopkeeper import settings
from shopkeeper.bootstrap import configure_logging
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database
from tests.cli.test_cli import Cli
from tests.conftest import ON_POSTGRES

OWNER_PIN = "73915064"
STAFF_PIN = "24680135"  # 8 digits: a 4-digit PIN turns up by chance in stored hashes


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


@pytest.fixture
def shop(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> str:
    """A two-person shop: Asta (owner) and Rasa (staff), and one customer."""
    card = cli.json("customer", "add", "--name", "Jonas")["card_number"]
    cli("staff", "add", "--name", "Asta", "--role", "owner", "--pin", OWNER_PIN)
    monkeypatch.setenv("SHOPKEEPER_PIN", OWNER_PIN)
    cli("--as", "Asta", "staff", "add", "--name", "Rasa", "--role", "staff", "--pin", STAFF_PIN)
    monkeypatch.delenv("SHOPKEEPER_PIN")
    return card


def test_changes_need_an_identity_and_reading_does_not(cli: Cli, shop: str) -> None:
    line = cli.fails("visit", shop, "--amount", "12.00")
    assert line.startswith("error: Who is at the till?")
    cli.fails("note", shop, "likes rye")
    cli.fails("customer", "add", "--name", "Ona")
    cli.fails("staff", "add", "--name", "Mantas", "--role", "staff", "--pin", "1234")
    assert cli.json("customer", "show", shop)["points_balance"] == 50
    assert [p["name"] for p in cli.json("staff", "list")] == ["Asta", "Rasa"]


def test_as_with_the_pin_from_the_environment(
    cli: Cli, shop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPKEEPER_PIN", STAFF_PIN)
    booked = cli.json("--as", "Rasa", "visit", shop, "--amount", "12.00")
    assert booked["staff"] == "Rasa"
    note = cli.json("--as", "rasa", "note", shop, "likes rye")
    assert note["staff"] == "Rasa"
    corrected = cli.json("--as", "Rasa", "correct", shop, "5", "--reason", "paper card")
    assert corrected == {"points_balance": 67, "staff": "Rasa"}
    added = cli.json("--as", "Rasa", "customer", "add", "--name", "Ona")
    assert added["staff"] == "Rasa"
    edited = cli.json("--as", "Rasa", "customer", "edit", added["card_number"], "--email",
                      "ona@example.lt")
    assert edited["staff"] == "Rasa"
    db = Database.open(cli.db_path)
    try:
        with db.read() as session:
            stored = session.exec(
                select(t.LedgerEntry.kind, t.LedgerEntry.staff).where(
                    t.LedgerEntry.kind.in_(["visit", "correction"])
                )
            ).all()
    finally:
        db.dispose()
    assert sorted(stored) == [("correction", "Rasa"), ("visit", "Rasa")]
    # the owner-only work is refused with the role named, and nothing changes
    line = cli.fails("--as", "Rasa", "month-end")
    assert line == "error: Only an owner may run month-end; Rasa is a staff member."
    line = cli.fails("--as", "Rasa", "correct", shop, "500", "--reason", "gift")
    assert "Only an owner may make a large points correction" in line
    cli.fails("--as", "Rasa", "staff", "set", "Rasa", "--role", "owner")
    monkeypatch.setenv("SHOPKEEPER_PIN", OWNER_PIN)
    assert cli.json("--as", "Asta", "correct", shop, "500", "--reason", "gift")["staff"] == "Asta"


def test_a_shop_without_staff_answers_staff_null(cli: Cli) -> None:
    card = cli.json("customer", "add", "--name", "Jonas")
    assert card["staff"] is None
    assert cli.json("visit", card["card_number"], "--amount", "3.00")["staff"] is None
    assert "No staff" in cli("staff", "list")


def test_wrong_pins_lock_and_the_owner_unlocks(
    cli: Cli, shop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPKEEPER_PIN", "0000")
    for _ in range(4):
        cli("--as", "Rasa", "visit", shop, "--amount", "1.00", code=1)
        assert "Wrong name or PIN for Rasa" in cli.err
    cli("--as", "Rasa", "visit", shop, "--amount", "1.00", code=1)
    assert "Rasa is locked after too many wrong PINs until" in cli.err
    monkeypatch.setenv("SHOPKEEPER_PIN", STAFF_PIN)
    cli("--as", "Rasa", "visit", shop, "--amount", "1.00", code=1)
    assert "locked" in cli.err
    monkeypatch.setenv("SHOPKEEPER_PIN", OWNER_PIN)
    cli.fails("--as", "Asta", "staff", "unlock", "Nobody")
    assert "Rasa is unlocked." in cli("--as", "Asta", "staff", "unlock", "Rasa")
    monkeypatch.setenv("SHOPKEEPER_PIN", STAFF_PIN)
    assert cli.json("--as", "Rasa", "visit", shop, "--amount", "1.00")["staff"] == "Rasa"


def test_the_pin_is_asked_without_echo_when_not_in_the_environment(
    cli: Cli, shop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = []

    def getpass(prompt: str) -> str:
        asked.append(prompt)
        return STAFF_PIN

    monkeypatch.setattr("shopkeeper.cli.staff.getpass.getpass", getpass)
    assert cli.json("--as", "Rasa", "visit", shop, "--amount", "2.00")["staff"] == "Rasa"
    assert asked == ["PIN for Rasa: "]


def test_staff_set_changes_role_and_active(
    cli: Cli, shop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPKEEPER_PIN", OWNER_PIN)
    cli.fails("--as", "Asta", "staff", "set", "Asta", "--active", "no")
    cli("--as", "Asta", "staff", "set", "Rasa", "--role", "owner")
    cli("--as", "Asta", "staff", "set", "Asta", "--active", "no")
    listed = {p["name"]: (p["role"], p["active"]) for p in cli.json("staff", "list")}
    assert listed == {"Asta": ("owner", False), "Rasa": ("owner", True)}
    line = cli.fails("--as", "Asta", "visit", shop, "--amount", "1.00")
    assert "No active staff member is called 'Asta'" in line


def test_the_pin_is_never_stored_printed_or_logged_in_clear(
    cli: Cli, shop: str, db_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    configure_logging()
    monkeypatch.setenv("SHOPKEEPER_PIN", OWNER_PIN)
    outputs = [
        cli("--as", "Asta", "staff", "list"),
        cli("--as", "Asta", "staff", "set", "Rasa", "--pin", "86420975", "--json"),
        cli("--as", "Asta", "visit", shop, "--amount", "4.00", "--json"),
    ]
    monkeypatch.setenv("SHOPKEEPER_PIN", "11112222")
    cli("--as", "Asta", "visit", shop, "--amount", "4.00", code=1)  # a wrong PIN, logged?
    outputs.append(cli.err)
    logging.getLogger().handlers and [h.flush() for h in logging.getLogger().handlers]
    log_text = caplog.text + "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in settings.log_file().parent.glob("*.log*")
    )
    for pin in (OWNER_PIN, STAFF_PIN, "86420975", "11112222"):
        assert pin not in log_text
        assert all(pin not in out for out in outputs)
    if not ON_POSTGRES:
        stored = b"".join(
            p.read_bytes() for p in Path(db_path).parent.glob(Path(db_path).name + "*")
        )
        for pin in (OWNER_PIN, STAFF_PIN, "86420975"):
            assert pin.encode() not in stored
            assert pin.encode("utf-16-le") not in stored
        assert b"scrypt$16384$8$1$" in stored  # the hashes are there, the PINs are not


@pytest.mark.sqlite_only("restores an SQLite file")
def test_restore_on_the_command_line_is_the_owners(
    cli: Cli, shop: str, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPKEEPER_PIN", OWNER_PIN)
    backup = cli.json("--as", "Asta", "backup", "--out", str(tmp_path / "b.db"))
    monkeypatch.setenv("SHOPKEEPER_PIN", STAFF_PIN)
    line = cli.fails("--as", "Rasa", "restore", backup["path"], "--yes")
    assert line == "error: Only an owner may restore a backup; Rasa is a staff member."
    cli.fails("restore", backup["path"], "--yes")
    monkeypatch.setenv("SHOPKEEPER_PIN", OWNER_PIN)
    cli("--as", "Asta", "restore", backup["path"], "--yes")


def test_the_owner_sets_the_lockout_limits_and_a_lock_follows_them(
    cli: Cli, shop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.json("staff", "settings")["max_failures"] == 5  # reading needs no identity
    monkeypatch.setenv("SHOPKEEPER_PIN", STAFF_PIN)
    cli("--as", "Rasa", "staff", "settings", "--lock-after", "2", code=1)
    assert "Only an owner may" in cli.err
    monkeypatch.setenv("SHOPKEEPER_PIN", OWNER_PIN)
    cli("--as", "Asta", "staff", "settings", "--lock-after", "0", code=1)
    assert "at least 1" in cli.err
    changed = cli.json("--as", "Asta", "staff", "settings", "--lock-after", "2",
                       "--lock-minutes", "30")  # fmt: skip
    assert (changed["max_failures"], changed["lock_minutes"], changed["staff"]) == (2, 30, "Asta")
    assert "Wrong PINs before a lock: 2" in cli("staff", "settings")
    monkeypatch.setenv("SHOPKEEPER_PIN", "0000")
    cli("--as", "Rasa", "visit", shop, "--amount", "1.00", code=1)
    cli("--as", "Rasa", "visit", shop, "--amount", "1.00", code=1)
    assert "Rasa is locked after too many wrong PINs until" in cli.err
    (row,) = cli.json("audit", "--kind", "staff.settings")
    assert (row["staff_name"], row["after"]) == ("Asta", {"max_failures": 2, "lock_minutes": 30})
