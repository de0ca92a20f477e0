"""Sentence patterns (``relations.patterns``): leads, member_of, family, part_of and
holds_position from appositions, titles, possessives, passives and verbs, with traps."""

from __future__ import annotations

import re

import pytest

from redes.extract.model import RELATION_TYPES
from redes.extract.relations import cues
from redes.extract.relations.patterns import PATTERNS, _required_lexicons

from .helpers import check, one, run, triples

# (id, lang, text, entities, expected triples, triples that must not appear)
CASES = [
    # leads
    (
        "leads-apposition-en", "en",
        "Marco Ruiz, the leader of the Sierra Cartel, was born in Durango.",
        {"mr": "P:Marco Ruiz", "sc": "G:Sierra Cartel", "dgo": "L:Durango"},
        {("leads", "mr", "sc")}, {("operates_in", "sc", "dgo")},
    ),
    (
        "leads-title-alias-es", "es",
        "Luis “N”, alias “el Tigre”, jefe del Cártel del Norte, fue detenido ayer.",
        {"luis": "P:Luis “N”|el Tigre", "cdn": "G:Cártel del Norte"},
        {("leads", "luis", "cdn")}, set(),
    ),
    (
        # A relative clause between the subject and its verb, names and all.
        "leads-verb-relative-clause-en", "en",
        "Marco Ruiz, who was born in Durango, leads the Sierra Cartel.",
        {"mr": "P:Marco Ruiz", "sc": "G:Sierra Cartel", "dgo": "L:Durango"},
        {("leads", "mr", "sc")}, {("operates_in", "sc", "dgo")},
    ),
    (
        "member-verb-relative-clause-es", "es",
        "Luis “N”, quien fue detenido por la Guardia Nacional en 2019, se unió al Cártel del Norte en 2005.",
        {"luis": "P:Luis “N”", "gn": "S:Guardia Nacional", "cdn": "G:Cártel del Norte"},
        {("member_of", "luis", "cdn"), ("action_against", "gn", "luis")}, set(),
    ),
    (
        # "La esposa de X, Y": Y is X's kin, and so are the members of a list.
        "kin-appositive-es", "es",
        "La esposa de Marco Ruiz, Ana Gil, y los hijos de Luis Mora, Pedro Mora y Juan Mora, fueron detenidos.",
        {"mr": "P:Marco Ruiz", "ag": "P:Ana Gil", "lm": "P:Luis Mora", "pm": "P:Pedro Mora", "jm": "P:Juan Mora"},
        {("family", "ag", "mr"), ("family", "pm", "lm"), ("family", "jm", "lm")}, set(),
    ),
    (
        "kin-appositive-en", "en",
        "The son of Marco Ruiz, Pedro Ruiz, was charged; the lawyer of Luis Mora, Ana Gil, was not.",
        {"mr": "P:Marco Ruiz", "pr": "P:Pedro Ruiz", "lm": "P:Luis Mora", "ag": "P:Ana Gil"},
        {("family", "pr", "mr")}, {("family", "ag", "lm")},
    ),
    (
        # "called Ruiz a leader": Ruiz is no entity here, and the speaker leads nothing.
        "calling-someone-a-leader-en", "en",
        "Attorney General Ana Torres called Ruiz a leader of the Sierra Cartel.",
        {"at": "P:Ana Torres", "sc": "G:Sierra Cartel"},
        set(), {("leads", "at", "sc")},
    ),
    (
        "calificar-a-alguien-de-lider-es", "es",
        "La fiscal Ana Torres calificó a Ruiz como líder del Cártel de la Sierra.",
        {"at": "P:Ana Torres", "sc": "G:Cártel de la Sierra"},
        set(), {("leads", "at", "sc")},
    ),
    (
        "leads-passive-en", "en",
        "The Sierra Cartel, led by Marco Ruiz, grew quickly.",
        {"mr": "P:Marco Ruiz", "sc": "G:Sierra Cartel"},
        {("leads", "mr", "sc")}, set(),
    ),
    (
        "leads-verb-en", "en",
        "Marco Ruiz founded the Sierra Cartel in 2008.",
        {"mr": "P:Marco Ruiz", "sc": "G:Sierra Cartel"},
        {("leads", "mr", "sc")}, set(),
    ),
    (
        "leads-under-leadership-en", "en",
        "The Sierra Cartel grew quickly under the leadership of Marco Ruiz.",
        {"mr": "P:Marco Ruiz", "sc": "G:Sierra Cartel"},
        {("leads", "mr", "sc")}, set(),
    ),
    (
        "leads-coordination-es", "es",
        "Raúl “N”, líder de “Los Tigres” y fundador de “Los Lobos”, fue trasladado.",
        {"raul": "P:Raúl “N”", "ti": "G:Los Tigres", "lo": "G:Los Lobos"},
        {("leads", "raul", "ti"), ("leads", "raul", "lo")}, set(),
    ),
    (
        "leads-through-possessive-anaphor-en", "en",
        "Pedro Salas joined the Sierra Cartel in 2015. He is a nephew of the cartel’s leader, Marco Ruiz.",
        {"ps": "P:Pedro Salas", "mr": "P:Marco Ruiz", "sc": "G:Sierra Cartel"},
        {("member_of", "ps", "sc"), ("leads", "mr", "sc"), ("family", "ps", "mr")}, set(),
    ),
    (
        "leads-negated-es", "es",
        "Pedro Salas no es el líder del Cártel del Norte.",
        {"ps": "P:Pedro Salas", "cdn": "G:Cártel del Norte"},
        set(), {("leads", "ps", "cdn")},
    ),
    # member_of: "jefe de plaza" is a member, not a leader; reported speech is no membership
    (
        "member-plaza-boss-es", "es",
        "Raúl “N”, alias “el Güero”, señalado como jefe de plaza de “Los Tigres” en Caborca, fue vinculado a proceso.",
        {"raul": "P:Raúl “N”|el Güero", "ti": "G:Los Tigres"},
        {("member_of", "raul", "ti")}, {("leads", "raul", "ti")},
    ),
    (
        "member-cell-es", "es",
        "Detienen en Hermosillo a Andrés “N”, integrante de la célula delictiva “Los Lobos”.",
        {"an": "P:Andrés “N”", "lo": "G:Los Lobos", "her": "L:Hermosillo"},
        {("member_of", "an", "lo")}, set(),
    ),
    (
        "member-not-from-speech-en", "en",
        "Security Secretary Ana Torres said 12 members of Los Lobos were arrested in Sonora.",
        {"at": "P:Ana Torres", "lo": "G:Los Lobos", "son": "L:Sonora"},
        {("operates_in", "lo", "son")}, {("member_of", "at", "lo")},
    ),
    (
        "member-including-es", "es",
        "La Guardia Nacional capturó en Caborca a cuatro integrantes del Cártel del Norte, entre ellos Jorge “N”.",
        {"gn": "S:Guardia Nacional", "cdn": "G:Cártel del Norte", "jorge": "P:Jorge “N”"},
        {("member_of", "jorge", "cdn"), ("action_against", "gn", "jorge")}, set(),
    ),
    # family: direction, detail and negation
    (
        "family-his-son-en", "en",
        "Marco Ruiz and his son, Diego Ruiz, were indicted by the Department of Justice.",
        {"mr": "P:Marco Ruiz", "dr": "P:Diego Ruiz", "doj": "S:Department of Justice"},
        {("family", "mr", "dr"), ("action_against", "doj", "dr")}, set(),
    ),
    (
        "family-negated-en", "en",
        "Diego Ruiz is not the son of Pedro Salas.",
        {"dr": "P:Diego Ruiz", "ps": "P:Pedro Salas"},
        set(), {("family", "dr", "ps")},
    ),
    (
        "family-brother-es", "es",
        "Fue vinculado a proceso Javier “N”, hermano de Raúl Pérez, alias “El Toro”, líder del Cártel del Norte.",
        {"jav": "P:Javier “N”", "rp": "P:Raúl Pérez|El Toro", "cdn": "G:Cártel del Norte"},
        {("family", "jav", "rp"), ("leads", "rp", "cdn")}, {("leads", "jav", "cdn")},
    ),
    # part_of: appositions, possessives, the Spanish faction naming, splits
    (
        "part-apposition-en", "en",
        "Pedro Salas commands Los Lobos, the armed wing of the Sierra Cartel.",
        {"ps": "P:Pedro Salas", "lo": "G:Los Lobos", "sc": "G:Sierra Cartel"},
        {("part_of", "lo", "sc")}, {("part_of", "sc", "lo")},
    ),
    (
        "part-wing-possessive-en", "en",
        "The Sierra Cartel’s armed wing, Los Lobos, clashed with the army.",
        {"lo": "G:Los Lobos", "sc": "G:Sierra Cartel"},
        {("part_of", "lo", "sc")}, {("part_of", "sc", "lo")},
    ),
    (
        "part-faccion-naming-es", "es",
        "Juan “N”, operador del “Cártel del Norte”, facción de “Los Lobos”, fue liberado.",
        {"juan": "P:Juan “N”", "cdn": "G:Cártel del Norte", "lo": "G:Los Lobos"},
        {("part_of", "lo", "cdn"), ("member_of", "juan", "cdn")}, {("part_of", "cdn", "lo")},
    ),
    (
        "part-split-en", "en",
        "Los Lobos, which split from the Sierra Cartel in 2015, still operate in Sonora.",
        {"lo": "G:Los Lobos", "sc": "G:Sierra Cartel", "son": "L:Sonora"},
        {("part_of", "lo", "sc"), ("operates_in", "lo", "son")}, set(),
    ),
    # holds_position
    (
        "position-possessive-en", "en",
        "In 2019 Sonora’s police chief, Ana Torres, now Mexico’s deputy security minister, escaped an ambush.",
        {"at": "P:Ana Torres", "son": "L:Sonora", "mx": "L:Mexico"},
        {("holds_position", "at", "son"), ("holds_position", "at", "mx")}, set(),
    ),
    (
        "position-title-of-office-es", "es",
        "El gobernador de Sonora, Luis Peña, anunció más patrullajes.",
        {"lp": "P:Luis Peña", "son": "L:Sonora"},
        {("holds_position", "lp", "son")}, set(),
    ),
    (
        "position-us-attorney-en", "en",
        "The case is prosecuted by Assistant U.S. Attorney Laura Kim of the Southern District of Texas.",
        {"lk": "P:Laura Kim", "us": "L:U.S.", "sdtx": "S:Southern District of Texas"},
        {("holds_position", "lk", "sdtx")}, {("holds_position", "lk", "us"), ("action_against", "sdtx", "lk")},
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_pattern_cases(case: tuple) -> None:
    check(case)


def test_pattern_names_are_unique_and_typed() -> None:
    names = [p.name for p in PATTERNS]
    assert len(names) == len(set(names))
    for p in PATTERNS:
        assert p.type in RELATION_TYPES, p.name
        assert "s" in p.regex.groupindex, p.name
        # "of the same group": the object is resolved from the sentence before (references)
        assert "o" in p.regex.groupindex or p.name == "member-same", p.name


def test_family_detail_keeps_who_is_whose_son() -> None:
    rels = run(
        "Marco Ruiz’s son, Diego Ruiz, pleaded guilty in Texas.",
        {"mr": "P:Marco Ruiz", "dr": "P:Diego Ruiz"},
    )
    assert one(rels, "family", "dr", "mr").detail == "son"  # the subject is the son of the object
    es = run("Lucía “N”, hija de Raúl Pérez, fue detenida.", {"l": "P:Lucía “N”", "r": "P:Raúl Pérez"}, "es")
    assert one(es, "family", "l", "r").detail == "daughter"


def test_position_detail_and_year() -> None:
    rels = run(
        "Sonora’s police chief, Ana Torres, survived the attack in 2020.",
        {"at": "P:Ana Torres", "son": "L:Sonora"},
    )
    rel = one(rels, "holds_position", "at", "son")
    assert rel.detail.lower() == "police chief"
    assert rel.rule == "org-role-name"


def test_evidence_is_the_sentence_and_the_rule_is_named() -> None:
    text = "Nothing here. The Sierra Cartel, led by Marco Ruiz, grew. Nothing else."
    rel = one(run(text, {"mr": "P:Marco Ruiz", "sc": "G:Sierra Cartel"}), "leads", "mr", "sc")
    assert rel.evidence.text == "The Sierra Cartel, led by Marco Ruiz, grew."
    assert text[rel.evidence.start : rel.evidence.end] == rel.evidence.text
    assert rel.rule == "lead-passive"


def test_a_kin_word_says_nothing_about_leading() -> None:
    rels = run(
        "Diego Ruiz, son of the leader of the Sierra Cartel, was arrested.",
        {"dr": "P:Diego Ruiz", "sc": "G:Sierra Cartel"},
    )
    assert ("leads", "dr", "sc") not in triples(rels)


def test_lexicons_a_template_requires() -> None:
    assert _required_lexicons(r"{s:P},? {gap}{the}(?P<d>{KINEN}) of {o:P}") == ("KINEN",)
    assert _required_lexicons(r"{o:P}{poss}? (?:{G} {LEAD},? )?{s:P}") == ()  # an optional group
    assert _required_lexicons(r"{s:P} (?:{LEAD}|{MEMBER}) {o:G}") == ()  # alternatives
    assert _required_lexicons(r"{s:P}(?! {ROLE}) {o:G}") == ()  # a lookaround
    assert _required_lexicons(r"{s:P} {ROLE}? {o:G}") == ()  # an optional macro
    assert _required_lexicons(r"{s:P} {LEAD} {o:G}|{o:G} {s:P}") == ()  # alternatives, at the top
    assert _required_lexicons(r"{s:P}[^)(]{0,5}(?:x (?P<d>{LEAD})){1,2} {MEMBERV}") == ("LEAD", "MEMBERV")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_lexicon_prefilter_loses_nothing(case: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    """Skipping the patterns whose lexicons a sentence lacks, and the names after the last
    trigger, changes no result: the same as the regexes alone."""
    _, lang, text, specs, _, _ = case
    fast = run(text, specs, lang)
    monkeypatch.setattr(cues, "CASE_TRAPS", re.compile(""))  # every sentence to the regexes
    assert run(text, specs, lang) == fast


@pytest.mark.parametrize(
    ("lang", "plain", "trapped"),
    [
        ("es", "Raúl Soto es el líder del Cártel del Norte.", "Raúl Soto es el lıder del Cártel del Norte."),
        ("es", "Raúl Soto es el LÍDER del Cártel del Norte.", "Raúl Soto es el LİDER del Cártel del Norte."),
        ("en", "Raúl Soto, a member of the Cártel del Norte, was arrested.",
         "Raúl Soto, a member of the Cártel del Norte, was arreſted."),
    ],
)  # fmt: skip
def test_a_case_trap_reads_as_the_regex_reads_it(lang: str, plain: str, trapped: str) -> None:
    """A case-insensitive regex reads "ı", "İ" and "ſ" as "i" and "s"; the word lookups that
    stand in for it must not skip such a sentence, in any rule or trigger family."""
    specs = {"rs": "P:Raúl Soto", "cdn": "G:Cártel del Norte"}
    assert triples(run(trapped, specs, lang)) == triples(run(plain, specs, lang))
    assert triples(run(plain, specs, lang))
