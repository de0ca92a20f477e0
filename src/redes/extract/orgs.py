"""Pattern stage for bodies, organisations and criminal groups that no lexicon holds.

- A capitalised run with a head word: "Ohio Department of Public Safety", "Fiscalía
  General del Estado de Colima", "Leiden University", "Cártel Nuevo Amanecer",
  "Pérez Organization". The head decides the type; for ambiguous heads
  ("Institute", "Centro") a public modifier ("National", "Federal") makes it a body.
- "the X cartel" / "cártel de X" with a lower-case head.
- "Los X" used as a group ("Los Linces", "Los Pérez") unless it is a place, and
  "La X" / "Grupo X" when the context says group ("la célula denominada “La Escoba”").
"""

from __future__ import annotations

import re
from itertools import compress

from redes.extract import context
from redes.extract.chunks import CONNECTORS, STOP_CAPS, runs
from redes.extract.doc import PRIORITY, Candidate, Doc
from redes.extract.gazetteer import PLACE_TRIGGERS
from redes.extract.heads import HEAD_WORDS, PUBLIC_MODIFIERS, head_of
from redes.extract.lexicon import given_names, surnames

# Designations and generic phrases that look like names of organisations.
NOT_ENTITIES = frozenset(
    """
    foreign terrorist organization|transnational criminal organization|transnational criminal organizations|
    specially designated global terrorist|drug trafficking organization|drug trafficking organizations|
    criminal organization|organized crime group|united states government|executive order|
    national security|public security|national guard law|supreme court ruling
    """.replace("\n", "").split("|")
)
NOT_ENTITIES = frozenset(x.strip() for x in NOT_ENTITIES)


def designation(words: list[str]) -> bool:
    """Designations and categories ("Foreign Terrorist Organization", "Consolidated Priority
    Organization Targets") look like names of organisations but are not entities."""
    return " ".join(words) in NOT_ENTITIES or "terrorist" in words or "priority" in words


_CRIMINAL = re.compile(
    r"c[aá]rtel|cartel|criminal|delictiv|narco|armed|armad|gang|pandilla|traffick|sicari|hitm|"
    r"facci[oó]n|faction|c[eé]lula|\bcell\b|organizaci[oó]n|wing|brazo|plaza|grupo|group",
    re.I,
)
GROUP_TRIGGERS = frozenset(
    """
    celula celulas grupo grupos cartel carteles organizacion banda bandas faccion facciones brazo gang
    gangs group groups cell cells faction factions wing denominada denominado llamada llamado conocida
    conocido autodenominado autodenominada members miembros integrantes integrante operador operadora
    lider lideres jefe jefes leader leaders rival rivales rivals alianza alliance against contra with
    con called named known
    """.split()
)
PLACE_PREPS = frozenset("en in near cerca desde from hacia to at".split())
_ORG_WORDS_NOT_GROUP = frozenset(
    "world health trade international national american states united foreign terrorist transnational "
    "criminal drug trafficking global regional european".split()
)


WORK_FINAL = frozenset(
    "initiative plan program programme strategy index report review act law framework".split()
)
WORK_INITIAL = frozenset("operation operacion operativo iniciativa plan programa estrategia ley".split())


def run(doc: Doc) -> None:
    toks = doc.tokens
    person_tokens = _covered(doc, "person")
    upper: dict[int, bool] = doc.cache.setdefault("upper", {})
    titles: dict[int, bool] = doc.cache.setdefault("title", {})
    for a, b in runs(toks):
        if context.upper_line(toks.text, toks.starts[a], upper) or context.title_line(
            toks.text, toks.starts[a], titles
        ):
            continue  # headlines in capitals or title case: only the lexicon is trusted there
        _heads_in_run(doc, a, b, person_tokens)
        _articles(doc, a, b)
        _lowercase_article(doc, a, b)
        _works(doc, a, b)
    _lowercase_cartels(doc)
    _administrations(doc)


def _covered(doc: Doc, type_: str) -> set[int]:
    out: set[int] = set()
    for c in doc.candidates:
        if c.type == type_ and c.rule.startswith("name"):
            out.update(range(c.i, c.j))
    return out


# Words that alone do not make a name distinctive ("U.S. District", "Local Government").
GENERIC = frozenset(
    """
    u s us united states local federal national state mexican american new current former the municipal
    nacional estatal mexicano mexicana especial special general central regional main top first second
    senior task joint
    """.split()
)
DEMONYMS = frozenset(
    """
    mexican american colombian venezuelan guatemalan honduran salvadoran chinese indian european
    deadly violent powerful notorious rival major other several two three many various
    """.split()
)
# Title words that may open a body's name ("Attorney General's Office", "Sheriff's Department").
TITLE_IN_NAMES = frozenset("attorney general prosecutor marshal marshals sheriff chief".split())
SPANISH_HEADS = frozenset(
    """
    secretaria subsecretaria procuraduria fiscalia comision policia guardia ejercito armada marina agencia
    direccion unidad gabinete tribunal juzgado corte congreso senado camara brigada batallon regimiento
    mando comando coordinacion oficina departamento gobierno ayuntamiento ministerio fuerza fuerzas
    zona alcaldia inteligencia instituto centro consejo comite servicio sistema universidad
    colegio escuela fundacion asociacion sociedad observatorio red proyecto partido movimiento empresa
    compania banco diario periodico revista noticias confederacion federacion iglesia alianza coalicion
    organizacion grupo
    """.split()
)
GROUP_GENERIC = frozenset(
    "alleged drug drugs trafficking criminal narco ten the former notorious key major top".split()
)
_ROMAN = re.compile(r"^(?:[ivxlc]+|[a-z])$")


ENGLISH_CONN = frozenset("of for the and".split())
ON_HEADS = frozenset("commission council committee".split())


def _is_head(toks, k: int) -> str | None:
    w = toks.words[k]
    kind = head_of(w)
    if kind is None or not toks.is_cap(k):
        return None
    return kind


def _spanish_head(toks, k: int) -> bool:
    w = toks.words[k]
    if w == "cartel":
        return "á" in toks.surface(k) or "Á" in toks.surface(k)
    return w in SPANISH_HEADS


def _heads_in_run(doc: Doc, a: int, b: int, person_tokens: set[int]) -> None:
    toks = doc.tokens
    words = toks.words
    if HEAD_WORDS.isdisjoint(words[a:b]):
        return  # most runs have no head word
    used: set[int] = set()
    last: Candidate | None = None
    h = a
    while h < b:
        kind = _is_head(toks, h)
        if kind is None or h in person_tokens or h in used:
            h += 1
            continue
        left = _left_edge(doc, a, h, person_tokens, used, kind)
        right = _right_edge(doc, h, b, person_tokens)
        if kind == "group" and h > a and words[h - 1] in ("counter", "anti", "contra") and last is not None:
            # A "Task Force-Counter Cartel" fights cartels; it is not one.
            if last.j == h - 1 and toks.gap(h - 1).strip() in ("", "-"):
                last.j, last.end = h + 1, toks.ends[h]
            h += 1
            continue
        # Ordinals before a military unit: "12 Batallón de Infantería", "5ª Zona Militar".
        if (
            left == h
            and h > 0
            and re.fullmatch(r"\d{1,3}[ªºo]?", toks.surface(h - 1) or "")
            and toks.gap(h).strip() == ""
        ):
            left = h - 1
        emitted = _emit(doc, left, right, h, kind, person_tokens)
        if emitted is not None:
            used.update(range(left, right))
            last = emitted
        h = max(h + 1, right)


def _left_edge(doc: Doc, a: int, h: int, person_tokens: set[int], used: set[int], kind: str) -> int:
    toks = doc.tokens
    words = toks.words
    left = h
    while left > a:
        k = left - 1
        w = words[k]
        if k in person_tokens or k in used:
            break
        if (w in context.TITLES and w not in TITLE_IN_NAMES) or w in WORK_INITIAL:
            break
        if w == "s" and toks.gap(k + 1).strip() == "" and toks.gap(k) in ("'", "’"):
            # Only an office's own possessive: "Attorney General's Office", "Sheriff's Department";
            # "the Justice Department's Criminal Division" or "Zambada's cartel" name two things.
            if k > a and words[k - 1] in TITLE_IN_NAMES:
                left = k
                continue
            break
        if toks.is_cap(k) and w not in STOP_CAPS:
            if kind == "group" and (w in DEMONYMS or w in GROUP_GENERIC):
                break  # "Two Alleged Mexican Drug Cartel [Leaders]": not a name
            left = k
            continue
        if w in ("and", "y", "&") and kind != "group" and k - 1 >= a and toks.is_cap(k - 1):
            if (
                words[k - 1] not in STOP_CAPS
                and not _is_head(toks, k - 1)
                and k - 1 not in used
                and not _org_at(doc, k - 1, ("state_body", "organization", "criminal_group", "place"))
            ):
                left = k - 1
                continue
        break
    return left


def _org_at(doc: Doc, k: int, types: tuple[str, ...]) -> bool:
    # Built once, from the candidates earlier stages proposed.
    index = doc.cache.get("typed_tokens")
    if index is None:
        index = {}
        for c in doc.candidates:
            for x in range(c.i, c.j):
                index.setdefault(x, set()).add(c.type)
        doc.cache["typed_tokens"] = index
    found = index.get(k)
    return bool(found) and any(t in found for t in types)


def _right_edge(doc: Doc, h: int, b: int, person_tokens: set[int]) -> int:
    toks = doc.tokens
    words = toks.words
    spanish = _spanish_head(toks, h)
    right = h + 1
    while right < b:
        if right in person_tokens:
            break
        w = words[right]
        if toks.is_cap(right):
            if not spanish or (w in context.TITLES and w not in TITLE_IN_NAMES) or _strict_head(toks, right):
                break
            right += 1
            continue
        # Connectors: "de Seguridad", "of Foreign Assets Control", "y Protección Ciudadana".
        k = right
        while k < b and words[k] in CONNECTORS and not toks.is_cap(k):
            k += 1
        if k == right or k >= b or k in person_tokens or not toks.is_cap(k):
            break
        conn = words[right:k]
        cont = _cap_stretch(toks, k, b)
        if not spanish and not all(c in ENGLISH_CONN or (c == "on" and words[h] in ON_HEADS) for c in conn):
            break
        conj = next((n for n, c in enumerate(conn) if c in ("and", "y", "e", "&")), None)
        if (
            conj is not None
            and (
                conn[-1] in ("the", "el", "la", "los", "las")
                # "la Fiscalía de Colima y la de Nayarit": an article after "y" starts another body.
                or any(c in ("el", "la", "los", "las") for c in conn[conj + 1 :])
                or words[k] in ("the", "el", "la", "los", "las")
                or any(_is_head(toks, x) for x in range(k, b))
                or any(_org_at(doc, x, ("state_body", "organization", "criminal_group")) for x in cont)
                or (len(cont) == 1 and (words[cont[0]] in GENERIC or words[cont[0]] in DEMONYMS))
            )
        ):
            break
        if conn[0] in ("in", "en", "on", "at", "a", "al") and (
            conn[-1] in ("the", "el", "la", "los", "las") or _place_or_month(doc, k)
        ):
            break
        if (
            any(_strict_head(toks, x) for x in cont)
            or toks.words[k] in context.TITLES
            or _org_at(doc, k, ("state_body", "organization", "criminal_group"))
        ):
            # "the District of Arizona U.S. Marshals Service": keep the place, stop there.
            n = _place_len(doc, k)
            if n and toks.words[right] in ("of", "de", "del"):
                right = k + n
            break
        if conn[-1] == "the" and words[k : k + 2] in (["united", "states"], ["u", "s"]) and h > 0:
            break
        right = cont[-1] + 1 if not spanish else k
    return right


def _strict_head(toks, k: int) -> bool:
    kind = _is_head(toks, k)
    return kind in ("state", "org", "group")


def _cap_stretch(toks, k: int, b: int) -> list[int]:
    out = []
    while k < b and toks.is_cap(k):
        out.append(k)
        k += 1
    return out


def _place_len(doc: Doc, k: int) -> int:
    from redes.extract.lexicon import load

    for form in load().forms.get(doc.tokens.words[k], ()):
        if tuple(doc.tokens.words[k : k + len(form.tokens)]) == form.tokens:
            if any(e.type == "place" for e, _ in form.options):
                return len(form.tokens)
    return 0


def _place_or_month(doc: Doc, k: int) -> bool:
    from redes.extract.lexicon import load

    w = doc.tokens.words[k]
    if w in context.MONTHS:
        return True
    for form in load().forms.get(w, ()):
        if tuple(doc.tokens.words[k : k + len(form.tokens)]) == form.tokens:
            if any(e.type == "place" for e, _ in form.options):
                return True
    return False


def _emit(doc: Doc, left: int, right: int, h: int, kind: str, person_tokens: set[int]) -> Candidate | None:
    toks = doc.tokens
    words = toks.words
    while left < h and (
        words[left] in STOP_CAPS or (words[left] in context.TITLES and words[left] not in TITLE_IN_NAMES)
    ):
        left += 1
    while right - 1 > h and words[right - 1] in CONNECTORS:
        right -= 1
    if right - left < 2:
        return None
    span_words = words[left:right]
    if designation(span_words):
        return None
    others = [w for k, w in enumerate(span_words, left) if k != h]
    if all(w in GENERIC or w in CONNECTORS for w in others):
        return None
    if all(_ROMAN.match(w) for w in words[h + 1 : right]) and right > h + 1:
        return None
    # A head followed by a title is part of someone's title ("U.S. District Judge").
    if right < len(toks) and words[right] in context.TITLES and toks.gap(right).strip() == "":
        return None
    if any(k in person_tokens for k in range(left, right)) or _has_person(doc, left, right):
        return None
    if words[h] in ("organization", "organizacion"):
        # "Beltrán Leyva Organization" is a group; "World Health Organization" is not.
        before = span_words[: h - left]
        plain = not any(w in _ORG_WORDS_NOT_GROUP or w in PUBLIC_MODIFIERS for w in span_words)
        type_ = "criminal_group" if before and right == h + 1 and plain else "organization"
    elif kind == "group":
        if words[h] in ("cartels", "carteles"):
            return None
        if (
            all(w in DEMONYMS or w in GENERIC or w in GROUP_GENERIC for w in span_words[: h - left])
            and right == h + 1
        ):
            return None
        type_ = "criminal_group"
    elif kind == "state":
        type_ = "state_body"
    elif kind == "ambiguous":
        type_ = "state_body" if any(w in PUBLIC_MODIFIERS for w in span_words) else "organization"
    else:
        type_ = "organization"
    return doc.add(doc.span(left, right, type_, "org-head", priority=PRIORITY["pattern"]))


def _has_person(doc: Doc, left: int, right: int) -> bool:
    known = doc.cache.get("lexicon_persons")
    if known is None:
        known = {
            k for c in doc.candidates if c.type == "person" and c.rule == "lexicon" for k in range(c.i, c.j)
        }
        doc.cache["lexicon_persons"] = known
    return any(k in known for k in range(left, right))


def _works(doc: Doc, a: int, b: int) -> None:
    """Named plans, laws, operations and reports ("Mérida Initiative", "Operativo Frontera
    Norte") are not entities, and nothing inside them is a place or a group."""
    words = doc.tokens.words
    while a < b and words[a] in STOP_CAPS:
        a += 1
    if b - a < 2:
        return
    if any(head_of(w) in ("state", "org", "group") for w in words[a:b]):
        return  # "Operativo Mando Especial Norte" still names a body
    if words[b - 1] in WORK_FINAL or words[a] in WORK_INITIAL:
        doc.add(doc.span(a, b, "none", "work-title", priority=PRIORITY["pattern"]))


def _articles(doc: Doc, a: int, b: int) -> None:
    """'Los X' as a group; 'La X' and 'Grupo X' only when the context says group."""
    toks = doc.tokens
    words = toks.words
    w = words[a]
    if w not in ("los", "las", "la", "grupo") or b - a < 2 or b - a > 4:
        return
    if any(head_of(x) in ("state", "org", "ambiguous") for x in words[a + 1 : b]):
        return
    if words[a + 1] in given_names() and w != "los":
        return
    text = toks.text
    start, end = toks.starts[a], toks.ends[b - 1]
    quoted = context.quoted(text, start, end)
    prev = [words[k] for k in range(max(0, a - 4), a)]
    trigger = any(p in GROUP_TRIGGERS for p in prev)
    after = text[end : end + 40].lower()
    follows = bool(
        re.match(
            r"\W{0,3}(,\s*(a|an|una?|el|la)\s+)?(faction|group|cell|gang|facci|grupo|c[eé]lula|del c[aá]rtel|of the)",
            after,
        )
    )
    sent = doc.sentence_of(a)
    crim = bool(_CRIMINAL.search(doc.sentences[sent].text)) if doc.sentences else False
    place_pos = a > 0 and (words[a - 1] in PLACE_PREPS or words[a - 1] in PLACE_TRIGGERS)
    if w in ("los", "las"):
        plural = words[b - 1].endswith("s")
        ok = quoted or trigger or follows or (not place_pos and (crim or (plural and _criminal_doc(doc))))
    else:
        ok = (quoted and crim) or trigger or follows
    if ok:
        doc.add(doc.span(a, b, "criminal_group", "group-article", priority=PRIORITY["pattern"] - 1))


def _lowercase_article(doc: Doc, a: int, b: int) -> None:
    """'los Linces' with a lower-case article: a group when the one word after it is a plural
    that is no surname (families named by surname, 'los Pérez', are not entities), no
    acronym and no known name, and the sentence or the document is about organised crime."""
    toks = doc.tokens
    words = toks.words
    if b - a != 1 or a == 0 or words[a - 1] not in ("los", "las") or toks.is_cap(a - 1):
        return
    w = words[a]
    if toks.gap(a) != " " or not w.endswith("s") or len(w) < 4 or toks.is_upper(a):
        return
    if w in surnames() or w in given_names() or _org_at(doc, a, _TYPED):
        return
    if head_of(w) or head_of(w[:-1]) or head_of(w[:-2]):
        return  # "las fiscalías"
    sent = doc.sentence_of(a)
    crim = bool(_CRIMINAL.search(doc.sentences[sent].text)) if doc.sentences else False
    if crim or _criminal_doc(doc):
        doc.add(doc.span(a - 1, b, "criminal_group", "group-article", priority=PRIORITY["pattern"] - 1))


_TYPED = ("state_body", "organization", "criminal_group", "place", "person")


def _criminal_doc(doc: Doc) -> bool:
    """The document is about organised crime: a known group is named in it."""
    hit = doc.cache.get("criminal_doc")
    if hit is None:
        hit = any(c.type == "criminal_group" and c.rule == "lexicon" for c in doc.candidates)
        doc.cache["criminal_doc"] = hit
    return hit


def _lowercase_cartels(doc: Doc) -> None:
    """'the Caborca cartel' and 'el cártel de Caborca' with a lower-case head."""
    toks = doc.tokens
    words = toks.words
    n = len(words)
    for i in compress(range(n), map("cartel".__eq__, words)):
        if toks.is_cap(i):
            continue
        # English: capitalised words right before ("the Caborca cartel").
        k = i
        while (
            k > 0
            and toks.is_cap(k - 1)
            and words[k - 1] not in STOP_CAPS
            and toks.gap(k).strip() in ("", "-")
        ):
            if words[k - 1] in DEMONYMS or words[k - 1] in GENERIC:
                break
            k -= 1
        if k < i and i - k <= 3:
            doc.add(doc.span(k, i + 1, "criminal_group", "cartel-lc", priority=PRIORITY["pattern"] - 1))
            continue
        # Spanish: "cártel de(l) Caborca".
        m = i + 1
        if m < n and words[m] in ("de", "del") and toks.gap(m).strip() == "":
            m += 1
        e = m
        while e < n and toks.is_cap(e) and toks.gap(e).strip() in ("", "-") and e - m < 3:
            e += 1
        if e > m:
            doc.add(doc.span(i, e, "criminal_group", "cartel-lc", priority=PRIORITY["pattern"] - 1))


ADMIN_AFTER = frozenset("administration government".split())
ADMIN_BEFORE = frozenset("gobierno administracion government administration".split())
ADMIN_TITLES = frozenset("president presidente presidenta expresidente former then el la the".split())


def _administrations(doc: Doc) -> None:
    """'the Calderón administration', 'gobierno de López Obrador': a head of government's
    administration is a mention of that country's government (the lexicon's ``gov=`` flag
    names it on the people who headed one)."""
    from redes.extract.gazetteer import _lang_ok
    from redes.extract.lexicon import load

    toks = doc.tokens
    words = toks.words
    n = len(words)
    matches = doc.cache.get("gazetteer", {}).get("matches", ())
    lex = load()
    for i, form in matches:
        gov = next(
            (
                f.split("=", 1)[1]
                for e, flags in form.options
                if e.type == "person" and _lang_ok(flags, doc.lang)
                for f in flags
                if f.startswith("gov=")
            ),
            None,
        )
        entry = lex.entry(gov) if gov else None
        if entry is None:
            continue
        j = i + len(form.tokens)
        a, b = i, j
        k = j
        if k + 1 < n and words[k] == "s" and toks.gap(k) in ("'", "’"):
            k += 1  # "Calderón's administration"
        if k < n and words[k] in ADMIN_AFTER and toks.gap(k).strip() == "" and "\n" not in toks.gap(k):
            b = k + 1
        else:
            m = i
            while m > 0 and words[m - 1] in ADMIN_TITLES and toks.gap(m).strip() == "" and i - m < 2:
                m -= 1
            if m >= 2 and words[m - 1] in ("de", "of") and words[m - 2] in ADMIN_BEFORE:
                a = m - 2
            elif m >= 1 and words[m - 1] in ADMIN_BEFORE and words[m - 1].startswith("admin"):
                a = m - 1  # "administración Calderón"
        if (a, b) == (i, j) or any("\n" in toks.gap(x) for x in range(a + 1, b)):
            continue
        doc.add(
            doc.span(
                a,
                b,
                "state_body",
                "administration",
                priority=PRIORITY["lexicon"],
                key=entry.id,
                name=entry.name,
            )
        )
        # The head of government stays a mention of the person, nested in the administration.
        for c in doc.candidates:
            if c.type == "person" and i <= c.i and c.j <= j:
                c.nested_ok = True
