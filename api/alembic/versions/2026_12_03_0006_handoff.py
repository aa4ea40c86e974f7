"""Live handoff: handoffs (queued, claimed, closed), their events and advisors' duty hours (issue 14).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 13:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status in ('queued', 'claimed')"


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("channel_user", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=True),
        sa.Column("municipality", sa.String(length=60), nullable=True),
        sa.Column("provider_id", sa.String(length=120), nullable=False),
        sa.Column("share_transcript", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closed_reason", sa.String(length=20), nullable=True),
        sa.Column("advisor_id", sa.Integer(), nullable=True),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status in ('queued', 'claimed', 'closed')", name=op.f("ck_handoffs_status")),
        sa.CheckConstraint("channel in ('web', 'rest', 'telegram', 'whatsapp')", name=op.f("ck_handoffs_channel")),
        sa.CheckConstraint(
            "closed_reason is null or closed_reason in "
            "('handed_back', 'closed_by_advisor', 'user_left', 'timeout', 'off_duty')",
            name=op.f("ck_handoffs_closed_reason"),
        ),
        sa.ForeignKeyConstraint(["advisor_id"], ["advisors.id"], name=op.f("fk_handoffs_advisor_id_advisors")),
        sa.ForeignKeyConstraint(
            ["claimed_by_id"], ["staff_users.id"], name=op.f("fk_handoffs_claimed_by_id_staff_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["provider_id"], ["providers.id"], name=op.f("fk_handoffs_provider_id_providers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
    )
    op.create_index(op.f("ix_handoffs_conversation_id"), "handoffs", ["conversation_id"])
    op.create_index("ix_handoffs_provider_id_status", "handoffs", ["provider_id", "status"])
    op.create_index(
        "ux_handoffs_active_conversation",
        "handoffs",
        ["conversation_id"],
        unique=True,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )
    op.create_table(
        "handoff_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("sender", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("transcript", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("sender in ('user', 'advisor', 'system', 'bot')", name=op.f("ck_handoff_events_sender")),
        sa.CheckConstraint(
            "kind in ('message', 'transcript', 'queue', 'joined', 'left', 'timeout', 'closed')",
            name=op.f("ck_handoff_events_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["handoff_id"], ["handoffs.id"], name=op.f("fk_handoff_events_handoff_id_handoffs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_events")),
        sa.UniqueConstraint("handoff_id", "seq", name=op.f("uq_handoff_events_handoff_id")),
    )
    op.create_table(
        "advisor_duty_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("advisor_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("start_minute", sa.SmallInteger(), nullable=False),
        sa.Column("end_minute", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("weekday >= 0 AND weekday <= 6", name=op.f("ck_advisor_duty_hours_weekday")),
        sa.CheckConstraint(
            "start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440",
            name=op.f("ck_advisor_duty_hours_minutes"),
        ),
        sa.ForeignKeyConstraint(
            ["advisor_id"], ["advisors.id"], name=op.f("fk_advisor_duty_hours_advisor_id_advisors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisor_duty_hours")),
    )
    op.create_index(op.f("ix_advisor_duty_hours_advisor_id"), "advisor_duty_hours", ["advisor_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_advisor_duty_hours_advisor_id"), table_name="advisor_duty_hours")
    op.drop_table("advisor_duty_hours")
    op.drop_table("handoff_events")
    op.drop_index("ux_handoffs_active_conversation", table_name="handoffs")
    op.drop_index("ix_handoffs_provider_id_status", table_name="handoffs")
    op.drop_index(op.f("ix_handoffs_conversation_id"), table_name="handoffs")
    op.drop_table("handoffs")
