"""The store's core tables: documents and everything extracted from them, with provenance.

Machine output (mentions, entities, claims, evidence) is always re-derivable from the
documents; human decisions live in ``judgements`` and are re-applied on every rebuild.
Other packages (events, access) declare their tables on the same ``Base`` in their own
``models`` module; ``redes.store.metadata()`` imports them all.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Collection(Base):
    """A set of documents that access control attaches to: ``visibility`` is ``public``
    (every signed-in user reads it), ``team`` (users with a grant, and admins) or
    ``confidential`` (users with a grant only); see ``redes.access``."""

    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    label: Mapped[str | None] = mapped_column(String(400))
    visibility: Mapped[str] = mapped_column(String(12), default="public")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    documents: Mapped[list[Document]] = relationship(back_populates="collection")


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("collection_id", "content_hash", name="uq_document_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id"), index=True)
    # sha256 of the file's bytes: the same file under two names is one document.
    content_hash: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(10))
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    publisher: Mapped[str | None] = mapped_column(String(500))
    # ISO 8601 date, possibly partial ("2009", "2009-07", "2009-07-20"): sources often give
    # only a year, and partial ISO strings still sort and compare correctly.
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, default=0)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Version of the extraction pipeline that last processed the text (None: not yet).
    extracted_with: Mapped[str | None] = mapped_column(String(40))
    # Crash-safe ingest (``redes.ingest.resume``): extractions started on the text without
    # finishing (a crash, a kill, an error), and why it was given up after too many (None:
    # not given up; a given-up document is no longer retried by ingest, only by a rebuild).
    extraction_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    extraction_error: Mapped[str | None] = mapped_column(Text)
    # Near-duplicates (``redes.ingest.neardup``): the MinHash signature of the text's word
    # shingles, how many shingles it has, and the source group, the id of the earliest
    # document of its near-duplicate cluster (None: not grouped yet, a source of its own).
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    shingles: Mapped[int | None] = mapped_column(Integer)
    source_group: Mapped[int | None] = mapped_column(Integer, index=True)
    # Ingest formats (``redes.ingest.formats``): the message or archive a document came out
    # of, the mean OCR word confidence (0-100) when its text was read by OCR, and what the
    # format says beyond title/date/publisher (mail headers, sheet names, OCR page counts).
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    meta: Mapped[dict | None] = mapped_column(JSON)

    collection: Mapped[Collection] = relationship(back_populates="documents")
    sources: Mapped[list[DocumentSource]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentSource.id"
    )


class DocumentSource(Base):
    """Every path a document was ingested from."""

    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("document_id", "path", name="uq_document_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(500))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="sources")


class Entity(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable, human-readable id (a slug of the canonical name), used in exports and URLs.
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(500))
    # Accent-, case- and punctuation-free form of the name, for lookup.
    key: Mapped[str] = mapped_column(String(500), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The structured list the entity comes from ("ofac-sdn"; ``redes.sources``), None for
    # entities of the documents: list entities are never matched to those by name.
    source: Mapped[str | None] = mapped_column(String(40), index=True)

    aliases: Mapped[list[Alias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="Alias.id"
    )


class Alias(Base):
    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("entity_id", "name", name="uq_alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(500), index=True)
    # "machine" for extracted aliases, "human" for aliases added in review.
    origin: Mapped[str] = mapped_column(String(10), default="machine")

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_doc_span", "document_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(20))


class Claim(Base):
    """One assertion (subject, predicate, object or value, qualifiers) across all documents."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Hash of (subject, predicate, object/value, qualifiers): one claim per fact.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    predicate: Mapped[str] = mapped_column(String(40), index=True)
    object_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    value: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    date: Mapped[date | None] = mapped_column(Date)
    detail: Mapped[str | None] = mapped_column(String(200))
    # When the fact held (``redes.kb.spans``), consolidated from its evidence: the first
    # day of the start and end periods with their precision ("year", "month", "day"; an
    # end of precision "unknown" ended at an unknown date, no later than ``end_date``
    # when set), and what the end rests on ("text", or "death" when derived from a death).
    start_date: Mapped[date | None] = mapped_column(Date)
    start_precision: Mapped[str | None] = mapped_column(String(8))
    end_date: Mapped[date | None] = mapped_column(Date)
    end_precision: Mapped[str | None] = mapped_column(String(8))
    end_basis: Mapped[str | None] = mapped_column(String(8))
    # Review status: "machine" until a human accepts or rejects it.
    status: Mapped[str] = mapped_column(String(10), default="machine", index=True)
    # Who asserted it: "machine" (extraction) or "manual" (added by hand with a citation,
    # ``redes.kb.manual``, and re-made from its judgement after every rebuild).
    origin: Mapped[str] = mapped_column(String(10), default="machine", server_default="machine")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    subject: Mapped[Entity] = relationship(foreign_keys=[subject_id])
    object: Mapped[Entity | None] = relationship(foreign_keys=[object_id])
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Evidence.id"
    )


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("claim_id", "document_id", "start", name="uq_evidence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    # The time span this sentence gives the fact (``ExtractedRelation``): partial ISO
    # dates, and how it says the fact ended without a date ("unknown": "former"; "death").
    span_start: Mapped[str | None] = mapped_column(String(10))
    span_end: Mapped[str | None] = mapped_column(String(10))
    end_cue: Mapped[str | None] = mapped_column(String(8))
    # Which extractors proposed the claim from this sentence: "rules", "model", "llm:MODEL",
    # space-separated when several did (``redes.extract.model.proposed_by``), and the
    # highest confidence among them (None: a rule, which gives none). Corroboration still
    # counts documents, never extractors.
    extractor: Mapped[str | None] = mapped_column(String(200))
    confidence: Mapped[float | None] = mapped_column(Float)

    claim: Mapped[Claim] = relationship(back_populates="evidence")
    document: Mapped[Document] = relationship()


class Judgement(Base):
    """A human decision (accept, reject, merge, split, alias, rename), kept apart from
    machine output and re-applied after every re-ingest or re-extraction."""

    __tablename__ = "judgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    author: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Note(Base):
    """A person's note on an entity, claim, document or saved investigation, named by what
    outlives a rebuild (slug, claim key, document or investigation id): ``redes.kb.notes``."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_target", "target_kind", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Investigation(Base):
    """A saved investigation (``redes.kb.investigations``): entities by slug, the network
    view's filters, and the collections its owner could read when it was saved."""

    __tablename__ = "investigations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(200))
    collections: Mapped[list] = mapped_column(JSON)
    entities: Mapped[list] = mapped_column(JSON)
    view: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class KbState(Base):
    """Change counters (``redes.kb.state``): ``kb`` (documents, entities, claims, evidence,
    entity judgements), ``review`` (claim judgements), ``places`` (judgements of where
    groups operate), ``events`` (conflict events). Every
    writer bumps its counter in its own transaction, so that caches of derived data check
    one small row instead of counting the tables."""

    __tablename__ = "kb_state"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class ScanQueue(Base):
    """Entities whose merge and list-match verdicts a committed batch may have changed,
    and the names of those it deleted (``redes.kb.scan_queue``): queued in the batch's
    transaction, taken by the scan that follows the update, so that an update killed
    between its commits and its scan leaves them to the next one."""

    __tablename__ = "scan_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: an entity merged away or dropped since is simply not scanned.
    entity_id: Mapped[int | None] = mapped_column(Integer)
    # A deleted entity's names ({"type", "name", "names"}: ``resolve.candidates.Side``).
    gone: Mapped[dict | None] = mapped_column(JSON)


class LlmAnswer(Base):
    """A language model's answer for one chunk of a document (``redes.extract.llm``),
    keyed by (document text hash, chunk, model, prompt version), so that re-ingest and
    rebuild ask the server nothing twice. Never shown: derived data, read only by the
    extractor."""

    __tablename__ = "llm_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    model: Mapped[str] = mapped_column(String(200))
    prompt_version: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(Text)
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ListVersion(Base):
    """One imported file of a structured list (``redes.sources``): its publication date
    and content hash (the same file again is the same version)."""

    __tablename__ = "list_versions"
    __table_args__ = (UniqueConstraint("source", "content_hash", name="uq_list_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40), index=True)
    published: Mapped[date] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(500))
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id"))
    records: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ListRecord(Base):
    """One entity of a list version, as followthemoney data, and the small document that
    renders it (what evidence cites). Unchanged entries of two versions share a document."""

    __tablename__ = "list_records"
    __table_args__ = (UniqueConstraint("version_id", "ftm_id", name="uq_list_record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id", ondelete="CASCADE"))
    ftm_id: Mapped[str] = mapped_column(String(200), index=True)
    schema: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    row: Mapped[int | None] = mapped_column(Integer)
