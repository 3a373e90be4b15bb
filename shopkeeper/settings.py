"""Where the data lives. Nothing here opens anything."""

from __future__ import annotations

import json
import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Shopkeeper"
ENV_DB = "SHOPKEEPER_DB"
TILL_CONFIG = "database.json"  # written by ``shopkeeper db use``
ENV_DATA_DIR = "SHOPKEEPER_DATA_DIR"  # tests and portable installs put everything here
ENV_LOCALE = "SHOPKEEPER_LOCALE"  # overrides LC_ALL/LANG for a new shop's defaults (tests)
LOG_FILE = "shopkeeper.log"


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))
    return path


def default_database() -> Path:
    return data_dir() / "shopkeeper.db"


def demo_database() -> Path:
    return data_dir() / "demo-shop.db"


def database_target(cli_value: str | None) -> str:
    """``--db`` first, then ``SHOPKEEPER_DB``, then the database this till was pointed at
    (``shopkeeper db use URL``), then the file in the user data directory.
    A value with ``://`` is an SQLAlchemy URL (e.g. PostgreSQL) and is passed through."""
    return cli_value or os.environ.get(ENV_DB) or chosen_database() or str(default_database())


def till_config() -> Path:
    """This till's choice of database (URL and password): readable by its user only."""
    return data_dir() / TILL_CONFIG


def chosen_database() -> str | None:
    try:
        data = json.loads(till_config().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("database") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


def choose_database(url: str | None) -> Path:
    """Remember ``url`` as this till's database (None: forget it, back to the local file).
    Written under a temporary name with mode 0600, then renamed into place."""
    path = till_config()
    if url is None:
        path.unlink(missing_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump({"database": url}, handle)
    os.replace(partial, path)
    return path


def log_file() -> Path:
    """The rotating log: backups, restores, migrations, imports, merges, month-ends, rule
    changes and crashes each leave a line here."""
    return data_dir() / LOG_FILE


def system_locale() -> str | None:
    """The machine's locale name as POSIX reads it (``LC_ALL``, then ``LC_MESSAGES``, then
    ``LANG``), e.g. "zh_CN.UTF-8"; a new shop takes its country, currency and language from it."""
    for name in (ENV_LOCALE, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return value
    return None
