"""sanction lists (issue 15): list versions, their records, and list entities

A structured source (OFAC's SDN list, any followthemoney stream) is imported as versions:
``list_versions`` (one per file imported: source name, publication date, content hash) and
``list_records`` (one per entity of a version: its FtM id and data, and the small document
that renders it, which evidence cites). A party absent from a newer version of its list
is delisted as of that version's date; its records stay. ``entities.source`` names the
list an entity comes from (None for entities of the documents): list entities are never
matched by name to document entities (reviewed cross-referencing does that).

On PostgreSQL ``list_records`` (names, aliases and ids of list entries) is under the same
row-level security read policy as ``mentions`` and ``evidence`` (0006): a record is visible
only when its entry document is (``redes.access.rls``).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("source", sa.String(40), nullable=True))
        batch.create_index("ix_entities_source", ["source"])
    op.create_table(
        "list_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(40), nullable=False, index=True),
        sa.Column("published", sa.Date, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("collection_id", sa.Integer, sa.ForeignKey("collections.id"), nullable=False),
        sa.Column("records", sa.Integer, nullable=False, server_default="0"),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source", "content_hash", name="uq_list_version"),
    )
    op.create_table(
        "list_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "version_id", sa.Integer, sa.ForeignKey("list_versions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("ftm_id", sa.String(200), nullable=False, index=True),
        sa.Column("schema", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("row", sa.Integer, nullable=True),
        sa.UniqueConstraint("version_id", "ftm_id", name="uq_list_record"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # As 0006 does for mentions and evidence (frozen here: a migration must not change
        # when the library does).
        unrestricted = "coalesce(current_setting('redes.readable', true), '') = ''"
        rule = "EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id)"
        op.execute("ALTER TABLE list_records ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE list_records FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY redes_read ON list_records FOR SELECT USING "
            f"(CASE WHEN {unrestricted} THEN true ELSE {rule} END)"
        )
        op.execute("CREATE POLICY redes_write ON list_records FOR INSERT WITH CHECK (true)")
        op.execute("CREATE POLICY redes_update ON list_records FOR UPDATE USING (true) WITH CHECK (true)")
        op.execute("CREATE POLICY redes_delete ON list_records FOR DELETE USING (true)")


def downgrade() -> None:
    op.drop_table("list_records")
    op.drop_table("list_versions")
    with op.batch_alter_table("entities") as batch:
        batch.drop_index("ix_entities_source")
        batch.drop_column("source")
