"""The relation classifier's sentence view and candidate pairs, on invented sentences."""

from __future__ import annotations

import pytest

from redes.extract.models import load_relation_model
from redes.extract.pipeline import Pipeline
from redes.extract.relate.model import RelationClassifier
from redes.extract.relate.pairs import LABELS, LABELS_FOR, pairs
from redes.extract.relate.view import build
from redes.extract.relations import analyse
from redes.extract.relations.cues import Words


def _analysis(text: str, lang: str):
    pipe = Pipeline.rules_only()
    doc, entities = pipe.entities(text, lang)
    return entities, analyse(text, doc.sentences, entities, doc.lang)


def test_view_tokens_placeholders_lists_and_triggers() -> None:
    masked = "\ue000P0\ue001, \ue000P1\ue001 y \ue000P2\ue001, líderes del \ue000G3\ue001, fueron detenidos."
    view = build(masked, Words(masked), "es")
    assert view.tokens[:3] == ["<P>", ",", "<P>"]
    # The three people form one list; the group stands alone.
    assert view.list_span[0] == view.list_span[1] == view.list_span[2] == (0, 4)
    assert view.list_span[3] == (view.mention_token[3], view.mention_token[3])
    leader = view.tokens.index("lideres")
    assert "lead" in view.triggers[leader]
    assert view.lemma(leader) == "lider"
    arrested = view.tokens.index("detenidos")
    assert "act-arrest" in view.triggers[arrested]


@pytest.mark.parametrize(
    "text",
    [
        "La orden de aprehensión y la Órden de Aprehensión se cumplieron; fue detenido.",
        "He was taken into custody, remained in custody and turned himself in.",
        "Se entregó a las autoridades y quedó a disposición del juez; ex-detenido.",
        "Lo detuvıeron en Colima (a dotless i: the regex is run on the whole sentence).",
    ],
)
def test_arrest_triggers_are_the_regex_matches(text: str) -> None:
    # The arrest family, looked up at the words its stems start, finds what its regex finds
    # in a scan of the whole sentence (non-overlapping matches).
    from redes.extract.relate.triggers import TRIGGERS

    [(name, cue)] = TRIGGERS.anywhere
    found = [(start, fam, words) for start, fam, words in TRIGGERS.find(text, Words(text)) if fam == name]
    assert found == [(m.start(), name, m.group()) for m in cue.rx.finditer(text)]
    assert found


def test_labels_follow_entity_types() -> None:
    assert LABELS_FOR[("P", "G")] == ("leads>", "member_of>", "collusion>")
    assert "leads<" in LABELS_FOR[("G", "P")]
    assert LABELS_FOR[("G", "G")] == ("part_of>", "part_of<", "allied_with=", "rival_of=")
    assert LABELS_FOR[("L", "L")] == ()
    assert set(LABELS) == {lab for labs in LABELS_FOR.values() for lab in labs}


def test_a_list_shares_the_words_of_its_last_member() -> None:
    text = (
        "Juan Pérez López, Pedro Gómez Ruiz y Luis Díaz Soto, líderes del Cártel del Golfo, fueron detenidos."
    )
    entities, analysis = _analysis(text, "es")
    found = [p for p in pairs(analysis, entities, "es") if p.codes == "PG"]
    assert len(found) == 3
    between = [sorted(f for f in p.features if f.startswith("PG|b=")) for p in found]
    assert between[0] == between[1] == between[2]
    assert all("PG|listA" in p.features for p in found)


def test_adjacent_sentence_and_anaphor_candidates() -> None:
    text = (
        "La Secretaría de Marina informó sobre el operativo en Michoacán. "
        "Ahí fue detenido Juan Pérez López, operador del Cártel de Jalisco Nueva Generación."
    )
    entities, analysis = _analysis(text, "es")
    kinds = {(p.kind, p.codes) for p in pairs(analysis, entities, "es")}
    assert ("s", "PG") in kinds
    assert ("x", "SP") in kinds  # the navy named one sentence before the arrest


def test_rule_votes_are_features() -> None:
    text = "Nemesio Oseguera Cervantes, leader of the Jalisco New Generation Cartel, was killed by the army."
    entities, analysis = _analysis(text, "en")
    pg = [p for p in pairs(analysis, entities, "en") if p.codes == "PG"]
    assert pg and any(f.startswith("rule=leads>") for f in pg[0].features)


def test_a_less_than_sign_between_names_is_no_placeholder() -> None:
    # "<" is a token of its own, not a name: it once made the mid-name count fail.
    text = "Juan Pérez López, líder < del Cártel del Golfo, fue detenido en Tamaulipas."
    entities, analysis = _analysis(text, "es")
    found = [p for p in pairs(analysis, entities, "es") if p.codes == "PG"]
    assert found and not any("|mid<" in f for p in found for f in p.features)


def test_the_classifier_reads_only_the_pairs_whose_relations_it_can_add() -> None:
    model = load_relation_model()
    if not isinstance(model, RelationClassifier):
        pytest.skip("no shipped relation model")
    text = (
        "Juan Pérez López, líder del Cártel del Golfo y hermano de Pedro Pérez López, fue detenido "
        "por la Secretaría de Marina en Reynosa. El Cártel del Golfo opera en Tamaulipas, donde "
        "se escindió de Los Zetas. La Fiscalía General de la República acusó a Pedro Pérez López."
    )
    entities, analysis = _analysis(text, "es")
    codes = model.emittable_codes()
    skipped = {(p.codes[0], p.codes[1]) for p in pairs(analysis, entities, "es")} - codes
    assert skipped  # the text has pairs of types the classifier leaves to the rules
    # The same relations as from every pair.
    found = model(text, entities, "es", analysis)
    model.emittable_codes = lambda: set(LABELS_FOR)  # type: ignore[method-assign]
    assert model(text, entities, "es", analysis) == found


_FEATURES = """
import json, sys
from tests.extract.relate.test_view_pairs import _analysis
from redes.extract.relate.pairs import pairs
text = sys.argv[1]
entities, analysis = _analysis(text, "es")
print(json.dumps([p.features for p in pairs(analysis, entities, "es")]))
"""


def test_pair_features_come_in_one_order_whatever_the_hash_seed() -> None:
    """The classifier sums its weights in the order of the features: a set iterated in
    string-hash order made the scores differ, in their last bits, between processes (a
    Dask worker and the client)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    text = (
        "Juan Pérez, Pedro Gómez y Luis Ruiz, del Cártel del Golfo y de Los Zetas, fueron "
        "detenidos en Tamaulipas por la Fiscalía General de la República."
    )
    root = Path(__file__).resolve().parents[3]
    out = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _FEATURES, text],
            env=env,
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
        out.add(done.stdout)
    assert len(out) == 1 and "mid" in next(iter(out))
