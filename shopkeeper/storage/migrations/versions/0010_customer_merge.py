"""customer merge: two cards found to be one person, and what moved between them

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("kept_customer_id", sa.Integer(), nullable=False),
        sa.Column("merged_customer_id", sa.Integer(), nullable=False),
        sa.Column("visits_moved", sa.Integer(), nullable=False),
        sa.Column("ledger_entries_moved", sa.Integer(), nullable=False),
        sa.Column("points_moved", sa.Integer(), nullable=False),
        sa.Column("ledger_entries_rekeyed", sa.Integer(), nullable=False),
        sa.Column("notes_moved", sa.Integer(), nullable=False),
        sa.Column("redemptions_moved", sa.Integer(), nullable=False),
        sa.Column("letters_moved", sa.Integer(), nullable=False),
        sa.Column("referrals_moved", sa.Integer(), nullable=False),
        sa.Column("filled", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["kept_customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_merge_kept_customer_id_customer"),
        ),
        sa.ForeignKeyConstraint(
            ["merged_customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_merge_merged_customer_id_customer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_merge")),
        sa.UniqueConstraint(
            "merged_customer_id", name=op.f("uq_customer_merge_merged_customer_id")
        ),
    )
    op.create_index(
        op.f("ix_customer_merge_kept_customer_id"), "customer_merge", ["kept_customer_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_customer_merge_kept_customer_id"), table_name="customer_merge")
    op.drop_table("customer_merge")
