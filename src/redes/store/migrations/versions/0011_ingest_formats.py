"""documents from OCR, mail and archives: parent documents, OCR confidence

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # parent_id: the message an attachment came with, the archive a member came from.
    # ocr_confidence: mean Tesseract word confidence (0-100) when the text was read by OCR.
    # meta: what the format says beyond title/date/publisher (mail headers, sheet names).
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its foreign key in place; alembic would recreate the
        # table to add the constraint (batch mode), dropping its FTS triggers (0002). No
        # ON DELETE: SQLite cannot reflect it on a column constraint, and documents are
        # never deleted.
        op.execute(
            "ALTER TABLE documents ADD COLUMN parent_id INTEGER REFERENCES documents (id)"
        )
    else:
        op.add_column(
            "documents",
            sa.Column(
                "parent_id",
                sa.Integer(),
                sa.ForeignKey("documents.id"),
                nullable=True,
            ),
        )
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("meta", sa.JSON(), nullable=True))
        batch.create_index("ix_documents_parent_id", ["parent_id"])


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_parent_id")
        batch.drop_column("meta")
        batch.drop_column("ocr_confidence")
        batch.drop_column("parent_id")
