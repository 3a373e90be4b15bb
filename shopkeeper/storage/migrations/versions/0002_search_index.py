"""search index: name tokens and an FTS5 trigram table, filled from existing customers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from shopkeeper.storage.search import CREATE_FTS, rebuild_index

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_token",
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_search_token_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", "customer_id", name=op.f("pk_search_token")),
    )
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.execute(CREATE_FTS)
    rebuild_index(connection)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS customer_fts")
    op.drop_table("search_token")
