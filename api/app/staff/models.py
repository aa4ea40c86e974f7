"""Staff accounts and their roles.

- ``admin``: everything, every provider; manages accounts.
- ``coordinator``: keeps the content current; may be limited to one provider (``scope_provider_id``).
- ``advisor``: bookings and live handoffs of their own provider (from their advisor record).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..booking.models import Advisor
from ..content.models import utcnow
from ..db import Base

ADMIN, COORDINATOR, ADVISOR = "admin", "coordinator", "advisor"
ROLES = (ADMIN, COORDINATOR, ADVISOR)


class StaffUser(Base):
    __tablename__ = "staff_users"
    __table_args__ = (
        CheckConstraint("role in ('admin', 'coordinator', 'advisor')", name="role"),
        # An advisor works for a provider, which comes from their advisor record.
        CheckConstraint("role != 'advisor' OR advisor_id IS NOT NULL", name="advisor_has_record"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored casefolded: "Anna" and "anna" are one account.
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default=ADVISOR)
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"), unique=True)
    # A coordinator limited to one provider's content; None: every provider.
    scope_provider_id: Mapped[str | None] = mapped_column(ForeignKey("providers.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of every session cookie; bumped on log-out and password change, which ends every
    # session signed before (a signed cookie cannot be recalled otherwise).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    advisor: Mapped[Advisor | None] = relationship(lazy="joined")

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def provider_id(self) -> str | None:
        """The provider whose records this user sees; None: every provider (an admin)."""
        if self.role == ADMIN:
            return None
        if self.role == COORDINATOR:
            return self.scope_provider_id
        if self.advisor is None:  # the check constraint forbids it; never fall open to "every provider"
            raise LookupError(f"advisor account {self.id} has no advisor record")
        return self.advisor.provider_id
