"""Language tags in one spelling: Chinese by script (zh-Hans, zh-Hant)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30

Customers were stored with ``zh`` and ``zh-tw`` (and an import or an older form could write
``zh-CN``, ``zh_TW``, ``zh-HK``...). The catalogs, the letters and the collation all speak BCP 47
by script, so each stored Chinese tag becomes ``zh-Hans`` or ``zh-Hant``; the shop's own language
(in the ``shop`` setting) too. No schema change: the column is wide enough (8).
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# Lower-cased, "_" read as "-": what was written -> the tag kept.
SIMPLIFIED = ("zh", "zh-cn", "zh-sg", "zh-my", "zh-hans", "zh-hans-cn", "zh-hans-sg")
TRADITIONAL = ("zh-tw", "zh-hk", "zh-mo", "zh-hant", "zh-hant-tw", "zh-hant-hk", "zh-hant-mo")


def _tag(value: str | None) -> str | None:
    text = (value or "").strip().replace("_", "-").lower()
    if text in SIMPLIFIED:
        return "zh-Hans"
    if text in TRADITIONAL:
        return "zh-Hant"
    return None


def _customers(mapping: dict[str, tuple[str, ...]]) -> None:
    customer = sa.table("customer", sa.column("language", sa.String))
    folded = sa.func.lower(sa.func.replace(customer.c.language, "_", "-"))
    for tag, spellings in mapping.items():
        op.execute(
            customer.update().where(folded.in_(spellings)).values(language=tag)
        )


def _shop(convert) -> None:  # noqa: ANN001
    bind = op.get_bind()
    setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.String))
    value = bind.execute(sa.select(setting.c.value).where(setting.c.key == "shop")).scalar()
    if not value:
        return
    try:
        shop = json.loads(value)
    except ValueError:
        return
    if not isinstance(shop, dict) or not isinstance(shop.get("language"), str):
        return
    changed = convert(shop["language"])
    if changed and changed != shop["language"]:
        shop["language"] = changed
        text = json.dumps(shop, ensure_ascii=False, sort_keys=True)
        bind.execute(setting.update().where(setting.c.key == "shop").values(value=text))


def upgrade() -> None:
    _customers({"zh-Hans": SIMPLIFIED, "zh-Hant": TRADITIONAL})
    _shop(_tag)


def downgrade() -> None:
    # the spellings of revision 0014's customer form; the shop spoke zh-Hans/zh-Hant already
    _customers({"zh": ("zh-hans",), "zh-tw": ("zh-hant",)})
