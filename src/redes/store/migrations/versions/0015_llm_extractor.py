"""PLACEHOLDER for issue 17 (LLM extractor: claim extractor, answer cache) — replace this docstring and fill upgrade/downgrade.

Revision ID: 0015
Revises: 0014
"""

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
