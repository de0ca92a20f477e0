"""notes, saved investigations, entities and links added by hand

Notes and investigations name what they are about by keys that outlive a rebuild (entity
slugs, claim keys, document ids), never by rebuilt row ids. A claim's ``origin`` says
whether the machine or a person ("manual") asserted it.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notes_target", "notes", ["target_kind", "target"])
    op.create_table(
        "investigations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("collections", sa.JSON(), nullable=False),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("view", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claims") as batch:
        batch.add_column(
            sa.Column("origin", sa.String(length=10), server_default="machine", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("origin")
    op.drop_table("investigations")
    op.drop_index("ix_notes_target", table_name="notes")
    op.drop_table("notes")
