"""A small English and Spanish test corpus, written from public facts, with the
extraction each text should yield, and a hostile document for the escaping tests.

``build`` ingests the folder through the real pipeline (``redes.ingest.pipeline.ingest``
-> ``redes.kb.update``) with extraction replaced by these annotations, so the web tests
rest on facts they control rather than on the extractor's current quality.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from redes.extract.model import DocExtraction, ExtractedEntity, ExtractedRelation, Span

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

# file name -> (title, publisher, published, language, text)
DOCUMENTS = {
    "en_state_reward.txt": (
        "Reward offer for Nemesio Oseguera Cervantes",
        "U.S. Department of State",
        "2018-10-16",
        "en",
        "The Department of State is offering a reward of up to USD 10000000 for information leading to the "
        'arrest of Nemesio Oseguera Cervantes, also known as "El Mencho". '
        "Oseguera Cervantes leads the Jalisco New Generation Cartel (CJNG), one of the most violent drug "
        "trafficking organizations in Mexico. "
        "The CJNG operates in Jalisco, Michoacán and Guanajuato. "
        'His son Rubén Oseguera González, known as "El Menchito", is in custody in the United States.\n',
    ),
    "en_doj_menchito.txt": (
        "Son of CJNG leader sentenced to life in prison",
        "U.S. Department of Justice",
        "2025-03-07",
        "en",
        'Rubén Oseguera González, also known as "El Menchito", was sentenced to life in prison. '
        "El Menchito is the son of El Mencho. "
        "According to court documents, El Menchito was second in command of the CJNG. "
        "The CJNG was founded in 2009. "
        "Rosalinda González Valencia, the wife of El Mencho, was arrested in 2021.\n",
    ),
    "es_sspc_cjng.txt": (
        "Informe sobre el Cártel de Jalisco Nueva Generación",
        "Secretaría de Seguridad y Protección Ciudadana",
        "2020-07-01",
        "es",
        "El Cártel de Jalisco Nueva Generación (CJNG) es liderado por Nemesio Oseguera Cervantes, "
        "alias «El Mencho». "
        "El CJNG fue fundado en 2011 en Jalisco. "
        "El CJNG mantiene presencia en Guanajuato desde 2017. "
        "El CJNG es rival del Cártel de Santa Rosa de Lima en Guanajuato. "
        "Juan Carlos Valencia González, hijastro de El Mencho, es hijo de Rosalinda González Valencia.\n",
    ),
    "en_field_note.txt": (
        "Field note with hostile markup",
        "Unknown",
        "2024-05-02",
        "en",
        f"Field note. {XSS_SCRIPT} The informant wrote {XSS_IMG} next to a name. "
        f"The group {XSS_IMG} is allied with the CJNG in Jalisco.\n",
    ),
}

# key -> (type, canonical name, surfaces as written in the texts)
ENTITIES = {
    "mencho": (
        "person",
        "Nemesio Oseguera Cervantes",
        ["Nemesio Oseguera Cervantes", "Oseguera Cervantes", "El Mencho"],
    ),
    "menchito": ("person", "Rubén Oseguera González", ["Rubén Oseguera González", "El Menchito"]),
    "rosalinda": ("person", "Rosalinda González Valencia", ["Rosalinda González Valencia"]),
    "juan_carlos": ("person", "Juan Carlos Valencia González", ["Juan Carlos Valencia González"]),
    "cjng": (
        "criminal_group",
        "Cártel de Jalisco Nueva Generación",
        ["Cártel de Jalisco Nueva Generación", "Jalisco New Generation Cartel", "CJNG"],
    ),
    "csrl": ("criminal_group", "Cártel de Santa Rosa de Lima", ["Cártel de Santa Rosa de Lima"]),
    "hostile": ("criminal_group", XSS_IMG, [XSS_IMG]),
    "dos": ("state_body", "Department of State", ["Department of State"]),
    "jalisco": ("place", "Jalisco", ["Jalisco"]),
    "michoacan": ("place", "Michoacán", ["Michoacán"]),
    "guanajuato": ("place", "Guanajuato", ["Guanajuato"]),
}

# (sentence, relation, subject, object, qualifiers)
RELATIONS = [
    (
        "Oseguera Cervantes leads the Jalisco New Generation Cartel (CJNG)",
        "leads",
        "mencho",
        "cjng",
        {},
    ),
    ("The CJNG operates in Jalisco, Michoacán and Guanajuato.", "operates_in", "cjng", "jalisco", {}),
    ("The CJNG operates in Jalisco, Michoacán and Guanajuato.", "operates_in", "cjng", "michoacan", {}),
    ("The CJNG operates in Jalisco, Michoacán and Guanajuato.", "operates_in", "cjng", "guanajuato", {}),
    (
        "The Department of State is offering a reward of up to USD 10000000",
        "reward",
        "mencho",
        None,
        {"value": "USD 10000000", "detail": "Department of State"},
    ),
    ("El Menchito is the son of El Mencho.", "family", "menchito", "mencho", {"detail": "son"}),
    ("El Menchito was second in command of the CJNG.", "member_of", "menchito", "cjng", {}),
    ("The CJNG was founded in 2009.", "founded", "cjng", None, {"value": "2009"}),
    (
        "Rosalinda González Valencia, the wife of El Mencho, was arrested in 2021.",
        "family",
        "rosalinda",
        "mencho",
        {"detail": "wife"},
    ),
    (
        "El Cártel de Jalisco Nueva Generación (CJNG) es liderado por Nemesio Oseguera Cervantes",
        "leads",
        "mencho",
        "cjng",
        {},
    ),
    ("El CJNG fue fundado en 2011 en Jalisco.", "founded", "cjng", None, {"value": "2011"}),
    (
        "El CJNG mantiene presencia en Guanajuato desde 2017.",
        "operates_in",
        "cjng",
        "guanajuato",
        {"year": 2017},
    ),
    (
        "El CJNG es rival del Cártel de Santa Rosa de Lima en Guanajuato.",
        "rival_of",
        "cjng",
        "csrl",
        {},
    ),
    (
        "Juan Carlos Valencia González, hijastro de El Mencho,",
        "family",
        "juan_carlos",
        "mencho",
        {"detail": "stepson"},
    ),
    (
        "es hijo de Rosalinda González Valencia.",
        "family",
        "juan_carlos",
        "rosalinda",
        {"detail": "son"},
    ),
    (f"The group {XSS_IMG} is allied with the CJNG in Jalisco.", "allied_with", "hostile", "cjng", {}),
]


def write(folder: Path) -> Path:
    """Write the corpus and its metadata.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "title", "publisher", "published", "language"])
        for name, (title, publisher, published, lang, text) in DOCUMENTS.items():
            (folder / name).write_text(text, encoding="utf-8")
            w.writerow([name, title, publisher, published, lang])
    return folder


def annotate(text: str, lang: str = "en") -> DocExtraction:
    """The extraction of one of the corpus texts, from ``ENTITIES`` and ``RELATIONS``."""
    taken: list[tuple[int, int]] = []
    found: dict[str, ExtractedEntity] = {}
    surfaces = sorted(
        ((s, key) for key, (_, _, forms) in ENTITIES.items() for s in forms), key=lambda p: -len(p[0])
    )
    for surface, key in surfaces:
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            type_, name, forms = ENTITIES[key]
            entity = found.setdefault(key, ExtractedEntity(key, type_, name, [], list(forms)))
            entity.mentions.append(Span(m.start(), m.end(), surface))
    relations = []
    for sentence, rel, subject, obj, kw in RELATIONS:
        start = text.find(sentence)
        if start < 0 or subject not in found or (obj is not None and obj not in found):
            continue
        span = Span(start, start + len(sentence), sentence)
        relations.append(ExtractedRelation(rel, subject, obj, span, **kw))
    return DocExtraction(lang, list(found.values()), relations)


def extract_document(item: tuple[int, str, str | None]) -> tuple[int, DocExtraction]:
    doc_id, text, lang = item
    return doc_id, annotate(text, lang or "en")


def build(store, folder: Path):
    """Ingest the corpus into ``store`` with the annotations above as the extraction."""
    import redes.kb.pipeline
    from redes.ingest.pipeline import ingest

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(redes.kb.pipeline, "extract_document", extract_document)
        return ingest(store, [write(folder)], collection="public", jobs=1)
