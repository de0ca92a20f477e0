"""conflict events (UCDP GED, ACLED) and the members of each side

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("source_id", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("violence", sa.SmallInteger(), nullable=True),
        sa.Column("event_type", sa.String(length=60), nullable=True),
        sa.Column("side_a", sa.String(length=300), nullable=False),
        sa.Column("side_b", sa.String(length=300), nullable=False),
        sa.Column("where_prec", sa.SmallInteger(), nullable=True),
        sa.Column("geo_level", sa.SmallInteger(), nullable=True),
        sa.Column("adm_1", sa.String(length=120), nullable=True),
        sa.Column("adm_2", sa.String(length=120), nullable=True),
        sa.Column("state_code", sa.String(length=2), nullable=True),
        sa.Column("muni_code", sa.String(length=5), nullable=True),
        sa.Column("pip_state_code", sa.String(length=2), nullable=True),
        sa.Column("pip_muni_code", sa.String(length=5), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("deaths_best", sa.Integer(), nullable=False),
        sa.Column("deaths_low", sa.Integer(), nullable=True),
        sa.Column("deaths_high", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=60), nullable=True),
        sa.Column("conflict_name", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "source_id", name="uq_event_source"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_year"), ["year"], unique=False)

    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=1), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("actor_slug", sa.String(length=120), nullable=False),
        sa.Column("group_slug", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "side", "name", name="uq_event_actor"),
    )
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actors_event_id"), ["event_id"], unique=False)
        batch_op.create_index("ix_event_actors_group", ["group_slug", "event_id"], unique=False)
        batch_op.create_index("ix_event_actors_actor", ["actor_slug", "event_id"], unique=False)


def downgrade() -> None:
    op.drop_table("event_actors")
    op.drop_table("events")
