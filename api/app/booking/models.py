"""Tables of the booking domain: advisors, their free times (slots) and appointments.

Times are naive UTC (as everywhere in this database: SQLite keeps no time zone); pages and the
bot show them in Europe/Helsinki.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..content.models import LANG, Provider, utcnow
from ..db import Base

MODES = ("in_person", "phone", "video")
STATUSES = ("booked", "cancelled", "rescheduled", "done", "no_show")
CONTACT_KINDS = ("phone", "email")
BOOKED = "booked"


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Advisor(Base):
    __tablename__ = "advisors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Set for advisors loaded from a file (data/demo/advisors.yml), so that a reload finds them.
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    modes: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    provider: Mapped[Provider] = relationship(lazy="joined")
    # A table rather than a JSON list: free slots are filtered by language in SQL.
    language_rows: Mapped[list[AdvisorLanguage]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AdvisorLanguage.position"
    )

    @property
    def languages(self) -> list[str]:
        return [row.language for row in self.language_rows]

    @languages.setter
    def languages(self, codes: list[str]) -> None:
        self.language_rows = [AdvisorLanguage(language=code, position=n) for n, code in enumerate(dict.fromkeys(codes))]


class AdvisorLanguage(Base):
    __tablename__ = "advisor_languages"

    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisors.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(LANG, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Slot(Base):
    """A time an advisor can meet someone. Withdrawn slots stay, as their appointments' history."""

    __tablename__ = "slots"
    __table_args__ = (
        CheckConstraint(f"mode in ({_in(MODES)})", name="mode"),
        CheckConstraint("duration_minutes > 0", name="duration"),
        Index("ix_slots_advisor_id_starts_at", "advisor_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisors.id"))
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(20))
    # Where to meet in person; None for phone and video.
    place: Mapped[str | None] = mapped_column(String(300))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    advisor: Mapped[Advisor] = relationship(lazy="joined", innerjoin=True)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint(f"status in ({_in(STATUSES)})", name="status"),
        CheckConstraint(f"mode in ({_in(MODES)})", name="mode"),
        CheckConstraint(f"contact_kind in ({_in(CONTACT_KINDS)})", name="contact_kind"),
        # THE rule of the domain: at most one booked appointment per slot, kept by the database
        # itself, so that two requests racing for one slot cannot both win.
        Index(
            "ux_appointments_booked_slot",
            "slot_id",
            unique=True,
            sqlite_where=text(f"status = '{BOOKED}'"),
            postgresql_where=text(f"status = '{BOOKED}'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    # The subject the user picked for the meeting (CONTRACT.md calls its slot `meeting_topic`).
    topic: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(LANG)
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_language: Mapped[str | None] = mapped_column(LANG)
    mode: Mapped[str] = mapped_column(String(20))
    contact_kind: Mapped[str] = mapped_column(String(10))
    # Normalised (E.164 phone, casefolded e-mail); None once purged after the retention period.
    contact: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200))
    privacy_accepted_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default=BOOKED)
    # SHA-256 of the token of the cancel and calendar links; the token itself is never stored.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The client's key of the booking request: a retried request finds this row.
    idempotency_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    # Set on a rescheduled appointment: the appointment that replaced it.
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime)

    slot: Mapped[Slot] = relationship(lazy="joined", innerjoin=True)
    replaced_by: Mapped[Appointment | None] = relationship(remote_side=[id])
