"""what several server processes must share: change counters of the knowledge base (the
caches' O(1) check), rate-limit events, and the first-run setup link as a one-time link
without a user

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Frozen copy of redes.kb.state.COUNTERS.
COUNTERS = ("kb", "review", "places", "events")


def upgrade() -> None:
    table = op.create_table(
        "kb_state",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(table, [{"name": name, "value": 0} for name in COUNTERS])
    op.create_table(
        "rate_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rate_events_bucket_key_at", "rate_events", ["bucket", "key", "at"])
    with op.batch_alter_table("one_time_links") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM one_time_links WHERE user_id IS NULL")
    with op.batch_alter_table("one_time_links") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index("ix_rate_events_bucket_key_at", table_name="rate_events")
    op.drop_table("rate_events")
    op.drop_table("kb_state")
