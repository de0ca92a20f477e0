"""State action against people and groups, and collusion (``relations.actions``)."""

from __future__ import annotations

import pytest

from .helpers import check, one, run, triples

CASES = [
    (
        "arrest-passive-es", "es",
        "En mayo del 2019 fue detenido por la Guardia Nacional Jorge “N”, alias “el Flaco”.",
        {"jorge": "P:Jorge “N”|el Flaco", "gn": "S:Guardia Nacional"},
        {("action_against", "gn", "jorge")}, set(),
    ),
    (
        "arrest-members-of-group-es", "es",
        "Elementos del Ejército detuvieron a tres integrantes de Los Tigres en Nogales.",
        {"army": "S:Ejército", "ti": "G:Los Tigres", "nog": "L:Nogales"},
        {("action_against", "army", "ti"), ("operates_in", "ti", "nog")}, set(),
    ),
    (
        "agencies-listed-together-en", "en",
        "Diego Ruiz was arrested by the FBI and the Texas Rangers.",
        {"dr": "P:Diego Ruiz", "fbi": "S:FBI", "tr": "S:Texas Rangers"},
        {("action_against", "fbi", "dr"), ("action_against", "tr", "dr")}, set(),
    ),
    (
        "victim-agency-en", "en",
        "The attack against the National Guard was carried out by Los Lobos.",
        {"gn": "S:National Guard", "lo": "G:Los Lobos"},
        set(), {("action_against", "gn", "lo")},
    ),
    (
        "relative-is-no-target-es", "es",
        "La Fiscalía detuvo a Iván “N”, hermano de Raúl Pérez.",
        {"fis": "S:Fiscalía", "ivan": "P:Iván “N”", "rp": "P:Raúl Pérez"},
        {("action_against", "fis", "ivan"), ("family", "ivan", "rp")}, {("action_against", "fis", "rp")},
    ),
    (
        "designation-es", "es",
        "El gobierno de Estados Unidos designó a Los Lobos como organización terrorista extranjera en marzo de 2025.",
        {"usg": "S:gobierno de Estados Unidos", "lo": "G:Los Lobos"},
        {("action_against", "usg", "lo")}, set(),
    ),
    (
        "reward-carry-over-en", "en",
        "The Department of State offers rewards for leaders of the Sierra Cartel. "
        "The offers include a reward of up to $5 million for Marco Ruiz.",
        {"dos": "S:Department of State", "sc": "G:Sierra Cartel", "mr": "P:Marco Ruiz"},
        {("action_against", "dos", "mr")}, set(),
    ),
    # The people who prosecute the case are officials, named with a title the entity stage
    # may miss in part ("Nora Vidal" is not an entity here), or by the verb alone.
    (
        "prosecutors-are-no-targets-en", "en",
        "Raúl Pérez was indicted in 2019 by the Southern District. Assistant U.S. Attorneys Nora Vidal "
        "and Laura Kim of the Southern District prosecuted the case.",
        {"rp": "P:Raúl Pérez", "sd": "S:Southern District", "lk": "P:Laura Kim"},
        {("action_against", "sd", "rp")}, {("action_against", "sd", "lk")},
    ),
    (
        "prosecuted-the-case-verb-en", "en",
        "Marco Ruiz and Laura Kim of the Southern District prosecuted the case against Los Lobos.",
        {"mr": "P:Marco Ruiz", "lk": "P:Laura Kim", "sd": "S:Southern District", "lo": "G:Los Lobos"},
        set(), {("action_against", "sd", "mr"), ("action_against", "sd", "lk")},
    ),
    (
        "prosecuted-by-passive-en", "en",
        "The case is being prosecuted by Laura Kim and Marco Ruiz of the Southern District.",
        {"mr": "P:Marco Ruiz", "lk": "P:Laura Kim", "sd": "S:Southern District"},
        set(), {("action_against", "sd", "mr"), ("action_against", "sd", "lk")},
    ),
    (
        "prosecutor-led-the-case-es", "es",
        "Ana Torres, de la Fiscalía General, llevó el caso contra Los Lobos.",
        {"at": "P:Ana Torres", "fg": "S:Fiscalía General", "lo": "G:Los Lobos"},
        set(), {("action_against", "fg", "at")},
    ),
    # A name inside a modifier of the target is not the target.
    (
        "sons-of-are-the-target-en", "en",
        "The Treasury Department sanctioned the two sons of Marco Ruiz in 2023.",
        {"t": "S:Treasury Department", "mr": "P:Marco Ruiz"},
        set(), {("action_against", "t", "mr")},
    ),
    (
        "possessive-children-en", "en",
        "The Treasury Department is sanctioning Marco Ruiz’s children.",
        {"t": "S:Treasury Department", "mr": "P:Marco Ruiz"},
        set(), {("action_against", "t", "mr")},
    ),
    (
        "hijo-de-es", "es",
        "La Marina detuvo al hijo del sujeto apodado “el Lobo” en Culiacán.",
        {"sm": "S:Marina", "lobo": "P:el Lobo", "cul": "L:Culiacán"},
        set(), {("action_against", "sm", "lobo")},
    ),
    (
        "kin-with-a-clause-of-its-own-en", "en",
        "Pedro Salas is a son of Marco Ruiz, who was convicted by the Southern District in 2019.",
        {"ps": "P:Pedro Salas", "mr": "P:Marco Ruiz", "sd": "S:Southern District"},
        {("action_against", "sd", "mr")}, set(),
    ),
    (
        "faction-of-group-en", "en",
        "The Treasury Department sanctioned Los Primos, a faction of the violent Sierra Cartel.",
        {"t": "S:Treasury Department", "lp": "G:Los Primos", "sc": "G:Sierra Cartel"},
        {("action_against", "t", "lp")}, {("action_against", "t", "sc")},
    ),
    (
        "faccion-del-grupo-es", "es",
        "El Ejército detuvo a Juan “N”, líder de una facción del Cártel de la Sierra.",
        {"ej": "S:Ejército", "juan": "P:Juan “N”", "sc": "G:Cártel de la Sierra"},
        {("action_against", "ej", "juan")}, {("action_against", "ej", "sc")},
    ),
    (
        "affiliation-is-no-target-es", "es",
        "Según la Fiscalía General, el imputado es líder del Cártel de la Sierra.",
        {"fg": "S:Fiscalía General", "sc": "G:Cártel de la Sierra"},
        set(), {("action_against", "fg", "sc")},
    ),
    (
        "vinculo-a-proceso-es", "es",
        "La Fiscalía General vinculó a proceso a Raúl Pérez, operador del Cártel de la Sierra.",
        {"fg": "S:Fiscalía General", "rp": "P:Raúl Pérez", "sc": "G:Cártel de la Sierra"},
        {("action_against", "fg", "rp"), ("member_of", "rp", "sc")}, {("action_against", "fg", "sc")},
    ),
    (
        # an entity stage that takes a court for a group does not make it a target
        "a-court-is-never-a-target-en", "en",
        "The FBI investigated the Northern Court and Los Lobos in 2020.",
        {"fbi": "S:FBI", "nc": "G:Northern Court", "lo": "G:Los Lobos"},
        {("action_against", "fbi", "lo")}, {("action_against", "fbi", "nc")},
    ),
    (
        # Freezing accounts is a sanction (Mexico's financial intelligence unit); gunmen
        # blocking roads is not.
        "accounts-blocked-es", "es",
        "La UIF bloqueó las cuentas de Raúl Soto Ruiz; sus cuentas bancarias bloqueadas suman diez millones.",
        {"uif": "S:UIF", "rs": "P:Raúl Soto Ruiz"},
        {("action_against", "uif", "rs")}, set(),
    ),
    (
        "investigates-es", "es",
        "La UIF investiga a Raúl Soto Ruiz; la Fiscalía lo investigó en 2019.",
        {"uif": "S:UIF", "fis": "S:Fiscalía", "rs": "P:Raúl Soto Ruiz"},
        {("action_against", "uif", "rs")}, set(),
    ),
    (
        # The source of the report is no actor when another body acts; alone, it may be.
        "source-of-the-report-es", "es",
        "Según la DEA, el Ejército detuvo a Raúl Soto Ruiz. Según la Fiscalía, Ana Gil Paz fue detenida.",
        {"dea": "S:DEA", "army": "S:Ejército", "fis": "S:Fiscalía", "rs": "P:Raúl Soto Ruiz", "ag": "P:Ana Gil Paz"},
        {("action_against", "army", "rs"), ("action_against", "fis", "ag")}, {("action_against", "dea", "rs")},
    ),
    (
        "source-that-acts-en", "en",
        "The DEA said it arrested Raúl Soto Ruiz with the help of the Army.",
        {"dea": "S:DEA", "army": "S:Army", "rs": "P:Raúl Soto Ruiz"},
        {("action_against", "dea", "rs"), ("action_against", "army", "rs")}, set(),
    ),
    (
        "roads-blocked-es", "es",
        "Integrantes de Los Lobos bloquearon carreteras en Sonora, según la Guardia Nacional.",
        {"lo": "G:Los Lobos", "gn": "S:Guardia Nacional", "son": "L:Sonora"},
        set(), {("action_against", "gn", "lo")},
    ),
    (
        "members-of-group-stay-targets-en", "en",
        "The Army arrested three members of the Sierra Cartel.",
        {"army": "S:Army", "sc": "G:Sierra Cartel"},
        {("action_against", "army", "sc")}, set(),
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_action_against(case: tuple) -> None:
    check(case)


def test_action_detail_and_year() -> None:
    rels = run(
        "Según la FGR, Raúl Pérez fue extraditado a Estados Unidos el 3 de marzo de 2019.",
        {"fgr": "S:FGR", "rp": "P:Raúl Pérez", "us": "L:Estados Unidos"},
        "es",
    )
    rel = one(rels, "action_against", "fgr", "rp")
    assert (rel.detail, rel.year, rel.rule) == ("extradited", 2019, "action")


def test_killed_by_an_agency_is_a_death_and_wanted_is_no_indictment() -> None:
    rels = run(
        "Army troops killed the most wanted fugitive, Marco Ruiz, in 2024.",
        {"mr": "P:Marco Ruiz", "army": "S:Army troops"},
    )
    assert one(rels, "action_against", "army", "mr").detail == "killed"
    died = one(rels, "died", "mr", None)
    assert (died.value, died.detail, died.rule) == ("2024", "killed", "killed-by")
    fugitive = run(
        "The FBI added Raúl Pérez to its list of most wanted fugitives.",
        {"fbi": "S:FBI", "rp": "P:Raúl Pérez"},
    )
    assert not [r for r in fugitive if r.type == "died"]


def test_collusion_with_officials_and_bodies() -> None:
    bribes = run(
        "Pedro Salas, a former mayor of Caborca, took bribes from the Sierra Cartel.",
        {"ps": "P:Pedro Salas", "cab": "L:Caborca", "sc": "G:Sierra Cartel"},
    )
    assert {("holds_position", "ps", "cab"), ("collusion", "ps", "sc")} <= triples(bribes)
    payroll = run(
        "By 2017 several officers of the Hermosillo municipal police were on the Sierra Cartel payroll.",
        {"police": "S:Hermosillo municipal police", "sc": "G:Sierra Cartel"},
    )
    assert one(payroll, "collusion", "police", "sc").year == 2017
    ties = run(
        "La Policía Municipal de Caborca tenía vínculos con Los Tigres.",
        {"pm": "S:Policía Municipal de Caborca", "ti": "G:Los Tigres"},
        "es",
    )
    assert ("collusion", "pm", "ti") in triples(ties)


def test_collusion_needs_the_colluder_not_its_accuser_or_partner() -> None:
    denied = run(
        "The governor of Sonora, Ana Torres, denied any links to the Sierra Cartel.",
        {"at": "P:Ana Torres", "son": "L:Sonora", "sc": "G:Sierra Cartel"},
    )
    assert ("holds_position", "at", "son") in triples(denied)
    assert ("collusion", "at", "sc") not in triples(denied)
    # The body right after "collaborating with" is the partner of whoever collaborates; the
    # group counts as that subject only when it stands a few words before the trigger.
    partner = run(
        "The Sierra Cartel lost two of its routes last year after a former accountant began "
        "collaborating with the police.",
        {"sc": "G:Sierra Cartel", "pol": "S:police"},
    )
    assert ("collusion", "pol", "sc") not in triples(partner)
    headline = run(
        "Treasury Sanctions Los Lobos Accountants Linked to Money Laundering",
        {"t": "S:Treasury", "lo": "G:Los Lobos"},
    )
    assert ("collusion", "t", "lo") not in triples(headline)
    # A body followed by any action word acts against others: "vínculos" are the target's.
    frozen = run(
        "La UIF congeló las cuentas de Raúl Soto Ruiz por sus vínculos con Los Lobos.",
        {"uif": "S:UIF", "rs": "P:Raúl Soto Ruiz", "lo": "G:Los Lobos"},
        "es",
    )
    assert ("collusion", "uif", "lo") not in triples(frozen)
    assert one(frozen, "action_against", "uif", "rs").detail == "sanctioned"
    # The source of the report is not the colluder; the body it reports on is.
    for lang, text in [
        ("es", "La Guardia Nacional tenía vínculos con Los Lobos, según la UIF."),
        ("es", "De acuerdo con la UIF, la Guardia Nacional protegía a Los Lobos."),
        ("en", "According to the UIF, the Guardia Nacional had ties to Los Lobos."),
        ("en", "The UIF said that the Guardia Nacional took bribes from Los Lobos."),
    ]:
        found = triples(run(text, {"uif": "S:UIF", "gn": "S:Guardia Nacional", "lo": "G:Los Lobos"}, lang))
        assert ("collusion", "uif", "lo") not in found and ("collusion", "gn", "lo") in found, text


def test_carried_actors_are_named_as_such() -> None:
    """An agency taken from the sentence before is marked by the rule name."""
    rels = run(
        "La Guardia Nacional detuvo a cinco personas en Caborca. Entre los detenidos está Pedro “N”.",
        {"gn": "S:Guardia Nacional", "pedro": "P:Pedro “N”", "cab": "L:Caborca"},
        "es",
    )
    assert one(rels, "action_against", "gn", "pedro").rule == "action-carried"


def test_an_official_introduced_by_a_title_is_never_a_target() -> None:
    rels = run(
        "Judge Laura Kim heard the case. The Justice Department said Laura Kim and Raúl Pérez "
        "were in court when Raúl Pérez was sentenced.",
        {"lk": "P:Laura Kim", "rp": "P:Raúl Pérez", "doj": "S:Justice Department"},
    )
    assert ("action_against", "doj", "lk") not in triples(rels)
    assert ("action_against", "doj", "rp") in triples(rels)


def test_a_former_official_can_be_arrested() -> None:
    """Only those who act on a case (judges, prosecutors, agents) are never its targets; a
    former secretary arrested later is a target."""
    rels = run(
        "Former Secretary of Defense Pedro Salas retired in 2018. The DEA arrested Pedro Salas in 2020.",
        {"ps": "P:Pedro Salas", "dea": "S:DEA"},
    )
    assert ("action_against", "dea", "ps") in triples(rels)
