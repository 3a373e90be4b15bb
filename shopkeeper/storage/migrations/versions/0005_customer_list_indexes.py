"""customer list indexes: the list of 100,000 customers sorts by the database

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_customer_points_balance": ["points_balance"],
    "ix_customer_visit_count": ["visit_count"],
    "ix_customer_spent_cents": ["spent_cents"],
    "ix_customer_last_visit_at": ["last_visit_at"],
    "ix_customer_joined_at": ["joined_at"],
    "ix_customer_tier_name": ["tier_id", "name_key"],
}


def upgrade() -> None:
    # Plain CREATE INDEX: no table is recreated, so no batch mode is needed.
    for name, columns in INDEXES.items():
        op.create_index(name, "customer", columns, unique=False)


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="customer")
