"""Staff roles: admin, coordinator (content, optionally one provider's), advisor.

Replaces the ``is_admin`` flag; existing admins become ``admin``, everyone else ``advisor``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 13:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=20), nullable=False, server_default="advisor"))
        batch_op.add_column(sa.Column("scope_provider_id", sa.String(length=120), nullable=True))
    op.execute("UPDATE staff_users SET role = 'admin' WHERE is_admin")
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_staff_users_admin_or_advisor"), type_="check")
        batch_op.drop_column("is_admin")
        batch_op.alter_column("role", server_default=None)
        batch_op.create_check_constraint("role", "role in ('admin', 'coordinator', 'advisor')")
        batch_op.create_check_constraint("advisor_has_record", "role != 'advisor' OR advisor_id IS NOT NULL")
        batch_op.create_foreign_key(
            batch_op.f("fk_staff_users_scope_provider_id_providers"), "providers", ["scope_provider_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE staff_users SET is_admin = (role = 'admin')")
    # A coordinator has no place in the old schema: without an advisor record it cannot be kept.
    op.execute("DELETE FROM staff_users WHERE role = 'coordinator'")
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_staff_users_scope_provider_id_providers"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("ck_staff_users_advisor_has_record"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_staff_users_role"), type_="check")
        batch_op.drop_column("scope_provider_id")
        batch_op.drop_column("role")
        batch_op.alter_column("is_admin", server_default=None)
        batch_op.create_check_constraint("admin_or_advisor", "is_admin OR advisor_id IS NOT NULL")
