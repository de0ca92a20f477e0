"""Pattern stage for places no gazetteer holds.

- "City, State": capitalised words right before ", Jalisco" or ", Nebraska" name a place
  ("Lincoln, Nebraska", "El Rosario, Sinaloa").
- Place-making heads: "Orange County", "Valle de Bravo", "Sierra de Chihuahua". Airports,
  markets, prisons, dams and stadiums are buildings or landmarks, not places (the
  annotation convention): their names block the places inside them.
- Saints' names ("San Pedro Pochutla", "Santa Rosa") are places in Mexican texts.
- A place's public bodies with a lower-case head: "Tulsa city police", "la policía
  municipal de Zapopan", "la fiscalía de Colima", "el gobierno de Yucatán".
"""

from __future__ import annotations

from itertools import compress

from redes.extract.chunks import STOP_CAPS, runs, subruns
from redes.extract.doc import PRIORITY, Doc
from redes.extract.heads import head_of

TRAILING_HEADS = frozenset("county valley peninsula island islands bay canyon".split())
LEADING_HEADS = (
    ("valle", "de"),
    ("sierra", "de"),
    ("costa", "de"),
    ("region", "de"),
    ("isla", "de"),
    ("bahia", "de"),
    ("laguna", "de"),
)
# Buildings and landmarks: not entities, and a place inside their name is no place mention
# ("Aeropuerto Internacional de Tepic"): they block the place (type "none").
BUILDING_HEADS = (
    ("aeropuerto",),
    ("central", "de", "abasto"),
    ("penal",),
    ("presa",),
    ("estadio",),
)
SAINTS = frozenset("san santa santo".split())
LEAD_FIRST = frozenset(x[0] for x in LEADING_HEADS + BUILDING_HEADS) | SAINTS
COMPASS = frozenset("northern southern eastern western central north south east west".split())
POLICE_ADJ = frozenset("municipal state city local estatal".split())


def run(doc: Doc) -> None:
    toks = doc.tokens
    words = toks.words
    taken = {
        k for c in doc.candidates if c.type in ("person",) or c.rule == "lexicon" for k in range(c.i, c.j)
    }
    states = {c.i: c.name for c in doc.candidates if c.type == "place" and c.key and _is_state(c.key)}
    for a, b in runs(toks):
        while a < b and words[a] in STOP_CAPS and words[a] not in ("la", "el", "los", "las"):
            a += 1
        if a < b:
            _leading(doc, a, b)
    for a, b in (sub for run in runs(toks) for sub in subruns(toks, *run)):
        if words[a] in STOP_CAPS and words[a] not in ("la", "el", "los", "las"):
            a += 1
        if a >= b:
            continue
        # "Orange County", "Napa Valley": the capitalised words right before the head.
        if words[b - 1] in TRAILING_HEADS and b - a >= 2:
            doc.add(doc.span(a, b, "place", "place-head", priority=PRIORITY["pattern"]))
            continue
        # "Lincoln, Nebraska": a short run right before ", <state>" (not inside a list of
        # group names that ends with a state's name, "Cártel de Juárez, Tijuana, Sinaloa").
        if (
            b < len(toks)
            and b in states
            and toks.gap(b).strip() == ","
            and b - a <= 3
            and not _listed(doc, a, b)
        ):
            if not any(k in taken for k in range(a, b)) and not any(head_of(w) for w in words[a:b]):
                cand = doc.span(a, b, "place", "place-before-state", priority=PRIORITY["pattern"] - 1)
                # Named with its state, so "Guadalupe, Zacatecas" never resolves to another Guadalupe.
                cand.name = f"{toks.span_text(a, b)}, {states[b]}"
                doc.add(cand)
    _compass(doc)
    _local_bodies(doc)


def _compass(doc: Doc) -> None:
    """'Southern Mexico', 'northern Sinaloa' as written: a region of a known place."""
    toks = doc.tokens
    for c in list(doc.candidates):
        if c.type != "place" or c.rule != "lexicon" or c.i == 0:
            continue
        k = c.i - 1
        if toks.words[k] in COMPASS and toks.gap(c.i) == " " and toks.is_cap(k):
            doc.add(doc.span(k, c.j, "place", "place-region", priority=PRIORITY["pattern"]))


def _leading(doc: Doc, a: int, b: int) -> None:
    """'Valle de Bravo', 'Sierra de Chihuahua', 'San Pedro Pochutla',
    wherever they start inside a run."""
    toks = doc.tokens
    words = toks.words
    if LEAD_FIRST.isdisjoint(words[a:b]):
        return  # most runs have none of these words
    k = a
    while k < b:
        if not toks.is_cap(k):
            k += 1
            continue
        if words[k] not in LEAD_FIRST:
            k += 1
            continue
        e = _name_end(toks, k, b)
        lead = next((x for x in LEADING_HEADS if tuple(words[k : k + len(x)]) == x), None)
        if lead and e - k > len(lead):
            doc.add(doc.span(k, e, "place", "place-head", priority=PRIORITY["pattern"]))
            k = e
            continue
        if any(tuple(words[k : k + len(x)]) == x for x in BUILDING_HEADS) and e - k > 1:
            doc.add(doc.span(k, e, "none", "building", priority=PRIORITY["pattern"]))
            k = e
            continue
        if words[k] in SAINTS and e - k >= 2 and not any(head_of(w) for w in words[k:e]):
            doc.add(doc.span(k, e, "place", "place-saint", priority=PRIORITY["pattern"] - 1))
            k = e
            continue
        k += 1


def _name_end(toks, k: int, b: int) -> int:
    """End of a place name starting at k: capitals joined by de/del/la/las/los/el."""
    e = k + 1
    while (
        e < b and e - k < 6 and (toks.is_cap(e) or toks.words[e] in ("de", "del", "la", "las", "los", "el"))
    ):
        e += 1
    while e > k and not toks.is_cap(e - 1):
        e -= 1
    return e


def _listed(doc: Doc, a: int, b: int) -> bool:
    toks = doc.tokens
    state_end = next((c.j for c in doc.candidates if c.i == b and c.type == "place"), b + 1)
    after = (
        state_end < len(toks)
        and toks.gap(state_end).strip() == ","
        and any(c.i == state_end and c.type != "place" for c in doc.candidates)
    )
    before = (
        a > 0 and toks.gap(a).strip() == "," and any(c.j == a and c.type != "place" for c in doc.candidates)
    )
    return after or before


def _is_state(entry_id: str) -> bool:
    from redes.extract.lexicon import load

    e = load().entry(entry_id)
    return e is not None and e.kind in ("state", "us_state")


# Lower-case heads that, followed by "de <place>", name that place's public body.
LOCAL_HEADS = frozenset(
    "policia fiscalia fiscalias procuraduria gobierno ayuntamiento alcaldia congreso".split()
)
_LOCAL_WORDS = LOCAL_HEADS | {"police", "government"}
LOCAL_ADJ = frozenset("municipal municipales estatal estatales state city local ministerial general".split())


def _local_bodies(doc: Doc) -> None:
    """A place's police, prosecutors or government written with a lower-case head:
    "Tulsa city police", "la policía de Tulum", "la fiscalía del estado de Colima",
    "el gobierno de Yucatán". The place is the one the gazetteer or the place rules found."""
    toks = doc.tokens
    words = toks.words
    n = len(words)
    places: dict[int, int] = {}
    for c in doc.candidates:
        if c.type == "place" and c.alive:
            places[c.i] = max(places.get(c.i, 0), c.j)
    # Only the lower-case head words are visited.
    for i in compress(range(n), map(_LOCAL_WORDS.__contains__, words)):
        w = words[i]
        if toks.is_cap(i):
            continue
        if w in ("police", "government"):
            # "Tulsa city police", "the Sonora state government"
            k = i - 1 if i >= 1 and words[i - 1] in LOCAL_ADJ and not toks.is_cap(i - 1) else i
            a = k
            while a > 0 and toks.is_cap(a - 1) and words[a - 1] not in STOP_CAPS and k - a < 3:
                a -= 1
            if a < k and ((w == "police" and k < i) or any(places.get(x, 0) == k for x in range(a, k))):
                if all(toks.gap(x).strip() in ("", "-") for x in range(a + 1, i + 1)):
                    doc.add(doc.span(a, i + 1, "state_body", "local-body", priority=PRIORITY["pattern"]))
            continue
        if w not in LOCAL_HEADS:
            continue
        # "policía municipal de Zapopan", "fiscalía del estado de Colima"
        k = i + 1
        if k < n and words[k] in LOCAL_ADJ and not toks.is_cap(k):
            k += 1
        if k >= n or words[k] not in ("de", "del"):
            continue
        k += 1
        if k + 1 < n and words[k] == "estado" and words[k + 1] == "de" and not toks.is_cap(k):
            k += 2
        end = places.get(k)
        if end is None or any("\n" in toks.gap(x) or toks.gap(x).strip() for x in range(i + 1, k + 1)):
            continue
        doc.add(doc.span(i, end, "state_body", "local-body", priority=PRIORITY["pattern"]))
