"""PostgreSQL: each document's text-search vector stored (a generated column), not made
again for every document a search reads

Row-level security keeps PostgreSQL from using the GIN index for ``@@`` (the operator is
not leakproof, so it may not run before the policy), and each search read every
document and parsed its whole text again with ``to_tsvector``: 1.2 s for a word on the
demo once the OFAC list added 15,000 documents, and 2.5 s with the ranking, so that a
search for a common word under 50 analysts ran past its time limit. The vector is now a
stored generated column (``search_vector``), indexed by GIN for sessions without the
policy, and read, not made, by those with it. SQLite's FTS5 table stores its index
already.

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

VECTOR = "to_tsvector('redes'::regconfig, redes_fts_text(coalesce(title, '') || ' ' || text))"
OLD_INDEX = f"CREATE INDEX ix_documents_fts ON documents USING gin ({VECTOR})"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED")
    op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    op.execute("CREATE INDEX ix_documents_fts ON documents USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    op.execute("ALTER TABLE documents DROP COLUMN search_vector")
    op.execute(OLD_INDEX)
