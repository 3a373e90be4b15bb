"""letter exclusions chosen by the shop per month; the tier change log

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

Tier history starts here: every customer already in the database gets one "start" row holding
the tier they have now, dated the moment of this upgrade (by the shop's clock, which
``storage.migrate`` hands over as ``config.attributes["now"]``). Earlier tiers were never stored, so
the tier report marks month ends before that moment as unknown instead of guessing them.
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import context, op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_exclusion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_letter_exclusion_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_exclusion")),
        sa.UniqueConstraint("customer_id", "month", name="uq_letter_exclusion_customer_month"),
    )
    op.create_index(op.f("ix_letter_exclusion_month"), "letter_exclusion", ["month"])
    tier_change = op.create_table(
        "tier_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("from_tier_id", sa.Integer(), nullable=True),
        sa.Column("to_tier_id", sa.Integer(), nullable=True),
        sa.Column("to_tier_name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_tier_change_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_change")),
    )
    op.create_index("ix_tier_change_customer_at", "tier_change", ["customer_id", "at"])

    customer = sa.table("customer", sa.column("id"), sa.column("tier_id"))
    tier = sa.table("tier", sa.column("id"), sa.column("name"))
    now = sa.bindparam("now", context.config.attributes["now"], type_=sqlmodel.sql.sqltypes.UTCDateTime())
    op.get_bind().execute(
        sa.insert(tier_change).from_select(
            ["customer_id", "at", "to_tier_id", "to_tier_name", "reason"],
            sa.select(
                customer.c.id,
                now,
                customer.c.tier_id,
                tier.c.name,
                sa.literal("start", sqlmodel.sql.sqltypes.AutoString(length=12)),
            )
            .select_from(customer.outerjoin(tier, tier.c.id == customer.c.tier_id))
            .order_by(customer.c.id),
        )
    )


def downgrade() -> None:
    op.drop_index("ix_tier_change_customer_at", table_name="tier_change")
    op.drop_table("tier_change")
    op.drop_index(op.f("ix_letter_exclusion_month"), table_name="letter_exclusion")
    op.drop_table("letter_exclusion")
