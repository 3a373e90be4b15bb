"""The composition root: turn a path or URL into a ready ``Database`` (schema upgraded, a new
shop given its default programme and the machine's country, currency and language), and set up
the log once. The CLI and the GUI both start here.

An SQLite file is checked first (``storage.backup.ensure_sound``: header, schema, and
``PRAGMA quick_check`` for files small enough to check in under 50 ms): a damaged file raises
``DatabaseDamaged`` with a clear message instead of a traceback half-way through a migration.
A target that cannot be a database at all (a folder, a path that cannot be written, an unknown
URL scheme, a server that does not answer) raises ``InvalidInput``: it is the user's to fix.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError

from shopkeeper import logs, settings
from shopkeeper.domain.errors import DatabaseDamaged, InvalidInput
from shopkeeper.domain.shop import from_locale
from shopkeeper.i18n import _
from shopkeeper.services import programme
from shopkeeper.storage import migrate, pg
from shopkeeper.storage.backup import ensure_sound, is_damage
from shopkeeper.storage.database import Database, database_url

_log = logging.getLogger(__name__)
# Who is at this till, for a face that knows before opening (the command line's --as):
# called with every opened Database and its URL; it sets ``db.actor`` (see cli.staff).
_identify: Callable[[Database, str], None] | None = None


def set_identity(identify: Callable[[Database, str], None] | None) -> None:
    global _identify
    _identify = identify


def configure_logging() -> Path:
    """The rotating log file in the data folder (``settings.log_file``); safe to call again."""
    return logs.configure(settings.log_file())


def _sqlite_file(url: str) -> Path:
    path = Path(url.removeprefix("sqlite:///"))
    if path.is_dir():
        raise InvalidInput(
            _("{path} is a folder; give the database file's name.").format(path=path)
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInput(
            _("The database cannot be created at {path}: {error}.").format(
                path=path, error=error.strerror or error
            )
        ) from None
    return path


def _open(target: str | Path, url: str) -> Database:
    try:
        return Database.open(target)
    except (NoSuchModuleError, ArgumentError):
        scheme = url.split("://", 1)[0]
        raise InvalidInput(
            _(
                "Unknown database URL scheme {scheme}; give a file path or a "
                "postgresql+psycopg://... URL."
            ).format(scheme=repr(scheme))
        ) from None
    except ImportError as error:
        if (explained := pg.explain(error, url)) is not None:  # no PostgreSQL driver
            raise explained from None
        scheme = url.split("://", 1)[0]
        raise InvalidInput(
            _("The driver for {scheme} is not installed ({error}).").format(
                scheme=scheme, error=error
            )
        ) from None


def open_database(
    target: str | Path,
    *,
    shop_name: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Database:
    """``clock`` is the shop's clock (tests pass theirs so even the first migration and the new
    shop's creation are dated by it)."""
    url = database_url(target)
    path = _sqlite_file(url) if url.startswith("sqlite:///") else None
    if path is not None:
        check = ensure_sound(path)
        if not check.whole:
            _log.info(
                "%s is %d MB: only its header and schema were checked at start (%s)",
                path,
                check.size // 2**20,
                check.detail,
            )
    db = _open(target, url)
    if clock is not None:
        db.clock = clock
    try:
        current = migrate.current_revision(db)
        if current != migrate.head_revision():
            migrate.upgrade(db)
            if current is not None:
                _log.info(
                    "upgraded %s from schema %s to %s", path or "the database", current,
                    migrate.head_revision(),
                )
        programme.ensure_defaults(
            db, shop_name=shop_name, defaults=from_locale(settings.system_locale())
        )
        if _identify is not None:
            _identify(db, url)
    except DatabaseError as error:
        db.dispose()
        if (unreachable := pg.explain(error, url)) is not None:
            raise unreachable from None
        if path is not None and is_damage(error):
            raise DatabaseDamaged(path, str(getattr(error, "orig", error))) from error
        if isinstance(error, OperationalError):
            detail = str(getattr(error, "orig", error)).splitlines()[0]
            shown = path or make_url(url).render_as_string(hide_password=True)
            raise InvalidInput(
                _("The database {name} cannot be opened: {detail}.").format(
                    name=shown, detail=detail
                )
            ) from None
        raise
    except BaseException:
        db.dispose()
        raise
    return db
