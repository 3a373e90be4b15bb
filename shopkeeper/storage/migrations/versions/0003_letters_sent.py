"""letters sent: which month's reward letter each customer was sent

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_letter_sent_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_sent")),
        sa.UniqueConstraint("customer_id", "month", name="uq_letter_sent_customer_month"),
    )
    with op.batch_alter_table("letter_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_sent_month"), ["month"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("letter_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_sent_month"))

    op.drop_table("letter_sent")
