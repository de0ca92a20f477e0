"""Cross-referencing (xref): which listed party (a sanctions list's FtM entity) is this
person, group or company of the knowledge base?

The list is indexed once by name words (surnames of people, a.k.a. nicknames, the
content words of organisation names without their legal form, and the group lexicon's
entries), so that each entity is compared with the few listed parties that share a word
with it, never with the whole list. A pair is scored by its names the way
``candidates`` compares two entities of the knowledge base (two surnames, accents,
particles, a first given name left out, the group lexicon's translations; father and son,
brothers and "Jr." never alike), then by the facts both sides state: birth years, a.k.a.
nicknames, nationality, identity numbers (CURP, RFC). Each match keeps those features, so
that a reviewer reads why it was proposed.

A different birth year, a different identity number of the same kind, a diminutive
nickname ("Menchito" of "Mencho") or a generational mark on one side only ("Jr.",
"hijo") rule the pair out: that is how a son or a namesake stays apart from a listing.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rigour.names import remove_org_types

from redes.extract.companies import without_form
from redes.resolve import candidates as cand
from redes.resolve.keys import is_anonymised, name_key, nick_key, person_tokens, split_person

if TYPE_CHECKING:
    from followthemoney import EntityProxy  # annotations only: importing FtM costs 0.4 s

# At or above: proposed as a match (the default threshold of the gold-set figures).
THRESHOLD = 0.85
# A match through a knowledge-base alias (extracted, noisy) rather than its canonical name.
ALIAS_MATCH = 0.9
# A nickname shared and nothing else: a question for a reviewer, never more.
NICKNAME_ONLY = 0.86
# A word that blocks more listed parties than this is too common to propose pairs alone.
MAX_BLOCK = 2000
PERSON = "person"
ORG_TYPES = frozenset({"criminal_group", "organization"})
SCHEMATA = {
    PERSON: frozenset({"Person"}),
    "criminal_group": frozenset({"Organization", "Company", "LegalEntity"}),
    "organization": frozenset({"Organization", "Company", "LegalEntity", "PublicBody"}),
}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# The 18 characters of a Mexican CURP; RFC: 12 (companies) or 13 (people).
_CURP = re.compile(r"^[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d$")
_RFC = re.compile(r"^[A-Z&Ñ]{3,4}\d{6}[A-Z0-9]{3}$")


@dataclass
class Query:
    """A knowledge-base entity: its type, canonical name first among its names, and what
    is known of it (birth years; nationality as country codes or names; identity numbers)."""

    type: str
    name: str
    names: list[str] = field(default_factory=list)
    birth_years: set[int] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.name not in self.names:
            self.names.insert(0, self.name)


@dataclass
class Listed:
    """A listed party as the matcher reads it."""

    id: str
    schema: str
    name: str
    people: list[tuple[list[str], list[str], str]]  # (given names, surnames, name)
    primary: set[str]  # the listed names (the rest of ``people`` are a.k.a.s)
    nicknames: dict[str, str]  # key -> as listed
    orgs: list[str]  # organisation names without legal form
    generational: bool
    birth_years: set[int]
    countries: set[str]
    ids: set[str]
    programs: list[str]


@dataclass
class Match:
    """A listed party proposed for a knowledge-base entity: score, the features behind it
    (``name``, ``alias``, ``birth_year``, ``nationality``, ``id``: what agrees or
    differs), reasons in words, and ``safe`` (strong enough to accept without asking)."""

    list_id: str
    name: str
    score: float
    features: dict[str, str]
    reasons: list[str]
    safe: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "list_id": self.list_id,
            "name": self.name,
            "score": self.score,
            "features": self.features,
            "reasons": self.reasons,
            "safe": self.safe,
        }


# -- reading list entities -------------------------------------------------------------


def _values(proxy: EntityProxy, prop: str) -> list[str]:
    return proxy.get(prop, quiet=True) if proxy.schema.get(prop) else []


def _is_nickname(text: str) -> bool:
    words = name_key(text).split()
    return len(words) == 1 or (len(words) > 1 and words[0] in ("el", "la", "los", "las"))


def _person_name(text: str) -> tuple[list[str], list[str], str] | None:
    """(given names, surnames, name) of a listed person's name: OFAC writes
    "OSEGUERA CERVANTES, Nemesio"; other lists "Nemesio Oseguera Cervantes"."""
    if "," in text:
        last, first = text.split(",", 1)
        given, sur = person_tokens(first), person_tokens(last)
    else:
        given, sur, _ = split_person(text)
    given = [t for t in given if t not in cand.SON_MARKS]
    sur = [t for t in sur if t not in cand.SON_MARKS]
    return (given, sur, text) if sur else None


def listed(proxy: EntityProxy) -> Listed:
    """What the matcher needs of one FtM entity of a list."""
    names = _values(proxy, "name")
    aliases = [*_values(proxy, "alias"), *_values(proxy, "weakAlias"), *_values(proxy, "previousName")]
    person = proxy.schema.is_a("Person")
    people: list[tuple[list[str], list[str], str]] = []
    nicknames: dict[str, str] = {}
    orgs: list[str] = []
    if person:
        first, last = _values(proxy, "firstName"), _values(proxy, "lastName")
        if first and last:
            people.append((person_tokens(first[0]), person_tokens(last[0]), names[0] if names else last[0]))
        for n in [*names, *aliases]:
            if _is_nickname(n) and n not in names:
                nicknames.setdefault(nick_key(n), n)
            elif (parts := _person_name(n)) and parts[:2] not in [p[:2] for p in people]:
                people.append(parts)
    else:
        orgs = [n for n in (_org_name(x) for x in [*names, *aliases]) if n]
    years = {int(y) for d in _values(proxy, "birthDate") for y in _YEAR.findall(d)}
    countries = {c.lower() for c in [*_values(proxy, "nationality"), *_values(proxy, "citizenship")]}
    return Listed(
        id=proxy.id or "",
        schema=proxy.schema.name,
        name=proxy.caption,
        people=people,
        nicknames=nicknames,
        orgs=orgs,
        primary=set(names),
        generational=any(cand.generational(n) for n in names),
        birth_years=years,
        countries=countries,
        ids={id_key(i) for i in [*_values(proxy, "idNumber"), *_values(proxy, "taxNumber")]},
        programs=_values(proxy, "program"),
    )


def _org_name(text: str) -> str:
    """An organisation's name without its legal form ("S.A. de C.V.", "LTDA."): the forms of
    ``redes.extract.companies`` first ("SAPI DE CV", "A.C.", which rigour's table misses),
    then rigour's."""
    return " ".join(remove_org_types(without_form(text)).replace(",", " ").split())


def id_key(text: str) -> str:
    """An identity or tax number as lists and claims are compared: upper case, no separators."""
    return re.sub(r"[^A-Z0-9Ñ&]", "", text.upper())


def _id_kind(key: str) -> str:
    return "CURP" if _CURP.match(key) else "RFC" if _RFC.match(key) else "id"


# -- blocking -------------------------------------------------------------------------


def _keys_person(people: Iterable[tuple[list[str], list[str], Any]], nicks: Iterable[str]) -> set[str]:
    out = {f"s:{t}" for _, sur, _ in people for t in sur if len(t) > 2}
    return out | {f"n:{k}" for k in nicks if k}


def _keys_org(type_: str, names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for n in names:
        out |= {f"w:{t}" for t in cand.content_words(n) if len(t) > 2}
        if type_ == "criminal_group":
            out |= {f"lex:{e}" for e in cand.lexicon_ids(type_, n)}
    return out


class Index:
    """A list's parties, blocked by name words for ``match``."""

    def __init__(self, proxies: Iterable[EntityProxy]) -> None:
        self.parties: list[Listed] = []
        self.blocks: dict[str, list[int]] = defaultdict(list)
        for proxy in proxies:
            if not proxy.schema.is_a("LegalEntity"):
                continue  # vessels and aircraft: nothing in the documents to match
            item = listed(proxy)
            i = len(self.parties)
            self.parties.append(item)
            if item.schema == "Person":
                keys = _keys_person(item.people, item.nicknames)
            else:
                keys = _keys_org("criminal_group", item.orgs)
            for k in keys:
                self.blocks[k].append(i)

    def __len__(self) -> int:
        return len(self.parties)

    def keys(self, q: Query) -> set[str]:
        """The blocking words of ``q`` that ``candidates`` looks up."""
        if q.type == PERSON:
            return _keys_person(_query_people(q), _query_nicknames(q))
        if q.type in ORG_TYPES:
            return _keys_org(q.type, [_org_name(n) for n in q.names])
        return set()

    def party_keys(self, party: Listed) -> set[str]:
        """The blocking words of a listed party that ``candidates`` uses (a word that
        blocks more than ``MAX_BLOCK`` parties is too common to propose pairs)."""
        if party.schema == "Person":
            keys = _keys_person(party.people, party.nicknames)
        else:
            keys = _keys_org("criminal_group", party.orgs)
        return {k for k in keys if len(self.blocks.get(k, ())) <= MAX_BLOCK}

    def candidates(self, q: Query) -> list[Listed]:
        """The listed parties that share a blocking word with ``q``."""
        keys = self.keys(q)
        if not keys:
            return []
        schemata = SCHEMATA[q.type]
        seen: set[int] = set()
        for k in keys:
            members = self.blocks.get(k, ())
            if len(members) <= MAX_BLOCK:
                seen.update(members)
        return [p for i in sorted(seen) if (p := self.parties[i]).schema in schemata]

    def match(self, q: Query, threshold: float = THRESHOLD) -> list[Match]:
        """The listed parties that may be ``q``, best first (scores at least
        ``threshold``); the best is ``safe`` only when no other comes close."""
        found = [m for p in self.candidates(q) if (m := compare(q, p)) and m.score >= threshold]
        if sum(m.features["name"].startswith("nickname only") for m in found) > 1:
            # A nickname several listed people share ("El Ingeniero"): names no one.
            found = [m for m in found if not m.features["name"].startswith("nickname only")]
        found.sort(key=lambda m: (-m.score, m.list_id))
        if found and not _through_alias(found[0]):
            # The canonical name names a listed party: what an extracted alias matches
            # besides is likelier the extraction's noise than a second identity.
            found = [found[0], *(m for m in found[1:] if not _through_alias(m))]
        if len(found) > 1 and found[0].safe and found[1].score >= found[0].score - 0.05:
            found[0].safe = False  # two listings as likely: a reviewer decides
        for m in found[1:]:
            m.safe = False
        return found


def _through_alias(m: Match) -> bool:
    return any(r.startswith("through the alias") for r in m.reasons)


# -- comparing ------------------------------------------------------------------------


_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{2,})[\"“”«»]")


def _query_people(q: Query) -> list[tuple[list[str], list[str], str]]:
    """(given names, surnames, name) of the entity's full names (a quoted nickname in a
    name, 'Joaquin "el Chapo" Guzman-Loera', left out); given names may be unknown ([])."""
    out = []
    for n in q.names:
        if cand.is_nickname(n) or is_anonymised(n):
            continue  # 'Jesús “N”': the surnames are withheld
        bare = _QUOTED.sub(" ", n)
        if len(person_tokens(bare)) < 2:
            continue
        given, sur, _ = split_person(bare)
        if sur:
            out.append((given, sur, n))
    return out


def _query_nicknames(q: Query, bare: bool = False) -> set[str]:
    """Nicknames: "El Mencho", a quoted one in a name; ``bare``: one-word names too
    ("Mencho"), which may as well be a surname, so they only confirm a name."""
    out = {nick_key(n) for n in q.names if cand.is_nickname(n)}
    out |= {nick_key(m) for n in q.names if not is_anonymised(n) for m in _QUOTED.findall(n)}
    if bare:
        words = (name_key(n).split() for n in q.names if not is_anonymised(n))
        out |= {w[0] for w in words if len(w) == 1 and w[0] not in _common_given()}
    return out


def _query_given(q: Query) -> set[str]:
    """Given names the entity is known by, from anonymised names ('Rubén “N”') too."""
    out = {t for given, _, _ in _query_people(q) for t in given}
    for n in q.names:
        tokens = [t for t in person_tokens(n) if len(t) > 1]
        if is_anonymised(n) or (len(tokens) == 1 and not cand.is_nickname(n)):
            out |= set(tokens)  # 'Rubén “N”', 'Marcelino'
    return out


def _names_alike(
    given: list[str], sur: list[str], text: str, pg: list[str], ps: list[str]
) -> cand.Verdict | None:
    """One of the entity's full names against one listed name (given names, surnames)."""
    tokens = person_tokens(_QUOTED.sub(" ", text))
    if tokens == [*pg, *ps]:
        return cand.Verdict(1.0, ["same name"])
    if not given and len(tokens) > len(ps) and tokens[-len(ps) :] == ps:
        given, sur = tokens[: -len(ps)], ps  # a first name the lexicon does not know
    v = cand.person_parts(given, sur, pg, ps)
    if v is None and sur == ps and len(ps) >= 2 and given and pg:
        # A middle name left out ("Nemesio Rubén" for "Nemesio"): both surnames must agree.
        if set(given) < set(pg) or set(pg) < set(given):
            v = cand.Verdict(0.88, ["same surnames", "given-name subset"])
    return v


@cache
def _common_given() -> frozenset[str]:
    from redes.extract.lexicon import given_names

    return frozenset(given_names())


def compare(q: Query, p: Listed) -> Match | None:
    """The match of ``q`` with the listed party ``p``, or None when they are two."""
    if p.schema not in SCHEMATA.get(q.type, ()):
        return None
    if q.type == PERSON:
        return _person(q, p)
    return _org(q, p)


def _person(q: Query, p: Listed) -> Match | None:
    features: dict[str, str] = {}
    reasons: list[str] = []
    if any(cand.generational(n) for n in q.names if not cand.is_nickname(n)) != p.generational:
        return None  # "Jr." or "hijo" on one side only: the son of the other
    nicks = _query_nicknames(q)
    if any(cand.diminutive_of(a, b) for a in nicks for b in p.nicknames):
        return None  # "Menchito" is the son of "Mencho"
    shared_nicks = sorted(nicks & set(p.nicknames))
    confirming = sorted(_query_nicknames(q, bare=True) & set(p.nicknames))
    # Facts that rule the pair out: another birth year, another number of the same kind.
    if q.birth_years and p.birth_years:
        if not any(abs(a - b) <= 1 for a in q.birth_years for b in p.birth_years):
            return None
        features["birth_year"] = "agrees"
        reasons.append(f"born {min(p.birth_years)}")
    same_id = q.ids & p.ids
    if same_id:
        key = min(same_id)
        features["id"] = f"same {_id_kind(key)}"
        reasons.append(f"same {_id_kind(key)} {key}")
    elif {_id_kind(i) for i in q.ids} & {_id_kind(i) for i in p.ids} - {"id"}:
        return None  # two CURPs (or RFCs) that differ: two people
    best: cand.Verdict | None = None
    via = None
    people = _query_people(q)
    for given, sur, text in people:
        for pg, ps, ptext in p.people:
            v = _names_alike(given, sur, text, pg, ps)
            if v is None:
                continue
            if text != q.name:  # an extracted alias: noisy, a question at most
                v = cand.Verdict(min(v.score, ALIAS_MATCH), [*v.reasons, f"through the alias {text!r}"])
            elif ptext not in p.primary:  # a listed a.k.a. ('Tony Montana'), not the name
                v = cand.Verdict(min(v.score, ALIAS_MATCH), [*v.reasons, "through a listed a.k.a."])
            if best is None or v.score > best.score:
                best, via = v, ptext
    if best is not None:
        score = best.score
        features["name"] = ", ".join(best.reasons)
        reasons[:0] = [*best.reasons, f"listed as {via!r}"]
    elif shared_nicks and not people and not same_id:
        # A nickname alone ("El Mencho" a.k.a. 'Mencho'), never a common given name, and
        # only when the given names known of the entity are the listed person's.
        if any(k in _common_given() for k in shared_nicks):
            return None
        given = _query_given(q)
        if given and not any(given <= set(pg) for pg, _, _ in p.people):
            return None
        score = NICKNAME_ONLY
        features["name"] = "nickname only" + (", given names agree" if given else "")
    elif same_id:
        score = 1.0
    else:
        return None
    if shared_nicks or (best is not None and confirming):
        features["alias"] = "agrees"
        reasons.append(f"a.k.a. {p.nicknames[(shared_nicks or confirming)[0]]!r}")
    elif nicks and p.nicknames:
        features["alias"] = "differs"
        score -= 0.05
        reasons.append("other nicknames")
    if same_id:
        score = max(score, 0.99)
    nat = _countries(q, p, features, reasons)
    if nat is False:
        score -= 0.1
    elif "birth_year" in features:
        score += 0.02
    score = round(min(score, 1.0), 2)
    # Full name alike on both surnames (from the canonical name) and a fact that agrees.
    strong = (
        best is not None
        and best.score >= 0.88
        and "through" not in features["name"]
        and any(r in ("same name", "same surnames") for r in best.reasons)
        and ("birth_year" in features or features.get("alias") == "agrees")
    )
    safe = (strong or bool(same_id)) and nat is not False and features.get("alias") != "differs"
    return Match(p.id, p.name, score, features, reasons, safe)


def _countries(q: Query, p: Listed, features: dict[str, str], reasons: list[str]) -> bool | None:
    if not (q.countries and p.countries):
        return None
    agree = bool({c.lower() for c in q.countries} & p.countries)
    features["nationality"] = "agrees" if agree else "differs"
    reasons.append("same nationality" if agree else "another nationality")
    return agree


def _org(q: Query, p: Listed) -> Match | None:
    type_ = "criminal_group" if q.type == "criminal_group" else "organization"
    best: cand.Verdict | None = None
    via = None
    primary = {_org_name(n) for n in p.primary}
    for n in q.names:
        x = _org_name(n)
        for y in p.orgs:
            v = cand.group_names(type_, x, y)
            if v is None:
                continue
            if n != q.name:
                v = cand.Verdict(min(v.score, ALIAS_MATCH), [*v.reasons, f"through the alias {n!r}"])
            elif y not in primary:
                v = cand.Verdict(min(v.score, ALIAS_MATCH), [*v.reasons, "through a listed a.k.a."])
            if best is None or v.score > best.score:
                best, via = v, y
    if best is None:
        return None
    features = {"name": ", ".join(best.reasons)}
    reasons = [*best.reasons, f"listed as {via!r}"]
    same_id = q.ids & p.ids
    if same_id:
        features["id"] = f"same {_id_kind(min(same_id))}"
        reasons.append(f"same {_id_kind(min(same_id))} {min(same_id)}")
    # A curated name (the list's, the lexicon's) for the canonical name: strong enough.
    through_alias = any(r.startswith("through") for r in best.reasons)
    safe = (best.score >= 0.95 and not through_alias) or bool(same_id)
    return Match(p.id, p.name, best.score, features, reasons, safe)


# -- measuring ------------------------------------------------------------------------


def gold_cases(path: str | Path) -> list[tuple[Query, str | None, dict[str, str]]]:
    """A hand-checked set (CSV: ``type``, ``name``, ``aliases`` joined by ``|``, ``ent_num``
    of the true listing or empty, and any notes): (query, true list id or None, row)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        names = [n for n in (row.get("aliases") or "").split("|") if n]
        truth = f"ofac-sdn-{row['ent_num']}" if row.get("ent_num") else None
        out.append((Query(row["type"], row["name"], [row["name"], *names]), truth, row))
    return out


def evaluate(
    index: Index, cases: Iterable[tuple[Query, str | None, Any]], threshold: float = THRESHOLD
) -> dict[str, Any]:
    """Precision and recall of the best match at ``threshold`` against known answers, with
    the rows that went wrong (``errors``: name, truth, what was proposed)."""
    tp = fp = fn = 0
    errors = []
    for q, truth, _ in cases:
        found = index.match(q, threshold)
        guess = found[0].list_id if found else None
        if guess == truth:
            tp += guess is not None
            continue
        fp += guess is not None
        fn += truth is not None
        errors.append({"name": q.name, "truth": truth, "proposed": guess})
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "errors": errors,
    }
