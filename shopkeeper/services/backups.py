"""Backups of the shop's database, their rotation, and restoring one.

* ``back_up`` copies the live database with SQLite's online backup API (tills may keep
  working), checks the copy page by page (``PRAGMA quick_check``: this is where a large file
  gets the whole check it is spared at start) and rotates the folder.
* ``auto_backup`` is what the window calls when it opens (unless a backup is under an hour
  old), when it closes, and on a timer for the daily one (unless one is under a day old).
* The folder is ``<data dir>/backups`` or one the shop chooses (a USB stick, a synced folder),
  stored in the ``setting`` table and, so that a damaged database can still find its backups,
  in ``backup-folders.json`` in the data directory.
* Rotation keeps the 3 newest, the newest of each of the 7 latest days, 4 latest weeks and 12
  latest months that have backups, and deletes the rest.
* ``restore_backup`` checks the file first (integrity, a Shopkeeper database, a schema this
  version knows), copies it beside the database under a temporary name, keeps the current
  database aside, then renames the copy into place: at every moment the database file is either
  the old one or the whole restored one, never half of each.
* A restore that would lose something asks first: ``restore_risk`` compares the backup with the
  shop's database (another shop's ``shop_id``, or visits, ledger entries and customers recorded
  since the backup was taken) and ``restore_backup`` refuses with ``RestoreNeedsConsent``
  (saying exactly what would be lost) unless called with ``confirmed=True``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shopkeeper import settings
from shopkeeper.domain.errors import DatabaseDamaged, DatabaseTooNew, InvalidInput, NotAllowed
from shopkeeper.domain.staff import Permission
from shopkeeper.i18n import _, ngettext, pgettext, speaking
from shopkeeper.services import audit, integrity, programme
from shopkeeper.services.authority import require
from shopkeeper.services.common import join_sentences
from shopkeeper.storage import migrate
from shopkeeper.storage import tables as t
from shopkeeper.storage.backup import backup_to, check_file, copy_database, fsync_dir, is_damage
from shopkeeper.storage.database import Database, utc_now

_log = logging.getLogger(__name__)
FOLDER_KEY = "backup_folder"
POINTER_FILE = "backup-folders.json"
REASONS = ("manual", "open", "close", "daily", "restore")
KEEP_RECENT, KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 3, 7, 4, 12
OPEN_GAP = timedelta(hours=1)
DAILY_GAP = timedelta(hours=24)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<reason>[a-z]+))?\.db$")
_STAMP = "%Y%m%dT%H%M%SZ"
_WHOLE_FILE = 2**62  # check_file's size limit for a check of every page


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    at: datetime  # aware UTC, from the file name
    reason: str
    size: int


@dataclass(frozen=True)
class BackupDone:
    path: Path
    at: datetime
    reason: str
    size: int
    removed: tuple[Path, ...]  # older backups the rotation deleted


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    revision: str
    customers: int
    size: int


@dataclass(frozen=True)
class RestoreRisk:
    """What restoring a backup over the shop's database would lose."""

    other_shop: bool  # the backup belongs to another shop (another shop_id, or another name)
    backup_shop: str  # the shop name in the backup
    current_shop: str
    lost_customers: int  # recorded in the database and missing from the backup
    lost_visits: int
    lost_ledger_entries: int
    newest_lost: datetime | None  # the latest of them

    @property
    def needs_consent(self) -> bool:
        return self.other_shop or bool(
            self.lost_customers or self.lost_visits or self.lost_ledger_entries
        )


NO_RISK = RestoreRisk(False, "", "", 0, 0, 0, None)


class RestoreNeedsConsent(NotAllowed):
    """The restore would lose data; ``str(error)`` says what. Ask, then call with
    ``confirmed=True``."""

    def __init__(self, risk: RestoreRisk) -> None:
        super().__init__(describe_risk(risk))
        self.risk = risk


def describe_risk(risk: RestoreRisk) -> str:
    """One paragraph a person can decide on (the CLI adds how to confirm, the window asks)."""
    parts = []
    if risk.other_shop:
        if risk.backup_shop == risk.current_shop:
            parts.append(
                _(
                    "This backup is from another shop that is also called {shop}: restoring "
                    "it replaces this shop's data with that shop's."
                ).format(shop=repr(risk.backup_shop))
            )
        else:
            parts.append(
                _(
                    "This backup is from another shop, {backup}, not from {current}: "
                    "restoring it replaces this shop's data with that shop's."
                ).format(backup=repr(risk.backup_shop), current=repr(risk.current_shop))
            )
    lost = []
    if risk.lost_customers:
        n = risk.lost_customers
        lost.append(ngettext("{n} customer", "{n} customers", n).format(n=n))
    if risk.lost_visits:
        n = risk.lost_visits
        lost.append(ngettext("{n} visit", "{n} visits", n).format(n=n))
    if risk.lost_ledger_entries:
        n = risk.lost_ledger_entries
        lost.append(
            ngettext("{n} points ledger entry", "{n} points ledger entries", n).format(n=n)
        )
    if lost:
        what = pgettext("list separator", ", ").join(lost)
        if risk.newest_lost:
            latest = f"{risk.newest_lost.astimezone():%Y-%m-%d %H:%M}"
            if risk.other_shop:
                sentence = _("It would lose {what} recorded in this shop, the latest on {latest}.")
            else:
                sentence = _(
                    "It would lose {what} recorded since the backup was taken, "
                    "the latest on {latest}."
                )
            parts.append(sentence.format(what=what, latest=latest))
        elif risk.other_shop:
            parts.append(_("It would lose {what} recorded in this shop.").format(what=what))
        else:
            parts.append(
                _("It would lose {what} recorded since the backup was taken.").format(what=what)
            )
    return join_sentences(parts)


@dataclass(frozen=True)
class Restored:
    target: Path
    source: Path
    kept_aside: Path | None  # the database as it was before, None if there was none
    revision: str
    customers: int
    # The restored file's hash chains, walked after the restore (``restore_into``).
    verification: integrity.Verification | None = None


# --- where ----------------------------------------------------------------------------------


def default_folder() -> Path:
    return settings.data_dir() / "backups"


def _pointer_path() -> Path:
    return settings.data_dir() / POINTER_FILE


def _pointers() -> dict[str, str]:
    try:
        data = json.loads(_pointer_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remember_folder(db_path: Path, folder: Path | None) -> None:
    pointers = _pointers()
    key = str(db_path.resolve())
    if folder is None:
        pointers.pop(key, None)
    else:
        pointers[key] = str(folder)
    path = _pointer_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(pointers, ensure_ascii=False, indent=2), encoding="utf-8")
    partial.replace(path)


def _sqlite_path(db: Database) -> Path:
    path = db.sqlite_path
    if path is None:
        raise InvalidInput(
            _(
                "Backups here are copies of an SQLite file; a PostgreSQL shop is backed up with "
                "its server's tools (pg_dump)."
            )
        )
    return path


def backup_folder(db: Database) -> Path:
    """The folder the shop chose, else the default one in the data directory."""
    with db.read() as session:
        row = session.get(t.Setting, FOLDER_KEY)
        folder = json.loads(row.value).get("folder") if row is not None else None
    return Path(folder) if folder else default_folder()


def set_backup_folder(db: Database, folder: str | Path | None) -> Path:
    """Choose where backups go (``None``: back to the default). The folder must be writable."""
    require(db, Permission.CHANGE_DATA)
    db_path = _sqlite_path(db) if db.is_sqlite else None
    chosen = Path(folder).expanduser().resolve() if folder else None
    if chosen is not None:
        try:
            chosen.mkdir(parents=True, exist_ok=True)
            probe = chosen / ".shopkeeper-write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise InvalidInput(
                _("Backups cannot be written to {folder}: {error}.").format(
                    folder=chosen, error=error.strerror or error
                )
            ) from None
    with db.write() as session:
        row = session.get(t.Setting, FOLDER_KEY)
        if chosen is None:
            if row is not None:
                session.delete(row)
        else:
            value = json.dumps({"folder": str(chosen)}, ensure_ascii=False)
            if row is None:
                session.add(t.Setting(key=FOLDER_KEY, value=value))
            else:
                row.value = value
                session.add(row)
    if db_path is not None:
        _remember_folder(db_path, chosen)
    return chosen or default_folder()


# --- which ----------------------------------------------------------------------------------


def _parse(path: Path, stem: str) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if not match or match["stem"] != stem:
        return None
    try:
        at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, at, match["reason"] or "manual", size)


def backups_in(folders: Iterable[Path], stem: str) -> list[BackupInfo]:
    """The backups of the database named ``stem`` in these folders, newest first."""
    found: dict[Path, BackupInfo] = {}
    for folder in folders:
        try:
            entries = list(Path(folder).iterdir())
        except OSError:
            continue
        for path in entries:
            info = _parse(path, stem)
            if info is not None:
                found[path.resolve()] = info
    return sorted(found.values(), key=lambda b: (b.at, b.path.name), reverse=True)


def list_backups(db: Database) -> list[BackupInfo]:
    if not db.is_sqlite:  # PostgreSQL: pg_dump archives
        from shopkeeper.services import pg_backups

        return pg_backups.list_backups(db)
    return backups_in([backup_folder(db)], _sqlite_path(db).stem)


def keep_set(times: Sequence[datetime]) -> set[datetime]:
    """Which backup times rotation keeps: the 3 newest, and the newest of each of the 7 latest
    days, 4 latest ISO weeks and 12 latest months that have any (local calendar)."""
    ordered = sorted(set(times), reverse=True)
    keep = set(ordered[:KEEP_RECENT])
    for count, bucket in (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: d.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for at in ordered:
            key = bucket(at.astimezone())
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(at)
    return keep


def rotate(folder: Path, stem: str) -> tuple[Path, ...]:
    """Delete the backups ``keep_set`` does not keep; returns what was deleted."""
    backups = backups_in([folder], stem)
    keep = keep_set([b.at for b in backups])
    removed = []
    for backup in backups:
        if backup.at not in keep:
            try:
                backup.path.unlink()
                removed.append(backup.path)
            except OSError:
                continue  # read-only stick, file in use: try again next time
    return tuple(removed)


# --- backing up -----------------------------------------------------------------------------


def back_up(db: Database, *, reason: str = "manual", out: str | Path | None = None) -> BackupDone:
    """A checked hot copy: into ``out`` if given (no rotation), else into the backup folder
    (rotated). A copy that fails its check is deleted and the database reported damaged."""
    if not db.is_sqlite:  # PostgreSQL: pg_dump
        from shopkeeper.services import pg_backups

        return pg_backups.back_up(db, reason=reason, out=out)
    if reason not in REASONS:
        raise InvalidInput(_("Unknown backup reason {reason}.").format(reason=repr(reason)))
    db_path = _sqlite_path(db)
    now = db.now().replace(microsecond=0)
    if out is not None:
        target = Path(out).expanduser()
        if target.is_dir():
            raise InvalidInput(_("{path} is a folder; give a file name.").format(path=target))
        if target.resolve() == db_path.resolve():
            raise InvalidInput(_("That is the shop's own database file; choose another name."))
        folder = None
    else:
        folder = backup_folder(db)
        target = folder / f"{db_path.stem}-{now.astimezone(UTC).strftime(_STAMP)}-{reason}.db"
    try:
        backup_to(db, target)
    except OSError as error:
        raise InvalidInput(
            _("The backup could not be written to {folder}: {error}.").format(
                folder=target.parent, error=error.strerror or error
            )
        ) from None
    check = check_file(target, quick_limit=_WHOLE_FILE)
    if not check.ok:
        target.unlink(missing_ok=True)
        raise DatabaseDamaged(
            db_path, _("its backup copy failed the check: {detail}").format(detail=check.detail)
        )
    removed = rotate(folder, db_path.stem) if folder is not None else ()
    _log.info(
        "backup (%s) of %s into %s, %d bytes, checked; %d old backup(s) rotated out",
        reason, db_path, target, check.size, len(removed),
    )
    return BackupDone(target, now, reason, check.size, removed)


def auto_backup(db: Database, reason: str) -> BackupDone | None:
    """The automatic backups: at ``open`` (unless one is under an hour old), at ``close``, and
    ``daily`` (unless one is under a day old). None when skipped or not an SQLite shop."""
    if db.sqlite_path is None:
        return None
    if reason not in ("open", "close", "daily"):
        raise InvalidInput(_("Unknown automatic backup {reason}.").format(reason=repr(reason)))
    gap = {"open": OPEN_GAP, "daily": DAILY_GAP}.get(reason)
    if gap is not None:
        latest = next(iter(list_backups(db)), None)
        if latest is not None and db.now() - latest.at < gap:
            return None
    return back_up(db, reason=reason)


# --- checking and restoring -----------------------------------------------------------------


def known_revisions() -> set[str]:
    """Every schema revision this version of Shopkeeper can open (and upgrade)."""
    from alembic.script import ScriptDirectory  # only when checking a backup: not at start

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)


def check_backup_file(path: str | Path) -> BackupCheck:
    """A file fit to restore: sound page by page, a Shopkeeper database, a schema revision this
    version knows (a newer one is refused: no downgrade damage)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise InvalidInput(_("There is no backup file {path}.").format(path=path))
    try:
        check = check_file(path, thorough=True)
    except sqlite3.Error as error:
        raise InvalidInput(
            _("{file} cannot be read now ({error}).").format(file=path.name, error=error)
        ) from None
    if not check.ok:
        raise InvalidInput(
            _("{file} is damaged ({detail}); choose another backup.").format(
                file=path.name, detail=check.detail
            )
        )
    if check.size == 0:
        raise InvalidInput(
            _("{file} is empty; it is not a Shopkeeper backup.").format(file=path.name)
        )
    connection = _read_only(path)
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if not {"alembic_version", "customer", "ledger_entry"} <= tables:
            raise InvalidInput(
                _("{file} is an SQLite file but not a Shopkeeper database.").format(
                    file=path.name
                )
            )
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        customers = connection.execute("SELECT count(*) FROM customer").fetchone()[0]
    except sqlite3.Error as error:
        raise InvalidInput(
            _("{file} cannot be read as a Shopkeeper database ({error}).").format(
                file=path.name, error=error
            )
        ) from None
    finally:
        connection.close()
    if revision is None:
        raise InvalidInput(
            _("{file} has no schema version; it is not a Shopkeeper backup.").format(
                file=path.name
            )
        )
    if revision[0] not in known_revisions():
        raise DatabaseTooNew(
            _(
                "{file} was written by a newer version of Shopkeeper (schema {revision}); "
                "install that version to restore it. Nothing was changed."
            ).format(file=path.name, revision=revision[0])
        )
    return BackupCheck(path, revision[0], int(customers), check.size)


def latest_good_backup(db_path: str | Path) -> BackupInfo | None:
    """The newest backup of this database that passes ``check_backup_file``, looking in the
    default folder and the one the shop chose (read from outside the database, which may be
    the damaged one)."""
    db_path = Path(db_path)
    folders = [default_folder()]
    chosen = _pointers().get(str(db_path.resolve()))
    if chosen:
        folders.append(Path(chosen))
    for backup in backups_in(folders, db_path.stem):
        try:
            check_backup_file(backup.path)
        except (InvalidInput, DatabaseTooNew):
            continue
        return backup
    return None


def _release(target: Path) -> None:
    """Fold the WAL back and make sure no other program is reading or writing the file."""
    try:
        connection = sqlite3.connect(target, timeout=2)
    except sqlite3.Error:
        return
    try:
        busy, _log, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            busy = 1
        else:
            return  # a damaged file: it is being replaced anyway
    except sqlite3.DatabaseError:
        return
    finally:
        connection.close()
    if busy:
        raise InvalidInput(
            _("{file} is in use by another Shopkeeper window or till; close them first.").format(
                file=target.name
            )
        )


def _shop(connection: sqlite3.Connection, schema: str) -> dict:
    row = connection.execute(f"SELECT value FROM {schema}.setting WHERE key = 'shop'").fetchone()
    try:
        shop = json.loads(row[0]) if row else {}
    except ValueError:
        shop = {}
    return shop if isinstance(shop, dict) else {}


# Rows recorded in the database that the backup lacks: the same id with the same time, so a
# file restored before and then written to again is compared fairly.
_LOST = {
    "customer": "joined_at",
    "visit": "at",
    "ledger_entry": "at",
}


def restore_risk(target: str | Path, source: str | Path) -> RestoreRisk:
    """What restoring ``source`` over the database file ``target`` would lose. A missing, empty
    or damaged database has nothing to lose that could still be read."""
    target = Path(target).expanduser()
    source = Path(source).expanduser()
    try:
        if not target.is_file() or not check_file(target).ok:
            return NO_RISK
    except sqlite3.Error:
        return NO_RISK
    connection = _read_only(target)
    try:
        connection.execute("ATTACH DATABASE ? AS backup", (source.resolve().as_uri() + "?mode=ro",))
        current, backup = _shop(connection, "main"), _shop(connection, "backup")
        if not current:
            return NO_RISK  # not a shop yet
        if current.get("shop_id") and backup.get("shop_id"):
            other = current["shop_id"] != backup["shop_id"]
        else:  # a backup from before shop ids: judge by the name
            other = current.get("name") != backup.get("name")
        counts, newest = [], []
        for table, column in _LOST.items():
            missing = (
                ""
                if other
                else f" WHERE NOT EXISTS (SELECT 1 FROM backup.{table} b "
                f"WHERE b.id = m.id AND b.{column} = m.{column})"
            )
            count, latest = connection.execute(
                f"SELECT count(*), max(m.{column}) FROM main.{table} m{missing}"
            ).fetchone()
            counts.append(count)
            if latest:
                newest.append(datetime.fromisoformat(latest).replace(tzinfo=UTC))
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return NO_RISK
        raise InvalidInput(
            _("The backup cannot be compared with the shop ({error}).").format(error=error)
        ) from None
    finally:
        connection.close()
    return RestoreRisk(
        other,
        str(backup.get("name", "")),
        str(current.get("name", "")),
        *counts,
        max(newest) if newest else None,
    )


def _keep_shop_id(copy: Path, target: Path) -> None:
    """A backup from before shop ids, restored into the same shop, keeps the shop's id (else the
    upgrade would give it a new one and the next restore would call it another shop)."""
    if not target.is_file():
        return
    reader = _read_only(target)
    try:
        shop_id = _shop(reader, "main").get("shop_id")
    except sqlite3.DatabaseError:
        return
    finally:
        reader.close()
    writer = sqlite3.connect(copy)
    try:
        with writer:
            shop = _shop(writer, "main")
            if shop and shop_id and not shop.get("shop_id"):
                shop["shop_id"] = shop_id
                writer.execute(
                    "UPDATE setting SET value = ? WHERE key = 'shop'",
                    (json.dumps(shop, ensure_ascii=False, sort_keys=True),),
                )
    finally:
        writer.close()


def restore_backup(
    target: str | Path,
    source: str | Path,
    *,
    confirmed: bool = False,
    clock: Callable[[], datetime] = utc_now,
) -> Restored:
    """Replace the database file ``target`` with the backup ``source`` (see the module's
    docstring). Without ``confirmed``, a restore that would lose data (``restore_risk``) raises
    ``RestoreNeedsConsent`` and changes nothing. Every engine on ``target`` must be disposed
    first; ``restore_into`` does that. ``clock`` is the shop's (it names the file kept aside)."""
    target = Path(target).expanduser().resolve()
    source = Path(source).expanduser().resolve()
    if source == target:
        raise InvalidInput(_("That is the database itself; choose a backup file."))
    check = check_backup_file(source)
    risk = restore_risk(target, source)
    if risk.needs_consent and not confirmed:
        raise RestoreNeedsConsent(risk)
    temporary = target.with_name(f".{target.name}.restoring")
    for leftover in (temporary, Path(f"{temporary}-journal")):
        leftover.unlink(missing_ok=True)
    reader = _read_only(source)
    try:
        copy_database(reader, temporary)
    finally:
        reader.close()
    copied = check_file(temporary, quick_limit=_WHOLE_FILE)
    if not copied.ok:
        temporary.unlink(missing_ok=True)
        raise InvalidInput(
            _("The copy of {file} failed its check ({detail}).").format(
                file=source.name, detail=copied.detail
            )
        )
    if not risk.other_shop:
        _keep_shop_id(temporary, target)
    aside = None
    if target.exists() and target.stat().st_size:
        _release(target)
        stamp = clock().astimezone(UTC).strftime(_STAMP)
        aside = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix or '.db'}")
        shutil.copyfile(target, aside)
        for suffix in ("-wal", "-journal"):  # frames or a hot journal belong to the old file
            companion = Path(f"{target}{suffix}")
            if companion.exists():
                os.replace(companion, Path(f"{aside}{suffix}"))
    Path(f"{target}-shm").unlink(missing_ok=True)
    os.replace(temporary, target)
    fsync_dir(target.parent)
    with speaking("en"):  # the log stays in English
        confirmed_risk = f"; confirmed: {describe_risk(risk)}" if risk.needs_consent else ""
    _log.info(
        "restored %s into %s (%d customers, schema %s); kept the previous database as %s%s",
        source, target, check.customers, check.revision, aside, confirmed_risk,
    )
    return Restored(target, source, aside, check.revision, check.customers)


def restore_into(db: Database, source: str | Path, *, confirmed: bool = False) -> Restored:
    """Restore ``source`` over the open database ``db``: its connections are closed, the file
    replaced, and the schema upgraded if the backup is older. ``db`` stays usable afterwards
    (it reconnects to the restored file). No other thread may use ``db`` meanwhile."""
    require(db, Permission.RESTORE)
    target = _sqlite_path(db)
    if Path(source).expanduser().resolve() == target.resolve():
        raise InvalidInput(_("That is the database itself; choose a backup file."))
    db.dispose()  # a refused restore leaves it as it was: it reconnects on its next use
    done = restore_backup(target, source, confirmed=confirmed, clock=db.clock)
    checked = settle_restore(db, source, revision=done.revision, customers=done.customers)
    return replace(done, verification=checked)


def settle_restore(
    db: Database, source: str | Path, *, revision: str, customers: int
) -> integrity.Verification:
    """After any restore (the window's, the command line's, PostgreSQL's): the schema brought
    up to date, a programme in place, the restored chains verified, and the restore itself
    written to the restored audit log with that verdict. Returns the verdict."""
    if migrate.current_revision(db) != migrate.head_revision():
        migrate.upgrade(db)
    programme.ensure_defaults(db)
    checked = integrity.verify(db)
    name = Path(source).name
    with db.write() as session:
        audit.record(
            session, db, kind="restore", subject=f"backup {name}"[:200],
            after={"file": name, "revision": revision, "customers": customers,
                   "chain_intact": checked.intact},
        )  # fmt: skip
    return checked
