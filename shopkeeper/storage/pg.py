"""PostgreSQL specifics in one place: URLs, the one extension search needs, and turning a failed
connection into one line that names its cause.

A shop types ``postgresql://shop:pw@server/shop``; SQLAlchemy would read that as the psycopg2
driver, which Shopkeeper does not install, so ``normalise_url`` names psycopg (version 3).
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, ProgrammingError

from shopkeeper.domain.errors import ShopkeeperError

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
INSTALL_HINT = "install it with: python3 -m pip install 'shopkeeper[postgres]'"


class CannotConnect(ShopkeeperError):
    """The database server could not be reached or refused us; the message names the cause."""


def is_postgres(target: str) -> bool:
    return str(target).startswith(("postgresql", "postgres:"))


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://``; others unchanged."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


def parse(url: str) -> URL:
    try:
        return make_url(normalise_url(url))
    except Exception as error:  # noqa: BLE001 - SQLAlchemy raises ArgumentError or ValueError
        raise CannotConnect(f"{shown(url)} is not a database URL ({error}).") from None


def shown(url: str | URL) -> str:
    """The URL with its password hidden, for messages and listings."""
    try:
        parsed = url if isinstance(url, URL) else make_url(normalise_url(str(url)))
    except Exception:  # noqa: BLE001
        return "the database URL"
    return parsed.render_as_string(hide_password=True).replace("postgresql+psycopg", "postgresql")


def without_password(url: str) -> str:
    """The URL as a person types it (``postgresql://``), without the password: for hints."""
    parsed = parse(url).set(drivername="postgresql")._replace(password=None)
    return parsed.render_as_string(hide_password=False)


def libpq(url: str | URL) -> tuple[str, dict[str, str]]:
    """A ``postgresql://`` URL without the password, for pg_dump and pg_restore, and the
    environment that carries the password (never on a command line others can read)."""
    parsed = url if isinstance(url, URL) else parse(str(url))
    env = {"PGPASSWORD": parsed.password} if parsed.password else {}
    plain = parsed.set(drivername="postgresql")._replace(password=None)
    return plain.render_as_string(hide_password=False), env


def driver_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("psycopg") is not None


def create_trigram_extension(connection) -> None:  # noqa: ANN001 - SQLAlchemy Connection
    """``CREATE EXTENSION pg_trgm`` (trusted from PostgreSQL 13: the database owner may), or a
    clear message saying who must run it."""
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except (ProgrammingError, DBAPIError) as error:
        database = connection.exec_driver_sql("SELECT current_database()").scalar()
        raise CannotConnect(
            "Search needs the PostgreSQL extension pg_trgm, and this user may not install it "
            f"({_first_line(error)}). As the database owner or an administrator, run in "
            f'database "{database}": CREATE EXTENSION pg_trgm;'
        ) from None


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(error).__name__


def explain(error: BaseException, url: str) -> CannotConnect | None:
    """A ``CannotConnect`` naming the cause of a failed connection, or None if ``error`` is not
    one (a bug, a damaged file: let the caller handle it)."""
    if isinstance(error, ModuleNotFoundError) and "psycopg" in str(error):
        return CannotConnect(f"PostgreSQL support is not installed; {INSTALL_HINT}")
    original = getattr(error, "orig", None)
    if original is None or not is_postgres(url):
        return None
    try:
        parsed = make_url(normalise_url(url))
        host = parsed.host or "localhost"
        where = f"{host}:{parsed.port or 5432}"
        user, database = parsed.username or "(no user)", parsed.database or "(none)"
    except Exception:  # noqa: BLE001
        where, user, database = "the server", "the user", "the database"
    text = str(original)
    low = text.lower()
    place = f"Cannot open the shop's database at {where}"
    if "password authentication failed" in low or "no password supplied" in low:
        return CannotConnect(f"{place}: the server refused the password of user {user!r}.")
    if "role" in low and "does not exist" in low:
        return CannotConnect(f"{place}: the server has no user {user!r}.")
    if "database" in low and "does not exist" in low:
        return CannotConnect(
            f"{place}: it has no database {database!r} (create it, see 'Several tills' in the "
            "README)."
        )
    if "could not translate host name" in low or "name or service not known" in low:
        return CannotConnect(f"Cannot open the shop's database: unknown server name {host!r}.")
    if "connection refused" in low or "no such file or directory" in low:
        return CannotConnect(
            f"{place}: no database server is running there (connection refused)."
        )
    if "timeout" in low or "timed out" in low:
        return CannotConnect(f"{place}: the server did not answer in time.")
    if "pg_hba.conf" in low:
        return CannotConnect(
            f"{place}: the server does not allow user {user!r} to connect from this computer "
            "(pg_hba.conf)."
        )
    if "permission denied for schema" in low:
        return CannotConnect(
            f"{place}: user {user!r} may not create the shop's tables in database "
            f"{database!r}; make it the owner (ALTER DATABASE {database} OWNER TO {user})."
        )
    if "permission denied" in low:
        return CannotConnect(f"{place}: user {user!r} may not use database {database!r}.")
    if isinstance(error, DBAPIError) and error.connection_invalidated or "connection" in low:
        return CannotConnect(f"{place}: {text.strip().splitlines()[0]}")
    return None
