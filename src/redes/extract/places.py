"""Pattern stage for places no gazetteer holds.

- "City, State": capitalised words right before ", Jalisco" or ", Nebraska" name a place
  ("Imperial, Nebraska", "La Concha, Sinaloa").
- Place-making heads: "Orange County", "Izaguirre Ranch", "Valle de Toluca",
  "Aeropuerto Internacional de Morelia", "Central de Abasto de Acapulco".
- Saints' names ("San Miguel Zapotitlán", "Santa Rosa") are places in Mexican texts.
- Local police: "Guadalajara municipal police", "policía municipal de Zapopan".
"""

from __future__ import annotations

from redes.extract.chunks import STOP_CAPS, runs, subruns
from redes.extract.doc import PRIORITY, Doc
from redes.extract.heads import head_of

TRAILING_HEADS = frozenset("county ranch valley peninsula island islands bay canyon".split())
LEADING_HEADS = (
    ("valle", "de"),
    ("sierra", "de"),
    ("costa", "de"),
    ("region", "de"),
    ("aeropuerto", "internacional", "de"),
    ("aeropuerto", "de"),
    ("central", "de", "abasto", "de"),
    ("rancho",),
    ("isla", "de"),
    ("bahia", "de"),
    ("laguna", "de"),
    ("presa",),
)
SAINTS = frozenset("san santa santo".split())
LEAD_FIRST = frozenset(x[0] for x in LEADING_HEADS) | SAINTS
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
        # "Orange County", "Izaguirre Ranch": the capitalised words right before the head.
        if words[b - 1] in TRAILING_HEADS and b - a >= 2:
            doc.add(doc.span(a, b, "place", "place-head", priority=PRIORITY["pattern"]))
            continue
        # "Imperial, Nebraska": a short run right before ", <state>" (not inside a list of
        # names such as "Cártel de Sinaloa, Golfo, Jalisco, Familia Michoacana").
        if (
            b < len(toks)
            and b in states
            and toks.gap(b).strip() == ","
            and b - a <= 3
            and not _listed(doc, a, b)
        ):
            if not any(k in taken for k in range(a, b)) and not any(head_of(w) for w in words[a:b]):
                cand = doc.span(a, b, "place", "place-before-state", priority=PRIORITY["pattern"] - 1)
                # Named with its state, so "Nogales, Arizona" never resolves to Nogales, Sonora.
                cand.name = f"{toks.span_text(a, b)}, {states[b]}"
                doc.add(cand)
    _compass(doc)
    _local_police(doc)


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
    """'Valle de Toluca', 'Aeropuerto Internacional de Morelia', 'San Miguel Zapotitlán',
    wherever they start inside a run."""
    toks = doc.tokens
    words = toks.words
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


def _local_police(doc: Doc) -> None:
    toks = doc.tokens
    words = toks.words
    for i, w in enumerate(words):
        if w not in ("police", "policia") or toks.is_cap(i):
            continue
        # "Guadalajara municipal police"
        if i >= 2 and words[i - 1] in POLICE_ADJ and toks.is_cap(i - 2):
            a = i - 2
            while a > 0 and toks.is_cap(a - 1) and words[a - 1] not in STOP_CAPS and i - a < 4:
                a -= 1
            doc.add(doc.span(a, i + 1, "state_body", "local-police", priority=PRIORITY["pattern"]))
        # "policía municipal de Zapopan"
        elif (
            i + 3 < len(words)
            and words[i + 1] in POLICE_ADJ
            and words[i + 2] in ("de", "of")
            and toks.is_cap(i + 3)
        ):
            doc.add(doc.span(i, i + 4, "state_body", "local-police", priority=PRIORITY["pattern"]))
