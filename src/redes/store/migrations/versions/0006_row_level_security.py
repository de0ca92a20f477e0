"""row-level security on PostgreSQL: rows with document text readable only within the
transaction's readable collections (redes.access.rls)

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Frozen copy of what redes.access.rls defines today: a migration must not change when
# the library does.
TABLES = {
    "documents": "collection_id = ANY (current_setting('redes.readable', true)::int[])",
    "document_sources": "EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id)",
    "mentions": "EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id)",
    "evidence": "EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id)",
    "tip_files": "EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id)",
}
# No setting, or the empty one a transaction-local setting leaves behind: unrestricted.
# A CASE, not an OR: PostgreSQL does not promise to skip the array cast of an empty value.
UNRESTRICTED = "coalesce(current_setting('redes.readable', true), '') = ''"
POLICIES = ("redes_read", "redes_write", "redes_update", "redes_delete")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, rule in TABLES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY redes_read ON {table} FOR SELECT USING "
            f"(CASE WHEN {UNRESTRICTED} THEN true ELSE {rule} END)"
        )
        op.execute(f"CREATE POLICY redes_write ON {table} FOR INSERT WITH CHECK (true)")
        op.execute(f"CREATE POLICY redes_update ON {table} FOR UPDATE USING (true) WITH CHECK (true)")
        op.execute(f"CREATE POLICY redes_delete ON {table} FOR DELETE USING (true)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for policy in POLICIES:
            op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
