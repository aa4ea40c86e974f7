"""Staff accounts: an advisor's log-in (sees their provider only) or an admin (sees everything)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..booking.models import Advisor
from ..content.models import utcnow
from ..db import Base


class StaffUser(Base):
    __tablename__ = "staff_users"
    __table_args__ = (
        # Everyone but an admin works for a provider, which comes from their advisor record.
        CheckConstraint("is_admin OR advisor_id IS NOT NULL", name="admin_or_advisor"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored casefolded: "Anna" and "anna" are one account.
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of every session cookie; bumped on log-out and password change, which ends every
    # session signed before (a signed cookie cannot be recalled otherwise).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    advisor: Mapped[Advisor | None] = relationship(lazy="joined")

    @property
    def provider_id(self) -> str | None:
        """The provider whose appointments this user sees; None for an admin (sees all)."""
        if self.is_admin or self.advisor is None:
            return None
        return self.advisor.provider_id
