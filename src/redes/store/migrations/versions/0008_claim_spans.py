"""time spans on claims (start and end, with precision)

Claims get the consolidated span of the fact (start and end dates with their precision,
and what the end rests on); evidence gets the span its sentence states.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("start_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("start_precision", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("end_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("end_precision", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("end_basis", sa.String(length=8), nullable=True))
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("span_start", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("span_end", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("end_cue", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        for name in ("end_cue", "span_end", "span_start"):
            batch.drop_column(name)
    with op.batch_alter_table("claims") as batch:
        for name in ("end_basis", "end_precision", "end_date", "start_precision", "start_date"):
            batch.drop_column(name)
