"""the letter's wording per language; a per-customer salutation

Revision ID: 0016
Revises: 0014
Create Date: 2026-11-30

Each monthly letter is printed in its customer's language, so the wording is stored per language
(setting ``letter_template:<tag>``). A wording the shop already wrote (setting
``letter_template``) becomes the template of the shop's language: nothing it wrote is lost.
``customer.salutation`` is the greeting line for a name no rule declines well ("Mieloji Dali,").
"""

import json

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

OLD_KEY = "letter_template"
setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.String))


def _language(tag: object) -> str:
    """The shop's stored language as one of en, lt, zh-Hans, zh-Hant (as at this revision)."""
    text = str(tag or "en").strip().replace("_", "-").lower()
    if text.startswith("zh"):
        return "zh-Hant" if any(p in text for p in ("hant", "tw", "hk", "mo")) else "zh-Hans"
    return "lt" if text.split("-")[0] == "lt" else "en"


def upgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.add_column(
            sa.Column("salutation", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
        )
    connection = op.get_bind()
    old = connection.execute(sa.select(setting.c.value).where(setting.c.key == OLD_KEY)).scalar()
    if old is None:
        return
    shop = connection.execute(sa.select(setting.c.value).where(setting.c.key == "shop")).scalar()
    try:
        language = _language(json.loads(shop).get("language")) if shop else "en"
    except (ValueError, AttributeError):
        language = "en"
    new_key = f"{OLD_KEY}:{language}"
    connection.execute(sa.delete(setting).where(setting.c.key == new_key))
    connection.execute(
        sa.update(setting).where(setting.c.key == OLD_KEY).values(key=new_key)
    )


def downgrade() -> None:
    connection = op.get_bind()
    shop = connection.execute(sa.select(setting.c.value).where(setting.c.key == "shop")).scalar()
    try:
        language = _language(json.loads(shop).get("language")) if shop else "en"
    except (ValueError, AttributeError):
        language = "en"
    connection.execute(sa.delete(setting).where(setting.c.key == OLD_KEY))
    connection.execute(
        sa.update(setting)
        .where(setting.c.key == f"{OLD_KEY}:{language}")
        .values(key=OLD_KEY)
    )
    connection.execute(sa.delete(setting).where(setting.c.key.like(f"{OLD_KEY}:%")))
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("salutation")
