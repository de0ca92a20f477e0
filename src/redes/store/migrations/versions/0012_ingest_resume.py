"""crash-safe ingest: extraction attempts and failures

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(
            sa.Column("extraction_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("extraction_error", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("extraction_error")
        batch.drop_column("extraction_attempts")
