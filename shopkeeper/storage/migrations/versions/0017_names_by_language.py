"""names by language: a stored collation key for the order of names; Chinese searched in one script

Revision ID: 0017
Revises: 0014
Create Date: 2026-11-30

* ``customer.sort_key``: ICU's sort key of the name in the shop's language
  (``domain.collation``), bytes compared as bytes (SQLite BLOB, PostgreSQL bytea), indexed
  alone and after ``tier_id`` so the customer list sorts 100,000 names in the database;
  filled for every customer here.
* ``customer.name_key`` now folds Traditional Chinese to Simplified (``domain.text``): the keys
  of existing customers are recomputed and their search entries rebuilt, so "陈" finds the
  "陳美玲" stored before.
"""

import sqlalchemy as sa
from alembic import op

from shopkeeper.storage.search import rebuild_sort_keys, refold_names

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # NOT NULL needs a default for the rows already there; an empty key until filled below.
    empty = sa.text("x''") if bind.dialect.name == "sqlite" else sa.text("'\\x'::bytea")
    op.add_column(
        "customer", sa.Column("sort_key", sa.LargeBinary(), nullable=False, server_default=empty)
    )
    refold_names(bind)
    rebuild_sort_keys(bind)
    op.create_index("ix_customer_sort_key", "customer", ["sort_key"], unique=False)
    op.create_index("ix_customer_tier_sort", "customer", ["tier_id", "sort_key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_customer_tier_sort", table_name="customer")
    op.drop_index("ix_customer_sort_key", table_name="customer")
    with op.batch_alter_table("customer") as batch_op:
        batch_op.drop_column("sort_key")
