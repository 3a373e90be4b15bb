"""every shop gets a stable shop_id; the earning rules keep their history

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-30

A restore compares the shop_id of the backup with the shop's own, so each existing shop is given
one here. The rules in force at the upgrade become the first ``rule_change`` row: it covers every
point earned before it, so existing points keep the expiry they were earned under.
"""

import json
import uuid

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import context, op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rule_change = op.create_table(
        "rule_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("rules", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_change")),
    )
    op.create_index(op.f("ix_rule_change_at"), "rule_change", ["at"])

    bind = op.get_bind()
    setting = sa.table("setting", sa.column("key"), sa.column("value"))
    values = dict(bind.execute(sa.select(setting.c.key, setting.c.value)).all())
    if "shop" not in values:
        return  # a new, empty file: the shop is created (with its id) after the upgrade
    shop = json.loads(values["shop"])
    if not shop.get("shop_id"):
        shop["shop_id"] = str(uuid.uuid4())
        bind.execute(
            sa.update(setting)
            .where(setting.c.key == "shop")
            .values(value=json.dumps(shop, ensure_ascii=False, sort_keys=True))
        )
    now = context.config.attributes["now"]  # the shop's clock, set by storage.migrate
    bind.execute(sa.insert(rule_change).values(at=now, rules=values.get("earning", "{}")))


def downgrade() -> None:
    op.drop_index(op.f("ix_rule_change_at"), table_name="rule_change")
    op.drop_table("rule_change")
