"""Content workflow for coordinators (issue 15): statement versions (draft, review, published),
validity until a date, a section per cited source, source titles in every language, and the time a
coordinator changed a source.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 13:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "statement_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.String(length=120), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("minor", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "state in ('draft', 'review', 'published', 'archived')", name=op.f("ck_statement_versions_state")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff_users.id"], name=op.f("fk_statement_versions_author_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["staff_users.id"], name=op.f("fk_statement_versions_reviewer_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"], ["statements.id"], name=op.f("fk_statement_versions_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_versions")),
        sa.UniqueConstraint("statement_id", "number", name=op.f("uq_statement_versions_statement_id")),
    )
    op.create_index(
        op.f("ix_statement_versions_statement_id"), "statement_versions", ["statement_id"], unique=False
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("titles", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
    with op.batch_alter_table("statement_sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("section", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statement_sources", schema=None) as batch_op:
        batch_op.drop_column("section")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_column("valid_until")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("edited_at")
        batch_op.drop_column("titles")
    op.drop_index(op.f("ix_statement_versions_statement_id"), table_name="statement_versions")
    op.drop_table("statement_versions")
