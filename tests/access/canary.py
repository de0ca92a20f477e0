"""Canaries for the leak tests: the public web test corpus plus one secret document in a
``confidential`` collection, which names a unique person, group and place, says a unique
sentence, and touches public knowledge in every way that could carry it out:

- it gives the full (secret) names of two people the public sources know by other names:
  one public nickname is known before the secret arrives ("La Gaviota": a public-born
  entity gains a secret alias), the other public name only after it ("Baltasar Ibarra"
  joins the secret-born "Baltasar Ibarra Zuazua", whose stored name and slug are secret);
- it supports a public claim (the CJNG operates in Jalisco), so corroboration counts,
  first and last seen and evidence lists must leave it out;
- it contradicts public facts (another founding year of the CJNG, the death of a man who
  is active later), so contradictions must leave it out;
- it ties the hidden group to the CJNG, so dossiers, the graph, paths and communities
  must not show the tie.

There are two secrets of the same shape: ``CANARY`` and ``DECOY``. They differ in every
name, year, date, publisher and count (the decoy repeats sentences, so more mentions and
evidence, and adds a second secret document, with more entities and claims, after every
public one), but give the public rows the same ids, so a reader without the grant must
see exactly the same thing in a store with either: any difference is a leak.

Extraction is replaced by the annotations below (as in ``tests/web/corpus``), so the test
rests on facts it controls.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from redes.extract.model import DocExtraction, ExtractedEntity, ExtractedRelation, Span
from tests.web import corpus as web


@dataclass(frozen=True)
class Secret:
    person: str  # a unique person, and their nickname
    nickname: str
    accountant: str  # the full name of the public "La Gaviota"
    collector: str  # the full name of the public "Baltasar Ibarra"
    group: str
    place: str
    phrase: str
    informant: str  # the document's publisher
    title: str
    file_name: str
    published: str
    since: int
    founded: str
    died: str
    repeat: int  # how many times the Jalisco sentence and the CJNG are repeated
    words: tuple[str, ...]  # single words only these documents use
    # A second secret document, ingested last (so that no public row's id moves): more
    # hidden documents, entities, claims and mentions, for counts that must not move.
    boss: str | None = None

    @property
    def strings(self) -> list[str]:
        """What may never reach a reader without the grant (compared case- and
        accent-blind, also in slugs)."""
        names = [self.person, self.nickname, self.accountant, self.collector, self.group, self.place]
        names += [self.boss] if self.boss else []
        out = [*names, self.phrase, self.informant, self.title, self.file_name, *self.words]
        return sorted(set(out) | {slug(n) for n in names})

    @property
    def text(self) -> str:
        jalisco = "The CJNG operates in Jalisco. " * self.repeat
        return (
            f"Nota reservada. {self.person}, alias {self.nickname}, dirige a {self.group}. "
            f"{self.accountant}, alias La Gaviota, es la contadora de {self.group}. "
            f"{self.collector} cobra la plaza para {self.group}. "
            f"{self.group} operan en {self.place} desde {self.since}. "
            f"{self.group} son aliados del CJNG. "
            f"{jalisco}"
            f"El CJNG fue fundado en {self.founded}. "
            f"El Menchito murió en {self.died}. "
            f"La clave: {self.phrase}.\n"
        )

    @property
    def more(self) -> str | None:
        if self.boss is None:
            return None
        return (
            f"Informe adicional. {self.boss} manda sobre {self.group}. "
            f"{self.group} son rivales del CJNG en Jalisco. El CJNG domina Jalisco.\n"
        )

    def entities(self) -> dict[str, tuple[str, str, list[str]]]:
        return {
            "boss": ("person", self.boss or "-", [self.boss] if self.boss else []),
            "person": ("person", self.person, [self.person, self.nickname]),
            "collector": ("person", self.collector, [self.collector, "Baltasar Ibarra"]),
            "accountant": ("person", self.accountant, [self.accountant, "La Gaviota"]),
            "group": ("criminal_group", self.group, [self.group]),
            "place": ("place", self.place, [self.place]),
        }

    def relations(self) -> list[tuple[str, str, str, str | None, dict]]:
        return [
            (f"{self.person}, alias {self.nickname}, dirige a {self.group}", "leads", "person", "group", {}),
            (
                f"{self.accountant}, alias La Gaviota, es la contadora de {self.group}",
                "member_of",
                "accountant",
                "group",
                {},
            ),
            (f"{self.collector} cobra la plaza para {self.group}.", "member_of", "collector", "group", {}),
            (
                f"{self.group} operan en {self.place} desde {self.since}.",
                "operates_in",
                "group",
                "place",
                {"year": self.since},
            ),
            (f"{self.group} son aliados del CJNG.", "allied_with", "group", "cjng", {}),
            ("The CJNG operates in Jalisco.", "operates_in", "cjng", "jalisco", {}),
            (f"El CJNG fue fundado en {self.founded}.", "founded", "cjng", None, {"value": self.founded}),
            (f"El Menchito murió en {self.died}.", "died", "menchito", None, {"value": self.died}),
            (f"{self.boss} manda sobre {self.group}.", "leads", "boss", "group", {}),
            (f"{self.group} son rivales del CJNG en Jalisco.", "rival_of", "group", "cjng", {}),
        ]


def slug(text: str) -> str:
    from redes.extract.normalize import slug as slugify

    return slugify(text)


# Names of the same length in both, so that resolution creates the rows in the same order;
# ``words`` occur nowhere else (not in the shipped gazetteers, lexicons or event data).
CANARY = Secret(
    person="Zacarías Quelonio Bermejo",
    nickname="El Canelón",
    accountant="Ximena Zurbarrena Ulloa",
    collector="Baltasar Ibarra Oquendo",
    group="Los Canarios Azules",
    place="Villa Canaria",
    phrase="el canario canta a medianoche en el muelle siete",
    informant="Informante Orfeo",
    title="Nota reservada del informante Orfeo",
    file_name="secreto-orfeo.txt",
    published="2024-01-15",
    since=2019,
    founded="2013",
    died="2022",
    repeat=1,
    words=(
        "Quelonio",
        "Bermejo",
        "Canelón",
        "Zurbarrena",
        "Oquendo",
        "Canarios",
        "Canaria",
        "Orfeo",
        "medianoche",
    ),
)
DECOY = Secret(
    person="Leopoldo Xelhuantzi Rocha",
    nickname="El Pelícan",
    accountant="Amparo Villedaste Ortiz",
    collector="Baltasar Ibarra Yurrita",
    group="Los Halcones Grises",
    place="Puerto Ferrol",
    phrase="la garza duerme de pie junto al faro norte",
    informant="Informante Dédalo",
    title="Memorándum confidencial de Dédalo",
    file_name="reserva-dedalo.txt",
    published="2026-06-30",
    since=2016,
    founded="2014",
    died="2020",
    repeat=3,
    words=("Xelhuantzi", "Pelícan", "Villedaste", "Yurrita", "Ferrol", "Dédalo", "Quimbayo"),
    boss="Rigoberto Quimbayo Estrada",
)
SECRETS = (CANARY, DECOY)

# Public documents: one before the secret (La Gaviota), one after it (Baltasar Ibarra).
BEFORE = (
    "es_gaviota.txt",
    "La Gaviota en Guanajuato",
    "El Universal",
    "2021-04-01",
    "es",
    "La Gaviota lleva las cuentas del Cártel de Santa Rosa de Lima en Guanajuato.\n",
)
AFTER = (
    "es_ibarra.txt",
    "Baltasar Ibarra visto en Guanajuato",
    "Milenio",
    "2023-02-03",
    "es",
    "Baltasar Ibarra fue visto en Guanajuato con el Cártel de Santa Rosa de Lima. "
    "El Menchito dio órdenes al CJNG en 2023.\n",
)
PUBLIC_ENTITIES = {
    **web.ENTITIES,
    "accountant": ("person", "La Gaviota", ["La Gaviota"]),
    "collector": ("person", "Baltasar Ibarra", ["Baltasar Ibarra"]),
}
PUBLIC_RELATIONS = [
    *web.RELATIONS,
    ("La Gaviota lleva las cuentas del Cártel de Santa Rosa de Lima", "member_of", "accountant", "csrl", {}),
    (
        "Baltasar Ibarra fue visto en Guanajuato con el Cártel de Santa Rosa de Lima.",
        "allied_with",
        "collector",
        "csrl",
        {},
    ),
    ("El Menchito dio órdenes al CJNG en 2023.", "member_of", "menchito", "cjng", {"year": 2023}),
]


def annotate(text: str, lang: str = "en") -> DocExtraction:
    """The extraction of one of the texts, from the tables above."""
    entities, relations = dict(PUBLIC_ENTITIES), list(PUBLIC_RELATIONS)
    for secret in SECRETS:
        if secret.person in text or (secret.boss and secret.boss in text):
            entities.update(secret.entities())
            relations += secret.relations()
    taken: list[tuple[int, int]] = []
    found: dict[str, ExtractedEntity] = {}
    surfaces = sorted(
        ((s, key) for key, (_, _, forms) in entities.items() for s in forms), key=lambda p: -len(p[0])
    )
    for surface, key in surfaces:
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            type_, name, forms = entities[key]
            entity = found.setdefault(key, ExtractedEntity(key, type_, name, [], list(forms)))
            entity.mentions.append(Span(m.start(), m.end(), surface))
    out = []
    for sentence, rel, subject, obj, kw in relations:
        if subject not in found or (obj is not None and obj not in found):
            continue
        for m in re.finditer(re.escape(sentence), text):
            out.append(ExtractedRelation(rel, subject, obj, Span(m.start(), m.end(), sentence), **kw))
    return DocExtraction(lang, list(found.values()), out)


def extract_document(item: tuple[int, str, str | None]) -> tuple[int, DocExtraction]:
    doc_id, text, lang = item
    return doc_id, annotate(text, lang or "en")


def _write(folder: Path, docs: list[tuple[str, str, str, str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "title", "publisher", "published", "language"])
        for name, title, publisher, published, lang, text in docs:
            (folder / name).write_text(text, encoding="utf-8")
            w.writerow([name, title, publisher, published, lang])
    return folder


def build(store, folder: Path, secret: Secret = CANARY) -> dict[str, int]:
    """Ingest the public corpus, ``secret`` (into ``confidential``, made confidential) and
    the later public document; returns the collection ids by name."""
    import redes.kb.pipeline
    from redes.ingest.pipeline import ingest
    from redes.store.models import Collection

    public = [(name, *meta) for name, meta in web.DOCUMENTS.items()] + [BEFORE]
    hidden = [(secret.file_name, secret.title, secret.informant, secret.published, "es", secret.text)]
    batches = [("public", "public", public), ("confidential", "secret", hidden), ("public", "later", [AFTER])]
    if secret.more:
        more = ("mas-" + secret.file_name, secret.title + " (2)", secret.informant, secret.published, "es")
        batches.append(("confidential", "more", [(*more, secret.more)]))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(redes.kb.pipeline, "extract_document", extract_document)
        for collection, sub, docs in batches:
            report = ingest(store, [_write(folder / sub, docs)], collection=collection, jobs=1)
            assert report.ok, report.counts()
            if collection == "confidential":
                with store.session() as s:
                    s.query(Collection).filter(Collection.name == "confidential").update(
                        {"visibility": "confidential"}
                    )
    with store.session() as s:
        return {c.name: c.id for c in s.query(Collection)}
