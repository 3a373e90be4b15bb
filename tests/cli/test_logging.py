"""The shop's log: one rotating file in the data folder, set up once, where backups, restores,
month-ends and rule changes each leave a line."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from shopkeeper import logs, settings
from shopkeeper.bootstrap import configure_logging
from shopkeeper.cli.main import main


def log_lines() -> list[str]:
    logs.flush()
    path = settings.log_file()
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def run(db_path: Path, *args: str) -> None:
    assert main(["--db", str(db_path), *args]) == 0


def test_month_end_backup_restore_and_rule_change_each_leave_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "shop.db"
    run(db_path, "customer", "add", "--name", "Ona")
    backup = tmp_path / "copy.db"
    run(db_path, "backup", "--out", str(backup))
    run(db_path, "programme", "set", "--expiry-months", "6", "--by", "Rūta")
    run(db_path, "month-end")
    run(db_path, "customer", "add", "--name", "Jonas")
    run(db_path, "restore", str(backup), "--yes")
    assert settings.log_file() == settings.data_dir() / "shopkeeper.log"
    lines = log_lines()
    backup_line = next(line for line in lines if "backup (manual)" in line)
    assert str(backup) in backup_line and "checked" in backup_line
    rules = next(line for line in lines if "earning rules changed" in line)
    assert rules.endswith("earning rules changed by Rūta: expiry_months 12 -> 6")
    month = next(line for line in lines if "month-end" in line)
    assert " INFO shopkeeper.services.month_end: month-end 20" in month
    restored = next(line for line in lines if "restored" in line)
    assert f"restored {backup} into {db_path}" in restored
    assert "confirmed: It would lose 1 customer" in restored


def test_the_log_is_set_up_once_and_follows_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = configure_logging()
    assert configure_logging() == first
    ours = [h for h in logging.getLogger("shopkeeper").handlers if getattr(h, "_shopkeeper", 0)]
    assert len(ours) == 1 and isinstance(ours[0], RotatingFileHandler)
    assert ours[0].maxBytes == logs.MAX_BYTES and ours[0].backupCount == logs.BACKUPS
    monkeypatch.setenv("SHOPKEEPER_DATA_DIR", str(tmp_path / "elsewhere"))
    moved = configure_logging()
    assert moved == tmp_path / "elsewhere" / "shopkeeper.log"
    ours = [h for h in logging.getLogger("shopkeeper").handlers if getattr(h, "_shopkeeper", 0)]
    assert [Path(h.baseFilename) for h in ours] == [moved]
    logging.getLogger("shopkeeper.services.importing").info("imported 3 rows")  # the convention
    assert log_lines()[-1].endswith("INFO shopkeeper.services.importing: imported 3 rows")
