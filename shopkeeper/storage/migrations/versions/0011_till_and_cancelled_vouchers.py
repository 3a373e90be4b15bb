"""the till that booked a visit or redemption; cancelled (void) vouchers

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

A till may undo what it booked today, so visits and redemptions record which till booked them
(rows from before stay without one: nobody can undo them at the counter). A redemption
cancelled at the counter keeps its row, with ``cancelled_at``; its voucher is void.
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.add_column(
            sa.Column("till", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
    with op.batch_alter_table("redemption") as batch:
        batch.add_column(
            sa.Column("till", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
        batch.add_column(
            sa.Column("cancelled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("redemption") as batch:
        batch.drop_column("cancelled_at")
        batch.drop_column("till")
    with op.batch_alter_table("visit") as batch:
        batch.drop_column("till")
