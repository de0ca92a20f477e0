"""PostgreSQL: the text-search vector made by a trigger when the title or the text is
written, not by a generated column at every update of the row

PostgreSQL computes a stored generated column again at every UPDATE of its row, whatever
the columns set. An ingest updates each document four times after inserting it (its
source group, its extraction attempts, the mark that it was extracted, the settling of
its attempts), and a rebuild updates every document: each time the whole text was parsed
again by ``to_tsvector``. Updating 2,000 generated documents took 255 ms with the
generated column and 59 ms without; at ingest that was about 0.4 ms of the server's CPU
per document (of 2.7). A ``BEFORE INSERT OR UPDATE OF title, text`` trigger makes the same
vector only when what it is made of is written.

Revision ID: 0017
Revises: 0016
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

VECTOR = "to_tsvector('redes'::regconfig, redes_fts_text(coalesce({row}title, '') || ' ' || {row}text))"
FUNCTION = f"""CREATE OR REPLACE FUNCTION redes_documents_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := {VECTOR.format(row="NEW.")};
        RETURN NEW;
    END $$"""
TRIGGER = """CREATE TRIGGER documents_search_vector BEFORE INSERT OR UPDATE OF title, text ON documents
    FOR EACH ROW EXECUTE FUNCTION redes_documents_search_vector()"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The stored vectors are kept: only how the column is filled changes.
    op.execute("ALTER TABLE documents ALTER COLUMN search_vector DROP EXPRESSION")
    op.execute(FUNCTION)
    op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS documents_search_vector ON documents")
    op.execute("DROP FUNCTION IF EXISTS redes_documents_search_vector()")
    op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    op.execute("ALTER TABLE documents DROP COLUMN search_vector")
    op.execute(
        f"ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR.format(row='')}) STORED"
    )
    op.execute("CREATE INDEX ix_documents_fts ON documents USING gin (search_vector)")
