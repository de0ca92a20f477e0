"""full-text search on PostgreSQL: punctuation as spaces, whatever the database locale

PostgreSQL's text-search parser asks the database's locale what a letter is. In a
database created with the C locale every non-ASCII character counts as one, so a word
next to a curly quote, an angle quote or a dash was indexed with it attached ("mencho”",
"oseguera—alias") and a search for the word missed it (6 documents found where SQLite
found 10). ``redes_fts_text`` turns that punctuation (and the odd spaces) into spaces
before the parser sees it; the GIN index is rebuilt over it, so existing databases are
re-indexed when they migrate. Search applies the same function to queries. SQLite's
unicode61 tokenizer already splits at these characters.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# Non-ASCII characters that are no part of a word: quotes, dashes, inverted marks,
# ellipsis, bullets, signs, and spaces other than the ASCII one. (The ASCII ones the
# parser handles in any locale.) No apostrophe: none of them is "'".
PUNCTUATION = (
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a\u00ab\u00bb"  # quotes
    "\u300c\u300d\u2032\u2033"  # corner quotes, primes
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"  # dashes, minus
    "\u00bf\u00a1\u2026\u2022\u00b7\u2027\u00a7\u00b6\u2020\u2021\u00b0"  # ¿ ¡ … • · § ¶ † ‡ °
    "\u00a9\u00ae\u2122\u20ac\u00a3\u00a5\u00a2"  # © ® ™ € £ ¥ ¢
    "\u00a0\u00ad\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"  # spaces, soft hyphen, separators, BOM
)

FUNCTION = f"""CREATE OR REPLACE FUNCTION redes_fts_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT pg_catalog.translate(t, '{PUNCTUATION}', '{" " * len(PUNCTUATION)}') $$"""

OLD_INDEX = """CREATE INDEX ix_documents_fts ON documents
    USING gin (to_tsvector('redes'::regconfig, coalesce(title, '') || ' ' || text))"""
NEW_INDEX = """CREATE INDEX ix_documents_fts ON documents
    USING gin (to_tsvector('redes'::regconfig, redes_fts_text(coalesce(title, '') || ' ' || text)))"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    op.execute(NEW_INDEX)  # indexes every document again


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    op.execute(OLD_INDEX)
    op.execute("DROP FUNCTION IF EXISTS redes_fts_text(text)")
