"""report indexes: a year of visits and points is summed from covering indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LIVE = sa.text("reversed_at IS NULL")


def upgrade() -> None:
    # Plain CREATE INDEX: no table is recreated, so no batch mode is needed.
    op.create_index(
        "ix_visit_live_customer_at",
        "visit",
        ["customer_id", "at", "amount_cents"],
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )
    op.create_index(
        "ix_visit_live_at",
        "visit",
        ["at", "amount_cents", "customer_id"],
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )
    op.create_index("ix_ledger_entry_at_kind", "ledger_entry", ["at", "kind", "points"])


def downgrade() -> None:
    op.drop_index("ix_ledger_entry_at_kind", table_name="ledger_entry")
    op.drop_index("ix_visit_live_at", table_name="visit")
    op.drop_index("ix_visit_live_customer_at", table_name="visit")
