"""The municipality a unit belongs to: ``unit.organisation``, nullable.

One organisation file may hold several municipalities; "Alle chefer" in a forum's minutes
fans out to the units of that forum's municipality only, also when a service works from the
``unit`` table alone. Existing rows get NULL ("belongs to none") until the next sync of the
organisation file fills it in; NULL everywhere behaves as before (every unit). A plain
nullable column: added and dropped in place, no table copy.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("unit", sa.Column("organisation", sa.String(length=200), nullable=True))


def downgrade() -> None:
    # In place on both backends (SQLite has ALTER TABLE … DROP COLUMN since 3.35): copying
    # ``unit`` would trip the foreign keys of the assignments and people that point at it.
    op.drop_column("unit", "organisation")
