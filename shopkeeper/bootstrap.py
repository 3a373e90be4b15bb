"""The composition root: turn a path or URL into a ready ``Database`` (schema upgraded, a new
shop given its default programme). The CLI and the GUI both start here."""

from __future__ import annotations

from pathlib import Path

from shopkeeper.services import programme
from shopkeeper.storage import migrate
from shopkeeper.storage.database import Database, database_url


def open_database(target: str | Path, *, shop_name: str | None = None) -> Database:
    url = database_url(target)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db = Database.open(target)
    try:
        if migrate.current_revision(db) != migrate.head_revision():
            migrate.upgrade(db)
        programme.ensure_defaults(db, shop_name=shop_name)
    except BaseException:
        db.dispose()
        raise
    return db
