"""counter covering indexes: a scanned customer's visits and tier points read from indexes alone

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-30

A scan at the counter reads the customer's latest visits and the points they earned toward their
tier in the last twelve months. With indexes on (customer, time) only, each of those rows was a
separate table page: 15 visits and a year of ledger entries, scattered across a file of millions
of rows, and on a shop whose file is not all in memory each one a disk read (the scan's tail).

* ``ix_visit_customer_at`` also holds the amount, the reversal, the till and the staff member:
  the profile's visit history is read from the index.
* ``ix_ledger_entry_customer_at`` also holds the kind, the points, the redemption and the visit:
  the twelve-month sum and the points each shown visit earned are read from the index.

Both keep their names and their leading columns, so every query that used them still does.
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

VISIT = ["customer_id", "at", "amount_cents", "reversed_at", "till", "staff"]
LEDGER = ["customer_id", "at", "kind", "points", "redemption_id", "visit_id"]


def upgrade() -> None:
    op.drop_index("ix_visit_customer_at", table_name="visit")
    op.create_index("ix_visit_customer_at", "visit", VISIT, unique=False)
    op.drop_index("ix_ledger_entry_customer_at", table_name="ledger_entry")
    op.create_index("ix_ledger_entry_customer_at", "ledger_entry", LEDGER, unique=False)


def downgrade() -> None:
    op.drop_index("ix_ledger_entry_customer_at", table_name="ledger_entry")
    op.create_index(
        "ix_ledger_entry_customer_at", "ledger_entry", ["customer_id", "at"], unique=False
    )
    op.drop_index("ix_visit_customer_at", table_name="visit")
    op.create_index("ix_visit_customer_at", "visit", ["customer_id", "at"], unique=False)
