"""Tables of the live handoff: handoffs, their events (messages included) and advisors' duty hours.

A handoff goes ``queued`` → ``claimed`` → ``closed`` (or straight from ``queued`` to ``closed``).
Everything that happens in it is one row of ``handoff_events`` with a per-handoff ``seq`` that
only grows: the user's stream and the advisor's inbox resume after the last ``seq`` they saw, so
nothing is lost or shown twice after a dropped connection, whichever API worker serves them.
Times are naive UTC, like every table here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..booking.models import Advisor
from ..booking.models import _in as sql_list
from ..content.models import LANG, utcnow
from ..db import Base

QUEUED, CLAIMED, CLOSED = "queued", "claimed", "closed"
STATUSES = (QUEUED, CLAIMED, CLOSED)
ACTIVE = (QUEUED, CLAIMED)
CHANNELS = ("web", "rest", "telegram", "whatsapp")
CLOSED_REASONS = ("handed_back", "closed_by_advisor", "user_left", "timeout", "off_duty")
SENDERS = ("user", "advisor", "system", "bot")
# What an event is; a ``message`` is text someone wrote, ``transcript`` the conversation before.
KINDS = ("message", "transcript", "queue", "joined", "left", "timeout", "closed")


class Handoff(Base):
    __tablename__ = "handoffs"
    __table_args__ = (
        CheckConstraint(f"status in ({sql_list(STATUSES)})", name="status"),
        CheckConstraint(f"channel in ({sql_list(CHANNELS)})", name="channel"),
        CheckConstraint(
            f"closed_reason is null or closed_reason in ({sql_list(CLOSED_REASONS)})", name="closed_reason"
        ),
        # At most one open handoff per conversation, kept by the database: two requests racing
        # to start one cannot both succeed.
        Index(
            "ux_handoffs_active_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text(f"status in ({sql_list(ACTIVE)})"),
            postgresql_where=text(f"status in ({sql_list(ACTIVE)})"),
        ),
        Index("ix_handoffs_provider_id_status", "provider_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Rasa's sender id: the chat session id for the widget, the platform's chat id otherwise.
    conversation_id: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    channel_user: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(LANG)
    topic: Mapped[str | None] = mapped_column(String(60))
    municipality: Mapped[str | None] = mapped_column(String(60))
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"))
    share_transcript: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    closed_reason: Mapped[str | None] = mapped_column(String(20))
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"))
    # The staff account that claimed it (an admin may have no advisor record).
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    # The last ``seq`` handed out: raised by one conditional UPDATE per event, which also
    # serialises the events of one handoff on PostgreSQL (the row stays locked until commit).
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    advisor: Mapped[Advisor | None] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


class HandoffEvent(Base):
    __tablename__ = "handoff_events"
    __table_args__ = (
        UniqueConstraint("handoff_id", "seq"),
        CheckConstraint(f"sender in ({sql_list(SENDERS)})", name="sender"),
        CheckConstraint(f"kind in ({sql_list(KINDS)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    sender: Mapped[str] = mapped_column(String(10))
    # What was written, or for system events the text the user was shown (in their language).
    text: Mapped[str] = mapped_column(Text, default="")
    # Part of the conversation before the handoff, shared with the user's consent.
    transcript: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DutyHours(Base):
    """An advisor takes live chats on ``weekday`` (0 = Monday) from ``start_minute`` to
    ``end_minute`` after midnight, Finnish time (1440 = the end of the day)."""

    __tablename__ = "advisor_duty_hours"
    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday"),
        CheckConstraint("start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440", name="minutes"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisors.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    start_minute: Mapped[int] = mapped_column(SmallInteger)
    end_minute: Mapped[int] = mapped_column(SmallInteger)
