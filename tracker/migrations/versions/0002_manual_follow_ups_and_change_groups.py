"""Follow-ups without a meeting, change groups for undo, indices for undo and deadlines.

- ``follow_up.meeting_id`` becomes nullable: a follow-up added by hand may belong to no meeting.
- ``event.change_id``: the events of one logical change share it, so undo reverts exactly one
  change instead of "everything with the same timestamp". Existing events are grouped the way
  undo grouped them before (same actor, timestamp and follow-up), so nothing undoes differently.
- indices ``event(actor, at)`` (undo looks up the actor's newest event), ``event(change_id)``
  and ``follow_up(deadline)`` (lists ordered by deadline across statuses).

SQLite cannot drop a NOT NULL in place, so ``follow_up`` is copied to a new table. Dropping
the old one with foreign keys enforced would cascade into ``assignment`` and ``event`` and
delete them: ``tracker.db.upgrade`` switches enforcement off around migrations (and checks the
keys before committing), and this revision refuses to run if it is still on.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_event = sa.table(
    "event",
    sa.column("id", sa.Integer()),
    sa.column("actor", sa.String()),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("follow_up_id", sa.Integer()),
    sa.column("change_id", sa.String()),
)


def _refuse_cascading_copy() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "revision 0002 must run with SQLite foreign keys off (copying follow_up would cascade-delete "
            "assignments and events); run it through `tracker db upgrade`"
        )


def _backfill_change_ids() -> None:
    """One change id per (actor, timestamp, follow-up) group: what undo treated as one change."""
    bind = op.get_bind()
    groups: dict[tuple[object, object, object], str] = {}
    updates: list[dict[str, object]] = []
    rows = bind.execute(sa.select(_event.c.id, _event.c.actor, _event.c.at, _event.c.follow_up_id).order_by(_event.c.id))
    for ident, actor, at, follow_up_id in rows:
        change = groups.setdefault((actor, at, follow_up_id), f"0002-{ident}")
        updates.append({"ident": ident, "change": change})
    if updates:
        bind.execute(
            _event.update().where(_event.c.id == sa.bindparam("ident")).values(change_id=sa.bindparam("change")),
            updates,
        )


def upgrade() -> None:
    _refuse_cascading_copy()
    with op.batch_alter_table("follow_up") as batch:
        batch.alter_column("meeting_id", existing_type=sa.Integer(), nullable=True)
        batch.create_index("ix_follow_up_deadline", ["deadline"], unique=False)

    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("change_id", sa.String(length=32), nullable=True))
    _backfill_change_ids()
    with op.batch_alter_table("event") as batch:
        batch.alter_column("change_id", existing_type=sa.String(length=32), nullable=False)
        batch.create_index("ix_event_actor_at", ["actor", "at"], unique=False)
        batch.create_index("ix_event_change_id", ["change_id"], unique=False)


def downgrade() -> None:
    _refuse_cascading_copy()
    bind = op.get_bind()
    orphans = bind.exec_driver_sql("SELECT count(*) FROM follow_up WHERE meeting_id IS NULL").scalar()
    if orphans:
        raise RuntimeError(
            f"{orphans} follow-ups have no meeting; revision 0001 cannot hold them (give them a meeting first)"
        )
    with op.batch_alter_table("event") as batch:
        batch.drop_index("ix_event_change_id")
        batch.drop_index("ix_event_actor_at")
        batch.drop_column("change_id")
    with op.batch_alter_table("follow_up") as batch:
        batch.drop_index("ix_follow_up_deadline")
        batch.alter_column("meeting_id", existing_type=sa.Integer(), nullable=False)
