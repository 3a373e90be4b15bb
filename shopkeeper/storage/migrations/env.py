"""Alembic environment: run from ``shopkeeper.storage.migrate`` with a connection, or from the
``alembic`` command line with ``-x url=sqlite:///path.db``."""

from alembic import context
from sqlalchemy import create_engine

from shopkeeper.storage.database import utc_now
from shopkeeper.storage.tables import metadata

FTS_TABLES = ("customer_fts",)


def include_name(name, type_, parent_names):  # noqa: ANN001, ANN201
    # FTS5 virtual tables and their shadow tables are made by hand in the migrations, and so
    # are PostgreSQL's trigram and NULLS LAST indexes (migration 0014, "pgx_" names).
    if type_ == "index" and name and name.startswith("pgx_"):
        return False
    return not (type_ == "table" and name and name.startswith(FTS_TABLES))


def run_with(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///shopkeeper-dev.db")
    # The developer's ``alembic`` command has no shop: its clock is the machine's.
    context.config.attributes.setdefault("now", utc_now())
    with create_engine(url).connect() as conn:
        run_with(conn)
