"""Where groups operate: a group and the places its clause puts it in.

A place counts when a locative ("in", "throughout", "the states of", "en") introduces its
list, or it opens the sentence, and only in a sentence with a presence word (operate,
control, presence, violence...). It goes to every group of the same clause (a clause without
a group continues the last one), unless a group stands right before it ("G in L"), which then
takes it alone. Places that belong to a title, a person's origin or an extradition are not
presence. Also "G became L's largest ..." and a group named by its country ("the Colombian
G").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from redes.extract.relations import lexicon as lex
from redes.extract.relations.fragments import (
    CLAUSE_SPLIT,
    CLOSE,
    OPEN,
    PLACEHOLDER,
    ROLE,
    ROLE_FRAGS,
    alt,
    both,
    coordination_lists,
    cue,
)
from redes.extract.relations.sentences import RuleMention, RuleSentence

if TYPE_CHECKING:
    from redes.extract.relations.document import Document

_LOCATIVE_END = cue(
    both(lex.LOCATIVE),
    r"(?:" + alt(both(lex.LOCATIVE)) + r")\s*:?\s+(?:(?i:the|el|la|los|las)\s+)?[\"“‘«]?$",
)
_ATTACH_WORDS = [r"originally", r"native", r"born", r"natural", r"originari[oa]", r"nativ[oa]", r"oriund[oa]",
                 r"naci[óo]", r"nacid[oa]",
                 r"extradited", r"extradition", r"sent", r"transferred", r"deported", r"returned", r"returning",
                 r"flew", r"traveled", r"travelled", r"extraditad[oa]", r"trasladad[oa]", r"enviad[oa]", r"government",
                 r"gobierno", r"authorities", r"autoridades", r"embassy", r"embajada", r"consulate", r"consulado",
                 r"courts?", r"corte", r"district", r"distrito"]  # fmt: skip
_PLACE_ATTACHED_BEFORE = cue(
    ROLE_FRAGS + _ATTACH_WORDS,
    r"(?:" + ROLE + r"|" + alt(_ATTACH_WORDS) + r")\s+(?i:of|from|to|de|del|a|al|in|en)?\s*"
    r"(?:(?i:the|el|la|los)\s+)?[\"“‘«]?$",
)
_PLACE_ATTACHED_AFTER = re.compile(
    r"^[\"”’»]?(?:’s|'s|’|')?\s*(?:" + ROLE + r"|(?i:government|authorities|-based|born))"
)
# "G became L’s largest criminal group"
_COPULA_POSS = re.compile(
    r"\ue000G(\d+)\ue001 (?i:is|was|became|has become|had become|remains|es|era|fue|se convirtió en)"
    r"(?: (?i:now|still|already|ya|hoy))? (?:(?i:one of|uno de) )?\ue000L(\d+)\ue001(?:’s|'s|’|') "
    r"(?i:largest|biggest|most|fastest|leading|main|dominant|top|strongest|principal|mayor)"
)
_NATIONALITY_BEFORE = re.compile(
    r"(?<!\w)(?i:the |el |la |los )?(Mexican|Colombian|Guatemalan|American|U\.S\.|mexican[oa]|colombian[oa])\s+"
    r"\ue000G(\d+)\ue001"
)
_PRESENCE = cue(both(lex.PRESENCE))
# "Los Primos, a faction of the Sierra Cartel, in Tijuana": the group right before the place
# only qualifies the head of the apposition, which is the group the place belongs to.
_PART_APPOSITION = re.compile(
    r"\ue000G(\d+)\ue001[\"”’»]?,\s+(?:(?i:a|an|the|one of the|una|un|la|el|otra|otro|uno de los|una de las)\s+)?"
    r"(?:[a-z\-]+\s+){0,2}" + alt(both(lex.PART)) + r"\s+(?i:of|within|de|del|de la|de los)\s+"
    r"(?:(?i:the|el|la|los|las)\s+)?(?:[a-záéíóúñ\-]+\s+){0,2}[\"“‘«]?$"
)


def attached_before(sent: RuleSentence, first: int) -> bool:
    """Whether the words before the place at offset ``first`` of the masked sentence make it
    a title's, an origin or a destination ("governor of L", "born in L", "extradited to
    L"), not a group's presence."""
    return _PLACE_ATTACHED_BEFORE.search(sent.masked, max(0, first - 60), first, sent.words) is not None


def operates_in(doc: Document, sent: RuleSentence, used: set[tuple[int, int]]) -> None:
    """Groups and the places where the sentence puts them ("presence in A, B and C", "En
    Pueblo, Estado, ... operador del G").

    A place counts when a locative ("in", "throughout", "en") introduces its list, or it
    opens the sentence. It goes to every group of the same clause, unless a group stands
    right before it ("the G in L"), which then takes it alone. Every place of a chain
    ("Town, State") counts. Places that belong to a title, a person's origin or an
    extradition are not presence.
    """
    if "G" not in sent.codes or "L" not in sent.codes:
        return
    masked = sent.masked
    _nationality(doc, sent)
    if not _PRESENCE.present(sent.prefixes):
        return
    pos = {i: masked.find(f"{OPEN}{m.code}{i}{CLOSE}") for i, m in enumerate(sent.mentions)}
    clauses = [0] + [m.end() for m in CLAUSE_SPLIT.finditer(masked)] + [len(masked) + 1]

    def clause(p: int) -> int:
        return next(k for k in range(len(clauses) - 1) if clauses[k] <= p < clauses[k + 1])

    groups = [i for i, m in enumerate(sent.mentions) if m.code == "G"]
    group_lists = coordination_lists(masked, "G")
    # A clause without a group continues the last one that had one ("...líder de G; Juan
    # “N”, del mismo grupo, ... generador de violencia en L").
    clause_groups: dict[int, list[int]] = {}
    for g in groups:
        clause_groups.setdefault(clause(pos[g]), []).append(g)
    taken = {o for _, o in used}
    chain_end = -1
    for lst in coordination_lists(masked, "L"):
        first, last = pos[lst[0]], pos[lst[-1]]
        before = masked[max(0, first - 60) : first]
        after = masked[last:].split(CLOSE, 1)[-1][:40]
        before_lo = max(0, first - 60)
        if attached_before(sent, first) or _PLACE_ATTACHED_AFTER.search(after):
            continue
        if before.endswith("-") or after.startswith("-"):
            continue  # "the Mexico-Guatemala relationship", "U.S.-Mexico border"
        initial = not masked[:first].strip(' "“«¿¡') and after[:1] in (",", ":")
        # "in A with 12 cases, B with 7": a run of places continues a located one.
        chained = (
            0 <= first - chain_end < 40
            and not PLACEHOLDER.search(masked, chain_end, first)
            and "," in masked[chain_end:first]
        )
        if not (initial or chained or _LOCATIVE_END.search(masked, before_lo, first, sent.words)):
            continue
        chain_end = last + len(f"{OPEN}L{lst[-1]}{CLOSE}")
        places = [i for i in lst if i not in taken]
        if not places:
            continue
        k = clause(first)
        near = [g for g in group_lists if pos[g[-1]] < first and clause(pos[g[-1]]) == k]
        if (
            near
            and not PLACEHOLDER.search(masked, pos[near[-1][-1]] + 3, first)
            and first - pos[near[-1][-1]] < 15
        ):
            linked = near[-1]
            head = _PART_APPOSITION.search(masked, max(0, pos[linked[0]] - 90), pos[linked[0]])
            if head:
                linked = [int(head.group(1))]  # "G1, a faction of G2, in L": G1 is in L
        else:
            earlier = [c for c in clause_groups if c <= k]
            linked = clause_groups.get(k) or (clause_groups[max(earlier)] if earlier else [])
        for g in linked:
            for p in places:
                doc.emit(
                    "operates_in",
                    sent.mentions[g],
                    sent.mentions[p],
                    sent,
                    "presence",
                    None,
                    doc.year(sent, first),
                )
    for hit in _COPULA_POSS.finditer(masked):
        group, place = sent.mentions[int(hit.group(1))], sent.mentions[int(hit.group(2))]
        doc.emit("operates_in", group, place, sent, "presence-superlative", None, doc.year(sent, hit.start()))


def _nationality(doc: Document, sent: RuleSentence) -> None:
    """ "the Colombian G": a group described by its country."""
    for m in _NATIONALITY_BEFORE.finditer(sent.masked):
        country = doc.countries.get(lex.COUNTRY_ADJECTIVE.get(m.group(1).casefold(), ""))
        if country is not None:
            group = sent.mentions[int(m.group(2))]
            doc.emit("operates_in", group, RuleMention(0, 0, country, "L"), sent, "nationality", None, None)
