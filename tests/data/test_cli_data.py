"""``shopkeeper import|export|backup|restore|privacy``: JSON for scripts, one line for mistakes."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from shopkeeper import settings
from tests.cli.test_cli import Cli
from tests.data.sheets import LITHUANIAN, encode
from tests.data.test_backups import damage


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    rows = [
        *LITHUANIAN,
        ["", "123", "nobody", "", "", ""],
        ["Ona vėl", "861234567", "", "", "", ""],
    ]
    path = tmp_path / "klientai.csv"
    path.write_bytes(encode(rows, "cp1257", ";"))
    return path


def test_import_reports_counts_and_every_row_in_json(cli: Cli, sheet: Path) -> None:
    out = cli.json("import", str(sheet))
    assert {k: out[k] for k in ("imported", "updated", "unchanged", "rejected", "warnings")} == {
        "imported": 4, "updated": 0, "unchanged": 0, "rejected": 2, "warnings": 2,
    }  # fmt: skip
    assert (out["encoding"], out["delimiter"], out["dry_run"]) == ("cp1257", ";", False)
    assert out["mapping"]["name"] == "Vardas Pavardė"
    assert [r["status"] for r in out["rows"]] == ["imported"] * 4 + ["rejected"] * 2
    assert out["rows"][5]["problem"] == "Duplicate: the same phone as row 2."
    rejected = Path(out["rejected_file"])
    assert rejected == sheet.with_name("klientai-rejected.csv")
    with rejected.open(encoding="utf-8-sig", newline="") as handle:
        assert [r[0] for r in csv.reader(handle, delimiter=";")] == [
            "Vardas Pavardė", "", "Ona vėl"
        ]  # fmt: skip
    again = cli.json("import", str(sheet))
    assert (again["imported"], again["unchanged"], again["rejected"]) == (0, 4, 2)
    shown = cli.json("customer", "find", "zemaite")
    assert [c["name"] for c in shown] == ["Žemaitė Ona"]
    assert cli.json("customer", "show", shown[0]["card_number"])["imported_visits"] == 14


def test_import_text_output_and_dry_run(cli: Cli, sheet: Path) -> None:
    cli("rewards")  # the shop exists
    before = cli.snapshot()
    out = cli("import", str(sheet), "--dry-run")
    assert "Read klientai.csv as Windows Baltic (cp1257), semicolon-separated." in out
    assert (
        "Would import 4 new customers, updated 0, 0 unchanged, 0 skipped; 2 rows rejected"
        in out
    )
    assert "  row 7: rejected: Duplicate: the same phone as row 2." in out
    assert out.rstrip().endswith("Dry run: nothing was written.")
    assert cli.snapshot() == before
    assert not sheet.with_name("klientai-rejected.csv").exists()


def test_import_with_a_mapping_encoding_and_separator_chosen(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes("A|B|C\nŽemaitė Ona|+37061234567|10\n".encode("cp1257"))
    out = cli.json("import", str(path), "--mapping", "name=A", "phone=2", "points=C",
                   "--encoding", "cp1257", "--delimiter", "bar")  # fmt: skip
    assert (out["imported"], out["mapping"]) == (1, {"name": "A", "phone": "B", "points": "C"})
    assert cli.json("customer", "find", "Žemaitė")[0]["points_balance"] == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "nowhere.csv"], "error: There is no file nowhere.csv."),
        (["import", "{sheet}", "--mapping", "size=Taškai"], "is not FIELD=COLUMN"),
        (["import", "{sheet}", "--encoding", "utf-8"], "cannot be read as UTF-8"),
        (["import", "{sheet}", "--delimiter", "x"], "Unknown separator 'x'"),
        (["export", "customers", "--out", "{tmp}/a.doc"], "ending"),
        pytest.param(
            ["restore", "{tmp}/none.db"],
            "There is no backup file",
            marks=pytest.mark.sqlite_only("restores replace the SQLite file"),
        ),
        (["privacy", "export", "999", "--out", "{tmp}/a.json"], "No customer has card"),
        (["privacy", "erase", "999", "--yes"], "No customer has card"),
    ],
)
def test_mistakes_are_one_line(
    cli: Cli, sheet: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    cli("customer", "add", "--name", "Ona")
    args = [a.format(sheet=sheet, tmp=tmp_path) for a in args]
    assert message in cli.fails(*args)


@pytest.mark.sqlite_only("exports the whole shop as one SQLite file too")
def test_exports(cli: Cli, sheet: Path, tmp_path: Path) -> None:
    cli("import", str(sheet))
    assert "Exported 4 rows of customers into" in cli("export", "customers", "--out",
                                                          str(tmp_path / "k.xlsx"))  # fmt: skip
    out = cli.json("export", "ledger", "--out", str(tmp_path / "l.csv"))
    # 2 opening balances; past visits are a count on the customer (no 0-point entries)
    assert (out["rows"], out["format"]) == (2, "csv")
    out = cli.json("export", "database", "--out", str(tmp_path / "all.sqlite"))
    assert (out["rows"], out["format"]) == (4, "sqlite")
    with sqlite3.connect(tmp_path / "all.sqlite") as raw:
        assert raw.execute("SELECT count(*) FROM customer").fetchone() == (4,)


@pytest.mark.sqlite_only("backups copy the SQLite file (PostgreSQL shops: pg_dump)")
def test_backup_list_folder_and_restore(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    card = cli.json("customer", "add", "--name", "Žemaitė Ona")["card_number"]
    out = cli("backup")
    assert out.startswith(f"Backed up into {settings.data_dir() / 'backups'}")
    stick = tmp_path / "stick"
    assert f"Backups now go to {stick}." in cli("backup", "--folder", str(stick))
    made = cli.json("backup")
    assert Path(made["path"]).parent == stick
    listed = cli.json("backup", "--list")
    assert listed["folder"] == str(stick) and len(listed["backups"]) == 1
    cli("visit", card, "--amount", "20")
    refused = cli.fails("restore", made["path"])  # the visit would be lost: it asks first
    assert refused.startswith(
        "error: It would lose 1 visit, 1 points ledger entry recorded since the backup "
        "was taken, the latest on "
    )
    assert refused.endswith("Nothing was changed; add --yes to restore it anyway (the database "
                            "as it is now is kept beside it).")
    restored = cli.json("restore", made["path"], "--yes")
    assert restored["customers"] == 1 and Path(restored["kept_aside"]).exists()
    assert cli.json("customer", "show", card)["visit_count"] == 0
    copy = cli.json("backup", "--out", str(tmp_path / "copy.db"))
    assert Path(copy["path"]).exists() and copy["removed"] == []


@pytest.mark.sqlite_only("backups copy the SQLite file (PostgreSQL shops: pg_dump)")
def test_a_restore_from_the_command_line_is_checked_and_logged(
    cli: Cli, tmp_path: Path
) -> None:
    card = cli.json("customer", "add", "--name", "Žemaitė Ona")["card_number"]
    cli("visit", card, "--amount", "20")
    good = cli.json("backup", "--out", str(tmp_path / "good.db"))["path"]
    restored = cli.json("restore", good, "--yes")
    assert restored["verification"]["broken"] is None
    logged = cli.json("audit", "--kind", "restore")
    assert [(r["kind"], r["after"]["file"], r["after"]["chain_intact"]) for r in logged] == [
        ("restore", "good.db", True)
    ]
    # A backup edited by hand is restored (the shop decides), and both the command and the
    # log say that it fails the tamper check.
    with sqlite3.connect(good) as raw:
        raw.execute("UPDATE ledger_entry SET points = 900 WHERE kind = 'visit'")
    out = cli("restore", good, "--yes")
    assert "Warning: the restored data fails the tamper check. BROKEN: ledger entry" in out
    logged = cli.json("audit", "--kind", "restore")  # the log is the restored file's own
    assert [(r["after"]["file"], r["after"]["chain_intact"]) for r in logged] == [
        ("good.db", False)
    ]


@pytest.mark.sqlite_only("damages the SQLite file")
def test_a_damaged_database_gives_one_clear_line_and_restore_mends_it(
    cli: Cli, tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(300):
        cli("customer", "add", "--name", f"Pirkėjas {i}")
    good = cli.json("backup")["path"]
    damage(db_path)
    from shopkeeper.cli.main import main

    capsys.readouterr()
    assert main(["--db", str(db_path), "customer", "find", "Pirk"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"error: The shop's database {db_path} is damaged")
    assert main(["--db", str(db_path), "restore", good]) == 0
    assert "Restored" in capsys.readouterr().out
    assert len(cli.json("customer", "find", "Pirk", "--limit", "200")) == 200


def test_privacy_export_and_erase(cli: Cli, tmp_path: Path) -> None:
    card = cli.json("customer", "add", "--name", "Žemaitė Ona", "--phone", "861234567")[
        "card_number"
    ]
    cli("note", card, "Mėgsta ☕")
    out = cli("privacy", "export", card, "--out", str(tmp_path / "ona.json"))
    assert out == f"Everything held about customer {card} is in {tmp_path / 'ona.json'}.\n"
    data = json.loads((tmp_path / "ona.json").read_text(encoding="utf-8"))
    assert data["profile"]["name"] == "Žemaitė Ona" and data["notes"][0]["text"] == "Mėgsta ☕"
    assert "add --yes to confirm" in cli.fails("privacy", "erase", card)
    done = cli.json("privacy", "erase", card, "--yes")
    assert done["placeholder_name"] == "Erased customer 1" and done["notes_deleted"] == 1
    assert cli.json("customer", "find", "Žemaitė", "--archived") == []
    assert "No customer has card" in cli.fails("customer", "show", card)
