"""PostgreSQL search and sort parity: byte-order collation, trigram and NULLS LAST indexes

Revision ID: 0014
Revises: 0011
Create Date: 2026-11-30

PostgreSQL only (SQLite has its FTS5 table and BINARY collation already):

* the search and sort keys (``customer.name_key``, ``card_number``, ``phone``,
  ``search_token.token``) get ``COLLATE "C"``: code-point order, as SQLite's BINARY and Python
  compare, whatever locale the database was created with, so prefix ranges, sorted lists and
  the 20 hits shown are the same on both engines;
* ``pg_trgm`` GIN indexes on ``name_key`` and ``phone`` answer "contains" searches without a
  table scan (``pg_trgm`` is a trusted extension from PostgreSQL 13: a database owner may
  create it);
* indexes in ``DESC NULLS LAST`` order so the customer list sorts by last visit or phone with
  never-visited customers / no phone last without a sort of the whole table.
"""

from alembic import op

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None

COLLATED = (
    ("customer", "name_key", 120),
    ("customer", "card_number", 32),
    ("customer", "phone", 20),
    ("search_token", "token", 120),
)
# Their names start with "pgx_": include_name in migrations/env.py tells Alembic's comparison
# to leave them alone (they are not in the SQLModel metadata).
INDEXES = (
    "CREATE INDEX pgx_customer_name_trgm ON customer USING gin (name_key gin_trgm_ops)",
    "CREATE INDEX pgx_customer_phone_trgm ON customer USING gin (phone gin_trgm_ops)",
    "CREATE INDEX pgx_customer_last_visit_desc ON customer (last_visit_at DESC NULLS LAST, id DESC)",
    "CREATE INDEX pgx_customer_phone_desc ON customer (phone DESC NULLS LAST, id DESC)",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    installed = bind.exec_driver_sql(
        "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()
    if not installed:
        from shopkeeper.storage.pg import create_trigram_extension

        create_trigram_extension(bind)
    for table, column, length in COLLATED:
        op.execute(
            f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "C"'
        )
    for statement in INDEXES:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in INDEXES:
        op.execute("DROP INDEX IF EXISTS " + statement.split()[2])
    for table, column, length in COLLATED:
        op.execute(
            f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "default"'
        )
