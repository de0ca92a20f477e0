"""LLM extractor (issue 17): which extractor proposed each piece of evidence, with its
confidence, and the cache of language-model answers

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("extractor", sa.String(200), nullable=True))
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))
    op.create_table(
        "llm_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("prompt_version", sa.String(40), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("completion_tokens", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("llm_answers")
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("confidence")
        batch.drop_column("extractor")
