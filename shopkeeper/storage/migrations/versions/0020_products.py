"""products and what was bought on a visit

Revision ID: 0020
Revises: 0017
Create Date: 2026-11-30

* ``product``: the shop's short list of products or categories, each with an optional quick key
  (unique among active products) and a case-folded ``name_key`` (unique).
* ``visit_item``: (visit, product, quantity >= 1).
* ``reward.category``: a reward limited to a category of products (NULL: any purchase); the
  rewards already there stay unlimited. No existing row changes.
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_ACTIVE_KEY = sa.text("active AND quick_key IS NOT NULL")


def upgrade() -> None:
    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("quick_key", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
        sa.UniqueConstraint("name_key", name=op.f("uq_product_name_key")),
    )
    op.create_index(
        "uq_product_active_key",
        "product",
        ["quick_key"],
        unique=True,
        sqlite_where=_ACTIVE_KEY,
        postgresql_where=_ACTIVE_KEY,
    )
    op.create_table(
        "visit_item",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_visit_item_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_visit_item_product_id_product")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_visit_item_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("visit_id", "product_id", name=op.f("pk_visit_item")),
    )
    op.create_index(
        "ix_visit_item_product_visit", "visit_item", ["product_id", "visit_id"], unique=False
    )
    with op.batch_alter_table("reward") as batch:
        batch.add_column(
            sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("reward") as batch:
        batch.drop_column("category")
    op.drop_index("ix_visit_item_product_visit", table_name="visit_item")
    op.drop_table("visit_item")
    op.drop_index("uq_product_active_key", table_name="product")
    op.drop_table("product")
