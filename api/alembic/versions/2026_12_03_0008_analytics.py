"""Analytics for coordinators: answer turns counted, unanswered questions (masked), answer feedback (issue 15).

Three tables of counts keyed by what they count (api/app/analytics/models.py): no conversation id,
no running row id, no time finer than a week.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 13:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key_columns() -> list[sa.Column]:
    return [
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("municipality", sa.String(length=60), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "analytics_answer_counts",
        *_key_columns(),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("fallback_language", sa.String(length=8), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome in ('answered', 'not_stated', 'no_answer', 'out_of_scope')",
            name=op.f("ck_analytics_answer_counts_outcome"),
        ),
        sa.PrimaryKeyConstraint(
            "week", "language", "municipality", "topic", "outcome", "fallback_language",
            name=op.f("pk_analytics_answer_counts"),
        ),
    )
    op.create_table(
        "analytics_unanswered_questions",
        *_key_columns(),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome in ('not_stated', 'no_answer', 'out_of_scope')",
            name=op.f("ck_analytics_unanswered_questions_outcome"),
        ),
        sa.PrimaryKeyConstraint(
            "week", "language", "municipality", "topic", "outcome", "text_hash",
            name=op.f("pk_analytics_unanswered_questions"),
        ),
    )
    op.create_table(
        "analytics_feedback_counts",
        *_key_columns(),
        sa.Column("sources", sa.String(length=400), nullable=False),
        sa.Column("rating", sa.String(length=4), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("rating in ('up', 'down')", name=op.f("ck_analytics_feedback_counts_rating")),
        sa.PrimaryKeyConstraint(
            "week", "language", "municipality", "topic", "sources", "rating",
            name=op.f("pk_analytics_feedback_counts"),
        ),
    )


def downgrade() -> None:
    op.drop_table("analytics_feedback_counts")
    op.drop_table("analytics_unanswered_questions")
    op.drop_table("analytics_answer_counts")
