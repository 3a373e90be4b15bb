"""Bring a database file to the current schema, safely.

Opening an older file upgrades it after a backup copy; a file written by a newer Shopkeeper is
refused rather than damaged.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from shopkeeper.domain.errors import DatabaseTooNew
from shopkeeper.i18n import _
from shopkeeper.storage.backup import backup_to
from shopkeeper.storage.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w]+)", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head_revision() -> str:
    """The newest schema revision, read from the migration files' text: opening an up-to-date
    database then never imports Alembic (a fifth of the window's start-up time)."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for key, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            (revisions if key == "revision" else parents).add(value)
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"The migrations must have one head, not {sorted(heads)}.")
    return heads.pop()


def current_revision(db: Database) -> str | None:
    """The database's schema revision; None for a new, empty file."""
    with db.engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no such table yet
            return None


def upgrade(db: Database, revision: str = "head") -> Path | None:
    """Upgrade to ``revision``; returns the path of the backup taken first, if any."""
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(db)
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise DatabaseTooNew(
            _(
                "This database was written by a newer version of Shopkeeper (schema "
                "{schema}). Install the newer version to open it; it has not been changed."
            ).format(schema=current)
        )
    target = script.get_current_head() if revision == "head" else revision
    if current == target:
        return None
    backup = None
    path = db.sqlite_path
    if path is not None and current is not None and path.exists():
        backup = path.with_name(f"{path.stem}.before-{target}{path.suffix or '.db'}")
        backup_to(db, backup)
    config = alembic_config()
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        if db.is_sqlite:  # batch migrations recreate tables: no cascades while they do
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                config.attributes["now"] = db.now()  # rows a migration dates: shop's clock
                command.upgrade(config, revision)
            if db.is_sqlite and raw.execute("PRAGMA foreign_key_check").fetchall():
                raise RuntimeError(
                    "The upgrade left rows that point at nothing; restore the backup."
                )
        finally:
            if db.is_sqlite:
                raw.execute("PRAGMA foreign_keys = ON")
    return backup
