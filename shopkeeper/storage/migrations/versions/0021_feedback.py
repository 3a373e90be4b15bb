"""feedback: one row per answer to "How likely are you to recommend us?" (0-10)

Revision ID: 0021
Revises: 0017
Create Date: 2026-11-30

The scored feedback notes written before (kind "feedback" with a score) are copied into the new
table as answers at the counter, their text as the comment (cut to the comment's 1,000
characters); the notes themselves stay, so nothing a shop wrote is lost.
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401 - autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

MAX_COMMENT = 1000


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("touchpoint", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("staff", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("problem_note_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_feedback_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_feedback_visit_id_visit")),
        sa.ForeignKeyConstraint(
            ["problem_note_id"], ["note.id"], name=op.f("fk_feedback_problem_note_id_note")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index(op.f("ix_feedback_at"), "feedback", ["at"], unique=False)
    op.create_index("ix_feedback_customer_at", "feedback", ["customer_id", "at"], unique=False)
    note = sa.table(
        "note",
        sa.column("customer_id", sa.Integer()),
        sa.column("at", sa.DateTime()),
        sa.column("text", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("score", sa.Integer()),
        sa.column("staff", sa.String()),
        sa.column("id", sa.Integer()),
    )
    feedback = sa.table(
        "feedback",
        sa.column("customer_id", sa.Integer()),
        sa.column("at", sa.DateTime()),
        sa.column("score", sa.Integer()),
        sa.column("comment", sa.String()),
        sa.column("touchpoint", sa.String()),
        sa.column("staff", sa.String()),
    )
    # One INSERT ... SELECT: the database copies the rows, however many there are.
    op.execute(
        feedback.insert().from_select(
            ["customer_id", "at", "score", "comment", "touchpoint", "staff"],
            sa.select(
                note.c.customer_id,
                note.c.at,
                note.c.score,
                sa.func.substr(note.c.text, 1, MAX_COMMENT),
                sa.literal("counter"),
                note.c.staff,
            )
            .where(
                note.c.kind == "feedback",
                note.c.score.is_not(None),
                note.c.score >= 0,
                note.c.score <= 10,
            )
            .order_by(note.c.at, note.c.id),
        )
    )


def downgrade() -> None:
    op.drop_index("ix_feedback_customer_at", table_name="feedback")
    op.drop_index(op.f("ix_feedback_at"), table_name="feedback")
    op.drop_table("feedback")
