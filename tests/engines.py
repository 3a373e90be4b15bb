"""Test databases on PostgreSQL: one schema per session, emptied before each test."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError


def reset_schema(url: str) -> None:
    """Drop everything in the ``public`` schema (a previous run's tables, a crashed test's)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            _end_other_sessions(connection)
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def _end_other_sessions(connection) -> None:  # noqa: ANN001
    """A till left open by a failed test would hold its locks: end this database's other
    sessions (only ours: the database belongs to the test run)."""
    connection.execute(
        text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    )


def empty_tables(url: str) -> None:
    """Every table but Alembic's emptied, identities back to 1; the test seeds the shop."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SET lock_timeout = '5s'"))
            names = ", ".join(
                connection.execute(
                    text(
                        "SELECT quote_ident(tablename) FROM pg_tables "
                        "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                    )
                ).scalars()
            )
            truncate = text(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            try:
                connection.execute(truncate)
            except OperationalError:  # a session left behind by a failed test holds a lock
                _end_other_sessions(connection)
                connection.execute(truncate)
    finally:
        engine.dispose()
