"""The audit log of staff actions: who did what to which record, and when (issue 13).

``record(session, user, action, record_type, record_id)`` is the one way in; any staff route that
changes something calls it (slots, appointments, accounts, log-in and log-out here; the content
and handoff routes may too). Entries name records by type and id and hold no personal data of
the newcomers: what the record was is in the record. Admins read the log on /staff/audit.
Entries are kept `OPAS_AUDIT_RETENTION_DAYS` (the retention purge removes older ones).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .content.models import utcnow
from .db import Base
from .staff.models import StaffUser


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # The account (kept even if it is deactivated) and its name then: a later rename does not
    # rewrite the history. Null for an attempt under an unknown username.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(80))
    role: Mapped[str | None] = mapped_column(String(20))
    # e.g. "slot.create", "appointment.cancel", "account.create", "login", "login.failed"
    action: Mapped[str] = mapped_column(String(60), index=True)
    record_type: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(60))
    # A short fact about the change (e.g. the new status); never a newcomer's data.
    detail: Mapped[str | None] = mapped_column(String(200))


def record(
    session: Session,
    user: StaffUser | None,
    action: str,
    record_type: str | None = None,
    record_id: object = None,
    *,
    detail: str | None = None,
    username: str | None = None,
) -> AuditEntry:
    """Adds an entry and commits it (the action it records has been committed already)."""
    entry = AuditEntry(
        user_id=user.id if user is not None else None,
        username=(user.username if user is not None else username or "unknown")[:80],
        role=user.role if user is not None else None,
        action=action[:60],
        record_type=record_type,
        record_id=None if record_id is None else str(record_id)[:60],
        detail=detail[:200] if detail else None,
    )
    session.add(entry)
    session.commit()
    return entry


def recent(session: Session, limit: int = 200, action: str | None = None) -> list[AuditEntry]:
    """The latest entries, newest first (optionally of one action)."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(session.scalars(query))


def purge_audit(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Removes entries older than ``retention_days``; how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    removed = session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff)).rowcount
    session.commit()
    return removed or 0
