"""audit log and hash chains

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30

* ``audit_entry``: one append-only row per change (who, when, till, kind, customer,
  before -> after), hash-chained.
* ``ledger_entry.chain_seq / prev_hash / entry_hash``: the ledger's hash chain
  (``domain.chain``), built here over every existing entry in id order.
* The log's first row (kind ``audit.start``) says it starts at this upgrade: changes made
  before it were never recorded, and the log does not pretend otherwise.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import context, op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table("ledger_entry") as batch_op:
        batch_op.add_column(sa.Column("chain_seq", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(
            sa.Column("entry_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    op.create_index("ix_ledger_entry_chain_seq", "ledger_entry", ["chain_seq"], unique=True)
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("till", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("staff_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("before", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("after", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("redacted", sa.Boolean(), nullable=False),
        sa.Column("chain_seq", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("entry_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_entry"),
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"], unique=False)
    op.create_index("ix_audit_entry_customer_id", "audit_entry", ["customer_id"], unique=False)
    op.create_index("ix_audit_entry_staff_name", "audit_entry", ["staff_name"], unique=False)
    op.create_index("ix_audit_entry_kind", "audit_entry", ["kind"], unique=False)
    op.create_index("ix_audit_entry_chain_seq", "audit_entry", ["chain_seq"], unique=True)
    _build_chains(op.get_bind(), context.config.attributes["now"])


def _build_chains(bind, now) -> None:  # noqa: ANN001
    """The ledger's chain over the existing entries (in id order, batch by batch), then the
    log's first row, chained too."""
    from shopkeeper import till
    from shopkeeper.domain import chain
    from shopkeeper.storage import chain as sealing

    ledger, audit = sealing.L, sealing.A
    columns = sealing._LEDGER_UNSEALED.selected_columns
    last, entries = 0, 0
    while True:
        rows = bind.execute(
            sa.select(*columns).where(ledger.c.id > last).order_by(ledger.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        sealing.seal_ledger(bind, rows)
        last, entries = rows[-1].id, entries + len(rows)
    after = chain.to_json({"revision": revision, "ledger_entries": entries})
    bind.execute(
        sa.insert(audit).values(
            at=now,
            till=till.till_id()[:40],
            kind="audit.start",
            after=after,
            digest=chain.details_digest(None, None, after),
            redacted=False,
        )
    )
    sealing.seal_audit(bind, bind.execute(sealing._AUDIT_UNSEALED).all())


def downgrade() -> None:
    op.drop_index("ix_audit_entry_chain_seq", table_name="audit_entry")
    op.drop_index("ix_audit_entry_kind", table_name="audit_entry")
    op.drop_index("ix_audit_entry_staff_name", table_name="audit_entry")
    op.drop_index("ix_audit_entry_customer_id", table_name="audit_entry")
    op.drop_index("ix_audit_entry_at", table_name="audit_entry")
    op.drop_table("audit_entry")
    op.drop_index("ix_ledger_entry_chain_seq", table_name="ledger_entry")
    with op.batch_alter_table("ledger_entry") as batch_op:
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("chain_seq")
