"""Rivals and allies: pairs of criminal groups around a trigger word in one sentence.

A trigger ("war", "alliance", "se aliaron", "contra") links the coordination list of groups
before it (in the same clause) with the list after it; "between A and B" links the members
of one list; a reciprocal verb after a list ("A and B are fighting") links its members; and
a trigger with no group before it takes the group the text is about.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from redes.extract.relations import lexicon as lex
from redes.extract.relations.fragments import (
    CLAUSE_SPLIT,
    CLOSE,
    OPEN,
    both,
    coordination_lists,
    cue,
    negated,
)
from redes.extract.relations.sentences import RuleMention, RuleSentence, prefer_main

if TYPE_CHECKING:
    from redes.extract.relations.document import Document

_RIVAL = cue(both(lex.RIVAL))
_ALLY = cue(both(lex.ALLY))
_AGAINST = re.compile(r"(?<!\w)(?i:against|versus|vs\.?|contra|frente a)(?!\w)")
_BETWEEN = re.compile(r"(?<!\w)(?i:between|among|entre)(?!\w)")


def group_pairs(doc: Document, sent: RuleSentence) -> None:
    """rival_of and allied_with between groups around a trigger, with coordination lists."""
    groups = [(i, m) for i, m in enumerate(sent.mentions) if m.code == "G"]
    masked = sent.masked
    if not groups:
        return
    if not (_RIVAL.present(sent.prefixes) or _ALLY.present(sent.prefixes)):
        return
    positions = {i: masked.find(f"{OPEN}G{i}{CLOSE}") for i, _ in groups}
    lists = coordination_lists(masked, "G")
    triggers = [
        (t.start(), t.end(), "rival_of", t.group()) for t in _RIVAL.finditer(masked, 0, None, sent.words)
    ]
    triggers += [
        (t.start(), t.end(), "allied_with", t.group()) for t in _ALLY.finditer(masked, 0, None, sent.words)
    ]
    triggers.sort()
    topic = _topic_group(doc, sent)
    bounds = [m.end() for m in CLAUSE_SPLIT.finditer(masked)]

    def clause(p: int) -> int:
        return sum(1 for b in bounds if b <= p)

    objects: set[int] = set()  # lists already read as the object of an earlier trigger
    for t_start, t_end, rtype, word in triggers:
        if negated(masked, t_start - 10, t_end):
            continue
        k = clause(t_start)
        # "G1 allied with G2 and fought G3": the subject of the second verb is G1, not the
        # object of the first.
        left = [
            lst
            for lst in lists
            if positions[lst[-1]] < t_start and clause(positions[lst[-1]]) == k and lst[0] not in objects
        ]
        right = [lst for lst in lists if positions[lst[0]] > t_end and clause(positions[lst[0]]) == k]
        # "a war between A and B", "la alianza entre A y B"
        between = _BETWEEN.match(masked, t_end + 1) or _BETWEEN.search(masked[t_end : t_end + 60])
        if between and right:
            first = right[0]
            gap = masked[t_end : positions[first[0]]]
            tail = masked[positions[first[-1]] : positions[first[-1]] + 30].split(CLOSE, 1)[-1]
            if f"{OPEN}G" not in gap and len(gap) < 90 and not _AGAINST.match(tail.strip()):
                members = list(first)
                if len(members) >= 2:
                    for a in members:
                        for b in members:
                            if a < b:
                                doc.emit(rtype, sent.mentions[a], sent.mentions[b], sent, f"{rtype}-between")
                    continue
        if not right:
            # "G1 and G2 are fighting", "se disputan": a reciprocal verb
            if left and len(left[-1]) >= 2 and len(masked[positions[left[-1][-1]] : t_start]) < 30:
                members = left[-1]
                for x, a in enumerate(members):
                    for b in members[x + 1 :]:
                        doc.emit(rtype, sent.mentions[a], sent.mentions[b], sent, f"{rtype}-reciprocal")
            continue
        rset = right[0]
        gap_right = masked[t_end : positions[rset[0]]]
        if len(gap_right) > 80 or f"{OPEN}G" in gap_right or f"{OPEN}P" in gap_right:
            continue
        if left:
            lset = left[-1]
            gap_left = masked[positions[lset[-1]] : t_start]
            if len(gap_left) > 160:
                continue
            objects.add(rset[0])
            for a in lset:
                for b in rset:
                    doc.emit(rtype, sent.mentions[a], sent.mentions[b], sent, f"{rtype}-around")
            if rtype == "rival_of" and _AGAINST.fullmatch(word) and len(lset) >= 2:
                for a in lset:  # "A, B and C against D": the left side fights together
                    for b in lset:
                        if a < b:
                            doc.emit(
                                "allied_with",
                                sent.mentions[a],
                                sent.mentions[b],
                                sent,
                                "allied-coordination",
                            )
        elif topic is not None and re.search(
            r"(?i)\b(?:with|against|con|contra)\s*(?:the |el |la |los )?\W?$", gap_right or masked[:t_end]
        ):
            # "conflict with G1, G2 and G3": the other side is the group the text is about
            for b in rset:
                doc.emit(rtype, topic, sent.mentions[b], sent, f"{rtype}-topic")


def _topic_group(doc: Document, sent: RuleSentence) -> RuleMention | None:
    """The group a sentence without a named subject is about: the last one named before,
    or the document's main group when that one was only named in passing."""
    position = doc.position[sent.index]
    for earlier in reversed(doc.sentences[max(0, position - 3) : position]):
        if sent.index - earlier.index > 3:
            break
        for m in reversed(earlier.mentions):
            if m.code == "G":
                return RuleMention(0, 0, prefer_main(doc.main_group, m.ent, False), "G")
    return None
