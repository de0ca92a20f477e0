"""Training the relation classifier on a tiny invented corpus: labels, determinism, the
file format, and the decision between rules and classifier."""

from __future__ import annotations

import hashlib

from redes.extract.pipeline import Pipeline
from redes.extract.relate.model import RelationClassifier
from redes.extract.relations import analyse
from redes.train.corpus import AnnotatedDoc, assign_folds, data_hash
from redes.train.relations import POSITIVE, Settings, align, fit, prepare, train

_PEOPLE = [
    ("Juan Pérez López", "Pedro Gómez Ruiz"),
    ("Luis Díaz Soto", "Mario Ruiz Vega"),
    ("Carlos Núñez Mora", "Jorge Salas Peña"),
    ("Raúl Ortiz Cano", "Andrés Rivas Leal"),
    ("Tomás Vidal Lara", "Felipe Rojas Mena"),
    ("Hugo Castro Luna", "Iván Torres Gil"),
]
_GROUPS = [
    ("Cártel del Golfo", "gulf-cartel"),
    ("Cártel de Sinaloa", "sinaloa-cartel"),
    ("Los Zetas", "los-zetas"),
]


def _doc(n: int) -> AnnotatedDoc:
    leader, member = _PEOPLE[n % len(_PEOPLE)]
    group, gid = _GROUPS[n % len(_GROUPS)]
    text = (
        f"{leader}, líder del {group}, fue detenido en Jalisco. "
        f"{member}, integrante del {group}, también fue detenido. "
        f"{leader} y {member} comparecieron ante un juez."
    )
    lid, mid = f"p{n}a", f"p{n}b"
    gold = {
        "doc": f"d{n}.txt",
        "lang": "es",
        "entities": [
            {"id": lid, "type": "person", "name": leader, "mentions": [leader]},
            {"id": mid, "type": "person", "name": member, "mentions": [member]},
            {"id": gid, "type": "criminal_group", "name": group, "mentions": [group]},
            {"id": "jalisco", "type": "place", "name": "Jalisco", "mentions": ["Jalisco"]},
        ],
        "relations": [
            {"type": "leads", "subject": lid, "object": gid, "evidence": f"{leader}, líder del {group}"},
            {
                "type": "member_of",
                "subject": mid,
                "object": gid,
                "evidence": f"{member}, integrante del {group}",
            },
        ],
    }
    return AnnotatedDoc(f"d{n}.txt", "dev", text, "es", gold)


def _corpus(n: int = 12) -> list[AnnotatedDoc]:
    docs = [_doc(k) for k in range(n)]
    assign_folds(docs, k=3)
    return docs


def _prepared(docs: list[AnnotatedDoc]):
    pipe = Pipeline.rules_only()
    out = []
    for d in docs:
        doc, entities = pipe.entities(d.text, d.lang)
        out.append(prepare(d, entities, analyse(d.text, doc.sentences, entities, doc.lang)))
    return out


def test_folds_and_hash_are_fixed() -> None:
    a, b = _corpus(), _corpus()
    assert [d.fold for d in a] == [d.fold for d in b]
    assert sorted(d.fold for d in a) == [0] * 4 + [1] * 4 + [2] * 4
    assert data_hash(a) == data_hash(b)
    b[0].gold["relations"].pop()
    assert data_hash(a) != data_hash(b)


def test_alignment_and_labels() -> None:
    (d,) = _prepared([_doc(0)])
    mapping = align(d.doc.gold, d.entities)
    assert set(mapping.values()) >= {"p0a", "p0b", "gulf-cartel"}
    labels = {(p.a.name, p.b.name, p.kind): lab for p, lab in d.examples if p.codes == "PG" and p.kind == "s"}
    # Each pair is a positive in the sentence the gold evidence quotes (and only there).
    assert labels[("Juan Pérez López", "Gulf Cartel", "s")] == {"leads>": POSITIVE}
    assert labels[("Pedro Gómez Ruiz", "Gulf Cartel", "s")] == {"member_of>": POSITIVE}


def test_training_is_deterministic_and_round_trips() -> None:
    prepared = _prepared(_corpus())
    examples = [ex for d in prepared for ex in d.examples]
    a = fit(examples, Settings(min_count=1)).to_bytes()
    b = fit(examples, Settings(min_count=1)).to_bytes()
    assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest()
    model = RelationClassifier.from_bytes(a)
    assert model.to_bytes() == a


def test_learned_model_finds_the_relations_of_a_new_document() -> None:
    prepared = _prepared(_corpus())
    model = train(prepared, Settings(min_count=1))
    assert set(model.thresholds) == {
        "action_against", "allied_with", "collusion", "family", "holds_position", "leads", "member_of",
        "operates_in", "part_of", "rival_of",
    }  # fmt: skip
    text = (
        "Ramón Ávila Soto, líder del Cártel del Noreste, fue capturado en Tamaulipas. "
        "Jesús Prado Mejía, integrante del Cártel del Noreste, también fue capturado."
    )
    pipe = Pipeline(tagger=None, relation_model=model)
    ex = pipe(text, "es")
    names = {e.local_id: e.name for e in ex.entities}
    found = {(r.type, names[r.subject], names[r.object]) for r in ex.relations if r.object}
    group = next(e.name for e in ex.entities if e.type == "criminal_group")
    assert ("leads", "Ramón Ávila Soto", group) in found
    assert ("member_of", "Jesús Prado Mejía", group) in found
    assert ("leads", "Jesús Prado Mejía", group) not in found


def test_the_classifier_alone_reads_new_wording() -> None:
    """Without the rules' own output, the classifier still links what the training taught it,
    in a sentence whose wording no rule matches."""
    prepared = _prepared(_corpus())
    model = fit([ex for d in prepared for ex in d.examples], Settings(min_count=1, threshold=0.5))
    model.rules_kept = []
    text = "Según la fiscalía, Ramón Ávila Soto era el líder máximo y fundador del Cártel del Noreste desde 2010."
    pipe = Pipeline(tagger=None, relation_model=model)
    ex = pipe(text, "es")
    rels = [r for r in ex.relations if r.object]
    assert rels and all(r.rule.startswith("classifier:") for r in rels)
    assert any(r.type == "leads" for r in rels)
