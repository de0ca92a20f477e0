"""PLACEHOLDER for issue 16 (Dask scale-out) — replace this docstring and fill upgrade/downgrade.

Revision ID: 0016
Revises: 0015
"""

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
