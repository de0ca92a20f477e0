from collections import Counter

from redes.extract.llm.verify import Merger, find_all
from redes.extract.model import DocExtraction, ExtractedEntity, ExtractedRelation, Span
from redes.extract.normalize import fold

TEXT = (
    "The Cártel del Noreste is led by Juan Pérez Rojas.\n\n"
    "The Fiscalía General de la República arrested Juan Pérez Rojas in 2021 in Nuevo Laredo. "
    "Pérez Rojas was extradited by the FGR."
)
ENTITIES = [
    {"name": "Juan Pérez Rojas", "type": "person", "mentions": ["Juan Pérez Rojas"]},
    {"name": "Cártel del Noreste", "type": "criminal_group", "mentions": ["Cártel del Noreste"]},
    {
        "name": "Fiscalía General de la República",
        "type": "state_body",
        "mentions": ["Fiscalía General de la República", "FGR"],
    },
    {"name": "Nuevo Laredo", "type": "place", "mentions": ["Nuevo Laredo"]},
]


def rel(type_, subject, obj, evidence, year=None, detail=None):
    return {
        "type": type_,
        "subject": subject,
        "object": obj,
        "year": year,
        "detail": detail,
        "evidence": evidence,
    }


def merge(answer, base=None):
    drops: Counter = Counter()
    m = Merger(TEXT, base or DocExtraction("en"), "llm:fake", drops)
    m.add_chunk(0, len(TEXT), answer)
    return m.finish(), drops, m


def test_find_all_folds_whitespace_quotes_case_and_accents():
    folded = fold("He said “El  Mencho”\nleads it. Elmencho")
    assert find_all(folded, '"el mencho" leads', 0, len(folded), whole_words=False) == [(9, 26)]
    assert find_all(folded, "El Mencho", 0, len(folded)) == [(9, 19)]
    assert find_all(folded, "Mench", 0, len(folded)) == []  # whole words only


def test_valid_answer_kept_with_mentions_evidence_year_and_detail():
    out, drops, m = merge(
        {
            "entities": ENTITIES,
            "relations": [
                rel(
                    "leads",
                    "Juan Pérez Rojas",
                    "Cártel del Noreste",
                    "The Cártel del Noreste is led by Juan Pérez Rojas",
                ),
                rel(
                    "action_against",
                    "Fiscalía General de la República",
                    "Juan Pérez Rojas",
                    "The Fiscalía General de la República arrested Juan Pérez Rojas in 2021",
                    2021,
                    "arrest",
                ),
            ],
        }
    )
    assert not drops
    names = {e.name: e for e in out.entities}
    assert set(names) == {e["name"] for e in ENTITIES}
    assert [m.text for m in names["Juan Pérez Rojas"].mentions] == ["Juan Pérez Rojas"] * 2
    assert [m.text for m in names["Fiscalía General de la República"].mentions][-1] == "FGR"
    leads, action = out.relations
    assert leads.evidence.text == "The Cártel del Noreste is led by Juan Pérez Rojas."
    assert (action.year, action.detail, action.extractor) == (2021, "arrest", "llm:fake")
    assert action.evidence.text.startswith("The Fiscalía") and action.evidence.text.endswith("Nuevo Laredo.")
    assert m.entities_added == 4 and m.relations_added == 2


def test_hallucinations_are_dropped_and_counted():
    out, drops, _ = merge(
        {
            "entities": [
                *ENTITIES,
                {"name": "Pedro Infante", "type": "person", "mentions": ["El Torito"]},
                {"name": "Juan Pérez Rojas", "type": "person", "mentions": ["Juanito"]},
                {"name": "Nuevo Laredo", "type": "city", "mentions": []},
                "not an object",
            ],
            "relations": [
                rel(
                    "member_of",
                    "Pedro Infante",
                    "Cártel del Noreste",
                    "The Cártel del Noreste is led by Juan Pérez Rojas",
                ),
                rel(
                    "leads",
                    "Juan Pérez Rojas",
                    "Cártel del Noreste",
                    "Juan Pérez Rojas founded the Cártel del Noreste",
                ),
                rel(
                    "rival_of",
                    "Juan Pérez Rojas",
                    "Cártel del Noreste",
                    "The Cártel del Noreste is led by Juan Pérez Rojas",
                ),
                rel(
                    "operates_in",
                    "Cártel del Noreste",
                    "Nuevo Laredo",
                    "arrested Juan Pérez Rojas in 2021 in Nuevo Laredo",
                ),
                rel("smuggles", "Juan Pérez Rojas", "Nuevo Laredo", "in Nuevo Laredo"),
                rel(
                    "leads",
                    "Juan Pérez Rojas",
                    "Cártel del Noreste",
                    "is led by Juan Pérez Rojas",
                    1999,
                    "founder",
                ),
            ],
        }
    )
    assert drops == Counter(
        {
            "entity_not_in_text": 1,  # Pedro Infante, "El Torito"
            "mention_not_in_text": 2,  # "El Torito", "Juanito"
            "entity_type": 1,
            "malformed": 1,
            "unknown_argument": 1,
            "quote_not_in_text": 1,
            "argument_types": 1,
            "not_in_evidence": 1,  # the cartel is not in the arrest sentence
            "relation_type": 1,
            "year_not_in_evidence": 1,
            "detail_not_in_evidence": 1,
        }
    )
    assert [(r.type, r.year, r.detail) for r in out.relations] == [("leads", None, None)]
    assert "Pedro Infante" not in {e.name for e in out.entities}


def test_a_coreferent_partial_name_in_the_sentence_counts():
    out, drops, _ = merge(
        {
            "entities": ENTITIES,
            "relations": [
                rel(
                    "action_against",
                    "FGR",
                    "Juan Pérez Rojas",
                    "Pérez Rojas was extradited by the FGR",
                    None,
                    "extradited",
                ),
            ],
        }
    )
    assert not drops
    (r,) = out.relations
    assert r.evidence.text == "Pérez Rojas was extradited by the FGR." and r.detail == "extradited"


def test_merged_with_the_trained_stages():
    start = TEXT.index("Juan")
    person = ExtractedEntity(
        "e1", "person", "Juan Pérez Rojas", [Span(start, start + 16, "Juan Pérez Rojas")]
    )
    # The trained stages read the cartel as an organization: theirs stands, the LLM's goes.
    cartel = ExtractedEntity("e2", "organization", "Cártel del Noreste", [Span(4, 22, "Cártel del Noreste")])
    trained = ExtractedRelation(
        "holds_position",
        "e1",
        "e2",
        Span(0, TEXT.index("\n"), TEXT[: TEXT.index("\n")]),
        rule="classifier:s:0.81",
    )
    base = DocExtraction("en", [person, cartel], [trained])
    out, drops, m = merge(
        {
            "entities": ENTITIES,
            "relations": [
                rel("holds_position", "Juan Pérez Rojas", "Cártel del Noreste", "is led by Juan Pérez Rojas"),
                rel("action_against", "FGR", "Juan Pérez Rojas", "Pérez Rojas was extradited by the FGR"),
            ],
        },
        base,
    )
    assert drops == Counter({"type_conflict": 1})
    assert out.entities[0] is person and len(person.mentions) == 2  # the LLM found its second mention
    assert (trained.extractor, trained.confidence) == ("llm:fake model", 0.81)
    assert m.confirmed == 1 and m.relations_added == 1
    assert out.relations[1].subject.startswith("llm") and out.relations[1].object == "e1"


def test_a_name_inside_a_longer_one_is_not_its_mention():
    text = "The Cártel de Jalisco Nueva Generación was sanctioned. Jalisco is a state."
    drops: Counter = Counter()
    m = Merger(text, DocExtraction("en"), "llm:fake", drops)
    m.add_chunk(
        0,
        len(text),
        {
            "entities": [
                {"name": "Jalisco", "type": "place", "mentions": []},
                {"name": "Cártel de Jalisco Nueva Generación", "type": "criminal_group", "mentions": []},
                {"name": "Nueva Generación", "type": "criminal_group", "mentions": []},
            ],
            "relations": [],
        },
    )
    out = m.finish()
    spans = {e.name: [(x.start, x.end) for x in e.mentions] for e in out.entities}
    assert spans == {"Cártel de Jalisco Nueva Generación": [(4, 38)], "Jalisco": [(55, 62)]}
    assert drops == Counter({"inside_another_name": 1})


def test_a_detail_is_stated_by_its_stem():
    m = Merger(TEXT, DocExtraction("en"), "llm:fake", Counter())
    arrest = TEXT.index("The Fiscalía")
    assert m._says("arrest", arrest, len(TEXT)) and m._says("Arrested", arrest, len(TEXT))
    assert not m._says("killed", arrest, len(TEXT))


def test_a_quote_written_twice_is_read_where_its_sentence_names_both():
    text = "Police said he was arrested. The FGR said Juan Pérez Rojas was arrested."
    drops: Counter = Counter()
    m = Merger(text, DocExtraction("en"), "llm:fake", drops)
    answer = {
        "entities": [
            {"name": "FGR", "type": "state_body", "mentions": []},
            {"name": "Juan Pérez Rojas", "type": "person", "mentions": []},
        ],
        "relations": [rel("action_against", "FGR", "Juan Pérez Rojas", "was arrested")],
    }
    m.add_chunk(0, len(text), answer)
    (r,) = m.finish().relations
    assert r.evidence.text == "The FGR said Juan Pérez Rojas was arrested." and not drops
