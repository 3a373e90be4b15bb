"""The composition root: turn a path or URL into a ready ``Database`` (schema upgraded, a new
shop given its default programme). The CLI and the GUI both start here.

An SQLite file is checked first (``storage.backup.ensure_sound``: header, schema, and
``PRAGMA quick_check`` for files small enough to check in under 50 ms): a damaged file raises
``DatabaseDamaged`` with a clear message instead of a traceback half-way through a migration.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from shopkeeper.domain.errors import DatabaseDamaged
from shopkeeper.services import programme
from shopkeeper.storage import migrate, pg
from shopkeeper.storage.backup import ensure_sound, is_damage
from shopkeeper.storage.database import Database, database_url

_log = logging.getLogger(__name__)


def open_database(target: str | Path, *, shop_name: str | None = None) -> Database:
    url = database_url(target)
    path = None
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        check = ensure_sound(path)
        if not check.whole:
            _log.info(
                "%s is %d MB: only its header and schema were checked at start (%s)",
                path,
                check.size // 2**20,
                check.detail,
            )
    try:
        db = Database.open(target)
    except ModuleNotFoundError as error:  # no PostgreSQL driver
        raise (pg.explain(error, url) or error) from None
    try:
        if migrate.current_revision(db) != migrate.head_revision():
            migrate.upgrade(db)
        programme.ensure_defaults(db, shop_name=shop_name)
    except DatabaseError as error:
        db.dispose()
        if (unreachable := pg.explain(error, url)) is not None:
            raise unreachable from None
        if path is not None and is_damage(error):
            raise DatabaseDamaged(path, str(getattr(error, "orig", error))) from error
        raise
    except BaseException:
        db.dispose()
        raise
    return db
