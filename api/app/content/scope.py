"""Which statements a coordinator may see and edit.

A coordinator limited to a provider (``scope_provider_id``) works on the statements about that
provider's municipalities only: those whose ``when`` names municipalities, all served by the
provider. General statements (the law, every municipality) are for coordinators of every provider
and admins. Another scope's statement does not exist for them (404, as advisors' appointments).
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..staff.models import StaffUser
from . import models


def served_by(session: Session, provider_id: str) -> set[str]:
    """The municipalities the provider serves (integration services, jobseekers or the area)."""
    m = models.Municipality
    query = select(m.id).where(or_(
        m.integration_provider_id == provider_id, m.jobseeker_provider_id == provider_id,
        m.employment_area_id == provider_id,
    ))
    return set(session.scalars(query))


def about(statement: models.Statement, places: set[str]) -> bool:
    """Whether the statement is only about these municipalities."""
    return bool(statement.when_municipalities) and set(statement.when_municipalities) <= places


def visible_statements(session: Session, user: StaffUser) -> list[models.Statement]:
    """The statements ``user`` works on, in topic order."""
    rows = session.scalars(
        select(models.Statement).join(models.Topic).order_by(models.Topic.position, models.Statement.position)
    ).all()
    if user.provider_id is None:
        return list(rows)
    places = served_by(session, user.provider_id)
    return [row for row in rows if about(row, places)]


def own_statement(session: Session, user: StaffUser, statement_id: str) -> models.Statement:
    """The statement if ``user`` may work on it, else NotFound."""
    statement = session.get(models.Statement, statement_id)
    if statement is None or (
        user.provider_id is not None and not about(statement, served_by(session, user.provider_id))
    ):
        raise NotFound()
    return statement
