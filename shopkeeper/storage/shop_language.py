"""The shop's language read in passing, before anything is opened for real.

The command line chooses its language before it builds its help texts, and only asks the shop
when neither ``--lang`` nor the environment decides. That question must be cheap and harmless:
it never creates a file, never migrates, never waits long, and any failure means "unknown"
(the command itself then opens the database and reports a real problem properly).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from shopkeeper.storage.pg import normalise_url

_QUERY = "SELECT value FROM setting WHERE key = 'shop'"


def _language_of(value: str | None) -> str | None:
    try:
        shop = json.loads(value or "")
    except ValueError:
        return None
    language = shop.get("language") if isinstance(shop, dict) else None
    return language if isinstance(language, str) and language else None


def _sqlite_file(path: Path) -> str | None:
    if not path.is_file():
        return None  # a new shop: nothing to read, and nothing is created here
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=1)
        try:
            row = connection.execute(_QUERY).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return _language_of(row[0]) if row else None


def stored_shop_language(target: str | Path) -> str | None:
    """The language tag stored in the shop at ``target`` (a file or a URL), or None."""
    target = str(target)
    if "://" not in target:
        return _sqlite_file(Path(target).expanduser())
    try:
        url = make_url(normalise_url(target))
    except Exception:  # noqa: BLE001 - not a URL: the command will say so
        return None
    if url.get_backend_name() == "sqlite":
        return _sqlite_file(Path(url.database)) if url.database else None
    try:
        engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as connection:
                value = connection.execute(text(_QUERY)).scalar()
        finally:
            engine.dispose()
    except Exception:  # noqa: BLE001 - unreachable, no driver, no table: unknown
        return None
    return _language_of(value)
