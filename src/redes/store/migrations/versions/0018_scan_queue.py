"""the queue of entities a committed batch left to the merge and list-match scan, so that
an update killed before its scan leaves them to the next one

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scan_queue",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("gone", sa.JSON(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("scan_queue")
