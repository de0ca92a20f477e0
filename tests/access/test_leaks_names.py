"""The subtler leaks of issue 11: names, slugs, claim keys, evidence and corroboration.

- A claim supported by a public and a confidential document shows a reader without the
  grant only its public evidence, and counts (documents, publishers, first and last seen)
  over that evidence alone.
- An entity's name and slug never come from a collection the reader may not see: the
  knowledge-base writer names an entity from the most widely read collections that
  mention it (renaming and re-slugging it when a public document first names it), and for
  what remains (a collection made confidential after the fact, grants to some team and
  confidential collections but not others) the access filter shows a readable name, a
  ``name~id`` slug and ``hash~id`` claim keys, and finds nothing by the hidden name, slug
  or key.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from redes import kb
from redes.access import Scope
from redes.extract.model import DocExtraction, ExtractedEntity, ExtractedRelation, Span
from redes.ingest.pipeline import ingest
from redes.kb.claims import claim_key
from redes.store.models import Claim, Collection, Document, Entity

# (type, canonical name as the document gives it, surfaces, other names it gives)
ENTITIES = {
    "cjng": (
        "criminal_group",
        "Cártel de Jalisco Nueva Generación",
        ["Cártel de Jalisco Nueva Generación", "CJNG"],
        [],
    ),
    "jalisco": ("place", "Jalisco", ["Jalisco"], []),
    # The secret source says who "Baltasar Ibarra" is.
    "full": ("person", "Baltasar Ibarra Oquendo", ["Baltasar Ibarra Oquendo"], ["Baltasar Ibarra"]),
    "short": ("person", "Baltasar Ibarra", ["Baltasar Ibarra"], []),
}
RELATIONS = [
    ("The CJNG operates in Jalisco.", "operates_in", "cjng", "jalisco"),
    ("Baltasar Ibarra Oquendo cobra la plaza para el CJNG.", "member_of", "full", "cjng"),
    ("Baltasar Ibarra fue visto con el CJNG.", "allied_with", "short", "cjng"),
]


def annotate(text: str) -> DocExtraction:
    found: dict[str, ExtractedEntity] = {}
    taken: list[tuple[int, int]] = []
    surfaces = sorted(
        ((s, k) for k, (_, _, forms, _) in ENTITIES.items() for s in forms), key=lambda p: -len(p[0])
    )
    for surface, key in surfaces:
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            type_, name, _, aliases = ENTITIES[key]
            found.setdefault(key, ExtractedEntity(key, type_, name, [], list(aliases))).mentions.append(
                Span(m.start(), m.end(), surface)
            )
    relations = []
    for sentence, rel, subject, obj in RELATIONS:
        for m in re.finditer(re.escape(sentence), text):
            if subject in found and obj in found:
                relations.append(ExtractedRelation(rel, subject, obj, Span(m.start(), m.end(), sentence)))
    return DocExtraction("es", list(found.values()), relations)


def _extract(item):
    doc_id, text, _ = item
    return doc_id, annotate(text)


def add(store, folder: Path, collection: str, name: str, text: str, published: str, publisher: str) -> None:
    import redes.kb.pipeline

    folder = folder / name.removesuffix(".txt")
    folder.mkdir(parents=True)
    (folder / name).write_text(text, encoding="utf-8")
    (folder / "metadata.csv").write_text(
        f"file,title,publisher,published,language\n{name},{name},{publisher},{published},es\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(redes.kb.pipeline, "extract_document", _extract)
        assert ingest(store, [folder], collection=collection).ok


def set_visibility(store, collection: str, visibility: str) -> None:
    with store.session() as s:
        s.query(Collection).filter(Collection.name == collection).update({"visibility": visibility})


def viewer(store, *collections: str):
    with store.session() as s:
        ids = frozenset(c.id for c in s.query(Collection) if c.name in collections)
    return store.scoped(Scope("reader", "viewer", ids, frozenset()))


# --- evidence and corroboration --------------------------------------------------------------


def test_a_claim_with_public_and_secret_evidence_shows_only_the_public(store, tmp_path):
    # Words of its own: two texts of which one holds the other are one source (ingest.neardup).
    text = "Milenio, nota de portada. The CJNG operates in Jalisco.\n"
    add(store, tmp_path, "public", "pub.txt", text, "2019-05-01", "Milenio")
    add(
        store,
        tmp_path,
        "reservado",
        "sec.txt",
        "Nota. The CJNG operates in Jalisco.\n",
        "2024-02-02",
        "Orfeo",
    )
    set_visibility(store, "reservado", "confidential")
    owner = kb.list_claims(store, "CJNG", with_evidence=True)[0]
    assert owner["corroboration"] == {
        "documents": 2,
        "copies": 2,
        "publishers": 2,
        "first_seen": "2019-05-01",
        "last_seen": "2024-02-02",
    }
    reader = viewer(store, "public")
    for claim in (kb.list_claims(reader, "CJNG", with_evidence=True)[0], kb.claim(reader, owner["key"])):
        assert claim["corroboration"] == {
            "documents": 1,
            "copies": 1,
            "publishers": 1,
            "first_seen": "2019-05-01",
            "last_seen": "2019-05-01",
        }
        assert [ev["document"]["file_name"] for ev in claim["evidence"]] == ["pub.txt"]
    dossier = kb.dossier(reader, "CJNG")
    (line,) = dossier["relations"]["operates_in"]
    assert line["corroboration"]["documents"] == 1 and line["citations"] == [1]
    assert [s["file_name"] for s in dossier["sources"]] == ["pub.txt"]
    # A claim only the secret supports does not exist for the reader, and the minimum
    # number of documents counts readable ones.
    assert kb.list_claims(reader, min_documents=2) == []


# --- names and slugs ---------------------------------------------------------------------------


def _entity(store, slug_or_name: str) -> Entity:
    with store.session() as s:
        found = kb.find(store, slug_or_name)
        assert len(found) == 1, found
        return s.query(Entity).filter(Entity.slug == found[0]["id"]).one()


def test_the_writer_names_an_entity_from_its_most_widely_read_documents(store, tmp_path):
    """Born in a confidential document, the entity is renamed and re-slugged when a public
    document first names it, its claims re-keyed; the secret full name stays an alias."""
    add(
        store,
        tmp_path,
        "reservado",
        "sec.txt",
        "Baltasar Ibarra Oquendo cobra la plaza para el CJNG.\n",
        "2024-01-01",
        "Orfeo",
    )
    set_visibility(store, "reservado", "confidential")
    born = _entity(store, "Baltasar Ibarra Oquendo")
    assert (born.slug, born.name) == ("baltasar-ibarra-oquendo", "Baltasar Ibarra Oquendo")
    add(
        store,
        tmp_path,
        "public",
        "pub.txt",
        "Baltasar Ibarra fue visto con el CJNG.\n",
        "2024-03-03",
        "Milenio",
    )
    now = _entity(store, "Baltasar Ibarra Oquendo")
    assert now.id == born.id  # the same entity, found by its secret alias by the owner
    assert (now.slug, now.name) == ("baltasar-ibarra", "Baltasar Ibarra")
    dossier = kb.dossier(store, "baltasar-ibarra")
    assert "Baltasar Ibarra Oquendo" in [a["name"] for a in dossier["aliases"]]
    with store.session() as s:
        for c in s.query(Claim).filter(Claim.subject_id == now.id):
            cjng = s.get(Entity, c.object_id)
            assert c.key == claim_key(
                "baltasar-ibarra", c.predicate, cjng.slug, c.value, c.year, c.date, c.detail
            )
    # The reader of public sources: a public name and slug, nothing of the secret.
    reader = viewer(store, "public")
    assert kb.find(reader, "Baltasar Ibarra") == [
        {"id": "baltasar-ibarra", "name": "Baltasar Ibarra", "type": "person", "mentions": 1}
    ]
    for hidden in ("Baltasar Ibarra Oquendo", "baltasar-ibarra-oquendo", "Oquendo"):
        assert kb.find(reader, hidden) == []
    assert "Oquendo" not in repr(kb.dossier(reader, "baltasar-ibarra"))
    # Writing the documents again changes nothing.
    with pytest.MonkeyPatch.context() as mp:
        import redes.kb.pipeline

        mp.setattr(redes.kb.pipeline, "extract_document", _extract)
        with store.session() as s:
            kb.update(store, [d for (d,) in s.execute(select(Document.id))])
    assert (_entity(store, "Baltasar Ibarra").slug, _entity(store, "Baltasar Ibarra").name) == (
        "baltasar-ibarra",
        "Baltasar Ibarra",
    )


def _made_confidential_later(store, tmp_path):
    """An archive ingested as public names the entity in full; a public source later by its
    short name; then the archive is made confidential."""
    add(
        store,
        tmp_path,
        "archivo",
        "arch.txt",
        "Baltasar Ibarra Oquendo cobra la plaza para el CJNG.\n",
        "2020-01-01",
        "Archivo",
    )
    add(
        store,
        tmp_path,
        "public",
        "pub.txt",
        "Baltasar Ibarra fue visto con el CJNG.\n",
        "2024-03-03",
        "Milenio",
    )
    set_visibility(store, "archivo", "confidential")
    return _entity(store, "Baltasar Ibarra Oquendo")


def test_a_hidden_name_slug_and_claim_key_are_never_shown(store, tmp_path):
    entity = _made_confidential_later(store, tmp_path)
    assert (entity.slug, entity.name) == ("baltasar-ibarra-oquendo", "Baltasar Ibarra Oquendo")
    reader = viewer(store, "public")
    (found,) = kb.find(reader, "Baltasar Ibarra")
    assert found["name"] == "Baltasar Ibarra"
    assert found["id"] == f"baltasar-ibarra~{entity.id}"
    # The shown slug opens the dossier; the hidden name, slug and surname find nothing,
    # exactly as names that do not exist.
    dossier = kb.dossier(reader, found["id"])
    assert dossier["name"] == "Baltasar Ibarra" and "Oquendo" not in repr(dossier)
    for hidden in (
        "Baltasar Ibarra Oquendo",
        "baltasar-ibarra-oquendo",
        "Oquendo",
        "baltasar ibarra oquendo",
    ):
        assert kb.find(reader, hidden) == kb.find(reader, "Nadie Inexistente") == []
        with pytest.raises(kb.LookupFailed) as hidden_error:
            kb.dossier(reader, hidden)
        with pytest.raises(kb.LookupFailed) as missing_error:
            kb.dossier(reader, "Nadie Inexistente")
        assert str(hidden_error.value).replace(hidden, "?") == str(missing_error.value).replace(
            "Nadie Inexistente", "?"
        )
    # Claim keys hash slugs: none is a hash of the hidden one, and the shown key works.
    claims = kb.list_claims(reader, found["id"], with_evidence=True)
    assert claims
    stored = {c.key for c in _claims_of(store, entity.id)}
    for c in claims:
        assert c["key"] not in stored and "~" in c["key"]
        assert kb.claim(reader, c["key"])["key"] == c["key"]
        assert c["subject"]["id"] == found["id"]
    for key in stored:
        with pytest.raises(LookupError):
            kb.claim(reader, key)
    # Exports and the graph show the same readable names.
    from redes.analyse.graph import GraphFilters, build_graph
    from redes.export.snapshot import load

    snap = load(reader)
    assert "Oquendo" not in repr(snap.entities) + repr(snap.claims)
    g = build_graph(reader, GraphFilters())
    assert "Baltasar Ibarra" in g.vs["label"] and not any("oquendo" in n for n in g.vs["name"])
    # The owner still sees the stored name.
    assert kb.dossier(store, "baltasar-ibarra-oquendo")["name"] == "Baltasar Ibarra Oquendo"


def _claims_of(store, entity_id: int) -> list[Claim]:
    with store.session() as s:
        return list(s.query(Claim).filter((Claim.subject_id == entity_id) | (Claim.object_id == entity_id)))


def test_a_rebuild_renames_from_the_public_documents(store, tmp_path):
    """After a collection is made confidential, a rebuild takes names from what is public."""
    _made_confidential_later(store, tmp_path)
    import redes.kb.pipeline

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(redes.kb.pipeline, "extract_document", _extract)
        kb.rebuild(store)
    reader = viewer(store, "public")
    (found,) = kb.find(reader, "Baltasar Ibarra")
    assert "~" not in found["id"] and "oquendo" not in found["id"]


def test_grants_to_some_collections_show_names_from_those(store, tmp_path):
    """A user with a grant to the team collection sees its name for the entity, one with a
    grant to the confidential collection only, the confidential one's: never the other's."""
    add(
        store,
        tmp_path,
        "equipo",
        "team.txt",
        "Baltasar Ibarra Oquendo cobra la plaza para el CJNG.\n",
        "2020-01-01",
        "Equipo",
    )
    set_visibility(store, "equipo", "team")
    add(
        store,
        tmp_path,
        "reservado",
        "sec.txt",
        "Baltasar Ibarra fue visto con el CJNG.\n",
        "2024-03-03",
        "Orfeo",
    )
    set_visibility(store, "reservado", "confidential")
    team = viewer(store, "equipo")
    secret = viewer(store, "reservado")
    (in_team,) = kb.find(team, "Baltasar Ibarra Oquendo")
    assert in_team["name"] == "Baltasar Ibarra Oquendo"
    assert kb.find(secret, "Baltasar Ibarra Oquendo") == []
    (in_secret,) = kb.find(secret, "Baltasar Ibarra")
    assert in_secret["name"] == "Baltasar Ibarra" and "oquendo" not in in_secret["id"]
    assert "Oquendo" not in repr(kb.dossier(secret, in_secret["id"]))


def test_claim_keys_of_readable_entities_are_the_stored_ones(store, tmp_path):
    """Nothing changes for entities whose names the reader may read."""
    add(store, tmp_path, "public", "pub.txt", "The CJNG operates in Jalisco.\n", "2019-05-01", "Milenio")
    reader = viewer(store, "public")
    assert [c["key"] for c in kb.list_claims(reader)] == [c["key"] for c in kb.list_claims(store)]
    assert all(len(c["key"]) == len(hashlib.sha256().hexdigest()) for c in kb.list_claims(reader))
