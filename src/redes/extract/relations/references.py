"""Relations whose other side is a reference resolved through relations already found: "X,
son of the top leader" (whoever the document says leads that group) and "del mismo grupo
delictivo" (the group of the previous statement)."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from redes.extract.relations import lexicon as lex
from redes.extract.relations.fragments import both, negated, trigger_detail
from redes.extract.relations.sentences import RuleMention, RuleSentence

if TYPE_CHECKING:
    from redes.extract.relations.document import Document

# "⟦P⟧, … son of the top leader (of the organization | of ⟦G⟧)", in English and Spanish.
_LEADER_KIN = re.compile(
    r"\ue000P(?P<s>\d+)\ue001(?:[^.;\ue000]|\.(?=[”\"’»])|\ue000[GSOL]\d+\ue001){0,120}?(?<![\w-])(?P<k>"
    + "|".join(both(lex.KIN))
    + r")\s+(?i:of\s+|de\s+|d(?=el\s))(?P<r>(?i:the|el|la|su|his|her)\s+(?:(?i:main|top|maximum|supreme|principal|"
    r"máximo|máxima|principal)\s+)?(?i:leader|boss|head|chief|kingpin|líder|jefe|cabecilla))"
    r"(?:\s+(?i:of|de|del)\s+(?:(?i:the|la|el)\s+)?(?:\ue000G(?P<g>\d+)\ue001|(?i:organi[sz]ation|cartel|group|"
    r"organización|cártel|grupo)))?(?![\w-])"
)


def leader_kin(doc: Document) -> None:
    """ "X, … son of the top leader": the leader is whoever the document says leads
    that group, so this runs after every ``leads`` relation is known."""
    leaders: Counter[tuple[str, str]] = Counter(
        (r.object, r.subject) for r in doc.out if r.type == "leads" and r.object
    )
    if not leaders:
        return
    by_id = {e.local_id: e for e in doc.entities}
    for sent in doc.sentences:
        if "P" not in sent.code_set:
            continue
        for m in _LEADER_KIN.finditer(sent.masked):
            subj = sent.mentions[int(m.group("s"))]
            if m.group("g") is not None:
                group = sent.mentions[int(m.group("g"))].ent
            else:
                led = {g for g, _ in leaders}
                group = doc.main_group or (by_id[led.pop()] if len(led) == 1 else None)
            if group is None or negated(sent.masked, m.start("k"), m.end()):
                continue
            ranked = [
                (n, p) for (g, p), n in leaders.items() if g == group.local_id and p != subj.ent.local_id
            ]
            if not ranked:
                continue
            leader = by_id[max(ranked)[1]]
            ref = RuleMention(m.start("r"), m.end("r"), leader, "P", coref=True)
            doc.emit("family", subj, ref, sent, "kin-of-leader", trigger_detail(m.group("k"), "family"))


def same_group(doc: Document, sent: RuleSentence) -> list[RuleMention]:
    """ "del mismo grupo delictivo": the groups of the last leads/member_of relation stated
    in this sentence or the one before."""
    prev = doc.spans[sent.index - 1].start if sent.index > 0 else sent.span.start
    by_id = {e.local_id: e for e in doc.entities}
    recent = [
        r for r in doc.out if r.type in ("leads", "member_of") and prev <= r.evidence.start <= sent.span.start
    ]
    if not recent:
        return []
    last = recent[-1]
    ids = [r.object for r in recent if r.subject == last.subject and r.evidence.start == last.evidence.start]
    return [RuleMention(0, 0, by_id[x], "G") for x in dict.fromkeys(ids) if x in by_id]
