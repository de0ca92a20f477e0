"""Regex building blocks shared by the relation rules: placeholders, lexicon alternations,
coordination separators, titles before a name, negation, and the detail of a trigger."""

from __future__ import annotations

import re

from redes.extract.relations import lexicon as lex
from redes.extract.relations.cues import Cue

# Entity type -> the letter of its placeholder in a masked sentence.
TYPE_CODES = {"person": "P", "criminal_group": "G", "state_body": "S", "organization": "O", "place": "L"}
OPEN, CLOSE = "\ue000", "\ue001"
# A placeholder: type letter and the index of the mention in its sentence.
PLACEHOLDER = re.compile(r"\ue000([A-Z])(\d+)\ue001")


def both(table: dict[str, list[str]]) -> list[str]:
    return table["en"] + table["es"]


def alt(fragments: list[str]) -> str:
    """A case-insensitive alternation of fragments that must start and end on word boundaries."""
    body = "|".join(sorted(fragments, key=len, reverse=True))
    return rf"(?<![\w\-])(?i:{body})(?![\w\-])"


def cue(fragments: list[str], regex: str | None = None, extra: tuple[str, ...] = ()) -> Cue:
    """A lexicon matched at word starts only; ``regex`` defaults to the plain alternation."""
    return Cue(fragments, regex if regex is not None else alt(fragments), extra)


# A place used as an adjective inside a title: "Assistant U.S. Attorney", "U.S. District Judge".
ROLE_PLACE = r"(?:(?i:acting|deputy|assistant|associate|executive|former|interim|special|senior)\s+)*(?:\ue000L\d+\ue001\s+)?"
ROLE_FRAGS = both(lex.ROLE)
# A title, and an optional honorific after it ("el presidente, licenciado X").
ROLE = ROLE_PLACE + alt(ROLE_FRAGS)
HON = r"(?:" + alt(lex.HONORIFIC) + r"\s+)?"
# Between the members of a coordination list: "A, B and C", "A y B", "A as well as the B".
SEP = r"(?:\s*[,;]\s*(?:(?:and|y|e|or|o|as well as)\s+)?|\s+(?:and|y|e|or|o|as well as|&)\s+)(?:(?:the|la|el|los|las)\s+)?"
SEP_RE = re.compile(SEP)
# Clause boundaries inside a sentence: semicolons, dashes, "1) ... 2) ..." enumerations.
CLAUSE_SPLIT = re.compile(r";|\s[–—]\s|\s-\s|(?<![\w.])\d{1,2}\)\s")
# A title right before a name ("U.S. District Judge", "la presidenta").
TITLE_BEFORE = cue(ROLE_FRAGS, r"(?P<d>" + ROLE + r")\s+" + HON + r"$")
# A title before a coordinated list of names that ends right here: "Assistant U.S. Attorneys Ana
# Ruiz, Luis Paz and ", names the entity stage missed (capitalized words) or placeholders of
# people. The list must end with "and"/"y": "Judge Ana Ruiz, Luis Paz pleaded" is no list.
_LISTED_NAME = r"(?:\ue000P\d+\ue001|[A-ZÁÉÍÓÚÑ][\w.’'\-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w.’'\-]*){0,3})"
TITLE_LIST_BEFORE = cue(
    ROLE_FRAGS,
    r"(?P<d>" + ROLE + r")\s+" + HON
    + r"(?:(?:" + _LISTED_NAME + r"\s*,\s*)*" + _LISTED_NAME + r",?\s+(?:and|y|e)\s+)?$",
)  # fmt: skip
# Titles of the lexicon that are no state office: ranks in a criminal group ("Zetas commander
# X", "cartel chief"), academic titles, candidates.
_NOT_STATE_TITLE = re.compile(
    r"(?i:.*\b(?:commanders?|head|chiefs?|comandante|researcher|professor|scholar|fellow|analyst|"
    r"investigador(?:a)?|profesor(?:a)?|candidat[eoa]s?(?: presidencial)?|presidential candidate))"
)


# Titles of the people who act on a case (judges, prosecutors, agents), not of those a case
# may be about: a governor or a former secretary can be arrested, a sitting judge is not the
# target of the sentence they pass.
_CASE_OFFICER = re.compile(
    r"(?i)\b(?:judges?|justice|magistrates?|prosecutors?|attorneys?|(?:special )?agents?(?: in charge)?|marshals?|"
    r"sheriff|jue(?:z|za|ces)|magistrad[oa]s?|fiscal(?:es)?|agentes?|procurador(?:a)?|ministerio p[úu]blico)\b"
)
_FORMER = re.compile(r"(?i)\b(?:former|ex|exs|ex-\w+|then|entonces)\b")


def case_officer(title: str) -> bool:
    """Whether a title is that of someone acting on a case ("U.S. District Judge", "Assistant
    U.S. Attorneys", "la fiscal"), and not a former one."""
    return bool(_CASE_OFFICER.search(title)) and not _FORMER.search(title)


def state_title(title: str) -> bool:
    """Whether a title names a state office ("U.S. District Judge", "la fiscal", "Secretary of
    Security"), not a rank in a group or an academic title."""
    t = " ".join(title.split())
    if re.search(r"(?i)police chief|chief of (?:police|staff)|jef[ea] de (?:gobierno|la polic)", t):
        return True
    return not _NOT_STATE_TITLE.fullmatch(t)


_NEG_WINDOW = re.compile(r"(?<!\w)(?i:not|never|no|denied|denies|deny|nunca|jam[áa]s|neg[óo]|niega|ni)(?!\w)")


def negated(masked: str, start: int, end: int | None = None) -> bool:
    """A negation inside a match or just before it ("is not the son of", "no es líder de")."""
    window = masked[max(0, start - 20) : (end if end is not None else start + 25)]
    return bool(_NEG_WINDOW.search(PLACEHOLDER.sub(" ", window)))


def trigger_detail(trigger: str, rtype: str) -> str:
    """The detail a relation keeps from its trigger: the English kin word, the role as written."""
    t = " ".join(trigger.split()).strip(" ,").lower()
    if rtype == "family":
        return lex.KIN_DETAIL.get(t, t)
    if rtype == "holds_position":
        return clean_role(trigger)
    return t


def clean_role(role: str) -> str:
    role = " ".join(role.split()).strip(" ,")
    return role[:1].upper() + role[1:] if role.islower() else role


def coordination_lists(masked: str, codes: str) -> list[list[int]]:
    """Placeholders of the given types grouped into coordination lists, in text order."""
    lists: list[list[int]] = []
    last_end = -1
    for m in PLACEHOLDER.finditer(masked):
        if m.group(1) not in codes:
            last_end = -1
            continue
        idx = int(m.group(2))
        if lists and last_end >= 0 and SEP_RE.fullmatch(masked, last_end, m.start()):
            lists[-1].append(idx)
        else:
            lists.append([idx])
        last_end = m.end()
    return lists
