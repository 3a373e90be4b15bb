"""Bring a database file to the current schema, safely.

Opening an older file upgrades it after a backup copy; a file written by a newer Shopkeeper is
refused rather than damaged.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from shopkeeper.domain.errors import DatabaseTooNew
from shopkeeper.storage.backup import backup_to
from shopkeeper.storage.database import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> Path | None:
    """Upgrade to ``revision``; returns the path of the backup taken first, if any."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(db)
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise DatabaseTooNew(
            f"This database was written by a newer version of Shopkeeper (schema {current}). "
            "Install the newer version to open it; it has not been changed."
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
                command.upgrade(config, revision)
            if db.is_sqlite and raw.execute("PRAGMA foreign_key_check").fetchall():
                raise RuntimeError(
                    "The upgrade left rows that point at nothing; restore the backup."
                )
        finally:
            if db.is_sqlite:
                raw.execute("PRAGMA foreign_keys = ON")
    return backup
