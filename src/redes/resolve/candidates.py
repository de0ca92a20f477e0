"""Merge candidates: is this pair of entities of one type one entity under two names?

Resolution (``resolver``) merges only what it is sure of while it reads; what it left
apart is scored here, pair by pair, with the reasons a reviewer reads ("same surnames,
given-name subset"). Names are compared the way Spanish names work: accents and case
ignored, hyphenated surnames as two surnames, the particles "de", "del", "la" left out, a
first given name that one source omits ("Alfredo Guzmán Salazar" for "Jesús Alfredo
Guzmán Salazar"), and group names through the group lexicon's translations ("Cártel del
Golfo" is the "Gulf Cartel"). Name parts are aligned with ``rigour.names`` (which forgives
small misspellings).

What must stay apart never becomes a candidate: father and son ("El Mencho" and "El
Menchito", "Jr." or "hijo" on one side), people whose second surnames or given names
differ (brothers), people with different nicknames.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rigour.names import NamePart, compare_parts

from redes.resolve.keys import (
    ARTICLES,
    PARTICLES,
    is_anonymised,
    name_key,
    nick_key,
    person_tokens,
    split_person,
)

# At or above: merged without asking, when no fact stands against it (same full name, or
# the same group name but for particles). Below: a question for a reviewer.
AUTO_MERGE = 0.97
# A match through an extracted alias rather than the canonical names: at most this.
ALIAS_MATCH = 0.93
# Two names that share a lexicon entry while one of them names another entry too.
LEXICON_SHARED = 0.95
# Below: not worth a reviewer's time.
MIN_SCORE = 0.8
# Part-alignment score from which two name parts count as the same word ("Salazar" and
# "Salazr" score 0.86 in rigour; "Salazar" and "Cervantes" 0).
SAME_PART = 0.85
# A missing first given name is likelier an omission than another person, but not proof.
GIVEN_SUBSET = 0.75
# The maternal surname left out: common in the press, and yet what tells half-brothers apart.
SECOND_SURNAME_MISSING = 0.8
# A blocking key shared by more entities (a common surname, the word "cartel") is too
# unspecific alone to propose pairs.
MAX_BLOCK = 200
PERSON_TYPES = frozenset({"person"})
GROUP_TYPES = frozenset({"criminal_group", "organization", "state_body"})
SON_MARKS = frozenset({"jr", "sr", "junior", "hijo", "ii", "iii", "iv"})
# Diminutives mark a son or a splinter: "Menchito" of "Mencho", "Chapitos" of "Chapo".
_DIMINUTIVE = re.compile(r"(it|cit|ecit)(o|a|os|as)$")


@dataclass
class Side:
    """What the comparison needs to know about one entity."""

    type: str
    name: str
    names: list[str] = field(default_factory=list)  # every name, the canonical one included


@dataclass
class Verdict:
    score: float
    reasons: list[str]

    @property
    def safe(self) -> bool:
        return self.score >= AUTO_MERGE


def compare(a: Side, b: Side) -> Verdict | None:
    """The pair's merge score with its reasons, or None when it is no candidate (or must
    never be merged)."""
    if a.type != b.type:
        return None
    if a.type in PERSON_TYPES:
        return _people(a, b)
    if a.type in GROUP_TYPES:
        return _groups(a, b)
    return None


def blocking_keys(side: Side) -> set[str]:
    """Words that a candidate must share with this entity (surnames for people; for
    groups every content word and the lexicon entries its names translate to)."""
    if side.type in PERSON_TYPES:
        return {f"s:{t}" for n in _full_names(side) for t in split_person(n)[1] if len(t) > 2}
    out = {f"w:{t}" for n in side.names for t in content_words(n) if len(t) > 2}
    return out | {f"lex:{e}" for n in side.names for e in lexicon_ids(side.type, n)}


# -- people ---------------------------------------------------------------------------


def _full_names(side: Side) -> list[str]:
    return [n for n in side.names if not is_nickname(n) and len(person_tokens(n)) >= 2]


def is_nickname(text: str) -> bool:
    """ "El Mencho", "La Gaviota", "Z-40": an alias, not a name."""
    words = name_key(text).split()
    return bool(words) and (words[0] in ("el", "la") or any(map(str.isdigit, words)))


def _nicknames(side: Side) -> set[str]:
    return {nick_key(n) for n in side.names if is_nickname(n)}


def generational(name: str) -> bool:
    """ "Jr.", "hijo", "III" in a name: the son (or the father) of a namesake."""
    return any(t in SON_MARKS for t in person_tokens(name))


def diminutive_of(a: str, b: str) -> bool:
    """ "menchito" of "mencho", "chapitos" of "chapo"."""
    for x, y in ((a, b), (b, a)):
        m = _DIMINUTIVE.search(x)
        if m and x != y and x[: m.start()].rstrip("c") == y.rstrip("aeiosu").rstrip("c"):
            return True
    return False


def _people(a: Side, b: Side) -> Verdict | None:
    nicks_a, nicks_b = _nicknames(a), _nicknames(b)
    if nicks_a and nicks_b and not nicks_a & nicks_b:
        return None  # "El Mencho" and "El Menchito": never the same man
    if any(diminutive_of(x, y) for x in nicks_a for y in nicks_b):
        return None  # sharing one nickname does not make "El Chapo" one of "Los Chapitos"
    # The canonical names alone: extracted aliases of people are too noisy to pair them.
    if is_anonymised(a.name) or is_anonymised(b.name) or not (_full_names(a) and _full_names(b)):
        return None  # 'José “N”' in two releases is rarely one man
    if a.name not in _full_names(a) or b.name not in _full_names(b):
        return None
    best = _person_names(a.name, b.name)
    if best is not None and nicks_a & nicks_b:
        best.reasons.append("same nickname")
    return best if best is not None and best.score >= MIN_SCORE else None


def _person_names(x: str, y: str) -> Verdict | None:
    if generational(x) != generational(y):
        return None  # "Jr." or "hijo" on one side: the son of the other
    gx, sx, _ = split_person(x)
    gy, sy, _ = split_person(y)
    if name_key(x) == name_key(y) and sx and sy:
        return Verdict(1.0, ["same name"])
    return person_parts(gx, sx, gy, sy)


def person_parts(gx: list[str], sx: list[str], gy: list[str], sy: list[str]) -> Verdict | None:
    """Two people's names compared as given names and surnames (keys, in order): the
    score with its reasons, or None when they name two people."""
    if not sx or not sy:
        return None
    if gx == gy and sx == sy:
        return Verdict(1.0, ["same name"])
    sur = _similarity(sx, sy)
    reasons = ["same surnames" if sx == sy else "surnames alike"]
    if sur < SAME_PART and _paternal_only(sx, sy):
        # "Heriberto Lazcano" for "Heriberto Lazcano Lazcano": only with the same given names.
        if gx != gy:
            return None
        sur, reasons = SECOND_SURNAME_MISSING, ["second surname missing on one side"]
    elif sur < SAME_PART:
        return None  # another surname: a brother, a father, a cousin
    if gx and gy and (set(gx) < set(gy) or set(gy) < set(gx)) and gx[-1] == gy[-1]:
        given, reason = GIVEN_SUBSET, "given-name subset"
    elif gx and gy:
        given = _similarity(gx, gy)
        if given < SAME_PART:
            return None  # other given names: another member of the family
        reason = "same given names" if gx == gy else "given names alike"
    else:
        return None  # a bare surname ("Beltrán Leyva") names a whole family
    reasons.append(reason)
    return Verdict(round(0.5 * sur + 0.5 * given, 2), reasons)


def _paternal_only(x: list[str], y: list[str]) -> bool:
    """One side gives the first (paternal) surname alone, the other both."""
    short, long_ = sorted((x, y), key=len)
    return len(short) == 1 and len(long_) == 2 and short[0] == long_[0]


def _similarity(x: list[str], y: list[str]) -> float:
    """Share of the two lists' name parts that align (``rigour``: typo-tolerant)."""
    # Parts built from the folded tokens: rigour's own name analysis would load its
    # taggers (seconds) for what the keys already did.
    aligned = compare_parts(
        [NamePart(t, i) for i, t in enumerate(x)], [NamePart(t, i) for i, t in enumerate(y)]
    )
    weight = sum(al.weight for al in aligned)
    return sum(al.score * al.weight for al in aligned) / weight if weight else 0.0


# -- groups and other organisations ---------------------------------------------------


# What the reasons call each type's lexicon (extract/lexicons: groups.csv, state_bodies.csv...).
LEXICONS = {
    "criminal_group": "group lexicon",
    "state_body": "lexicon of state bodies",
    "organization": "lexicon of organisations",
}


def content_words(name: str) -> list[str]:
    """A group name's words without articles and particles ("Cártel del Golfo" -> cartel golfo)."""
    return [w for w in name_key(name).split() if w not in PARTICLES and w not in ARTICLES]


@cache
def _lexicon_index() -> dict[tuple[str, str], frozenset[str]]:
    """(type, content words) -> ids of the lexicon entries with a name of those words."""
    from redes.extract.lexicon import load

    index: dict[tuple[str, str], set[str]] = {}
    for entry in load().entries.values():
        for alias in [entry.name, *entry.aliases]:
            index.setdefault((entry.type, " ".join(content_words(alias))), set()).add(entry.id)
    return {k: frozenset(v) for k, v in index.items()}


def lexicon_ids(type_: str, name: str) -> frozenset[str]:
    return _lexicon_index().get((type_, " ".join(content_words(name))), frozenset())


def _lexicon_name(entry_id: str) -> str:
    from redes.extract.lexicon import load

    entry = load().entries.get(entry_id)
    return entry.name if entry else entry_id


def _qualifiers() -> frozenset[str]:
    from redes.extract.lexicon import word_list

    return word_list("group_qualifiers.txt")


def _groups(a: Side, b: Side) -> Verdict | None:
    best: Verdict | None = None
    for na in a.names:
        for nb in b.names:
            v = group_names(a.type, na, nb)
            if v is None:
                continue
            if (na, nb) != (a.name, b.name):
                # Extracted aliases are noisy: a match through one is a question, not a merge.
                alias = na if na != a.name else nb
                v = Verdict(min(v.score, ALIAS_MATCH), [*v.reasons, f"through the alias {alias!r}"])
            if best is None or v.score > best.score:
                best = v
    return best


def group_names(type_: str, x: str, y: str) -> Verdict | None:
    cx, cy = content_words(x), content_words(y)
    if not cx or not cy:
        return None
    if cx == cy:
        same = name_key(x) == name_key(y)
        return Verdict(1.0 if same else 0.98, ["same name" if same else "same name but for particles"])
    ix, iy = lexicon_ids(type_, x), lexicon_ids(type_, y)
    if ix & iy:
        lexicon = LEXICONS.get(type_, "lexicon")
        # Names of one curated entry and of no other are that entry, as extraction reads
        # them ("Secretaría de la Marina", "Mexican Navy"); a name of several is a question.
        score = AUTO_MERGE if len(ix) == 1 and ix == iy else LEXICON_SHARED
        return Verdict(score, [f"both names of {_lexicon_name(min(ix & iy))} in the {lexicon}"])
    if type_ != "criminal_group":
        return None  # "Mexican" makes another attorney general's office
    q = _qualifiers()
    bx, by = [w for w in cx if w not in q], [w for w in cy if w not in q]
    if bx and bx == by and len(bx) >= 2:
        extra = sorted(set(cx) ^ set(cy))
        return Verdict(0.9, [f"same name but for {', '.join(extra)}"])
    return None


def key_words(key: str) -> set[str]:
    """Words that every name with the blocking key ``key`` has among the words of its
    ``name_key``: the word itself ("s:", "w:"), the longest word of a nickname ("n:"), and
    for a lexicon entry ("lex:") the longest word of each of its names. A name that has
    none of them cannot have the key, so the store can be searched by word for the
    entities that may share a block with a few others (``redes.kb.merges``)."""
    kind, _, rest = key.partition(":")
    if kind != "lex":
        words = rest.split()
        return {max(words, key=len)} if words else set()
    return {max(ws, key=len) for ws in _lexicon_words().get(rest, ()) if ws}


@cache
def _lexicon_words() -> dict[str, list[list[str]]]:
    """Lexicon entry id -> the content words of each of its names."""
    out: dict[str, list[list[str]]] = {}
    for (_, words), ids in _lexicon_index().items():
        for i in ids:
            out.setdefault(i, []).append(words.split())
    return out


def pairs(sides: Iterable[tuple[int, Side]], max_block: int | None = None) -> Iterable[tuple[int, int, Verdict]]:
    """Every candidate pair (ids in order) among ``sides``, blocked by shared surnames,
    words or lexicon entries; a block larger than ``max_block`` (a common surname, the
    word "cartel") is too unspecific alone to propose pairs (``MAX_BLOCK`` by default, read
    at each call)."""
    max_block = MAX_BLOCK if max_block is None else max_block
    sides = list(sides)
    by_id = dict(sides)
    blocks: dict[tuple[str, str], list[int]] = {}
    for i, side in sides:
        for k in blocking_keys(side):
            blocks.setdefault((side.type, k), []).append(i)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                pair = (min(i, j), max(i, j))
                if pair in seen:
                    continue
                seen.add(pair)
                v = compare(by_id[pair[0]], by_id[pair[1]])
                if v is not None:
                    yield pair[0], pair[1], v
