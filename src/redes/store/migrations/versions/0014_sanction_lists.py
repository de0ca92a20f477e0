"""PLACEHOLDER for issue 15 (structured sources: OFAC SDN, xref) — replace this docstring and fill upgrade/downgrade.

Revision ID: 0014
Revises: 0013
"""

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
