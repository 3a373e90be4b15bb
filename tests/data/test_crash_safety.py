"""Proof that nothing is lost.

* A till booking visits in a loop is killed with SIGKILL at random moments, many times: the file
  stays sound, every booking it acknowledged is there, every balance equals its ledger.
* A restore killed at random moments leaves either the old database or the whole backup.
* Two till processes booking and redeeming on the same customers at once: no lost update, no
  points spent twice, no "database is locked" reaching anyone. (The core suite already has two
  processes redeeming on one customer and threads interleaving; this adds bookings and
  redemptions from separate processes over several customers.)
* Hypothesis throws bad input (random text, control characters, SQL, huge numbers, impossible
  dates) at the services and at the command line: each is stored exactly as given (after the
  documented clean-up: trimmed, NFC, e-mail lower-cased, phone in E.164) or refused with a
  ``ShopkeeperError`` and nothing written; never another exception, never half a write.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopkeeper.bootstrap import open_database
from shopkeeper.cli.main import main
from shopkeeper.domain import importing as rules
from shopkeeper.domain.contact import clean_email, normalise_phone
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.money import parse_amount
from shopkeeper.services import backups, importing
from shopkeeper.services.customers import create_customer, edit_customer
from shopkeeper.services.ledger import correct_points
from shopkeeper.services.notes import add_note
from shopkeeper.services.rewards import add_reward
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.data.test_import import data_snapshot

REPO = Path(__file__).resolve().parents[2]
KILLS = 24


def run_till(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.data.tills", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def acknowledged(output: str) -> list[list[str]]:
    """Whole lines only: a line cut by the kill was never acknowledged."""
    lines = output.split("\n")[:-1]
    return [line.split() for line in lines]


def assert_books_balance(path: Path | Database) -> sqlite3.Connection | None:
    """The books add up. Given a ``Database`` on another engine than SQLite, the same checks
    run through it (without SQLite's own file checks) and nothing is returned."""
    if isinstance(path, Database):
        if path.is_sqlite:
            return assert_books_balance(path.sqlite_path)
        with path.engine.connect() as connection:
            _books_balance(lambda sql: connection.exec_driver_sql(sql).fetchall())
        return None
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    _books_balance(lambda sql: raw.execute(sql).fetchall())
    return raw


def _books_balance(query) -> None:  # noqa: ANN001
    assert (
        query(
            "SELECT c.id FROM customer c LEFT JOIN ledger_entry l ON l.customer_id = c.id "
            "GROUP BY c.id HAVING c.points_balance != coalesce(sum(l.points), 0)"
        )
        == []
    )
    assert (
        query(
            "SELECT c.id FROM customer c LEFT JOIN (SELECT customer_id, count(*) n, "
            "sum(amount_cents) s FROM visit WHERE reversed_at IS NULL GROUP BY customer_id) v "
            "ON v.customer_id = c.id WHERE c.visit_count != coalesce(v.n, 0) "
            "OR c.spent_cents != coalesce(v.s, 0)"
        )
        == []
    )
    # every visit has exactly its one ledger entry: no visit without points, no points twice
    assert (
        query(
            "SELECT v.id FROM visit v LEFT JOIN ledger_entry l ON l.visit_id = v.id "
            "AND l.kind = 'visit' GROUP BY v.id HAVING count(l.id) != 1"
        )
        == []
    )


@pytest.mark.sqlite_only("a killed till and SQLite's file checks (PRAGMA integrity_check)")
def test_a_till_killed_at_random_moments_loses_no_acknowledged_booking(
    db: Database, db_path: Path
) -> None:
    cards = [create_customer(db, name=n).card_number for n in ("Ona", "王小明", "Jonas")]
    db.dispose()
    rng = random.Random(20261116)
    acks: dict[str, int] = {}
    started = time.monotonic()
    for kill in range(KILLS):
        till = run_till("book", str(db_path), f"k{kill}", *cards)
        first = till.stdout.readline()  # the till is up and has booked once
        assert first.startswith("visit"), till.stderr.read()
        time.sleep(rng.uniform(0, 0.25))  # then somewhere in the middle of a booking
        till.send_signal(signal.SIGKILL)
        rest, _ = till.communicate(timeout=30)
        assert till.returncode == -signal.SIGKILL
        for _, visit_id, request in acknowledged(first + rest):
            acks[request] = int(visit_id)
    assert time.monotonic() - started < 60
    raw = assert_books_balance(db_path)
    try:
        stored = dict(raw.execute("SELECT request_id, id FROM visit").fetchall())
    finally:
        raw.close()
    assert len(acks) > KILLS  # each till acknowledged several bookings before it died
    missing = {r: v for r, v in acks.items() if stored.get(r) != v}
    assert missing == {}
    # at most one booking per kill was written but never acknowledged (killed after commit)
    assert len(stored) - len(acks) <= KILLS
    reopened = open_database(db_path)  # and the shop opens and goes on
    try:
        assert record_visit(reopened, card_number=cards[0], amount_cents=100).visit_id
    finally:
        reopened.dispose()


RESTORER = """
import sys
from shopkeeper.services.backups import restore_backup
print("start", flush=True)
while True:
    restore_backup(sys.argv[1], sys.argv[2 + int(sys.argv[3])], confirmed=True)
    print("done", flush=True)
"""


@pytest.mark.sqlite_only("restores replace the SQLite file")
def test_a_restore_killed_at_random_moments_never_leaves_half_a_database(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    from shopkeeper.services.demo import build_demo_shop

    shop = build_demo_shop(db, customers=300, months=6, seed=1)  # a few MB: copies take a while
    first = backups.back_up(db, out=tmp_path / "first.db").path
    create_customer(db, name="Paskutinis")
    second = backups.back_up(db, out=tmp_path / "second.db").path
    db.dispose()
    rng = random.Random(7)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for kill in range(10):
        process = subprocess.Popen(
            [sys.executable, "-c", RESTORER, str(db_path), str(first), str(second),
             str(kill % 2)],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert process.stdout.readline() == "start\n", process.stderr.read()
        time.sleep(rng.uniform(0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        raw = sqlite3.connect(db_path)
        try:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            count = raw.execute("SELECT count(*) FROM customer").fetchone()[0]
        finally:
            raw.close()
        assert count in (shop.customers, shop.customers + 1)  # one backup or the other, whole
    reopened = open_database(db_path)
    reopened.dispose()


@pytest.mark.sqlite_only("books read back through sqlite3; PostgreSQL tills: tests/concurrency")
def test_two_till_processes_booking_and_redeeming_on_the_same_customers(
    db: Database, db_path: Path
) -> None:
    cards = [create_customer(db, name=n).card_number for n in ("Ona", "王小明", "Jonas")]
    for card in cards:
        correct_points(db, card_number=card, points=40, reason="opening balance")
    reward = add_reward(db, name="Kava", points_cost=60).id
    db.dispose()
    start = time.monotonic() + 2.0  # both tills load, then start at the same moment
    tills = [
        run_till("mixed", str(db_path), tag, str(start), "60", str(reward), *cards)
        for tag in ("a", "b")
    ]
    outputs = []
    for till in tills:
        out, err = till.communicate(timeout=120)
        assert till.returncode == 0, (out, err)
        outputs.append(out)
    lines = [line.split() for out in outputs for line in out.splitlines()]
    assert not [line for line in lines if line[0] == "ERROR"]
    visits = [line for line in lines if line[0] == "visit"]
    redeemed = [line for line in lines if line[0] == "redeem"]
    assert len(visits) == 60  # every booking went through, none refused as "locked"
    assert redeemed and len({line[2] for line in redeemed}) == len(redeemed)
    raw = assert_books_balance(db_path)
    try:
        stored_visits = dict(raw.execute("SELECT request_id, id FROM visit").fetchall())
        stored_redemptions = {r[0] for r in raw.execute("SELECT voucher_code FROM redemption")}
        total = raw.execute("SELECT sum(points_balance) FROM customer").fetchone()[0]
        negative = raw.execute("SELECT count(*) FROM customer WHERE points_balance < 0").fetchone()
    finally:
        raw.close()
    assert {line[2]: int(line[1]) for line in visits} == stored_visits
    assert stored_redemptions == {line[2] for line in redeemed}  # none lost, none invented
    earned = sum(int(line[3]) for line in visits)
    assert total == 3 * (50 + 40) + earned - 60 * len(redeemed)  # no lost update
    assert negative == (0,)  # no points spent twice


# --- bad input ------------------------------------------------------------------------------

NASTY = [
    "'; DROP TABLE customer; --", "Robert'); DELETE FROM ledger_entry;--", "\" OR 1=1 --",
    "%", "_", "\\", "\x00", "\x1b[31m", "\u202eevil", "\ufeff", "🥐☕", "Žemaitė", "王小明",
    " ", "", "-1", "1e309", "99999999999999999999", "2026-02-30", "0000-00-00", "9999-12-31",
    "NaN", "+37061234567", "=1+1", "@SUM(A1)", "\r\n", "a" * 500,
]  # fmt: skip
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=400, max_size=5000),
)
maybe = st.one_of(st.none(), text)
bad = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def refused_cleanly(db: Database, before: dict, error: Exception) -> None:
    assert isinstance(error, ShopkeeperError), repr(error)
    assert str(error) and "\n" not in str(error).strip()
    assert data_snapshot(db) == before


def cleaned(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


@bad
@given(name=text, phone=maybe, email=maybe, birthday=maybe, address=maybe, card=maybe)
def test_bad_customer_details_are_stored_as_given_or_refused(
    db: Database,
    name: str,
    phone,
    email,
    birthday,
    address,
    card,  # noqa: ANN001
) -> None:
    before = data_snapshot(db)
    try:
        saved = create_customer(
            db, name=name, phone=phone, email=email, birthday=birthday, address=address,
            card_number=card, allow_duplicate_phone=True,
        )  # fmt: skip
    except Exception as error:  # noqa: BLE001 - what kind of error is the point of the test
        refused_cleanly(db, before, error)
        return
    stored = customer_summary(db, saved.card_number)
    assert stored.name == cleaned(name)
    assert stored.email == (clean_email(email) if email else None)
    if phone:
        assert stored.phone.replace(" ", "") == normalise_phone(phone, "LT")
    assert (stored.address or "") == "\n".join(
        line.strip() for line in cleaned((address or "").replace("\r\n", "\n")).split("\n")
        if line.strip()
    )  # fmt: skip


@bad
@given(name=text, note=maybe, staff=maybe, request=maybe)
def test_bad_edits_notes_and_bookings_are_stored_as_given_or_refused(
    db: Database,
    name: str,
    note,
    staff,
    request,  # noqa: ANN001
) -> None:
    card = create_customer(db, name="Ona").card_number
    for action in (
        lambda: edit_customer(db, card, name=name),
        lambda: add_note(db, card_number=card, text=name),
        lambda: record_visit(db, card_number=card, amount_cents=1_000, note=note, staff=staff,
                             request_id=request[:64] if request else None),
    ):  # fmt: skip
        before = data_snapshot(db)
        try:
            action()
        except Exception as error:  # noqa: BLE001
            refused_cleanly(db, before, error)
    stored = customer_summary(db, card)
    assert stored.name in ("Ona", cleaned(name))
    lines = name.replace("\r\n", "\n").replace("\r", "\n")  # a lone CR is an old Mac break
    assert all(n.text == cleaned(lines) for n in stored.notes)


@bad
@given(amount=text, points=st.integers(-(10**30), 10**30))
def test_bad_amounts_and_huge_numbers_are_refused(
    db: Database, clock: FakeClock, amount: str, points: int
) -> None:
    card = create_customer(db, name="Ona").card_number
    for action in (
        lambda: record_visit(db, card_number=card, amount_cents=parse_amount(amount)),
        lambda: correct_points(db, card_number=card, points=points, reason="check"),
    ):
        before = data_snapshot(db)
        try:
            action()
        except Exception as error:  # noqa: BLE001
            refused_cleanly(db, before, error)
    summary = customer_summary(db, card)
    assert 0 <= summary.points_balance <= 50 + 10**6 + 10**10


@bad
@given(cells=st.lists(st.lists(text, min_size=1, max_size=7), min_size=1, max_size=8))
def test_bad_spreadsheets_import_what_is_valid_or_nothing(
    db: Database, cells: list[list[str]]
) -> None:
    headers = ["Name", "Phone", "E-mail", "Birthday", "Points", "Past visits", "Notes"]
    sheet = rules.sheet_from_rows([headers, *cells])
    before = data_snapshot(db)
    try:
        result = importing.import_sheet(db, sheet, rules.guess_mapping(headers))
    except Exception as error:  # noqa: BLE001
        refused_cleanly(db, before, error)
        return
    raw = assert_books_balance(db)
    if raw is not None:
        raw.close()
    for report in result.rows:
        if report.status == "imported":
            stored = customer_summary(db, report.card_number)
            assert stored.name == report.name


def cli(db_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    assert code in (0, 1), (code, err)
    if code == 1:
        assert out == "" and len(err.splitlines()) == 1 and err.startswith("error: "), err
    assert "Traceback" not in err
    return code, out


argv_text = text.map(lambda s: s.replace("\x00", ""))  # no program can receive a NUL in argv


cli_settings = settings(bad, max_examples=30)


@cli_settings
@given(name=argv_text, phone=argv_text, birthday=argv_text, amount=argv_text, at=argv_text)
def test_bad_input_on_the_command_line_is_stored_or_refused_in_one_line(
    db: Database,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    phone: str,
    birthday: str,
    amount: str,
    at: str,
) -> None:
    before = data_snapshot(db)
    code, out = cli(db_path, capsys, "customer", "add", f"--name={name}", f"--phone={phone}",
                    f"--birthday={birthday}", "--allow-duplicate-phone", "--json")  # fmt: skip
    if code == 1:
        assert data_snapshot(db) == before
        card = create_customer(db, name="Ona").card_number
    else:
        import json

        card = json.loads(out)["card_number"]
        assert customer_summary(db, card).name == cleaned(name)
    before = data_snapshot(db)
    code, _ = cli(db_path, capsys, "visit", card, f"--amount={amount}", f"--at={at}")
    if code == 1:
        assert data_snapshot(db) == before


@cli_settings
@given(content=st.binary(max_size=2000), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
def test_any_bytes_given_to_the_import_command_are_imported_or_refused(
    db: Database, db_path: Path, tmp_path: Path, capsys, content: bytes, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = data_snapshot(db)
    code, _ = cli(db_path, capsys, "import", str(path), "--json")
    if code == 1:
        assert data_snapshot(db) == before
