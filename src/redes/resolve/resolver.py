"""Cross-document entity resolution: one id for one real-world entity across documents.

The resolver holds the known entities (seeded from the curated lexicons, from the
store, or both) and, for each new document's ``ExtractedEntity`` list, returns the
global id, canonical name and aliases of every local entity, creating new entities
when nothing known matches. Matching, in order:

1. the lexicon id the extractor attached (``ExtractedEntity.key``);
2. exact keys (accents, case, hyphens and punctuation ignored) of strong names:
   full names for people, multi-word names and acronyms for the rest;
3. for people, a name whose tokens are a subset of a known person's name and share
   the first given name ("Carlos Flores Pérez" ~ "Carlos Antonio Flores Pérez");
4. rapidfuzz similarity, blocked by shared tokens, for misspellings of long names.

Guards keep apart what must stay apart: different first given names ("Rubén Oseguera"
is not "Nemesio Rubén Oseguera Cervantes"), a generational suffix on one side only
("Jr."), different nicknames ("El Mencho" vs "El Menchito"), a bare shared surname,
and human "no merge" judgements. Every decision is recorded in ``judgements``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from redes.extract.companies import without_form
from redes.extract.model import ExtractedEntity
from redes.extract.normalize import slug
from redes.resolve.keys import is_acronym, is_anonymised, name_key, nick_key, person_tokens, split_person

FUZZY_THRESHOLD = 94.0


@dataclass
class KnownEntity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    nicknames: set[str] = field(default_factory=set)  # nick keys
    tokens: set[str] = field(default_factory=set)  # person: every name token seen
    first_given: str | None = None
    generational: bool = False
    # Names whose every effect of learning them outside the lexicon is in place, so that
    # the names a document repeats are not worked out again (``Resolver._add_name``).
    learned: set[str] = field(default_factory=set, repr=False, compare=False)


@dataclass
class Resolved:
    id: str
    name: str
    type: str
    aliases: list[str]
    created: bool
    reason: str


@dataclass
class Judgement:
    local: str  # the document entity's name
    target: str  # the global id it was compared with
    decision: str  # "merge" | "new" | "no-merge"
    reason: str
    score: float = 0.0


def _exact_key(type_: str, name: str) -> str:
    """The key a name is looked up by: a company's without its legal form, so that
    "X, S.A. de C.V.", "X SA DE CV" and "X" in three documents are one company."""
    return name_key(without_form(name) if type_ == "organization" else name)


class Resolver:
    def __init__(self, known: Iterable[KnownEntity | tuple] = (), lexicon: bool = True) -> None:
        self.entities: dict[str, KnownEntity] = {}
        self._exact: dict[tuple[str, str], set[str]] = {}
        self._blocks: dict[tuple[str, str], set[str]] = {}
        self._nicks: dict[str, set[str]] = {}
        # A name several known entities share equally -> the entity made for it the first time.
        self._ambiguous: dict[tuple[str, str], str] = {}
        self.judgements: list[Judgement] = []
        if lexicon:
            self._seed_lexicon()
        for k in known:
            if isinstance(k, KnownEntity):
                self.add(k.id, k.type, k.name, k.aliases)
            else:
                self.add(*k)

    # -- the known side -------------------------------------------------------------

    def _seed_lexicon(self) -> None:
        from redes.extract.lexicon import load

        for entry in load().entries.values():
            self.add(entry.id, entry.type, entry.name, entry.aliases, lexicon=True)

    def add(
        self, id: str, type: str, name: str, aliases: Iterable[str] = (), lexicon: bool = False
    ) -> KnownEntity:
        """Make an entity known (or add names to a known one)."""
        ent = self.entities.get(id)
        if ent is None:
            ent = KnownEntity(id, type, name)
            self.entities[id] = ent
            if type == "person":
                given, _, gen = split_person(name)
                ent.first_given = given[0] if given else None
                ent.generational = gen
        for alias in [name, *aliases]:
            self._add_name(ent, alias, lexicon)
        return ent

    def _add_name(self, ent: KnownEntity, alias: str, lexicon: bool) -> None:
        # Learning a name again changes nothing.
        if not lexicon and alias in ent.learned:
            return
        ent.learned.add(alias)
        k = _exact_key(ent.type, alias)
        if not k:
            return
        if alias != ent.name and alias not in ent.aliases:
            ent.aliases.append(alias)
        if ent.type == "person":
            toks = person_tokens(alias)
            if _is_nickname(alias):
                nk = nick_key(alias)
                ent.nicknames.add(nk)
                self._nicks.setdefault(nk, set()).add(ent.id)
                if not lexicon:
                    return
            elif len(toks) >= 2:
                ent.tokens.update(toks)
                for t in toks:
                    self._blocks.setdefault((ent.type, t), set()).add(ent.id)
            if len(toks) < 2 and not lexicon:
                return  # a bare surname identifies nobody across documents
        else:
            for t in k.split():
                if len(t) > 2:
                    self._blocks.setdefault((ent.type, t), set()).add(ent.id)
        self._exact.setdefault((ent.type, k), set()).add(ent.id)

    # -- resolving a document -------------------------------------------------------

    def resolve(self, entities: list[ExtractedEntity]) -> dict[str, Resolved]:
        """Global identity of each local entity (by ``local_id``); known entities learn
        the new names, new entities become known."""
        out: dict[str, Resolved] = {}
        claimed: set[str] = set()
        # Keyed and longer-named entities first, so they claim their ids before partials.
        order = sorted(entities, key=lambda e: (e.key is None, -len(e.name)))
        for ent in map(_Local, order):
            target, reason, score = self._match(ent, claimed)
            if target is None:
                gid = self._new_id(ent)
                known = self.add(gid, ent.type, ent.name)
                if reason == "ambiguous name":
                    self._ambiguous[(ent.type, name_key(ent.name))] = gid
                created = True
                self.judgements.append(Judgement(ent.name, gid, "new", reason, score))
            else:
                known = self.entities[target]
                created = False
                self.judgements.append(Judgement(ent.name, target, "merge", reason, score))
            for s in ent.names:
                self._add_name(known, s, lexicon=False)
            claimed.add(known.id)
            out[ent.local_id] = Resolved(
                known.id, known.name, known.type, list(known.aliases), created, reason
            )
        return out

    def _match(self, ent: _Local, claimed: set[str]) -> tuple[str | None, str, float]:
        if ent.key and ent.key in self.entities and self.entities[ent.key].type == ent.type:
            if self._compatible(ent, self.entities[ent.key]):
                return ent.key, "lexicon id", 100.0
        if ent.type == "person" and _anonymised(ent):
            # 'Jesús “N”' in two releases is rarely the same man: only a known nickname links them.
            return None, "anonymised name", 0.0
        votes: dict[str, int] = {}
        for s in ent.strong:
            # A full name outweighs a nickname: "X, El Halconcito" is X, whoever the
            # nickname was split off to.
            weight = 1 if _is_nickname(s) else 2
            for gid in self._exact.get((ent.type, _exact_key(ent.type, s)), ()):
                votes[gid] = votes.get(gid, 0) + weight
        ranked = sorted(votes, key=lambda g: (-votes[g], g))
        compatible = [g for g in ranked if self._compatible(ent, self.entities[g])]
        for gid in ranked:
            if gid not in compatible:
                self.judgements.append(Judgement(ent.name, gid, "no-merge", "guard", 100.0))
        if compatible:
            tied = [g for g in compatible if votes[g] == votes[compatible[0]]]
            if len(tied) > 1:
                # "Cuauhtémoc" names municipalities in three states: none is chosen by chance,
                # and every later "Cuauhtémoc" joins the one entity made for the name.
                earlier = self._ambiguous.get((ent.type, name_key(ent.name)))
                if earlier in self.entities:
                    return earlier, "ambiguous name, as before", 100.0
                self.judgements.append(Judgement(ent.name, ",".join(tied), "no-merge", "ambiguous", 100.0))
                return None, "ambiguous name", 0.0
            return tied[0], "exact name", 100.0
        if ent.type == "person":
            gid = self._person_subset(ent)
            if gid:
                return gid, "name subset", 90.0
        return self._fuzzy(ent)

    def _compatible(self, ent: _Local, known: KnownEntity) -> bool:
        if ent.type != "person":
            return True
        nicks = ent.nicks
        if nicks and known.nicknames and not (nicks & known.nicknames) and ent.key != known.id:
            return False
        if ent.full is None:
            return True
        given, _, gen = ent.full
        if gen != known.generational and known.tokens:
            return False
        if given and known.first_given and given[0] != known.first_given and given[0] not in known.tokens:
            return False
        toks = ent.full_tokens
        if known.tokens and not toks <= known.tokens and not known.tokens <= toks:
            return False
        return True

    def _person_subset(self, ent: _Local) -> str | None:
        if ent.full is None:
            return None
        given, sur, gen = ent.full
        toks = set(given) | set(sur)
        if not given or not sur:
            return None
        cands = set.intersection(*(self._blocks.get(("person", t), set()) for t in toks))
        fits = []
        for gid in cands:
            k = self.entities[gid]
            if (
                k.first_given == given[0]
                and toks <= k.tokens
                and k.generational == gen
                and self._compatible(ent, k)
            ):
                fits.append(gid)
        return fits[0] if len(fits) == 1 else None

    def _fuzzy(self, ent: _Local) -> tuple[str | None, str, float]:
        name = name_key(ent.name)
        toks = name.split()
        if len(name) < 10 or is_acronym(ent.name):
            return None, "no match", 0.0
        pool: set[str] = set()
        for t in toks:
            pool |= self._blocks.get((ent.type, t), set())
        best, best_score = None, 0.0
        for gid in pool:
            k = self.entities[gid]
            for alias in [k.name, *k.aliases]:
                ak = name_key(alias)
                if len(ak.split()) != len(toks):
                    continue
                score = fuzz.ratio(name, ak)
                # Equal scores break by id, whatever order the set yields.
                better = score > best_score or (score == best_score and best is not None and gid < best)
                if better and _typo_only(toks, ak.split()):
                    best, best_score = gid, score
        if best and best_score >= FUZZY_THRESHOLD and self._compatible(ent, self.entities[best]):
            return best, "fuzzy", best_score
        return None, "no match", best_score

    def _new_id(self, ent: _Local) -> str:
        base = slug(ent.name)
        gid, n = base, 2
        while gid in self.entities:
            gid = f"{base}-{n}"
            n += 1
        return gid


class _Local:
    """A document's entity as resolution compares it: its names, and what the guards
    read from them, worked out once rather than for each known entity it is compared with."""

    __slots__ = ("local_id", "name", "type", "key", "names", "strong", "nicks", "full", "full_tokens")

    def __init__(self, ent: ExtractedEntity) -> None:
        self.local_id, self.name, self.type, self.key = ent.local_id, ent.name, ent.type, ent.key
        self.names = _names_of(ent)
        self.strong = _strong_names(ent, self.names)
        # For a person: the nicknames among the mentions, and the longest full name's
        # (given names, surnames, generational suffix?) and tokens but "jr" and "sr".
        self.nicks: set[str] = set()
        self.full: tuple[list[str], list[str], bool] | None = None
        self.full_tokens: set[str] = set()
        if ent.type != "person":
            return
        self.nicks = {nick_key(m.text) for m in ent.mentions if _is_nickname(m.text)}
        full = [s for s in self.strong if not _is_nickname(s)]
        if full:
            longest = max(full, key=len)
            self.full = split_person(longest)
            self.full_tokens = set(person_tokens(longest)) - {"jr", "sr"}


def _anonymised(ent: _Local) -> bool:
    return is_anonymised(ent.name)


def _is_nickname(text: str) -> bool:
    """'El Mencho', 'la Tuta', 'Z-40': an alias, not a name."""
    words = name_key(text).split()
    return bool(words) and (words[0] in ("el", "la") or any(map(str.isdigit, words)))


def _strong_names(ent: ExtractedEntity, names: list[str]) -> list[str]:
    """Of the entity's ``names``, those that identify it beyond this document."""
    out = []
    for s in names:
        if ent.type == "person":
            if len(person_tokens(s)) >= 2 or _is_nickname(s):
                out.append(s)
        elif len(name_key(s).split()) >= 2 or is_acronym(s) or s == ent.name:
            out.append(s)
    return out


def _names_of(ent: ExtractedEntity) -> list[str]:
    seen: list[str] = []
    for s in [ent.name, *(m.text for m in ent.mentions)]:
        if s not in seen:
            seen.append(s)
    return seen


def _typo_only(a: list[str], b: list[str]) -> bool:
    """Token by token, the names differ by small misspellings only."""
    from rapidfuzz.distance import Levenshtein

    for x, y in zip(a, b, strict=False):
        if x != y and (x[0] != y[0] or Levenshtein.distance(x, y) > 2 or min(len(x), len(y)) < 5):
            return False
    return True
