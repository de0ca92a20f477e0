"""near-duplicate documents as one source, entity merge candidates

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A document's MinHash signature over word shingles, the number of shingles, and its
    # source group: the id of the earliest document of its near-duplicate cluster
    # (redes.ingest.neardup). Documents ingested before this revision get theirs at the
    # next ingest or rebuild; until then each counts as a source of its own.
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("minhash", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("shingles", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("source_group", sa.Integer(), nullable=True))
        batch.create_index("ix_documents_source_group", ["source_group"])


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_source_group")
        batch.drop_column("source_group")
        batch.drop_column("shingles")
        batch.drop_column("minhash")
