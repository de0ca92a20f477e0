"""State action against people and groups (arrest, extradition, charges, sanctions, rewards,
designations, operations) and collusion between officials or state bodies and groups.

Every state body of a sentence with an action word acts against its people and groups,
except bodies that are the victim or the parent of another body, and people who are
officials, titled, relatives named as such, or victims. Collusion links a state body or an
official to a group in a sentence with a corruption trigger, unless the body is the
trigger's partner or acts against others itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from redes.extract.relations import lexicon as lex
from redes.extract.relations.attributes import emit_death
from redes.extract.relations.cues import Lexicons, spellings
from redes.extract.relations.document import Actors, placeholder
from redes.extract.relations.fragments import (
    CLAUSE_SPLIT,
    CLOSE,
    HON,
    OPEN,
    ROLE,
    ROLE_FRAGS,
    alt,
    both,
    cue,
    negated,
)
from redes.extract.relations.sentences import RuleMention, RuleSentence

if TYPE_CHECKING:
    from redes.extract.relations.document import Document

_COLLUDE = cue(both(lex.COLLUDE))
_ACTION = {detail: cue(spellings(frags), alt(frags)) for detail, frags in lex.ACTION.items()}
_ACTIONS = Lexicons(_ACTION)
_MEMBER_NOUNS = [r"members", r"operatives", r"integrantes", r"miembros", r"personas", r"people", r"individuals",
                 r"gunmen", r"sicarios", r"leaders", r"l[íi]deres", r"cells", r"c[ée]lulas", r"combatants", r"fighters",
                 r"vinculad[oa]s", r"relacionad[oa]s"]  # fmt: skip
_MEMBERS_OF = cue(
    _MEMBER_NOUNS,
    alt(_MEMBER_NOUNS) + r"\s+(?:\w+\s+){0,4}?"
    r"(?i:of|from|de|del|de la|con|with|a|al)\s+(?:(?i:the|el|la|los|las|diferentes|grupos?)\s+){0,3}[\"“‘«]?$",
)
# "the Fraud Section of the Criminal Division": the division is context, not an actor.
_PARENT_AFTER = re.compile(
    r"\ue000S\d+\ue001,? (?i:of|de|del|de la|within|in) (?:(?i:the|la|el)\s+)?\ue000S(\d+)\ue001"
)
# "el ataque contra elementos de la Marina": the state body is the victim here.
_VICTIM_WORDS = [r"contra", r"against", r"attacks? on", r"attacked", r"ataque a", r"agresi[óo]n a", r"atacaron a",
                 r"agredir a", r"emboscada a", r"ambush(?:ed)?"]  # fmt: skip
_VICTIM_BEFORE = cue(
    _VICTIM_WORDS,
    alt(_VICTIM_WORDS)
    + r"\s+(?:(?:el|la|los|las|the|al|a|personal|elementos|agentes|members|officers|de|del|of)\s+){0,4}$",
)
_HON_BEFORE = cue(lex.HONORIFIC, HON.removesuffix("?") + r"$")
# Between names of one list, possibly with names the entity stage missed: ", Ana Ruiz, "
_NAME_LIST_GAP = re.compile(
    r"(?:\s*(?:,|(?i:and|y|e))\s*(?:[A-ZÁÉÍÓÚÑ][\w.’'-]*\s*){0,4})*\s*(?:,|(?i:and|y|e))\s*"
)
_VICTIM_AFTER = re.compile(
    r"[\"”’»]?,?\s*(?i:quien|que|who|which)\s+(?i:fue|was|had been|habría sido|resultó)\s+(?i:asesinad[oa]|"
    r"murdered|killed|assassinated|ejecutad[oa]|secuestrad[oa]|kidnapped|atacad[oa]|attacked|herid[oa]|wounded)"
)
# Intransitive death words: "two agents died" makes no agency an actor by itself.
_INTRANSITIVE_DEATH = re.compile(
    r"(?i:died|muri[óo]|murieron|falleci[óo]|fallecieron|fallecen?|muerte|death)"
)
_ROLE_NEAR = cue(ROLE_FRAGS, ROLE + r"\s*,?\s*" + HON + r"$")
# Collusion guards: the words between a trigger and an actor that make the actor the
# trigger's object ("collaborating with the DEA"), between a group and the trigger that make
# the group its subject ("CJNG had ties to"), and verbs that make an actor act against others.
_PARTNER_GAP = re.compile(r"\s*(?:(?i:the|la|el|los|las)\s+)?[\"“‘«]?")
_SUBJECT_GAP = re.compile(r"[^\ue000\ue001.;]{0,40}")
# The source of what a sentence reports is not its subject: "según la UIF, G protegía...",
# "according to the DEA", "the DEA said that...".
_SOURCE_BEFORE = re.compile(
    r"(?i:seg[úu]n|de acuerdo con|conforme a|according to|as reported by|cited by)\s+(?:(?i:the|la|el|los|las)\s+)?$"
)
_SAYS_AFTER = re.compile(
    r"(?:\s*\([^)]{1,15}\))?,?\s*(?:(?i:also|tambi[ée]n|has|have|had|ha|han)\s+)?(?i:said|says|stated|states|"
    r"reported|reports|alleged|alleges|claimed|claims|told|added|noted|informed|dijo|dice|dijeron|afirm[óo]|"
    r"señal[óo]|inform[óo]|indic[óo]|revel[óo]|declar[óo]|asegur[óo]|precis[óo]|detall[óo]|explic[óo]|sostuvo|"
    r"advirti[óo])\b"
)


def _reports(masked: str, place: tuple[int, int], says: bool = True) -> bool:
    """Whether the mention at ``place`` is the source of what the sentence reports: "según
    X", or (``says``) "X said that"."""
    start, end = place
    if _SOURCE_BEFORE.search(masked, max(0, start - 30), start):
        return True
    return says and _SAYS_AFTER.match(masked, end) is not None


# What may stand between an actor and its verb: "(UIF)", a comma.
_ACT_GAP = re.compile(r"(?:\s*\([^)]{1,15}\))?,?\s*")
# Verbs of acting against others that are no action of their own ("accuses", "announced").
_ACTS_AFTER = re.compile(
    _ACT_GAP.pattern + r"(?i:sanction|designat|accus|charg|indict|arrest|detuv|acus|sancion|denunci|"
    r"target|announc|anunci|offer|ofrec|seiz|asegur)"
)

# A name inside a modifier of the target is not the target: "the sons of X", "hermano del sujeto
# apodado X", "X's children"; "a faction of G", "G's armed wing" (but "members of G", "cells of
# G" are the group's own people, and count).
_KIN_WORDS = both(lex.KIN) + [r"children", r"relatives?", r"family", r"familiares?", r"parientes?"]
_KIN_OF_BEFORE = cue(
    _KIN_WORDS,
    alt(_KIN_WORDS) + r"\s+(?i:of|de|del|de la)\s+(?:[a-záéíóúñ\-]+\s+){0,3}[\"“‘«]?$",
)
_KIN_POSS_AFTER = re.compile(r"[\"”’»]?(?:’s|'s|’|')\s+(?:[a-z\-]+\s+){0,2}" + alt(_KIN_WORDS))
# "the sons of X, who was convicted in 2019": X has a passive clause of its own.
_OWN_CLAUSE = re.compile(
    r"[\"”’»]?,?\s+(?i:who|quien|que)\s+(?i:was|were|has been|had been|fue|ha sido|hab[íi]a sido)\s+"
    r"(?:(?i:later|also|then|previously|tambi[ée]n|luego)\s+)?\w+(?:ed|ad[oa]|id[oa])\b"
)
_PART_WORDS = [f for f in both(lex.PART) if not re.match(r"c\[?[eé]|cells|remn|reman|succ", f)]
_PART_OF_BEFORE = cue(
    _PART_WORDS,
    alt(_PART_WORDS) + r"\s+(?i:of|within|de|del|de la|de los)\s+(?:[a-záéíóúñ\-]+\s+){0,3}[\"“‘«]?$",
)
# A court or a prosecutor's office is never a target, whatever type the entity stage gave it.
_BODY_NAME = re.compile(
    r"(?i)\b(?:courts?|tribunal(?:es)?|juzgados?|fiscal[íi]a|procuradur[íi]a|prosecutors?(?:’s|'s)? office|"
    r"attorney(?:’s|'s)? office|ministerio p[úu]blico|poder judicial|judiciary)\b"
)
# "the leader of G", "operador del G": the group is the person's affiliation, not the target
# (whether or not a pattern linked the person).
_AFFILIATION_BEFORE = cue(
    both(lex.LEAD) + both(lex.MEMBER),
    alt(both(lex.LEAD) + both(lex.MEMBER))
    + r"\s+(?i:of|for|de|del|de la|de los)\s+(?:(?i:the|el|la|los|las)\s+)?(?:[a-záéíóúñ\-]+\s+){0,2}[\"“‘«]?$",
)
_PART_POSS_AFTER = re.compile(r"[\"”’»]?(?:’s|'s|’|')\s+(?:[a-z\-]+\s+){0,2}" + alt(_PART_WORDS))

# The people who prosecute or try the case are on the actor's side, never its targets:
# "A and B of the Eastern District prosecuted the case", "the case is being prosecuted by A",
# "la fiscal A, quien llevó el caso". Active forms take the people before them, passive
# forms the people after them.
_PROSECUTES_ACTIVE = re.compile(
    r"(?i:(?:who\s+|que\s+|quien(?:es)?\s+)?(?:(?:is|are|was|were|has been|have been)\s+)?"
    r"\b(?:prosecut|handl|tri|litigat|argu)(?:ed|es|ing|e)?\s+(?:the|this|these|that|both)\s+(?:cases?|prosecutions?|matters?|trials?)"
    r"|\b(?:llev(?:ó|aron|a|an|aba)|integr(?:ó|aron|a)|sostuv(?:o|ieron)|represent(?:ó|aron|a))\s+"
    r"(?:el|los|la|las)\s+(?:casos?|acusaci[óo]n|carpetas? de investigaci[óo]n|procesos?))"
)
_PROSECUTES_PASSIVE = re.compile(
    r"(?i:(?:cases?|prosecutions?|matters?|trials?)\s+(?:is|are|was|were|has been|have been|will be)\s+(?:being\s+)?"
    r"(?:prosecuted|handled|tried|litigated|argued|presided over)\s+by"
    r"|(?:casos?|acusaci[óo]n|procesos?|carpetas? de investigaci[óo]n)\s+(?:fue|es|est[áa]|estuvo)\s+"
    r"(?:llevad[oa]s?\s+por|a cargo de(?:l| la| los)?))"
)


_PROSECUTES_NOUNS = ("case", "caso", "prosecution", "acusaci", "proceso", "matter", "trial", "carpeta")


def _prosecutors(
    masked: str, persons: list[int], positions: list[int], triggers: list[tuple[int, str]]
) -> set[int]:
    """The people of a sentence who prosecute or try the case (see ``_PROSECUTES_ACTIVE``)."""
    out: set[int] = set()
    low = masked.lower()
    if not persons or not any(w in low for w in _PROSECUTES_NOUNS):
        return out
    bounds = [0] + [m.end() for m in CLAUSE_SPLIT.finditer(masked)] + [len(masked) + 1]
    for rx, before in ((_PROSECUTES_ACTIVE, True), (_PROSECUTES_PASSIVE, False)):
        for m in rx.finditer(masked):
            lo = max(b for b in bounds if b <= m.start())
            hi = min(b for b in bounds if b >= m.end())
            for i in persons:
                pos = positions[i]
                if before and lo <= pos < m.start():
                    span = (pos, m.start())
                elif not before and m.end() <= pos < hi:
                    span = (m.end(), pos)
                else:
                    continue
                # another action in between ("X, extradited in 2016, ... prosecuted the case")
                if not any(span[0] < t < span[1] and not m.start() <= t < m.end() for t, _ in triggers):
                    out.add(i)
    return out


# Triggers that describe a person's status rather than an action taken against them.
_STATUS_WORD = re.compile(
    r"(?i:most[- ]wanted|wanted|fugitives?|m[áa]s buscad[oa]s?|buscad[oa]s?|requerid[oa]s?)"
)


def collusion(doc: Document, sent: RuleSentence) -> None:
    if "G" not in sent.codes:
        return
    if not _COLLUDE.present(sent.prefixes):
        return
    triggers = list(_COLLUDE.finditer(sent.masked, 0, None, sent.words))
    if not triggers:
        return
    actors = [
        m for m in sent.mentions if m.code == "S" or (m.code == "P" and m.ent.local_id in doc.officials)
    ]
    groups = [m for m in sent.mentions if m.code == "G"]
    masked = sent.masked
    place = {id(m): placeholder(sent, m) for m in actors + groups}
    # An actor that itself sanctions, accuses or arrests ("the Treasury sanctions cell
    # leaders linked to G", "the minister accused the mayor of ties to G"), or a state body
    # followed by any action word ("la UIF bloqueó las cuentas de X por sus vínculos con G";
    # after an official's name the word is as often his own fate: "X Sentenced"), is not
    # the colluder; nor is the source of the report ("según la UIF", "the DEA said").
    acting = (
        {start for start, _, _ in _ACTIONS.matches(masked, sent.words)}
        if _ACTIONS.present(sent.prefixes)
        else set()
    )

    def acts(a: RuleMention) -> bool:
        end = place[id(a)][1]
        gap = _ACT_GAP.match(masked, end)
        return _ACTS_AFTER.match(masked, end) is not None or (
            a.code == "S" and gap is not None and gap.end() in acting
        )

    actors = [a for a in actors if not acts(a) and not _reports(masked, place[id(a)])]
    for t in triggers:
        if negated(masked, t.start() - 10, t.end()):
            continue
        for a in actors:
            a_start, _ = place[id(a)]
            partner = _PARTNER_GAP.fullmatch(masked, t.end(), a_start) is not None
            for g in groups:
                g_start, g_end = place[id(g)]
                if partner and not _SUBJECT_GAP.fullmatch(masked, g_end, t.start()):
                    # "an informant of G began collaborating with the police": the body is
                    # the partner of whoever collaborates, not of a group named elsewhere.
                    continue
                doc.emit("collusion", a, g, sent, "collusion", t.group().lower(), doc.year(sent, t.start()))


def action_against(
    doc: Document, sent: RuleSentence, used: set[tuple[int, int]], prev: Actors | None
) -> Actors | None:
    """A state body acting against a person or group: arrest, extradition, charges, rewards...

    Every state body of the sentence is an actor (agencies are listed together: "arrested by
    the army and the state police"), except the parent in "Section of the Criminal Division".
    A sentence that names a target but no agency takes the agencies that led the action in
    the sentence just before ("...la policía detuvo a cinco personas. Entre los detenidos está
    Pedro “N”").
    """
    masked = sent.masked
    if not _ACTIONS.present(sent.prefixes):
        return prev
    triggers = [(start, name) for start, _, name in _ACTIONS.matches(masked, sent.words)]
    if not triggers:
        return prev
    positions = [masked.find(f"{OPEN}{m.code}{i}{CLOSE}") for i, m in enumerate(sent.mentions)]
    parents = {int(m.group(1)) for m in _PARENT_AFTER.finditer(masked)}
    actors = [
        m
        for i, m in enumerate(sent.mentions)
        if m.code == "S"
        and i not in parents
        and not _VICTIM_BEFORE.search(masked, max(0, positions[i] - 40), positions[i], sent.words)
    ]
    # "Según la DEA, el Ejército detuvo a X": the source of the report is not an actor when
    # the sentence names another ("Según la FGR, X fue detenido" may be the FGR's own arrest;
    # "the DEA said it arrested X with the Army" is the DEA's).
    sources = [a for a in actors if _reports(masked, placeholder(sent, a), says=False)]
    if sources and len(sources) < len(actors):
        actors = [a for a in actors if a not in sources]
    attached = {o for s, o in used} | {s for s, o in used}
    targets: list[tuple[int, RuleMention]] = []
    has_real_person = any(m.code == "P" and not m.coref for m in sent.mentions)
    relatives = {
        o
        for s, o in used
        if s >= 0 and o >= 0 and sent.mentions[s].code == "P" and sent.mentions[o].code == "P"
    }
    persons = [i for i, m in enumerate(sent.mentions) if m.code == "P"]
    # "Assistant U.S. Attorneys A, B and C", "A prosecuted the case": officials, not targets
    titled: set[int] = _prosecutors(masked, persons, positions, triggers)
    for n, i in enumerate(persons):
        head = positions[i]
        if i in titled:
            continue
        if _ROLE_NEAR.search(masked, max(0, head - 60), head, sent.words) or _HON_BEFORE.search(
            masked, max(0, head - 25), head, sent.words
        ):
            titled.add(i)
            prev_end = masked.index(CLOSE, head)
            for j in persons[n + 1 :]:
                if not _NAME_LIST_GAP.fullmatch(masked, prev_end + 1, positions[j]):
                    break
                titled.add(j)
                prev_end = masked.index(CLOSE, positions[j])
    for i, m in enumerate(sent.mentions):
        pos = positions[i]
        if _BODY_NAME.search(m.ent.name):
            continue
        if m.code == "P":
            if (
                m.ent.local_id in doc.officials
                or m.ent.local_id in doc.case_officers
                or (m.coref and has_real_person)
                or i in titled
            ):
                continue
            end = masked.index(CLOSE, pos) + 1
            if _VICTIM_AFTER.match(masked, end):
                continue  # "X, quien fue asesinado": not the target
            if (
                i in relatives
                or _KIN_OF_BEFORE.search(masked, max(0, pos - 60), pos, sent.words)
                or _KIN_POSS_AFTER.match(masked, end)
            ) and not _OWN_CLAUSE.match(masked, end):
                # "hermano de ‘el Mencho’", "the sons of X were arrested": the relatives are
                # the target, not X (unless X has a clause of its own: "X, who was convicted")
                continue
            targets.append((pos, m))
        elif m.code == "G":
            if i in attached and not _MEMBERS_OF.search(masked, max(0, pos - 80), pos, sent.words):
                continue
            end = masked.index(CLOSE, pos) + 1
            if _PART_OF_BEFORE.search(masked, max(0, pos - 60), pos, sent.words) or _PART_POSS_AFTER.match(
                masked, end
            ):
                continue  # "a faction of the Sinaloa Cartel": the faction is the target
            if _AFFILIATION_BEFORE.search(
                masked, max(0, pos - 60), pos, sent.words
            ) and not _MEMBERS_OF.search(masked, max(0, pos - 80), pos, sent.words):
                continue  # "X, leader of G, was arrested": X is the target
            targets.append((pos, m))
    details = {d for _, d in triggers}
    # The agencies named before an action word led it ("the Department of State offers
    # rewards"); they carry over to the next sentences that name only the targets.
    leading_any: list[RuleMention] = []
    for d in details:
        first = min(p for p, name in triggers if name == d)
        leading = [m for i, m in enumerate(sent.mentions) if m in actors and positions[i] < first]
        if leading:
            doc.actors_by_detail[d] = Actors(sent.index, sent.paragraph, leading, {d})
            leading_any += [m for m in leading if m not in leading_any]
    current = Actors(sent.index, sent.paragraph, leading_any, details) if leading_any else prev
    if not targets:
        return current
    rule = "action"
    if not actors and prev is not None:
        if sent.index - prev.index <= (1 if prev.paragraph != sent.paragraph else 2):
            actors = prev.actors
            rule = "action-carried"
        elif "reward" in details and "reward" in doc.actors_by_detail:
            earlier = doc.actors_by_detail["reward"]
            if sent.index - earlier.index <= 8:
                actors = earlier.actors
                rule = "action-reward"
    if not actors:
        return current
    crowded = len(actors) * len(targets) > 12
    actor_pos = {
        id(a): masked.find(f"{OPEN}S{sent.mentions.index(a)}{CLOSE}") for a in actors if a in sent.mentions
    }
    for pos, target in targets:
        near = min(triggers, key=lambda t: abs(t[0] - pos))
        if abs(near[0] - pos) > 160:
            continue
        if _STATUS_WORD.match(masked, near[0]):
            # "captured the most wanted fugitive, X": "wanted" describes X; the action is
            # the other trigger, when there is one in reach.
            acts = [t for t in triggers if not _STATUS_WORD.match(masked, t[0]) and abs(t[0] - pos) <= 160]
            if acts:
                near = min(acts, key=lambda t: abs(t[0] - pos))
        if near[1] in ("arrest", "indicted") and "reward" in details:
            # "a reward for information leading to the arrest of X"
            near = (near[0], "reward")
        if near[1] == "killed" and _INTRANSITIVE_DEATH.match(masked, near[0]):
            # "X died" / "fallece X": the one who died is the target; when an agency stands
            # closer to the verb ("two agents died"), it is the agency that died.
            lo, hi = sorted((pos, near[0]))
            if any(lo < p < hi for p in actor_pos.values()):
                continue
        linked = actors
        if crowded and actor_pos:
            # Many agencies and many people in one sentence: only the nearest agency.
            linked = [min(actors, key=lambda a: abs(actor_pos.get(id(a), 10**6) - pos))]
        for actor in linked:
            doc.emit(
                "action_against",
                actor,
                target,
                sent,
                rule,
                near[1],
                doc.year(sent, near[0]) or doc.doc_year,
            )
        if near[1] == "killed" and target.code == "P" and linked:
            # "forces killed X": X's death is a fact of its own, for contradictions.
            emit_death(doc, sent, target, near[0], "killed", "killed-by")
    return current
