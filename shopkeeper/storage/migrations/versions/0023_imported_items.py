"""imported items: what a customer bought before the shop used Shopkeeper (from an import)

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30

* ``imported_item``: customer, product, how many times, and the import run; one row per
  customer and product (the primary key, customer first: "usually buys" reads one customer's
  rows by it when the live ranking is empty). No dates, so never turned into visit rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_item",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("times >= 1", name=op.f("ck_imported_item_times_positive")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_imported_item_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_imported_item_product_id_product")
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["import_run.id"],
            name=op.f("fk_imported_item_import_run_id_import_run"),
        ),
        sa.PrimaryKeyConstraint("customer_id", "product_id", name=op.f("pk_imported_item")),
    )


def downgrade() -> None:
    op.drop_table("imported_item")
