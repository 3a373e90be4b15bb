"""PostgreSQL specifics in one place: URLs, the one extension search needs, and turning a failed
connection into one line that names its cause.

A shop types ``postgresql://shop:pw@server/shop``; SQLAlchemy would read that as the psycopg2
driver, which Shopkeeper does not install, so ``normalise_url`` names psycopg (version 3).
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, ProgrammingError

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import N_, _

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
# Shown translated: ``_(INSTALL_HINT)``.
INSTALL_HINT = N_("install it with: python3 -m pip install 'shopkeeper[postgres]'")


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
        raise CannotConnect(
            _("{url} is not a database URL ({error}).").format(url=shown(url), error=error)
        ) from None


def shown(url: str | URL) -> str:
    """The URL with its password hidden, for messages and listings."""
    try:
        parsed = url if isinstance(url, URL) else make_url(normalise_url(str(url)))
    except Exception:  # noqa: BLE001
        return _("the database URL")
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
            _(
                "Search needs the PostgreSQL extension pg_trgm, and this user may not install "
                "it ({error}). As the database owner or an administrator, run in "
                'database "{database}": CREATE EXTENSION pg_trgm;'
            ).format(error=_first_line(error), database=database)
        ) from None


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(error).__name__


def explain(error: BaseException, url: str) -> CannotConnect | None:
    """A ``CannotConnect`` naming the cause of a failed connection, or None if ``error`` is not
    one (a bug, a damaged file: let the caller handle it)."""
    if isinstance(error, ModuleNotFoundError) and "psycopg" in str(error):
        return CannotConnect(
            _("PostgreSQL support is not installed; {hint}").format(hint=_(INSTALL_HINT))
        )
    original = getattr(error, "orig", None)
    if original is None or not is_postgres(url):
        return None
    try:
        parsed = make_url(normalise_url(url))
        host = parsed.host or "localhost"
        where = f"{host}:{parsed.port or 5432}"
        user = parsed.username or _("(no user)")
        database = parsed.database or _("(none)")
    except Exception:  # noqa: BLE001
        where, user, database = _("the server"), _("the user"), _("the database")
    text = str(original)
    low = text.lower()
    place = _("Cannot open the shop's database at {where}").format(where=where)
    if "password authentication failed" in low or "no password supplied" in low:
        return CannotConnect(
            _("{place}: the server refused the password of user {user}.").format(
                place=place, user=repr(user)
            )
        )
    if "role" in low and "does not exist" in low:
        return CannotConnect(
            _("{place}: the server has no user {user}.").format(place=place, user=repr(user))
        )
    if "database" in low and "does not exist" in low:
        return CannotConnect(
            _(
                "{place}: it has no database {database} (create it, see 'Several tills' in the "
                "README)."
            ).format(place=place, database=repr(database))
        )
    if "could not translate host name" in low or "name or service not known" in low:
        return CannotConnect(
            _("Cannot open the shop's database: unknown server name {host}.").format(
                host=repr(host)
            )
        )
    if "connection refused" in low or "no such file or directory" in low:
        return CannotConnect(
            _("{place}: no database server is running there (connection refused).").format(
                place=place
            )
        )
    if "timeout" in low or "timed out" in low:
        return CannotConnect(_("{place}: the server did not answer in time.").format(place=place))
    if "pg_hba.conf" in low:
        return CannotConnect(
            _(
                "{place}: the server does not allow user {user} to connect from this computer "
                "(pg_hba.conf)."
            ).format(place=place, user=repr(user))
        )
    if "permission denied for schema" in low:
        return CannotConnect(
            _(
                "{place}: user {user} may not create the shop's tables in database "
                "{database}; make it the owner (ALTER DATABASE {name} OWNER TO {role})."
            ).format(
                place=place, user=repr(user), database=repr(database), name=database, role=user
            )
        )
    if "permission denied" in low:
        return CannotConnect(
            _("{place}: user {user} may not use database {database}.").format(
                place=place, user=repr(user), database=repr(database)
            )
        )
    if isinstance(error, DBAPIError) and error.connection_invalidated or "connection" in low:
        return CannotConnect(
            _("{place}: {detail}").format(place=place, detail=text.strip().splitlines()[0])
        )
    return None
