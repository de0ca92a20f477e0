import json
import re
import unicodedata
from pathlib import Path

import pytest

from redes.extract import Pipeline, extract, extract_documents
from redes.extract.doc import Candidate
from redes.extract.model import ENTITY_TYPES

DATA = Path(__file__).parent / "data"


def test_extract_returns_the_model_contract():
    text = "Nemesio Oseguera Cervantes, “El Mencho,” founded the CJNG in Jalisco."
    ex = extract(text)
    assert ex.lang == "en"
    for ent in ex.entities:
        assert ent.type in ENTITY_TYPES
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text
    assert {e.key for e in ex.entities} >= {"nemesio-oseguera-cervantes", "cjng", "jalisco"}


def test_language_is_detected_when_not_given():
    assert extract("La Guardia Nacional detuvo a dos integrantes del cártel en Sinaloa.").lang == "es"


def test_a_stage_can_be_plugged_in():
    def companies(doc):
        for m in re.finditer(r"Blue Fox", doc.text):
            i = doc.tokens.at(m.start())
            doc.add(Candidate(m.start(), m.end(), i, i + 2, "organization", "test-stage", 5))

    pipe = Pipeline(relations=False)
    pipe.add("companies", companies, before="coref")
    ex = pipe("Blue Fox paid bribes in Sonora.", "en")
    assert any(e.name == "Blue Fox" and e.type == "organization" for e in ex.entities)
    pipe.remove("companies")
    assert not any(e.name == "Blue Fox" for e in pipe("Blue Fox paid bribes in Sonora.", "en").entities)


def _norm(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[\"'“”‘’«»`´\-_/]", " ", s)
    s = re.sub(r"[^\w\s.&]", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" .")
    return s[4:] if s.startswith("the ") else s


def _score(gold: dict, ents: list[dict]) -> tuple[int, int, int, int, int, int]:
    """(entity tp, sys, gold, mention tp, sys, gold) as ../shared/eval/score.py counts them."""
    gsets = [({_norm(m) for m in g["mentions"]} | {_norm(g["name"])}, g["type"]) for g in gold["entities"]]
    used: set[int] = set()
    tp = 0
    for e in ents:
        sset = {_norm(m) for m in e["mentions"]} | {_norm(e["name"])}
        for n, (gs, gt) in enumerate(gsets):
            if n not in used and gt == e["type"] and sset & gs:
                used.add(n)
                tp += 1
                break
    gm = {(_norm(m), g["type"]) for g in gold["entities"] for m in g["mentions"]}
    sm = {(_norm(m), e["type"]) for e in ents for m in e["mentions"]}
    return tp, len(ents), len(gold["entities"]), len(gm & sm), len(sm), len(gm)


def test_own_annotated_documents_in_both_languages():
    from redes.extract.contract import document_json

    golds = {
        p.name.replace(".gold.json", ".txt"): json.loads(p.read_text()) for p in DATA.glob("*.gold.json")
    }
    assert {g["lang"] for g in golds.values()} == {"en", "es"}
    docs = extract_documents(
        [(name, (DATA / name).read_text(encoding="utf-8")) for name in sorted(golds)],
        pipeline=Pipeline(relations=False),
    )
    totals = [0] * 6
    for d in docs:
        for n, v in enumerate(_score(golds[d.name], document_json(d)["entities"])):
            totals[n] += v
    ep, er = totals[0] / totals[1], totals[0] / totals[2]
    mp, mr = totals[3] / totals[4], totals[3] / totals[5]
    entity_f1 = 2 * ep * er / (ep + er)
    mention_f1 = 2 * mp * mr / (mp + mr)
    assert entity_f1 >= 0.85, entity_f1
    assert mention_f1 >= 0.85, mention_f1


@pytest.mark.parametrize("jobs", [1, 2])
def test_extract_documents_gives_run_wide_ids(jobs):
    docs = extract_documents(
        [
            ("a.txt", "Nemesio Oseguera Cervantes, alias “El Mencho”, leads the CJNG."),
            ("b.txt", "El Cártel de Jalisco Nueva Generación (CJNG) es dirigido por El Mencho.", "es"),
            ("c.txt", "His son Rubén Oseguera González, “El Menchito,” was sentenced."),
        ],
        jobs=jobs,
        pipeline=Pipeline(relations=False),
    )
    ids = [set(d.ids.values()) for d in docs]
    assert "cjng" in ids[0] and "cjng" in ids[1]
    assert "nemesio-oseguera-cervantes" in ids[0] & ids[1]
    assert "ruben-oseguera-gonzalez" in ids[2] and "nemesio-oseguera-cervantes" not in ids[2]
