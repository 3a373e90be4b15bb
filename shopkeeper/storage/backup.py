"""Hot copies of an SQLite database through SQLite's online backup API (safe in WAL mode,
unlike copying the file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shopkeeper.storage.database import Database


def backup_to(db: Database, target: Path) -> Path:
    """Write a consistent copy of the whole database to ``target`` (replacing it)."""
    if not db.is_sqlite:
        raise ValueError("Backups by file copy exist only for SQLite databases.")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    raw = db.engine.raw_connection()
    try:
        source: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        raw.close()
    partial.replace(target)
    return target
