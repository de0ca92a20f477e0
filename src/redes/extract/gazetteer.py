"""Gazetteer stage: every lexicon alias found in the text, longest first at each token.

The lexicon is indexed by first folded token, so the cost is one dict lookup per token
whatever the lexicon's size. A match must also respect the alias's capitalisation
("Navy" but not "navy", "PAN" but not "pan"), must not cross a line break, and must
pass its flags: language (``en``/``es``), ``cite`` (publisher position in a citation),
``weak`` (a title or quotes around it, or a strong mention of the same entity
elsewhere) and ``ctx`` (place context, for municipality names that are also words
or surnames). Municipality names that several states share are resolved to the one
whose state the document mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress

from redes.extract import context
from redes.extract.doc import PRIORITY, Candidate, Doc
from redes.extract.lexicon import ANY, CAPITAL, UPPER, Entry, Form, Lexicon, load

_GAP_OK = re.compile(r"[ \t.\-'’]{0,3}")
_GAP_COMMA = re.compile(r"[ \t]*,[ \t]*")
# Words announcing that the next name is a place.
PLACE_TRIGGERS = frozenset(
    """
    municipio municipios municipality municipalities ciudad city cities town towns puerto port ports
    poblado poblacion localidad comunidad village alcaldia county estado state cabecera ejido rancheria
    colonia fraccionamiento barrio
    """.split()
)
PLACE_PREPOSITIONS = frozenset("en in near cerca from desde hacia to at a de of".split())
_COORD = re.compile(r"^(?:\s*(?:,|and|y|e|or|o|with|con|the|el|la|los|\d[\d,.]*|\(|\)|;)\s*)+$")
# The U.S. prefix belongs to the name of a U.S. body ("U.S. Drug Enforcement Administration").
_US_PREFIX = re.compile(r"(?:U\.\s?S\.|US|United States)\s$")


def _caps_ok(text: str, starts: list[int], ends: list[int], i: int, form: Form) -> bool:
    for n, need in enumerate(form.caps):
        if need == ANY:
            continue
        s = starts[i + n]
        if need == CAPITAL:
            if not text[s].isupper():
                return False
        elif need == UPPER:
            tok = text[s : ends[i + n]]
            if not tok.isupper():
                return False
    return True


def _gaps_ok(text: str, starts: list[int], ends: list[int], i: int, form: Form) -> bool:
    for n in range(1, len(form.tokens)):
        gap = text[ends[i + n - 1] : starts[i + n]]
        if _GAP_OK.fullmatch(gap):
            continue
        if form.commas and _GAP_COMMA.fullmatch(gap):
            continue
        return False
    return True


# The forms by length, from the longest down, each length's forms by their tokens.
_ByLength = list[tuple[int, dict[tuple[str, ...], Form]]]


@dataclass(slots=True)
class _First:
    """The forms that start with one token."""

    seconds: frozenset[str]  # the second tokens of the longer forms
    forms: _ByLength  # every form
    single: _ByLength  # the one-token form, if any


_INDEX: tuple[Lexicon, dict[str, _First]] | None = None


def _index() -> dict[str, _First]:
    """The lexicon's forms grouped by first token, then by length: at a token, one dict
    lookup per length instead of a comparison per form ("san" starts hundreds), and only
    the one-token form when the next token starts no longer one."""
    global _INDEX
    lex = load()
    if _INDEX is None or _INDEX[0] is not lex:
        index: dict[str, _First] = {}
        for first, forms in lex.forms.items():
            by_length: dict[int, dict[tuple[str, ...], Form]] = {}
            for form in forms:
                # Forms are unique by their tokens (``Lexicon.add``), so none is lost here.
                by_length.setdefault(len(form.tokens), {})[form.tokens] = form
            ordered = sorted(by_length.items(), key=lambda x: -x[0])
            seconds = frozenset(f.tokens[1] for f in forms if len(f.tokens) > 1)
            index[first] = _First(seconds, ordered, [x for x in ordered if x[0] == 1])
        _INDEX = (lex, index)
    return _INDEX[1]


def match(doc: Doc) -> list[tuple[int, Form]]:
    """(token index, form) for the longest well-formed alias starting at each token."""
    index = _index()
    toks = doc.tokens
    text, starts, ends, words = toks.text, toks.starts, toks.ends, toks.words
    n = len(words)
    out: list[tuple[int, Form]] = []
    for i in compress(range(n), map(index.__contains__, words)):
        first = index[words[i]]
        longer = i + 1 < n and words[i + 1] in first.seconds
        for L, forms in first.forms if longer else first.single:
            if i + L > n:
                continue
            form = forms.get(tuple(words[i : i + L]))
            if form is None:
                continue
            if not _caps_ok(text, starts, ends, i, form):
                continue
            if L > 1 and not _gaps_ok(text, starts, ends, i, form):
                continue
            out.append((i, form))
            break
    return out


def _lang_ok(flags: frozenset[str], lang: str) -> bool:
    if "en" in flags and lang == "es":
        return False
    if "es" in flags and lang == "en":
        return False
    return True


def run(doc: Doc) -> None:
    """Add a candidate for every lexicon match that passes its flags."""
    toks = doc.tokens
    text = toks.text
    upper_cache: dict[int, bool] = {}
    pending: list[tuple[Candidate, list[tuple[Entry, frozenset[str]]]]] = []
    matches = match(doc)
    # Later stages (administrations, the tagger's features) read every match, whatever its flags.
    doc.cache["gazetteer"] = {"matches": matches}
    for i, form in matches:
        j = i + len(form.tokens)
        options = [(e, f) for e, f in form.options if _lang_ok(f, doc.lang)]
        if not options:
            continue
        start, end = toks.starts[i], toks.ends[j - 1]
        # A dotted acronym keeps its final dot ("U.S."), as written.
        if end < len(text) and text[end] == "." and form.text.endswith(".") and form.caps[-1] != ANY:
            end += 1
        if form.is_acronym and context.upper_line(text, start, upper_cache):
            continue
        if any("cite" in f for _, f in options) and not (
            context.citation(text, start, end) or _outlet_before(toks, i)
        ):
            options = [(e, f) for e, f in options if "cite" not in f]
            if not options:
                continue
        entry = options[0][0]
        cand = Candidate(start, end, i, j, entry.type, "lexicon", PRIORITY["lexicon"], entry.id, entry.name)
        if form.is_acronym:
            cand.role = "acronym"
        elif entry.type == "person" and _nickname_form(form):
            cand.role = "nick"
        if entry.type == "state_body":
            _extend_us_prefix(doc, cand)
        pending.append((cand, options))
    strong_ids = {c.key for c, opts in pending if not any({"weak", "ctx"} & f for _, f in opts)}
    mentioned_states = _mentioned_states(pending, strong_ids)
    accepted: list[Candidate] = []
    weak_groups: list[Candidate] = []
    deferred: list[tuple[Candidate, list[tuple[Entry, frozenset[str]]]]] = []
    place_ends = {c.end for c, opts in pending if c.type == "place" and not any("abbr" in f for _, f in opts)}
    for cand, options in pending:
        flags = options[0][1]
        if "abbr" in flags:
            m = re.search(r",\s*$", text[max(0, cand.start - 3) : cand.start])
            if m and (cand.start - 3 + m.start() if cand.start >= 3 else m.start()) in place_ends:
                accepted.append(cand)
            continue
        if "weak" in flags:
            if (
                cand.key in strong_ids
                or context.title_before(toks, cand.i)
                or context.quoted(text, cand.start, cand.end)
            ):
                cand.priority = PRIORITY["weak"]
                accepted.append(cand)
            elif cand.type == "criminal_group":
                weak_groups.append(cand)  # "the Gulf cartel, the Beltrán Leyva and ..."
            continue
        if len(options) > 1 or "ctx" in flags:
            entry = _pick_place(doc, cand, options, mentioned_states)
            if entry is None:
                deferred.append((cand, options))
                continue
            cand.key, cand.name, cand.type = entry.id, entry.name, entry.type
        accepted.append(cand)
    for cand in weak_groups:
        if _coordinated(doc, cand, accepted, "criminal_group"):
            cand.priority = PRIORITY["weak"]
            accepted.append(cand)
    # Places that only a list makes clear: "Tijuana (12), Mexicali (9), La Paz (4)".
    changed = True
    while deferred and changed:
        changed = False
        for item in list(deferred):
            cand, options = item
            if _coordinated(doc, cand, accepted):
                entry = _best_by_state(options, mentioned_states)
                cand.key, cand.name, cand.type = entry.id, entry.name, entry.type
                accepted.append(cand)
                deferred.remove(item)
                changed = True
    for cand in accepted:
        doc.add(cand)


OUTLET_WORDS = frozenset(
    "newspaper daily weekly magazine outlet diario periodico rotativo semanario revista medio portal noticiero".split()
)


def _outlet_before(toks, i: int) -> bool:
    """'the newspaper Reforma', 'el diario Noroeste': a common word named as an outlet."""
    return i > 0 and toks.words[i - 1] in OUTLET_WORDS and toks.gap(i).strip() == ""


def _nickname_form(form: Form) -> bool:
    """A person's alias that is a nickname ("El Mencho", "Z-40", "AMLO"), not a name."""
    toks = form.tokens
    return toks[0] in ("el", "la", "los") or len(toks) == 1 or any(t.isdigit() for t in toks)


def _extend_us_prefix(doc: Doc, cand: Candidate) -> None:
    text = doc.tokens.text
    m = _US_PREFIX.search(text, max(0, cand.start - 14), cand.start)
    if m and cand.i > 0:
        k = cand.i
        while k > 0 and doc.tokens.starts[k - 1] >= m.start():
            k -= 1
        cand.start, cand.i = m.start(), k


def _mentioned_states(pending: list, strong_ids: set) -> set[str]:
    out = set()
    for cand, options in pending:
        entry = options[0][0]
        if entry.kind in ("state", "us_state") and cand.key in strong_ids:
            out.add(entry.name)
    return out


def _most_populous(entries: list[Entry]) -> Entry:
    """The largest place; between places of equal size, always the same one (not whichever
    a set happened to yield first)."""
    return max(entries, key=lambda e: (e.pop, e.id))


def _best_by_state(options: list[tuple[Entry, frozenset[str]]], states: set[str]) -> Entry:
    places = [e for e, _ in options]
    local = [e for e in places if e.state in states]
    pool = local or places
    return _most_populous(pool)


def _pick_place(doc: Doc, cand: Candidate, options: list, states: set[str]) -> Entry | None:
    """The entry a place-like match names, or None when its context does not say it is one."""
    toks = doc.tokens
    entries = [e for e, _ in options]
    need_ctx = any("ctx" in f for _, f in options)
    # "Cárdenas, Tabasco" / "Guadalupe (Zacatecas)": the state right after decides.
    after_state = _state_after(doc, cand.j)
    if after_state:
        local = [e for e in entries if e.state == after_state]
        if local:
            return _most_populous(local)
        return None  # "Guadalupe, Texas" is no Mexican Guadalupe
    if not need_ctx:
        return _best_by_state(options, states)
    if cand.i > 0:
        prev = toks.words[cand.i - 1]
        gap = toks.gap(cand.i)
        if "\n" not in gap and "," not in gap:
            if prev in PLACE_TRIGGERS:
                return _best_by_state(options, states)
            if prev in ("de", "of", "del") and cand.i > 1 and toks.words[cand.i - 2] in PLACE_TRIGGERS:
                return _best_by_state(options, states)
            if prev in PLACE_PREPOSITIONS and prev not in ("de", "of", "a", "to"):
                local = [e for e in entries if e.state in states]
                if local:
                    return _most_populous(local)
    return None


def _state_after(doc: Doc, j: int) -> str | None:
    toks = doc.tokens
    if j >= len(toks):
        return None
    gap = toks.gap(j)
    if gap.strip() not in (",", "(", ", estado de", ", state of"):
        return None
    lex = load()
    for form in lex.forms.get(toks.words[j], ()):
        L = len(form.tokens)
        if tuple(toks.words[j : j + L]) == form.tokens:
            for e, _ in form.options:
                if e.kind in ("state", "us_state"):
                    return e.name
    return None


def _coordinated(doc: Doc, cand: Candidate, accepted: list[Candidate], type_: str = "place") -> bool:
    """True when ``cand`` sits in a list next to an accepted candidate of ``type_``."""
    text = doc.tokens.text
    for other in accepted:
        if other.type != type_:
            continue
        if 0 < cand.start - other.end <= 24:
            between = text[other.end : cand.start]
        elif 0 < other.start - cand.end <= 24:
            between = text[cand.end : other.start]
        else:
            continue
        if "\n" not in between and _COORD.match(between):
            return True
    return False
