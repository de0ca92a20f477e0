"""Relation and attribute extraction, rule family by rule family, in English and Spanish.

Entities are given (the entity stage is tested elsewhere): each case names its entities
and the strings that mention them, and the test places every occurrence in the text.
"""

from __future__ import annotations

import re

import pytest

from redes.extract.model import ATTRIBUTE_TYPES, RELATION_TYPES, ExtractedEntity, ExtractedRelation, Span
from redes.extract.relations import find_relations
from redes.extract.sentences import split

TYPES = {"P": "person", "G": "criminal_group", "S": "state_body", "O": "organization", "L": "place"}


def run(text: str, entities: dict[str, str], lang: str = "en") -> list[ExtractedRelation]:
    """``entities``: id -> "T:mention|other mention" with T one of P G S O L."""
    built = []
    for eid, spec in entities.items():
        code, names = spec.split(":", 1)
        spans = []
        for name in names.split("|"):
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                spans.append(Span(m.start(), m.end(), name))
        built.append(ExtractedEntity(eid, TYPES[code], names.split("|")[0], spans, names.split("|")))
    return find_relations(text, split(text), built, lang)


def triples(rels: list[ExtractedRelation]) -> set[tuple[str, str, str]]:
    out = set()
    for r in rels:
        if r.object is None:
            continue
        s, o = r.subject, r.object
        if r.type in ("family", "allied_with", "rival_of") and o < s:
            s, o = o, s
        out.add((r.type, s, o))
    return out


def one(rels: list[ExtractedRelation], rtype: str, subject: str, obj: str | None) -> ExtractedRelation:
    found = [r for r in rels if r.type == rtype and r.subject == subject and r.object == obj]
    assert found, f"no {rtype} {subject} -> {obj} in {triples(rels)}"
    return found[0]


# (id, lang, text, entities, expected triples, triples that must not appear)
CASES = [
    # leads
    (
        "leads-apposition-en", "en",
        "Nemesio Oseguera Cervantes, the leader of the Jalisco New Generation Cartel, was born in Michoacán.",
        {"mencho": "P:Nemesio Oseguera Cervantes", "cjng": "G:Jalisco New Generation Cartel", "mich": "L:Michoacán"},
        {("leads", "mencho", "cjng")}, {("operates_in", "cjng", "mich")},
    ),
    (
        "leads-title-es", "es",
        "Rubén “N”, alias “el Mencho”, jefe del Cártel Jalisco Nueva Generación, se inició en el narcotráfico.",
        {"mencho": "P:Rubén “N”|el Mencho", "cjng": "G:Cártel Jalisco Nueva Generación"},
        {("leads", "mencho", "cjng")}, set(),
    ),
    (
        "leads-passive-en", "en",
        "The Sinaloa Cartel, led by Ismael Zambada, shipped cocaine to Chicago.",
        {"mayo": "P:Ismael Zambada", "cds": "G:Sinaloa Cartel", "chi": "L:Chicago"},
        {("leads", "mayo", "cds"), ("operates_in", "cds", "chi")}, set(),
    ),
    (
        "leads-possessive-anaphor-en", "en",
        "Juan Carlos Valencia is a member of the CJNG. He is the stepson of the cartel’s leader, Nemesio Oseguera.",
        {"jc": "P:Juan Carlos Valencia", "mencho": "P:Nemesio Oseguera", "cjng": "G:CJNG"},
        {("member_of", "jc", "cjng"), ("leads", "mencho", "cjng"), ("family", "jc", "mencho")}, set(),
    ),
    (
        "leads-negated-es", "es",
        "Ovidio Guzmán no es el líder del Cártel de Sinaloa.",
        {"ovidio": "P:Ovidio Guzmán", "cds": "G:Cártel de Sinaloa"},
        set(), {("leads", "ovidio", "cds")},
    ),
    # member_of, with "jefe de plaza" a member rather than a leader
    (
        "member-plaza-boss-es", "es",
        "Nabor “N”, alias “el Camaleón”, quien fuera jefe de plaza de “La Familia Michoacana”, fue detenido.",
        {"nabor": "P:Nabor “N”|el Camaleón", "lfm": "G:La Familia Michoacana"},
        {("member_of", "nabor", "lfm")}, {("leads", "nabor", "lfm")},
    ),
    (
        "member-cell-es", "es",
        "Francisco “N”, integrante de la célula delictiva “Los Demonios”, fue detenido en Nogales.",
        {"fco": "P:Francisco “N”", "dem": "G:Los Demonios", "nog": "L:Nogales"},
        {("member_of", "fco", "dem")}, set(),
    ),
    (
        "member-not-from-speech-en", "en",
        "Security Secretary Omar García Harfuch said 20 members of La Barredora were arrested in Tabasco.",
        {"ogh": "P:Omar García Harfuch", "lb": "G:La Barredora", "tab": "L:Tabasco"},
        {("operates_in", "lb", "tab")}, {("member_of", "ogh", "lb")},
    ),
    # family: direction and detail, negation
    (
        "family-his-son-en", "en",
        "Ismael Zambada and his son, Vicente Zambada, were indicted by the Department of Justice.",
        {"mayo": "P:Ismael Zambada", "vicente": "P:Vicente Zambada", "doj": "S:Department of Justice"},
        {("family", "mayo", "vicente"), ("action_against", "doj", "vicente")}, set(),
    ),
    (
        "family-negated-en", "en",
        "Joaquín Guzmán is not the son of Ismael Zambada.",
        {"chapo": "P:Joaquín Guzmán", "mayo": "P:Ismael Zambada"},
        set(), {("family", "chapo", "mayo")},
    ),
    (
        "family-brother-es", "es",
        "Javier “N”, hermano de José Antonio Yépez, alias “El Marro”, líder del Cártel de Santa Rosa de Lima, fue vinculado a proceso.",
        {"javier": "P:Javier “N”", "marro": "P:José Antonio Yépez|El Marro", "csrl": "G:Cártel de Santa Rosa de Lima"},
        {("family", "javier", "marro"), ("leads", "marro", "csrl")}, {("leads", "javier", "csrl")},
    ),
    # part_of, both orders of the Spanish faction phrase
    (
        "part-armed-wing-en", "en",
        "Identified as a leader of the cartel's armed wing known as Grupo Elite, he was charged. The CJNG denied it.",
        {"ge": "G:Grupo Elite", "cjng": "G:CJNG"},
        set(), set(),
    ),
    (
        "part-wing-possessive-en", "en",
        "The CJNG’s armed wing, Grupo Elite, clashed with the army.",
        {"ge": "G:Grupo Elite", "cjng": "G:CJNG"},
        {("part_of", "ge", "cjng")}, {("part_of", "cjng", "ge")},
    ),
    (
        "part-faccion-naming-es", "es",
        "Juan Enrique “N”, operador del “Cártel del Golfo”, facción de “Los Escorpiones”, fue liberado.",
        {"je": "P:Juan Enrique “N”", "cdg": "G:Cártel del Golfo", "esc": "G:Los Escorpiones"},
        {("part_of", "esc", "cdg"), ("member_of", "je", "cdg")}, {("part_of", "cdg", "esc")},
    ),
    (
        "part-split-en", "en",
        "The Knights Templar, which split from La Familia Michoacana in 2011, still operate in Michoacán.",
        {"kt": "G:Knights Templar", "lfm": "G:La Familia Michoacana", "mich": "L:Michoacán"},
        {("part_of", "kt", "lfm"), ("operates_in", "kt", "mich")}, set(),
    ),
    # alliances and rivalries: "fought against" is not "allied with"
    (
        "ally-then-rival-en", "en",
        "The CJNG allied with Los Viagras and fought against Cárteles Unidos.",
        {"cjng": "G:CJNG", "vi": "G:Los Viagras", "cu": "G:Cárteles Unidos"},
        {("allied_with", "cjng", "vi"), ("rival_of", "cjng", "cu")},
        {("rival_of", "cjng", "vi"), ("allied_with", "cjng", "cu"), ("rival_of", "cu", "vi")},
    ),
    (
        "coalition-against-en", "en",
        "There was a confrontation between the Cártel del Milenio, the Beltrán Leyva and the Sinaloa Cartel against La Familia Michoacana.",
        {"mil": "G:Cártel del Milenio", "blo": "G:Beltrán Leyva", "cds": "G:Sinaloa Cartel", "lfm": "G:La Familia Michoacana"},
        {("rival_of", "lfm", "mil"), ("rival_of", "blo", "lfm"), ("rival_of", "cds", "lfm"), ("allied_with", "blo", "mil")},
        {("rival_of", "blo", "mil"), ("rival_of", "cds", "mil")},
    ),
    (
        "reciprocal-rival-es", "es",
        "El Cártel del Golfo y el Cártel del Noreste se disputan el control de Reynosa.",
        {"cdg": "G:Cártel del Golfo", "cdn": "G:Cártel del Noreste", "rey": "L:Reynosa"},
        {("rival_of", "cdg", "cdn"), ("operates_in", "cdg", "rey"), ("operates_in", "cdn", "rey")}, set(),
    ),
    (
        "ally-es", "es",
        "Los Viagras se aliaron con el CJNG.",
        {"cjng": "G:CJNG", "vi": "G:Los Viagras"},
        {("allied_with", "cjng", "vi")}, {("rival_of", "cjng", "vi")},
    ),
    # operates_in: lists, places that are not presence
    (
        "presence-list-es", "es",
        "El Cártel de Santa Rosa de Lima opera en Celaya, Salamanca y Irapuato desde 2017.",
        {"csrl": "G:Cártel de Santa Rosa de Lima", "a": "L:Celaya", "b": "L:Salamanca", "c": "L:Irapuato"},
        {("operates_in", "csrl", "a"), ("operates_in", "csrl", "b"), ("operates_in", "csrl", "c")}, set(),
    ),
    (
        "presence-not-title-or-extradition-en", "en",
        "The governor of Nayarit said the CJNG member was extradited to the United States.",
        {"cjng": "G:CJNG", "nay": "L:Nayarit", "us": "L:United States"},
        set(), {("operates_in", "cjng", "nay"), ("operates_in", "cjng", "us")},
    ),
    (
        "presence-town-state-es", "es",
        "En Magdalena, Jalisco, elementos del Ejército detuvieron a María “N”, operadora del Cártel Jalisco Nueva Generación.",
        {"mag": "L:Magdalena", "jal": "L:Jalisco", "army": "S:Ejército", "maria": "P:María “N”",
         "cjng": "G:Cártel Jalisco Nueva Generación"},
        {("operates_in", "cjng", "mag"), ("member_of", "maria", "cjng"), ("action_against", "army", "maria")},
        {("operates_in", "cjng", "jal"), ("action_against", "army", "cjng")},
    ),
    # collusion
    (
        "collusion-bribes-en", "en",
        "Roberto Sandoval, the former governor of Nayarit, accepted bribes from the CJNG.",
        {"rs": "P:Roberto Sandoval", "nay": "L:Nayarit", "cjng": "G:CJNG"},
        {("holds_position", "rs", "nay"), ("collusion", "rs", "cjng")}, set(),
    ),
    (
        "collusion-denied-en", "en",
        "The governor of Tamaulipas, Américo Villarreal, denied any links to the Gulf Cartel.",
        {"av": "P:Américo Villarreal", "tam": "L:Tamaulipas", "cdg": "G:Gulf Cartel"},
        {("holds_position", "av", "tam")}, {("collusion", "av", "cdg")},
    ),
    # holds_position
    (
        "position-possessive-en", "en",
        "It tried to kill Mexico City’s police chief, Omar García Harfuch, now Mexico’s federal security secretary.",
        {"ogh": "P:Omar García Harfuch", "cdmx": "L:Mexico City", "mx": "L:Mexico"},
        {("holds_position", "ogh", "cdmx"), ("holds_position", "ogh", "mx")}, set(),
    ),
    (
        "position-us-attorney-en", "en",
        "The case is prosecuted by Assistant U.S. Attorney Andrea Goldbarg of the Eastern District of New York.",
        {"ag": "P:Andrea Goldbarg", "us": "L:U.S.", "edny": "S:Eastern District of New York"},
        {("holds_position", "ag", "edny")}, {("holds_position", "ag", "us"), ("action_against", "edny", "ag")},
    ),
    (
        "position-head-of-state-es", "es",
        "La presidenta Claudia Sheinbaum afirmó que México no aceptará tropas extranjeras.",
        {"cs": "P:Claudia Sheinbaum", "mx": "L:México"},
        {("holds_position", "cs", "mx")}, set(),
    ),
    # action_against
    (
        "arrest-passive-es", "es",
        "José “N”, alias “el Gordo”, fue detenido por la Guardia Nacional en mayo del 2016.",
        {"jose": "P:José “N”|el Gordo", "gn": "S:Guardia Nacional"},
        {("action_against", "gn", "jose")}, set(),
    ),
    (
        "arrest-members-of-group-es", "es",
        "Elementos del Ejército detuvieron a tres integrantes del Cártel del Noreste en Nuevo Laredo.",
        {"army": "S:Ejército", "cdn": "G:Cártel del Noreste", "nl": "L:Nuevo Laredo"},
        {("action_against", "army", "cdn"), ("operates_in", "cdn", "nl")}, set(),
    ),
    (
        "victim-agency-en", "en",
        "The attack against the National Guard was carried out by the CJNG.",
        {"gn": "S:National Guard", "cjng": "G:CJNG"},
        set(), {("action_against", "gn", "cjng")},
    ),
    (
        "designation-es", "es",
        "El gobierno de Estados Unidos designó al CJNG como organización terrorista extranjera en febrero de 2025.",
        {"usg": "S:gobierno de Estados Unidos", "cjng": "G:CJNG"},
        {("action_against", "usg", "cjng")}, set(),
    ),
    (
        "reward-carry-over-en", "en",
        "The Department of State is announcing reward offers for leaders of the CJNG. "
        "The reward offers include up to $15 million for Audias Flores Silva.",
        {"dos": "S:Department of State", "cjng": "G:CJNG", "afs": "P:Audias Flores Silva"},
        {("action_against", "dos", "afs")}, set(),
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_relation_rules(case: tuple) -> None:
    _, lang, text, entities, expected, forbidden = case
    found = triples(run(text, entities, lang))
    norm = {
        (t, *sorted((s, o))) if t in ("family", "allied_with", "rival_of") else (t, s, o)
        for t, s, o in expected
    }
    assert norm <= found, f"missing {norm - found}"
    bad = {
        (t, *sorted((s, o))) if t in ("family", "allied_with", "rival_of") else (t, s, o)
        for t, s, o in forbidden
    }
    assert not (bad & found), f"spurious {bad & found}"


def test_family_detail_keeps_who_is_whose_son() -> None:
    rels = run(
        "El Mencho’s son, El Menchito, was sentenced to life in prison.",
        {"mencho": "P:El Mencho", "menchito": "P:El Menchito"},
    )
    rel = one(rels, "family", "menchito", "mencho")
    assert rel.detail == "son"  # the subject is the son of the object, not the reverse
    es = run(
        "Jessica “N”, hija de Rubén Oseguera, fue detenida.",
        {"j": "P:Jessica “N”", "r": "P:Rubén Oseguera"},
        "es",
    )
    assert one(es, "family", "j", "r").detail == "daughter"


def test_kin_of_the_leader_resolves_to_whoever_leads_the_group() -> None:
    en = run(
        "The CJNG is led by Nemesio Oseguera. Police arrested Rubén Oseguera, the son of the main leader.",
        {"mencho": "P:Nemesio Oseguera", "menchito": "P:Rubén Oseguera", "cjng": "G:CJNG"},
    )
    assert one(en, "family", "menchito", "mencho").detail == "son"
    assert ("leads", "menchito", "cjng") not in triples(en)
    es = run(
        "Nemesio Oseguera es el líder del CJNG. Fue detenida Jessica Oseguera, hija del máximo líder del CJNG.",
        {"mencho": "P:Nemesio Oseguera", "j": "P:Jessica Oseguera", "cjng": "G:CJNG"},
        "es",
    )
    assert one(es, "family", "j", "mencho").detail == "daughter"
    # Being the leader's daughter says nothing about leading the cartel.
    assert ("leads", "j", "cjng") not in triples(es)
    # No one is said to lead the group: no guess.
    assert "family" not in {
        r.type
        for r in run(
            "Police arrested Rubén Oseguera, son of the cartel's leader.",
            {"menchito": "P:Rubén Oseguera"},
        )
    }


def test_position_detail_and_action_detail_and_year() -> None:
    rels = run(
        "Mexico City’s police chief, Omar García Harfuch, survived the attack.",
        {"ogh": "P:Omar García Harfuch", "cdmx": "L:Mexico City"},
    )
    assert one(rels, "holds_position", "ogh", "cdmx").detail.lower() == "police chief"
    es = run(
        "Según la FGR, Joaquín Guzmán fue extraditado a Estados Unidos el 19 de enero de 2017.",
        {"fgr": "S:FGR", "chapo": "P:Joaquín Guzmán", "us": "L:Estados Unidos"},
        "es",
    )
    rel = one(es, "action_against", "fgr", "chapo")
    assert (rel.detail, rel.year) == ("extradited", 2017)


def test_evidence_is_the_sentence() -> None:
    text = "Nothing here. The Sinaloa Cartel, led by Ismael Zambada, grew. Nothing else."
    rels = run(text, {"mayo": "P:Ismael Zambada", "cds": "G:Sinaloa Cartel"})
    rel = one(rels, "leads", "mayo", "cds")
    assert rel.evidence.text == "The Sinaloa Cartel, led by Ismael Zambada, grew."
    assert text[rel.evidence.start : rel.evidence.end] == rel.evidence.text


def test_only_known_types() -> None:
    text = (
        "The CJNG, founded in 2009 by Nemesio Oseguera, fought the Sinaloa Cartel in Zacatecas. "
        "The DEA offered a reward of $10 million for Nemesio Oseguera."
    )
    ents = {
        "cjng": "G:CJNG",
        "mencho": "P:Nemesio Oseguera",
        "cds": "G:Sinaloa Cartel",
        "zac": "L:Zacatecas",
        "dea": "S:DEA",
    }
    for rel in run(text, ents):
        assert rel.type in RELATION_TYPES or rel.type in ATTRIBUTE_TYPES
        assert (rel.object is None) == (rel.type in ATTRIBUTE_TYPES)


# --- attributes for the knowledge base ----------------------------------------------------------


def test_founded_years_in_both_languages() -> None:
    en = run("In the decade since its founding in 2011, CJNG has grown rapidly.", {"cjng": "G:CJNG"})
    assert [(r.type, r.value) for r in en if r.type == "founded"] == [("founded", "2011")]
    es = run("El CJNG, fundado en 2009 en Jalisco, es hoy el cártel más grande.", {"cjng": "G:CJNG"}, "es")
    assert [(r.type, r.value) for r in es if r.type == "founded"] == [("founded", "2009")]


def test_death_with_date_and_not_a_near_miss() -> None:
    rels = run(
        "Nemesio Oseguera died on February 22, 2026 during a military operation in Tapalpa.",
        {"mencho": "P:Nemesio Oseguera", "tap": "L:Tapalpa"},
    )
    died = one(rels, "died", "mencho", None)
    assert (died.value, died.detail) == ("2026-02-22", "killed")
    near = run(
        "Omar García Harfuch was nearly killed in an attack in 2020.", {"ogh": "P:Omar García Harfuch"}
    )
    assert not [r for r in near if r.type == "died"]
    toll = run("Alfonso Durazo said the death toll had brought Mexico no closer.", {"ad": "P:Alfonso Durazo"})
    assert not [r for r in toll if r.type == "died"]
    es = run(
        "El periodista Juan Pérez, quien fue asesinado el 10 de enero de 2022, denunció amenazas.",
        {"jp": "P:Juan Pérez"},
        "es",
    )
    assert one(es, "died", "jp", None).value == "2022-01-10"


def test_killed_by_an_agency_is_a_death_and_wanted_is_no_indictment() -> None:
    rels = run(
        "Mexican forces killed the country's most wanted man, Nemesio Oseguera, in 2026.",
        {"mencho": "P:Nemesio Oseguera", "army": "S:Mexican forces"},
    )
    assert one(rels, "action_against", "army", "mencho").detail == "killed"
    died = one(rels, "died", "mencho", None)
    assert (died.value, died.detail) == ("2026", "killed")
    fugitive = run(
        "The FBI added Rafael Caro Quintero to its list of most wanted fugitives.",
        {"fbi": "S:FBI", "rcq": "P:Rafael Caro Quintero"},
    )
    assert not [r for r in fugitive if r.type == "died"]


def test_age() -> None:
    en = run("37-year-old Juan Carlos Valencia is a U.S. citizen.", {"jc": "P:Juan Carlos Valencia"})
    assert one(en, "age", "jc", None).value == "37"
    es = run("Juan Pérez, de 45 años, fue detenido.", {"jp": "P:Juan Pérez"}, "es")
    assert one(es, "age", "jp", None).value == "45"


def test_reward_amounts_and_who_offers_them() -> None:
    en = run(
        "The reward offers include up to $25 million (an increase from up to $5 million) for Juan Carlos Valencia; "
        "up to $15 million each for Gonzalo Mendoza and Nemesio Oseguera’s son-in-law, Julio Castillo.",
        {
            "jc": "P:Juan Carlos Valencia",
            "gm": "P:Gonzalo Mendoza",
            "no": "P:Nemesio Oseguera",
            "jcr": "P:Julio Castillo",
        },
    )
    values = {r.subject: r.value for r in en if r.type == "reward"}
    assert values == {"jc": "USD 25000000", "gm": "USD 15000000", "jcr": "USD 15000000"}
    es = run(
        "La Fiscalía General de la República ofreció 30 millones de pesos de recompensa por información sobre Rubén Oseguera.",
        {"fgr": "S:Fiscalía General de la República", "ro": "P:Rubén Oseguera"},
        "es",
    )
    rel = one(es, "reward", "ro", None)
    assert (rel.value, rel.detail) == ("MXN 30000000", "Fiscalía General de la República")


def test_no_entities_no_relations() -> None:
    assert find_relations("Nothing to see.", split("Nothing to see."), [], "en") == []


def test_collusion_needs_the_colluder_not_its_accuser_or_partner() -> None:
    partner = run(
        "The CJNG was exposed when a former trafficker began collaborating with the Drug Enforcement Administration.",
        {"cjng": "G:CJNG", "dea": "S:Drug Enforcement Administration"},
    )
    assert ("collusion", "dea", "cjng") not in triples(partner)
    headline = run(
        "Treasury Sanctions CJNG Cell Leaders Linked to Fentanyl", {"t": "S:Treasury", "cjng": "G:CJNG"}
    )
    assert ("collusion", "t", "cjng") not in triples(headline)
    payroll = run(
        "In 2017, half of the Guadalajara municipal police were on the CJNG payroll.",
        {"police": "S:Guadalajara municipal police", "cjng": "G:CJNG"},
    )
    assert one(payroll, "collusion", "police", "cjng").year == 2017
    ties = run(
        "La Policía Municipal de Tlajomulco tenía vínculos con el CJNG.",
        {"pm": "S:Policía Municipal de Tlajomulco", "cjng": "G:CJNG"},
        "es",
    )
    assert ("collusion", "pm", "cjng") in triples(ties)
