"""Backups of a PostgreSQL shop with the server's own tools, rotated like the SQLite ones.

* ``back_up`` runs ``pg_dump -Fc`` (a consistent snapshot; tills keep working) into
  ``<database>-<UTC time>-<reason>.dump`` under a temporary name, checks the archive with
  ``pg_restore --list`` (complete, a Shopkeeper database), renames it into place and rotates the
  folder by ``backups.keep_set`` (3 newest, then per day, week and month).
* ``restore_backup`` never touches the live database until the end: it restores the dump into
  a new database ``<name>_restoring`` in one transaction, checks it there (a schema this version
  knows; what would be lost), and only then swaps the names in one transaction, keeping the old
  database as ``<name>_before_restore_<time>``. So the shop's database is always the old one or
  the whole restored one. The other tills must be closed (PostgreSQL refuses to rename a
  database in use), and the user needs CREATEDB.

The password travels in ``PGPASSWORD``, never on a command line other users can list.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from shopkeeper.domain.errors import DatabaseTooNew, InvalidInput, NotAllowed
from shopkeeper.i18n import _, ngettext
from shopkeeper.services import backups
from shopkeeper.storage import pg
from shopkeeper.storage.database import Database, utc_now

SUFFIX = ".dump"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z]+)\.dump$")
_STAMP = "%Y%m%dT%H%M%SZ"
NEEDED = ("TABLE DATA public alembic_version", "TABLE DATA public customer ")


@dataclass(frozen=True)
class PgRestored:
    database: str  # the URL, password hidden
    source: Path
    kept_aside: str  # the name the database had before is now this one's
    revision: str
    customers: int
    entries_lost: int  # ledger entries in the replaced database newer than the backup's


CLOSING_GRACE_S = 3.0  # how long a just-closed connection may take to leave the server


def find_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore`` on PATH (or in PostgreSQL's folder on Windows)."""
    found = shutil.which(name)
    if found is None and sys.platform == "win32":
        candidates = sorted(glob.glob(rf"C:\Program Files\PostgreSQL\*\bin\{name}.exe"))
        found = candidates[-1] if candidates else None
    if found is None:
        raise NotAllowed(
            _(
                "{tool} is not installed on this computer, so nothing was done; install "
                "PostgreSQL's client tools (Debian/Ubuntu: sudo apt install postgresql-client; "
                "Windows: the PostgreSQL installer, with its bin folder on PATH)."
            ).format(tool=name)
        )
    return found


def _run(args: list[str], url: str | URL, *, what: str) -> subprocess.CompletedProcess[str]:
    _plain, env = pg.libpq(url)
    done = subprocess.run(  # noqa: S603 - our own argument list, no shell
        args, capture_output=True, text=True, env={**os.environ, **env}, check=False
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        detail = lines[-1] if lines else _("exit status {code}").format(code=done.returncode)
        raise InvalidInput(
            _("{tool} failed: {detail}").format(
                tool=what, detail=detail.removeprefix(Path(args[0]).stem + ": ")
            )
        )
    return done


def _url(db: Database) -> URL:
    if db.is_sqlite:
        raise InvalidInput(
            _("This shop is an SQLite file; it is backed up by copying the file.")
        )
    return db.engine.url


def _stem(db: Database) -> str:
    return _url(db).database or "shopkeeper"


def _parse(path: Path, stem: str) -> backups.BackupInfo | None:
    match = _NAME.match(path.name)
    if not match or match["stem"] != stem:
        return None
    try:
        at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return backups.BackupInfo(path, at, match["reason"], size)


def backups_in(folder: Path, stem: str) -> list[backups.BackupInfo]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [info for path in entries if (info := _parse(path, stem)) is not None]
    return sorted(found, key=lambda b: (b.at, b.path.name), reverse=True)


def list_backups(db: Database) -> list[backups.BackupInfo]:
    return backups_in(backups.backup_folder(db), _stem(db))


def rotate(folder: Path, stem: str) -> tuple[Path, ...]:
    found = backups_in(folder, stem)
    keep = backups.keep_set([b.at for b in found])
    removed = []
    for backup in found:
        if backup.at not in keep:
            try:
                backup.path.unlink()
                removed.append(backup.path)
            except OSError:
                continue
    return tuple(removed)


def check_dump(path: str | Path) -> Path:
    """A complete ``pg_dump -Fc`` archive of a Shopkeeper database, or a clear refusal."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise InvalidInput(_("There is no backup file {path}.").format(path=path))
    done = subprocess.run(  # noqa: S603
        [find_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise InvalidInput(
            _("{file} is not a readable PostgreSQL backup (pg_dump -Fc).").format(file=path.name)
        )
    if not all(needed in done.stdout for needed in NEEDED):
        raise InvalidInput(
            _("{file} is a PostgreSQL backup but not of a Shopkeeper shop.").format(
                file=path.name
            )
        )
    return path


def back_up(
    db: Database, *, reason: str = "manual", out: str | Path | None = None
) -> backups.BackupDone:
    """A checked ``pg_dump -Fc``: into ``out`` if given (no rotation), else into the backup
    folder (rotated)."""
    if reason not in backups.REASONS:
        raise InvalidInput(_("Unknown backup reason {reason}.").format(reason=repr(reason)))
    url, stem = _url(db), _stem(db)
    tool = find_tool("pg_dump")
    now = db.now().replace(microsecond=0)
    if out is not None:
        target = Path(out).expanduser()
        if target.is_dir():
            raise InvalidInput(_("{path} is a folder; give a file name.").format(path=target))
        folder = None
    else:
        folder = backups.backup_folder(db)
        target = folder / f"{stem}-{now.astimezone(UTC).strftime(_STAMP)}-{reason}{SUFFIX}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInput(
            _("The backup folder {folder} cannot be made: {error}.").format(
                folder=target.parent, error=error
            )
        ) from None
    partial = target.with_name(f".{target.name}.partial")
    plain, _env = pg.libpq(url)
    try:
        _run([tool, "-Fc", "--no-owner", "--no-privileges", "-f", str(partial), "--dbname", plain],
             url, what="pg_dump")
        check_dump(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    removed = rotate(folder, stem) if folder is not None else ()
    return backups.BackupDone(target, now, reason, target.stat().st_size, removed)


# --- restoring ------------------------------------------------------------------------------


def _admin(url: URL):  # noqa: ANN202 - an Engine on the server's maintenance database
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def _facts(url: URL) -> tuple[str | None, int, datetime | None]:
    """Schema revision, customers, and the newest ledger entry's time of one database."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            customers = connection.execute(text("SELECT count(*) FROM customer")).scalar()
            newest = connection.execute(text("SELECT max(at) FROM ledger_entry")).scalar()
    finally:
        engine.dispose()
    return revision, int(customers or 0), newest


def _entries_after(url: URL, moment: datetime | None) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if moment is None:
                return int(connection.execute(text("SELECT count(*) FROM ledger_entry")).scalar())
            return int(
                connection.execute(
                    text("SELECT count(*) FROM ledger_entry WHERE at > :m"), {"m": moment}
                ).scalar()
            )
    except DBAPIError:  # an empty or half-made database: nothing of a shop to lose
        return 0
    finally:
        engine.dispose()


def restore_backup(url: str, source: str | Path, *, confirmed: bool = False) -> PgRestored:
    """Replace the database at ``url`` with the dump ``source`` (see the module's docstring).
    Refused, with nothing changed, when ledger entries newer than the backup would be lost and
    ``confirmed`` is False. Every engine on ``url`` must be disposed first."""
    source = check_dump(source)
    parsed = pg.parse(url)
    name = parsed.database
    if not name:
        raise InvalidInput(_("{url} names no database.").format(url=pg.shown(parsed)))
    temporary = f"{name}_restoring"[:63]
    stamp = utc_now().strftime("%Y%m%d%H%M%S")  # as the SQLite restore names its copy aside
    aside = f"{name[:40]}_before_restore_{stamp}"
    admin = _admin(parsed)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{temporary}"'))
            try:
                connection.execute(
                    text(f"CREATE DATABASE \"{temporary}\" TEMPLATE template0 ENCODING 'UTF8'")
                )
            except DBAPIError as error:
                raise NotAllowed(
                    _(
                        "User {user} may not create databases, which a restore needs "
                        "(ALTER ROLE {role} CREATEDB). Nothing was changed."
                    ).format(user=repr(parsed.username), role=parsed.username)
                ) from error
        restoring = parsed.set(database=temporary)
        try:
            plain, _env = pg.libpq(restoring)
            _run(
                [find_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
                 "--exit-on-error", "--dbname", plain, str(source)],
                restoring,
                what="pg_restore",
            )
            revision, customers, newest = _facts(restoring)
            if revision not in backups.known_revisions():
                raise DatabaseTooNew(
                    _(
                        "{file} was written by a newer version of Shopkeeper (schema "
                        "{revision}); install that version to restore it. Nothing was changed."
                    ).format(file=source.name, revision=revision)
                )
            lost = _entries_after(parsed, newest)
            if lost and not confirmed:
                when = newest.astimezone().strftime("%Y-%m-%d %H:%M") if newest else "-"
                raise NotAllowed(
                    ngettext(
                        "{file} holds {customers} customers, newest entry {when}; restoring it "
                        "would lose {lost} ledger entry made since. Confirm to restore anyway "
                        "(--yes). Nothing was changed.",
                        "{file} holds {customers} customers, newest entry {when}; restoring it "
                        "would lose {lost} ledger entries made since. Confirm to restore anyway "
                        "(--yes). Nothing was changed.",
                        lost,
                    ).format(file=source.name, customers=customers, when=when, lost=lost)
                )
            with admin.connect() as connection:
                # A connection closed a moment ago (this command's own check of who may
                # restore, a till just shut) leaves its server process for a few moments more:
                # wait up to CLOSING_GRACE_S for those before refusing.
                deadline = time.monotonic() + CLOSING_GRACE_S
                while True:
                    others = connection.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = :name "
                            "AND pid <> pg_backend_pid()"
                        ),
                        {"name": name},
                    ).scalar()
                    if not others or time.monotonic() >= deadline:
                        break
                    time.sleep(0.1)
                if others:
                    raise NotAllowed(
                        ngettext(
                            "{n} other connection uses {name} (tills, windows); close them "
                            "first. Nothing was changed.",
                            "{n} other connections use {name} (tills, windows); close them "
                            "first. Nothing was changed.",
                            others,
                        ).format(n=others, name=name)
                    )
            swap = create_engine(parsed.set(database="postgres"))
            try:
                with swap.begin() as connection:  # both names or neither
                    exists = connection.execute(
                        text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                    ).scalar()
                    if exists:
                        connection.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{aside}"'))
                    connection.execute(text(f'ALTER DATABASE "{temporary}" RENAME TO "{name}"'))
            finally:
                swap.dispose()
        except BaseException:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{temporary}" WITH (FORCE)'))
            raise
    finally:
        admin.dispose()
    return PgRestored(pg.shown(parsed), source, aside, revision, customers, lost)
