"""Where the data lives. Nothing here opens anything."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Shopkeeper"
ENV_DB = "SHOPKEEPER_DB"
ENV_DATA_DIR = "SHOPKEEPER_DATA_DIR"  # tests and portable installs put everything here


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))
    return path


def default_database() -> Path:
    return data_dir() / "shopkeeper.db"


def demo_database() -> Path:
    return data_dir() / "demo-shop.db"


def database_target(cli_value: str | None) -> str:
    """``--db`` first, then ``SHOPKEEPER_DB``, then the file in the user data directory.
    A value with ``://`` is an SQLAlchemy URL (e.g. PostgreSQL) and is passed through."""
    return cli_value or os.environ.get(ENV_DB) or str(default_database())
