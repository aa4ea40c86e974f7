"""Security and privacy: the staff audit log and what deletion and retention need (issue 13).

A placeholder that keeps the chain of revisions in order while the work is in progress: fill in
upgrade() and downgrade(), and this docstring.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 13:30:00

"""

from collections.abc import Sequence

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
