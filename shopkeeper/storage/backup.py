"""Hot copies of an SQLite database through SQLite's online backup API (safe in WAL mode,
unlike copying the file), and the checks a file passes before it is opened or restored.

Everything here works on files with the ``sqlite3`` module alone, so a damaged database can be
examined without SQLAlchemy or a migration touching it.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from shopkeeper.domain.errors import DatabaseDamaged
from shopkeeper.i18n import _

if TYPE_CHECKING:
    from shopkeeper.storage.database import Database

SQLITE_MAGIC = b"SQLite format 3\x00"
# ``PRAGMA quick_check`` reads every page: about 3 ms per MB from a warm cache (more from a cold
# disk), so at start it runs on files up to this size (< 50 ms) and larger files get the header
# and schema check only; their backups are checked whole when they are taken.
QUICK_CHECK_MAX_BYTES = 8 * 1024 * 1024
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


@dataclass(frozen=True)
class FileCheck:
    path: Path
    ok: bool
    detail: str  # "ok", or what is wrong
    whole: bool  # every page was read; False: only the header and schema (a large file)
    size: int


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy an open database into ``target`` through the backup API, as a file complete in itself
    (rollback journal, not WAL), written under a temporary name and renamed when whole."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.touch()  # a place that cannot hold a file says so as an OSError, like any file
    destination = sqlite3.connect(partial)
    try:
        source.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()
    _fsync(partial)
    partial.replace(target)
    fsync_dir(target.parent)
    return target


def backup_to(db: Database, target: Path) -> Path:
    """Write a consistent copy of the whole database to ``target`` (replacing it)."""
    if not db.is_sqlite:
        raise ValueError("Backups by file copy exist only for SQLite databases.")
    raw = db.engine.raw_connection()
    try:
        return copy_database(raw.driver_connection, Path(target))  # type: ignore[arg-type]
    finally:
        raw.close()


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGE_CODES
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _header_problem(path: Path, size: int) -> str | None:
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return _("it is not an SQLite database file")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65_536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return _("its header is damaged")
    if size % page_size:
        return _("the file is cut short")
    return None


def check_file(
    path: Path, *, thorough: bool = False, quick_limit: int = QUICK_CHECK_MAX_BYTES
) -> FileCheck:
    """Is ``path`` a sound SQLite file? A missing or empty file is sound (a new shop).

    Reads the header and the schema; then ``PRAGMA integrity_check`` when ``thorough``, else
    ``PRAGMA quick_check`` when the file is at most ``quick_limit`` bytes. "Database is
    locked" and the like are not damage and are raised as they are.
    """
    path = Path(path)
    size = path.stat().st_size if path.exists() else 0
    if size == 0:
        return FileCheck(path, True, "ok", True, 0)
    problem = _header_problem(path, size)
    if problem:
        return FileCheck(path, False, problem, thorough, size)
    full = thorough or size <= quick_limit
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
    except sqlite3.DatabaseError as error:
        if _is_damage(error):
            return FileCheck(path, False, str(error), full, size)
        raise
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if full:
            pragma = "integrity_check" if thorough else "quick_check"
            rows = [r[0] for r in connection.execute(f"PRAGMA {pragma}(5)")]
            if rows != ["ok"]:
                found = " ".join(" ".join(rows).replace("*** in database main ***", "").split())
                detail = _("SQLite's check found: {found}").format(found=found[:200])
                return FileCheck(path, False, detail, full, size)
    except sqlite3.DatabaseError as error:
        if _is_damage(error):
            return FileCheck(path, False, str(error), full, size)
        raise
    finally:
        connection.close()
    return FileCheck(path, True, "ok", full, size)


def ensure_sound(path: Path) -> FileCheck:
    """``check_file`` at start: damage raises ``DatabaseDamaged``; a file that cannot be read
    right now (locked, no permission) is left to the normal opening to report."""
    path = Path(path)
    try:
        result = check_file(path)
    except sqlite3.Error as error:
        size = path.stat().st_size if path.exists() else 0
        return FileCheck(path, True, f"not checked ({error})", False, size)
    if not result.ok:
        raise DatabaseDamaged(path, result.detail)
    return result


def is_damage(error: BaseException) -> bool:
    """Whether an exception (SQLAlchemy's or sqlite3's) says the file is damaged."""
    original = getattr(error, "orig", error)
    return isinstance(original, sqlite3.DatabaseError) and _is_damage(original)
