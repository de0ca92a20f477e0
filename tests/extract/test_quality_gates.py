"""Quality gates: small fixed documents, English and Spanish, through the full default pipeline.

Each gate is an invented document of one to three sentences, run through
``redes.extract.extract`` (entity stage, relation rules, and the learned stages when they
ship), and scored against a hand-written gold: every relation an annotator following
``GOLD_FORMAT.md`` would mark, by the surface forms of its entities, and the relations that
must not appear. The traps are the failures of issue 10 on unseen documents:

- a judge who sentences a defendant said to lead a cartel is not its leader ("the
  defendant", "el imputado" is never the judge or the prosecutor named before it);
- the prosecutors who "prosecuted the case" / "llevó el caso" are not its targets;
- a court is never the target of an action;
- an official who reports an arrest does not become a member of the group;
- "the sons of X", "un hijo de X", "a faction of G" do not make X or G the target, and the
  place of "G1, a faction of G2, in L" belongs to G1.

Two positive gates per language ("X, leader of G, was arrested by the Navy in L") and a
micro-F1 floor over all gates keep the rules from passing by saying nothing. No timing is
asserted and nothing outside the repository is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pytest

from redes.extract import DocExtraction, extract

SYMMETRIC = ("family", "allied_with", "rival_of")
# The floor sits a little under the measured micro-F1 of the shipped pipeline: 0.848 (35
# gold relations, 28 found, 3 spurious). The rules alone measured 0.914 here: the learned
# operates_in decision, better on the annotated corpus (cross-validated F1 0.59 against the
# rules' 0.56), gives little weight to a group named once, which in these one-sentence
# examples misses "arrested ... in Culiacán, Sinaloa" (4 relations). The other misses are
# positions of prosecutors and two courts as actors of the arrest they only received. One
# more miss or spurious relation is tolerated; two are a regression.
MICRO_F1_FLOOR = 0.82

Triple = tuple[str, str, str]  # (type, subject surface form, object surface form)


@dataclass(frozen=True)
class Gate:
    id: str
    lang: str
    text: str
    gold: set[Triple]  # every relation of the document
    required: set[Triple] = field(default_factory=set)  # of the gold: must be found
    forbidden: set[Triple] = field(default_factory=set)  # must not be found


GATES = [
    # -- positive gates --------------------------------------------------------------------
    Gate(
        "leader-arrested-by-navy-en", "en",
        "Marco Antonio Ruiz Salas, the leader of the Sierra Cartel, was arrested by the Mexican Navy "
        "in Culiacán, Sinaloa, on March 3, 2021.",
        gold={("leads", "Marco Antonio Ruiz Salas", "Sierra Cartel"),
              ("action_against", "Mexican Navy", "Marco Antonio Ruiz Salas"),
              ("operates_in", "Sierra Cartel", "Culiacán"), ("operates_in", "Sierra Cartel", "Sinaloa")},
        required={("leads", "Marco Antonio Ruiz Salas", "Sierra Cartel"),
                  ("action_against", "Mexican Navy", "Marco Antonio Ruiz Salas")},
    ),
    Gate(
        "lider-detenido-por-marina-es", "es",
        "Marco Antonio Ruiz Salas, alias “el Lobo”, líder del Cártel de la Sierra, fue detenido por "
        "elementos de la Secretaría de Marina en Culiacán, Sinaloa.",
        gold={("leads", "Marco Antonio Ruiz Salas", "Cártel de la Sierra"),
              ("action_against", "Secretaría de Marina", "Marco Antonio Ruiz Salas"),
              ("operates_in", "Cártel de la Sierra", "Culiacán"), ("operates_in", "Cártel de la Sierra", "Sinaloa")},
        required={("leads", "Marco Antonio Ruiz Salas", "Cártel de la Sierra"),
                  ("action_against", "Secretaría de Marina", "Marco Antonio Ruiz Salas")},
    ),
    # -- a judge is not the leader of the defendant's group --------------------------------
    Gate(
        "judge-sentences-a-leader-en", "en",
        "Ramiro Ochoa Beltrán pleaded guilty in 2019 before U.S. District Judge Laura Whitfield of the "
        "Southern District of Texas. Judge Whitfield sentenced him to life in prison on Tuesday. "
        "Prosecutors said the defendant was a leader of the Sierra Cartel.",
        gold={("holds_position", "Laura Whitfield", "Southern District of Texas"),
              ("action_against", "Southern District of Texas", "Ramiro Ochoa Beltrán"),
              ("leads", "Ramiro Ochoa Beltrán", "Sierra Cartel")},
        required={("leads", "Ramiro Ochoa Beltrán", "Sierra Cartel")},
        forbidden={("leads", "Laura Whitfield", "Sierra Cartel"), ("member_of", "Laura Whitfield", "Sierra Cartel"),
                   ("action_against", "Southern District of Texas", "Laura Whitfield")},
    ),
    Gate(
        # the accused is not named near "the defendant": nobody, and above all not the judge
        "judge-and-an-unnamed-defendant-en", "en",
        "The sentence was imposed by U.S. District Judge Laura Whitfield of the Southern District of Texas. "
        "At his plea hearing, the defendant admitted that he was a leader of the Sierra Cartel.",
        gold={("holds_position", "Laura Whitfield", "Southern District of Texas")},
        forbidden={("leads", "Laura Whitfield", "Sierra Cartel"), ("member_of", "Laura Whitfield", "Sierra Cartel")},
    ),
    Gate(
        "jueza-y-el-imputado-es", "es",
        "La jueza Laura Whitfield, del Juzgado Tercero de Distrito, dictó sentencia el martes. Según la "
        "Fiscalía General de la República, el imputado es líder del Cártel de la Sierra.",
        gold={("holds_position", "Laura Whitfield", "Juzgado Tercero de Distrito")},
        forbidden={("leads", "Laura Whitfield", "Cártel de la Sierra"),
                   ("member_of", "Laura Whitfield", "Cártel de la Sierra"),
                   # the group is the defendant's affiliation, not a target of the charge
                   ("action_against", "Fiscalía General de la República", "Cártel de la Sierra")},
    ),
    # -- the prosecutors are not the targets -----------------------------------------------
    Gate(
        "prosecutors-prosecuted-the-case-en", "en",
        "The Southern District of Texas indicted Ramiro Ochoa Beltrán, a member of the Sierra Cartel, in 2019. "
        "Assistant U.S. Attorneys Nora Vidal and Laura Whitfield of the Southern District of Texas prosecuted "
        "the case.",
        gold={("action_against", "Southern District of Texas", "Ramiro Ochoa Beltrán"),
              ("member_of", "Ramiro Ochoa Beltrán", "Sierra Cartel"),
              ("holds_position", "Laura Whitfield", "Southern District of Texas"),
              ("holds_position", "Nora Vidal", "Southern District of Texas")},
        required={("action_against", "Southern District of Texas", "Ramiro Ochoa Beltrán")},
        forbidden={("action_against", "Southern District of Texas", "Laura Whitfield"),
                   ("action_against", "Southern District of Texas", "Nora Vidal")},
    ),
    Gate(
        "la-fiscal-llevo-el-caso-es", "es",
        "La Fiscalía General de la República vinculó a proceso a Ramiro Ochoa Beltrán, operador del Cártel de "
        "la Sierra. La fiscal Laura Whitfield, quien llevó el caso, pidió prisión preventiva.",
        gold={("action_against", "Fiscalía General de la República", "Ramiro Ochoa Beltrán"),
              ("member_of", "Ramiro Ochoa Beltrán", "Cártel de la Sierra"),
              ("holds_position", "Laura Whitfield", "Fiscalía General de la República")},
        required={("action_against", "Fiscalía General de la República", "Ramiro Ochoa Beltrán")},
        forbidden={("action_against", "Fiscalía General de la República", "Laura Whitfield")},
    ),
    # -- a court is never a target ---------------------------------------------------------
    Gate(
        "court-before-which-en", "en",
        "Ramiro Ochoa Beltrán was arrested by the Federal Police and brought before the Second District Court "
        "in Hermosillo.",
        gold={("action_against", "Federal Police", "Ramiro Ochoa Beltrán")},
        required={("action_against", "Federal Police", "Ramiro Ochoa Beltrán")},
    ),
    Gate(
        "juzgado-a-disposicion-es", "es",
        "Ramiro Ochoa Beltrán fue detenido por la Guardia Nacional y puesto a disposición del Juzgado Segundo "
        "de Distrito en Hermosillo.",
        gold={("action_against", "Guardia Nacional", "Ramiro Ochoa Beltrán")},
        required={("action_against", "Guardia Nacional", "Ramiro Ochoa Beltrán")},
    ),
    # -- an official who reports an arrest is not a member ---------------------------------
    Gate(
        "governor-announces-an-arrest-en", "en",
        "Governor Arturo Lemus of Sonora announced the arrest of Ramiro Ochoa Beltrán, a member of the Sierra "
        "Cartel, by the National Guard. He said the detainee had worked for the Sierra Cartel since 2015.",
        gold={("holds_position", "Arturo Lemus", "Sonora"),
              ("member_of", "Ramiro Ochoa Beltrán", "Sierra Cartel"),
              ("action_against", "National Guard", "Ramiro Ochoa Beltrán")},
        required={("member_of", "Ramiro Ochoa Beltrán", "Sierra Cartel")},
        forbidden={("member_of", "Arturo Lemus", "Sierra Cartel"), ("leads", "Arturo Lemus", "Sierra Cartel"),
                   ("action_against", "National Guard", "Arturo Lemus")},
    ),
    Gate(
        "secretario-y-el-detenido-es", "es",
        "El secretario de Seguridad de Sonora, Arturo Lemus, informó la detención de un hombre en Hermosillo. "
        "Según las autoridades, el detenido es integrante del Cártel de la Sierra.",
        gold={("holds_position", "Arturo Lemus", "Sonora")},
        forbidden={("member_of", "Arturo Lemus", "Cártel de la Sierra"),
                   ("leads", "Arturo Lemus", "Cártel de la Sierra")},
    ),
    # -- a name inside a modifier of the target is not the target --------------------------
    Gate(
        "sons-of-a-founder-en", "en",
        "The Treasury Department sanctioned the two sons of Ramiro Ochoa Beltrán, the founder of the Sierra "
        "Cartel, on Thursday.",
        gold={("leads", "Ramiro Ochoa Beltrán", "Sierra Cartel")},
        forbidden={("action_against", "Treasury Department", "Ramiro Ochoa Beltrán"),
                   ("action_against", "Treasury Department", "Sierra Cartel")},
    ),
    Gate(
        "hijo-de-un-fundador-es", "es",
        "La Secretaría de Marina detuvo en Culiacán a un hijo de Ramiro Ochoa Beltrán, fundador del Cártel de "
        "la Sierra.",
        gold={("leads", "Ramiro Ochoa Beltrán", "Cártel de la Sierra")},
        forbidden={("action_against", "Secretaría de Marina", "Ramiro Ochoa Beltrán"),
                   ("action_against", "Secretaría de Marina", "Cártel de la Sierra")},
    ),
    Gate(
        "faction-of-a-cartel-en", "en",
        "The Mexican Army arrested five members of Los Primos, a faction of the Sierra Cartel, in Tijuana.",
        gold={("action_against", "Mexican Army", "Los Primos"), ("part_of", "Los Primos", "Sierra Cartel"),
              ("operates_in", "Los Primos", "Tijuana")},
        required={("action_against", "Mexican Army", "Los Primos")},
        forbidden={("action_against", "Mexican Army", "Sierra Cartel"), ("operates_in", "Sierra Cartel", "Tijuana")},
    ),
    Gate(
        "faccion-de-un-cartel-es", "es",
        "La Guardia Nacional detuvo a tres integrantes de Los Primos, una facción del Cártel de la Sierra, en "
        "Tijuana, Baja California.",
        gold={("action_against", "Guardia Nacional", "Los Primos"), ("part_of", "Los Primos", "Cártel de la Sierra"),
              ("operates_in", "Los Primos", "Tijuana"), ("operates_in", "Los Primos", "Baja California")},
        required={("action_against", "Guardia Nacional", "Los Primos")},
        forbidden={("action_against", "Guardia Nacional", "Cártel de la Sierra"),
                   ("operates_in", "Cártel de la Sierra", "Tijuana")},
    ),
]  # fmt: skip

# Names of courts and prosecutors' offices, whatever type the entity stage gives them.
_JUSTICE_BODY = re.compile(
    r"(?i)\b(?:courts?|tribunal|juzgado|fiscal[íi]a|prosecutor|attorney(?:’s|'s)? office|district of)\b"
)


@cache
def _run(gate_id: str) -> DocExtraction:
    gate = next(g for g in GATES if g.id == gate_id)
    return extract(gate.text, lang=gate.lang)


def _forms(ex: DocExtraction) -> dict[str, set[str]]:
    """Entity id -> every surface form that names it (name, aliases, mentions), casefolded."""
    return {
        e.local_id: {
            e.name.casefold(),
            *(a.casefold() for a in e.aliases),
            *(m.text.casefold() for m in e.mentions),
        }
        for e in ex.entities
    }


def _found(ex: DocExtraction) -> set[tuple[str, frozenset[str], frozenset[str]]]:
    """The document's relations as (type, forms of the subject, forms of the object)."""
    forms = _forms(ex)
    return {
        (r.type, frozenset(forms[r.subject]), frozenset(forms[r.object]))
        for r in ex.relations
        if r.object is not None
    }


def _holds(found: set[tuple[str, frozenset[str], frozenset[str]]], t: Triple) -> bool:
    rtype, s, o = t[0], t[1].casefold(), t[2].casefold()
    for ftype, fs, fo in found:
        if ftype != rtype:
            continue
        if (s in fs and o in fo) or (rtype in SYMMETRIC and s in fo and o in fs):
            return True
    return False


def _score(gate: Gate) -> tuple[int, int, int]:
    """(true positives, system relations, gold relations) of one gate."""
    found = _found(_run(gate.id))
    tp = sum(1 for t in gate.gold if _holds(found, t))
    right = sum(1 for f in found if any(_holds({f}, t) for t in gate.gold))
    return tp, len(found) - right + tp, len(gate.gold)


@pytest.mark.parametrize("gate", GATES, ids=[g.id for g in GATES])
def test_required_relations_are_found(gate: Gate) -> None:
    found = _found(_run(gate.id))
    missing = {t for t in gate.required if not _holds(found, t)}
    assert not missing, f"missing {missing}"


@pytest.mark.parametrize("gate", GATES, ids=[g.id for g in GATES])
def test_forbidden_relations_are_absent(gate: Gate) -> None:
    found = _found(_run(gate.id))
    spurious = {t for t in gate.forbidden if _holds(found, t)}
    assert not spurious, f"spurious {spurious}"


@pytest.mark.parametrize("gate", GATES, ids=[g.id for g in GATES])
def test_no_court_prosecutor_or_official_is_a_target(gate: Gate) -> None:
    """In every gate: no action against a state body, a court or a prosecutor's office, or a
    person who holds a position; no official leads or belongs to a criminal group."""
    ex = _run(gate.id)
    by_id = {e.local_id: e for e in ex.entities}
    officials = {r.subject for r in ex.relations if r.type == "holds_position"}
    for r in ex.relations:
        if r.type == "action_against":
            target = by_id[r.object]
            assert target.type != "state_body" and not _JUSTICE_BODY.search(target.name), r
            assert r.object not in officials, r
        if r.type in ("leads", "member_of"):
            assert r.subject not in officials, r


def test_micro_f1_over_the_gates() -> None:
    tp = n_sys = n_gold = 0
    for gate in GATES:
        a, b, c = _score(gate)
        tp, n_sys, n_gold = tp + a, n_sys + b, n_gold + c
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    assert f1 >= MICRO_F1_FLOOR, (
        f"micro P {p:.3f} R {r:.3f} F1 {f1:.3f} (tp {tp}, system {n_sys}, gold {n_gold})"
    )
