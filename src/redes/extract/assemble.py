"""Choosing among overlapping candidates, and grouping the survivors into entities.

``select`` keeps, greedily, the longest candidates (then the most trusted rule); a
nickname may stay nested inside the name it belongs to. A longer candidate that
swallows a lexicon match of the same type inherits its identity when that is safe
("Rosa Icela Rodríguez Velázquez" contains the alias "Rosa Icela Rodríguez"), but
"Joaquín Guzmán López" never inherits "Joaquín Guzmán" (his father): every token of
the longer name must belong to the known person's names.

``assemble`` unites candidates that are linked, share a lexicon id, or are written
the same way, and builds one ``ExtractedEntity`` per group.
"""

from __future__ import annotations

from redes.extract.doc import Candidate, Doc
from redes.extract.lexicon import given_names, load
from redes.extract.model import ENTITY_TYPES, ExtractedEntity, Span
from redes.extract.normalize import key

_SUFFIX_OK = frozenset("organization organizacion cartel group u s us united states the".split())


def select(doc: Doc) -> list[Candidate]:
    cands = sorted(doc.candidates, key=lambda c: (-(c.j - c.i), -c.priority, c.start))
    owner: dict[int, Candidate] = {}
    kept: list[Candidate] = []
    replaced: dict[int, Candidate] = {}
    for c in cands:
        if not c.alive:
            continue  # withdrawn by a later stage
        if owner.keys().isdisjoint(range(c.i, c.j)):
            for k in range(c.i, c.j):
                owner[k] = c
            kept.append(c)
            continue
        blockers = {id(owner[k]): owner[k] for k in range(c.i, c.j) if k in owner}
        c.alive = False
        for b in blockers.values():
            if (b.start, b.end) == (c.start, c.end) and b.type == c.type:
                replaced[id(c)] = b
                if b.key is None and c.key is not None:
                    b.key, b.name = c.key, c.name
                if c.role == "nick" and b.role == "name":
                    b.role = "nick"
            elif c.nested_ok and (b.type == c.type or b.rule == "administration"):
                c.alive = True
                kept.append(c)
                break
            elif c.key and b.type == c.type and b.key is None and b.start <= c.start and c.end <= b.end:
                if _can_inherit(doc, b, c):
                    b.key, b.name = c.key, c.name
    # Links to a replaced candidate go to its replacement.
    doc.links = [(replaced.get(id(a), a), replaced.get(id(b), b)) for a, b in doc.links]
    return [c for c in kept if c.alive]


def _can_inherit(doc: Doc, longer: Candidate, inner: Candidate) -> bool:
    words = doc.tokens.words
    extra = words[longer.i : inner.i] + words[inner.j : longer.j]
    if longer.type != "person":
        return all(w in _SUFFIX_OK for w in extra)
    entry = load().entry(inner.key or "")
    if entry is None:
        return False
    known = set(key(" ".join([entry.name, *entry.aliases])).split())
    return all(w in known for w in words[longer.i : longer.j])


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        p = self.parent.setdefault(x, x)
        while p != self.parent.setdefault(p, p):
            self.parent[x] = self.parent[p]
            x, p = p, self.parent[p]
        return p

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def assemble(doc: Doc, kept: list[Candidate]) -> list[ExtractedEntity]:
    text = doc.text
    uf = _UnionFind()
    pos = {id(c): n for n, c in enumerate(kept)}
    by_key: dict[tuple[str, str], int] = {}
    nicks = _linked_nicknames(doc)
    # What the text ties together first ("X, aka Y"; a nickname after its name), so that a
    # surface written twice can be checked against the people each occurrence belongs to.
    for a, b in doc.links:
        na, nb = pos.get(id(a)), pos.get(id(b))
        if na is not None and nb is not None and a.type == b.type:
            uf.union(na, nb)
    names = _full_names(doc, kept, uf)
    for n, c in enumerate(kept):
        uf.find(n)
        ident = ("id", c.key) if c.key else ("text", c.type + "|" + key(text[c.start : c.end]))
        if c.rule == "name-n":
            # Two 'Jesús “N”' are one person only when no nickname tells them apart.
            ident = (ident[0], ident[1] + "|" + "|".join(sorted(nicks.get(id(c), ()))))
        if ident not in by_key:
            by_key[ident] = n
        elif c.key or not _apart(names, uf.find(by_key[ident]), uf.find(n)):
            # A nickname two people share ("Licenciado" for Lazcano and for Cárdenas Guillén
            # in one list) does not make them one: their full names have no word in common.
            ra, rb = uf.find(by_key[ident]), uf.find(n)
            uf.union(ra, rb)
            if ra != rb:
                names[uf.find(ra)] = names.pop(ra, []) + names.pop(rb, [])
        if c.key:
            # A keyed candidate also claims unkeyed ones written like its canonical name.
            by_key.setdefault(("text", c.type + "|" + key(c.name or "")), n)
    # A bare 'Miguel Ángel “N”' is the one introduced with a nickname, if only one was.
    signed: dict[str, set[str]] = {}
    first: dict[tuple[str, str], int] = {}
    for n, c in enumerate(kept):
        if c.rule == "name-n":
            surface = key(text[c.start : c.end])
            sig = "|".join(sorted(nicks.get(id(c), ())))
            signed.setdefault(surface, set()).add(sig)
            first.setdefault((surface, sig), n)
    for surface, sigs in signed.items():
        named = sigs - {""}
        if "" in sigs and len(named) == 1:
            uf.union(first[(surface, next(iter(named)))], first[(surface, "")])
    groups: dict[int, list[Candidate]] = {}
    for n, c in enumerate(kept):
        groups.setdefault(uf.find(n), []).append(c)
    entities: list[ExtractedEntity] = []
    for members in sorted(groups.values(), key=lambda m: min(c.start for c in m)):
        if members[0].type not in ENTITY_TYPES:
            continue  # blockers such as named plans and operations
        members.sort(key=lambda c: c.start)
        ent = _entity(doc, members, len(entities) + 1)
        if ent is not None:
            entities.append(ent)
    return entities


def _full_names(doc: Doc, kept: list[Candidate], uf: _UnionFind) -> dict[int, list[set[str]]]:
    """The words of each group's full person names (two words or more, not a nickname), by
    the group's root."""
    out: dict[int, list[set[str]]] = {}
    for n, c in enumerate(kept):
        if c.type == "person" and c.role == "name" and c.rule != "name-n":
            words = set(key(doc.text[c.start : c.end]).replace("-", " ").split())
            if len(words) >= 2:
                out.setdefault(uf.find(n), []).append(words)
    return out


def _apart(names: dict[int, list[set[str]]], ra: int, rb: int) -> bool:
    """Whether two groups are two people: each has full names, and none of one group's
    shares a word with any of the other's."""
    a, b = names.get(ra), names.get(rb)
    return bool(a and b) and ra != rb and not any(x & y for x in a for y in b)


def _linked_nicknames(doc: Doc) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for a, b in doc.links:
        if b.role == "nick":
            out.setdefault(id(a), set()).add(
                key(doc.text[b.start : b.end]).removeprefix("el ").removeprefix("la ")
            )
    return out


def _entity(doc: Doc, members: list[Candidate], n: int) -> ExtractedEntity | None:
    text = doc.text
    if members[0].type == "person" and not any(c.key for c in members):
        words = {w for c in members for w in doc.tokens.words[c.i : c.j]}
        nick = any(c.role == "nick" or c.rule == "name-n" for c in members)
        # A lone given name ("Carlos") or a letter is not enough to name a person.
        if not nick and (all(len(w) == 1 for w in words) or (len(words) == 1 and words <= given_names())):
            return None
    keyed = [c for c in members if c.key]
    type_ = members[0].type
    ent_key = None
    name = None
    if keyed:
        # The most trusted identity: a full name's over a nickname's.
        best = max(keyed, key=lambda c: (c.role == "name", c.priority, c.end - c.start))
        ent_key, name = best.key, best.name
    if name is None:
        names = [c for c in members if c.role == "name"] or members
        best = max(names, key=lambda c: (c.priority >= 3, c.end - c.start))
        name = best.name or text[best.start : best.end]
    spans = [Span(c.start, c.end, text[c.start : c.end]) for c in members]
    aliases: list[str] = []
    for s in spans:
        if s.text != name and s.text not in aliases:
            aliases.append(s.text)
    return ExtractedEntity(
        local_id=f"e{n}", type=type_, name=name, mentions=spans, aliases=aliases, key=ent_key
    )
