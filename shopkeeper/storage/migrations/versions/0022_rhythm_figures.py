"""rhythm figures: each customer's visit rhythm stored, so "who is overdue" is one range query

Revision ID: 0022
Revises: 0017
Create Date: 2026-11-30

* ``customer_rhythm``: one row per customer with a live visit: live-visit count and spend,
  first visit and its amount, last visit, the median gap over the last 60 visits and the local day from which they count as
  overdue (a covering index: "overdue by today" is read from the index alone). Kept by ``storage.rhythm`` in every transaction that changes visits.
* Filled here in one pass over the live-visit index (migration 0006), in customer and time
  order, one small row per customer written in batches.
* ``ix_customer_archived_ids``: the ids of archived customers (partial: never picked for the
  "not archived" queries), which the overdue lists leave out without reading the customer
  table.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from shopkeeper.storage.rhythm import rebuild

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_rhythm",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("spent_cents", sa.Integer(), nullable=False),
        sa.Column("first_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("first_cents", sa.Integer(), nullable=False),
        sa.Column("last_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("gap_days", sa.Float(), nullable=True),
        sa.Column("overdue_from", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_rhythm_customer_id_customer"),
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_rhythm")),
    )
    rebuild(op.get_bind())
    op.create_index(
        "ix_customer_rhythm_due",
        "customer_rhythm",
        ["overdue_from", "visits", "last_at", "gap_days", "spent_cents"],
        unique=False,
    )
    archived = sa.text("archived_at IS NOT NULL")
    op.create_index(
        "ix_customer_archived_ids",
        "customer",
        ["id"],
        unique=False,
        sqlite_where=archived,
        postgresql_where=archived,
    )


def downgrade() -> None:
    op.drop_index("ix_customer_archived_ids", table_name="customer")
    op.drop_index("ix_customer_rhythm_due", table_name="customer_rhythm")
    op.drop_table("customer_rhythm")
