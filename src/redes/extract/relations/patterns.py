"""The sentence patterns: a small template language over masked sentences, the table of
patterns (one construction per line), and the matcher that turns matches into relations.

Template language: ``{s:P}`` the subject placeholder, of type P; ``{o:GS+}`` the object, a
coordination list of G or S; ``{P}`` an anonymous placeholder; X stands for S, O or L.
``{the}`` an optional determiner ("one of the", "uno de los"); ``{_}`` a short gap without
mentions, ``{__}`` a longer one; ``{poss}`` a possessive 's; ``{LEAD}``, ``{MEMBER}``,
``{KINEN}``, ``{ROLE}``... the trigger lexicons; ``(?P<d>...)`` the words kept as the
relation's detail. A pattern that opens with a lexicon is only tried where that lexicon
occurs, a family of patterns only runs in sentences where its triggers occur, and a pattern
only runs where every lexicon it cannot match without matches too (``_required_lexicons``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from redes.extract.relations import lexicon as lex
from redes.extract.relations.cues import Cue, stems
from redes.extract.relations.fragments import (
    HON,
    OPEN,
    PLACEHOLDER,
    ROLE,
    SEP,
    alt,
    both,
    cue,
    negated,
    trigger_detail,
)
from redes.extract.relations.positions import COUNTRY_ABBREV
from redes.extract.relations.references import same_group
from redes.extract.relations.sentences import RuleMention, RuleSentence

if TYPE_CHECKING:
    from redes.extract.relations.document import Document

# Kin words: "X, son of the leader of G" says nothing about X leading G.
_KIN_GAP = "|".join(lex.KIN["en"] + lex.KIN["es"])
_MACROS = {
    "the": r"(?:(?i:the|a|an|its|their|one of(?: the)?|uno de(?: los)?|una de(?: las)?|el|la|los|las|lo|un|una|"
    r"one of its|uno de sus|una de sus)\s+)?",
    "_": r"[^\ue000\ue001]{0,40}?",
    # Between a name and its apposition ("who is", "quien fungía como", "considerado"), but
    # not a clause of its own: "X said 20 members of G were arrested" is no membership, and
    # "X called Guzman a leader of G" (a name the entity stage missed) describes someone else.
    "gap": r"(?:(?!(?i:said|says|stated|told|added|dijo|dice|declar[óo]|señal[óo]|inform[óo]|afirm[óo]|"
    r"report|announc|anunci)|\d|(?:" + _KIN_GAP + r")\s+(?i:of|de|del)\b|"
    r"(?i:call(?:ed|s)|labell?ed|branded|describ(?:ed|es)|llam[óo]|calific[óo]|describi[óo])\s+(?:(?i:a|al)\s+)?"
    r"[A-ZÁÉÍÓÚÑ])[^\ue000\ue001]){0,40}?",
    "__": r"[^\ue000\ue001]{0,120}?",
    # A relative clause between a subject and its verb, names included: ", who was born in
    # L, ", ", quien fue detenido por S en 2019, ".
    "rel": r",? (?i:who|quien)\b[^,;.:()]{0,80}?, ",
    "poss": r"(?:’s|'s|’|')",
    "of": r"(?i:of|for|at|from|with|in|de|del|de la|de los|de las|en|adscrit[oa] a(?:l)?|at the|within)",
    "q": r"[\"“”‘’'«»]?",
    "adj": r"(?:(?i:new|former|alleged|reputed|top|main|principal|presunt[oa]|nuev[oa]|ex|supuest[oa]|then|"
    r"high-level|senior|powerful|feared|notorious|so-called)\s+)*",
    "HON": HON,
    # "la célula delictiva “Los X”", "the gang X": a common noun before a group name
    "gnoun": r"(?:(?i:c[ée]lula|facci[óo]n|organizaci[óo]n|grupo|cartel|c[áa]rtel|banda|pandilla|group|gang|"
    r"organi[sz]ation|faction|cell)(?: (?i:delictiv[oa]|criminal|armad[oa]|local|regional|del narcotr[áa]fico|"
    r"de la delincuencia organizada|drug trafficking|criminal))*(?: (?i:denominad[oa]|llamad[oa]|conocid[oa] como|"
    r"known as|called|named))? [\"“‘«]?)?",
    "wing": r"(?:\ue000G\d+\ue001(?:’s|'s|’|') "
    + r"(?:(?i:new|armed|military|main)\s+)*"
    + alt(both(lex.PART))
    + r",? (?:(?i:known as|called|named|dubbed|denominad[oa]|conocid[oa] como|llamad[oa])\s+)?[\"“‘«]?)?",
    "ident": r"(?:[^\ue000\ue001]{0,40}?(?i:identified|identificad[oa]s?|considerad[oa]s?|señalad[oa]s?|named|described|"
    r"reputed|known|believed to be|presumed|presunt[oa]s?|catalogad[oa]s?|ubicad[oa]s?|reconocid[oa]s?)"
    r"(?:,? (?i:by|por) [^\ue000\ue001]{0,20}\ue000[SOL]\d+\ue001)?,? (?i:as|como) )",
    "LEAD": alt(both(lex.LEAD)),
    "LEADV": alt(both(lex.LEAD_VERB)),
    "LEADP": alt(both(lex.LEAD_PASSIVE)),
    "MEMBER": alt(both(lex.MEMBER)),
    "MEMBERV": alt(both(lex.MEMBER_VERB)),
    "KINEN": alt(lex.KIN["en"]),
    "KINES": alt(lex.KIN["es"]),
    "PART": alt(both(lex.PART)),
    "SPLIT": alt(both(lex.SPLIT_VERB)),
    "ROLE": ROLE,
}
_MACRO_RE = re.compile(r"\{(?:(\w):)?([PGSOLX]+)(\+)?\}|\{(\w+)\}")


def _ph(codes: str) -> str:
    codes = codes.replace("X", "SOL")
    return rf"\ue000[{codes}]\d+\ue001"


def _compile(template: str) -> re.Pattern[str]:
    def expand(m: re.Match[str]) -> str:
        if m.group(2):
            one = _ph(m.group(2))
            body = rf"{one}(?:{SEP}{one})*" if m.group(3) else one
            return f"(?P<{m.group(1)}>{body})" if m.group(1) else f"(?:{body})"
        return _MACROS[m.group(4)]

    return re.compile(_MACRO_RE.sub(expand, template))


@dataclass(slots=True, frozen=True)
class Pattern:
    name: str
    type: str
    regex: re.Pattern[str]
    needs: frozenset[str]  # placeholder codes that must all be present in the sentence
    detail: str | None = None
    family: str = ""  # which trigger lexicon must occur in the sentence
    anchor: Cue | None = None  # for patterns that open with a trigger: only tried at its words
    lexicons: tuple[str, ...] = ()  # trigger macros every match contains (``_LEXICON_CUE``)
    opens_with_name: bool = False  # every match starts with a placeholder


# The trigger macros, each an ``alt`` of a lexicon. A pattern matches only where the
# lexicons it requires match too, and those are found fast at the words that start with
# their stems (``Cue``): a pattern is skipped, without running its regex (the costly part
# of ``apply``), in a sentence where one of them is missing.
_LEXICONS = {
    "LEAD": both(lex.LEAD),
    "LEADV": both(lex.LEAD_VERB),
    "LEADP": both(lex.LEAD_PASSIVE),
    "MEMBER": both(lex.MEMBER),
    "MEMBERV": both(lex.MEMBER_VERB),
    "KINEN": lex.KIN["en"],
    "KINES": lex.KIN["es"],
    "PART": both(lex.PART),
    "SPLIT": both(lex.SPLIT_VERB),
    "ROLE": both(lex.ROLE),
}


def _word_cue(fragments: list[str]) -> Cue | None:
    """The cue of a lexicon whose every match starts a word with one of its stems, or None
    (a fragment that opens with punctuation or a class of letters has no such stems)."""
    found = [stems(f) for f in fragments]
    return cue(fragments) if all(found) and not any("" in some for some in found) else None


_LEXICON_CUE = {name: c for name, frags in _LEXICONS.items() if (c := _word_cue(frags)) is not None}
# A quantifier that makes what it follows optional (or a brace that is none: counted as such).
_OPTIONAL = re.compile(r"[?*]|\{0*[,}]")


def _class_end(template: str, i: int) -> int:
    """Index just after the character class that opens at ``template[i] == "["``."""
    k = i + 1
    if template.startswith("^", k):
        k += 1
    if template.startswith("]", k):
        k += 1
    while template[k] != "]":
        k += 2 if template[k] == "\\" else 1
    return k + 1


def _required_lexicons(template: str) -> tuple[str, ...]:
    """The trigger macros of ``template`` that every match contains: those outside any
    optional group, alternation or lookaround."""
    required = [True]  # per open group: whether every match goes through it
    names: list[list[str]] = [[]]  # per open group: the macros it requires
    i = 0
    while i < len(template):
        c = template[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(template, i)
            continue
        if c == "{":
            end = template.index("}", i) + 1
            name = template[i + 1 : end - 1]
            if name in _LEXICON_CUE and not _OPTIONAL.match(template, end):
                names[-1].append(name)
            i = end
            continue
        if c == "(":
            required.append(not template.startswith(("(?=", "(?!", "(?<=", "(?<!"), i))
            names.append([])
        elif c == "|":
            required[-1] = False
        elif c == ")":
            inner, through = names.pop(), required.pop()
            if through and not _OPTIONAL.match(template, i + 1):
                names[-1] += inner
        i += 1
    return tuple(sorted(set(names[0]))) if required[0] else ()


# Lexicons a pattern may open with; such patterns are only tried where the lexicon occurs.
_ANCHORS = {
    "LEAD": both(lex.LEAD),
    "MEMBER": both(lex.MEMBER),
    "PART": both(lex.PART),
    "ROLE": both(lex.ROLE),
}
_FAMILY_OF = {"lead": "lead", "member": "member", "kin": "kin", "part": "part", "role": "role", "name": "role",
              "org": "role", "then": "role", "party": "party"}  # fmt: skip


def _p(name: str, rtype: str, needs: str, template: str, detail: str | None = None) -> Pattern:
    regex = _compile(template)
    opening = re.match(r"\(\?P<d>\{(\w+)\}\)", template)
    anchor = None
    if opening and opening.group(1) in _ANCHORS:
        anchor = Cue(_ANCHORS[opening.group(1)], regex.pattern)
    elif template.startswith("(?i:"):
        first = template[4 : template.index(")")].split("|")
        anchor = Cue(first, regex.pattern)
    return Pattern(
        name, rtype, regex, frozenset(needs), detail, _FAMILY_OF[name.split("-")[0]], anchor,
        _required_lexicons(template), bool((m := _MACRO_RE.match(template)) and m.group(2)),
    )  # fmt: skip


# Subject-object orientation is given by the named groups: s is the subject, o the object.
_OFG = r"(?i:of|for|in|within|with|de|del|de la|de los|en)"
# One rule per line: a table to read and extend, not code to reflow.
# fmt: off
PATTERNS: list[Pattern] = [
    # leads ---------------------------------------------------------------------------------
    _p("lead-appos", "leads", "PG", r"{s:P+},? {gap}{the}{adj}(?P<d>{LEAD}) (?i:of|for|de|del|de la|de los) {the}{adj}{gnoun}{wing}{o:G}(?!{poss} )"),
    _p("lead-as", "leads", "PG", r"{s:P+},? (?:{ident}|(?i:as|como|was|is|fue|es|era|became|se convirtió en) ){the}{adj}(?P<d>{LEAD}) (?i:of|de|del|de la|de los|en) {the}{gnoun}{wing}{o:G}(?!{poss} )"),
    _p("lead-and", "leads", "PG", r"{s:P+},? {_}{the}{adj}{LEAD} (?i:of|de|del|de la|de los) {the}{gnoun}{G}{q},? (?i:and|y|as well as) {the}{adj}(?P<d>{LEAD}) (?i:of|de|del|de la|de los) {the}{gnoun}{o:G}"),
    _p("lead-title", "leads", "PG", r"{o:G}{poss}? {adj}(?P<d>{LEAD}),? {q}{s:P}"),
    _p("lead-title-of", "leads", "PG", r"(?P<d>{LEAD}) (?i:of|de|del|de la) {the}{gnoun}{o:G},? {HON}{s:P}"),
    _p("lead-verb", "leads", "PG", r"{s:P}{__}(?P<d>{LEADV}) {the}{gnoun}{o:G}"),
    _p("lead-verb-rel", "leads", "PG", r"{s:P}{rel}(?P<d>{LEADV}) {the}{gnoun}{o:G}"),
    _p("lead-passive", "leads", "PG", r"{o:G},? (?i:which was |which is |que fue |que era |que es |is |was |has been |had been |es |fue |era |ha sido )?(?P<d>{LEADP}) (?i:by|por) {the}{adj}{s:P}"),
    _p("lead-under", "leads", "PG", r"{o:G}{__}(?i:under the (?:leadership|command|direction|control) of|bajo el (?:liderazgo|mando) de|al mando de|liderado por|encabezado por) {s:P}", "leader"),
    _p("lead-second", "leads", "PG", r"{s:P},? {_}(?P<d>(?i:second[- ]in[- ]command|number two|segundo al mando|n[úu]mero dos))[^\ue000\ue001]{0,30}?{o:G}"),
    # member_of -----------------------------------------------------------------------------
    _p("member-appos", "member_of", "PG", r"{s:P+},? {gap}{the}{adj}(?:{MEMBER} (?i:y|and|e) )?(?P<d>{MEMBER})(?: (?i:también|also|as well))? " + _OFG + r" {the}{adj}{gnoun}{wing}{o:G}(?!{poss} )"),
    _p("member-as", "member_of", "PG", r"{s:P+},? (?:{ident}|(?i:as|como|was|is|fue|es|era) ){the}{adj}(?P<d>{MEMBER}) " + _OFG + r" {the}{gnoun}{o:G}"),
    _p("member-title", "member_of", "PG", r"{o:G}{poss}? {adj}(?P<d>{MEMBER}),? {q}{s:P}"),
    _p("member-verb", "member_of", "PG", r"{s:P+},? {gap}(?P<d>{MEMBERV}) {the}{adj}{gnoun}{o:G}"),
    _p("member-verb-rel", "member_of", "PG", r"{s:P+}{rel}(?P<d>{MEMBERV}) {the}{adj}{gnoun}{o:G}"),
    _p("member-same", "member_of", "P", r"{s:P},? {_}(?i:del mismo grupo(?: delictivo| criminal)?|de la misma organizaci[óo]n(?: delictiva| criminal)?|of the same (?:group|cartel|organi[sz]ation))", "member"),
    _p("member-including", "member_of", "PG", r"(?P<d>{MEMBER}) " + _OFG + r" {the}{gnoun}{o:G},? (?i:entre (?:ellos|ellas|los que (?:destaca|destacan|se encuentra|se encuentran))|among them|including),? {s:P+}"),
    # family --------------------------------------------------------------------------------
    _p("kin-of", "family", "P", r"{s:P},? {gap}{the}(?P<d>{KINEN})(?: and [^\ue000\ue001,]{1,30}?)? of {the}{o:P}"),
    _p("kin-de", "family", "P", r"{s:P},? {gap}{the}(?P<d>{KINES})(?: y [^\ue000\ue001,]{1,30}?)? (?i:de|del) {o:P}"),
    _p("kin-of-desc", "family", "P", r"{s:P},? {gap}{the}(?P<d>{KINEN}) of (?:{the}{G}{poss} )?(?:[a-z]+ ){0,2}[a-z]+,? {o:P}"),
    _p("kin-de-desc", "family", "P", r"{s:P},? {gap}{the}(?P<d>{KINES}) (?i:de|del) (?:[a-záéíóúñ]+ ){0,2}(?:{G}|[a-záéíóúñ]+),? {o:P}"),
    _p("kin-poss", "family", "P", r"{o:P}{poss}? {adj}(?P<d>{KINEN}),? {q}(?:{G} {LEAD},? )?{s:P}"),
    _p("kin-su", "family", "P", r"{o:P}[^\ue000\ue001]{0,80}?(?i:su) (?P<d>{KINES}),? {q}{s:P}"),
    # "La esposa de X, Y, fue detenida", "the son of X, Y, was charged": Y is X's kin.
    _p("kin-of-appos", "family", "P", r"(?i:the|a) (?P<d>{KINEN}) of {o:P},? {q}{s:P+}"),
    _p("kin-de-appos", "family", "P", r"(?i:el|la|los|las|un|una) (?P<d>{KINES}) (?i:de|del) {o:P},? {q}{s:P+}"),
    # part_of -------------------------------------------------------------------------------
    _p("part-appos", "part_of", "G", r"{s:G},? {the}{adj}(?P<d>{PART}) (?i:of|within) {the}{o:G}"),
    # Spanish needs the article: "X, una facción del Y"; bare "Cártel del Golfo, facción de Los
    # Escorpiones" names the faction (part-faccion-es).
    _p("part-appos-es", "part_of", "G", r"{s:G},? (?i:una|un|la|el|uno de los|una de las|otra|otro) {adj}(?P<d>{PART}) (?i:de|del|de la|de los) {the}{o:G}"),
    _p("part-poss", "part_of", "G", r"{o:G}{poss} {adj}(?P<d>{PART}),? (?i:known as |called |named |dubbed |,)?{q}{s:G}"),
    _p("part-of-known", "part_of", "G", r"(?P<d>{PART}) (?i:of|de|del|de la) {the}{o:G},? (?i:known as|called|named|dubbed|denominad[oa]|conocid[oa] como|llamad[oa])? ?{the}{q}{s:G}"),
    _p("part-formed", "part_of", "G", r"{o:G+}{_}(?i:formed|created|founded|set up|crearon|formaron|fundaron) {the}{adj}(?P<d>{PART}) (?i:called|known as|named|dubbed|denominad[oa]|llamad[oa]|conocid[oa] como) {the}{q}{s:G}"),
    _p("part-named", "part_of", "G", r"(?P<d>{PART}) (?i:denominad[oa]|llamad[oa]|conocid[oa] como|called|known as|named) {q}{s:G},? (?i:del|de la|de los|of the|de) {o:G}"),
    _p("part-faccion-es", "part_of", "G", r"{o:G},? (?P<d>(?i:facci[óo]n|c[ée]lula|brazo armado)) (?i:de |denominada )?{q}{s:G}"),
    _p("part-split", "part_of", "G", r"{s:G}{__}(?P<d>{SPLIT}) {the}{o:G}"),
    _p("part-banner", "part_of", "G", r"{s:G+}{__}(?i:under the (?:banner|umbrella) of|bajo (?:el paraguas|la bandera|las siglas) de) {the}{o:G}", "member of alliance"),
    _p("part-x-of-y", "part_of", "G", r"{s:G}{q} (?i:of the|del) {o:G}", "faction"),
    # holds_position (weak rules only count when no other rule gives the person a position) --
    _p("role-name-of", "holds_position", "P", r"(?P<d>{ROLE}) {HON}{s:P+},? (?i:of|from|at|for|de|del|de la|adscrit[oa] al?|en|with) {the}(?:{X}{poss}? )?{o:X}"),
    _p("org-role-name", "holds_position", "P", r"{o:X}{poss}? (?P<d>{ROLE}),? {HON}{s:P}"),
    _p("role-of-org-name", "holds_position", "P", r"(?P<d>{ROLE}) (?i:of|de|del|de la|for|at|en) {the}{o:X}(?:\s*\([^)]{1,30}\))?,? {HON}{s:P}"),
    _p("name-role-of", "holds_position", "P", r"{s:P},? (?i:who is |who was |is |was |as |now |then |currently |fue |es |era |como |quien (?:es|era|fue|fung[ií]a como|funge como) |has been |had been |served as |became |se desempeñ[óo] como )?{the}?(?P<d>{ROLE}) (?i:of|at|for|in|de|del|de la|en|with|adscrit[oa] al?) {the}{o:X+}"),
    _p("name-now-poss-role", "holds_position", "P", r"{s:P},? (?i:now |then |the |current |former |currently |ahora |entonces )*{o:X}{poss} {adj}(?P<d>{ROLE})"),
    _p("then-office-name", "holds_position", "PS", r"(?i:the then|then|the current|the former|el entonces|la entonces|el actual|la actual|entonces|former) {o:S},? {HON}{s:P}", "office holder"),
    _p("name-copula-role", "holds_position", "P", r"{s:P},? (?i:has been|had been|have been|served as|serves as|worked as|works as|se desempeñ[óo] como|fue|ha sido|was|is)(?: (?i:a|an|the|el|la|un|una))? (?P<d>(?:[A-Za-z][\w-]* ){0,2}{ROLE}) (?i:of|at|for|in|de|del|de la|en|with) {the}{o:X+}"),
    _p("org-led-by", "holds_position", "P", r"{o:S}{_}(?i:que dirige|bajo la conducci[óo]n de|encabezad[oa] por|dirigid[oa] por|led by|headed by|chaired by|under the leadership of) {the}(?:{ROLE} )?{HON}{s:P}", "head"),
    _p("party-member", "holds_position", "PO", r"{s:P},? {the}(?P<d>(?i:member|candidate|leader|militante|candidat[oa]|miembro|dirigente|l[íi]der|founder)) (?i:of|for|de|del|de la) {the}{o:O}"),
]
# fmt: on
# Positions come first: who is an official decides who can be a target or a colluder.
ROLE_PATTERNS = [p for p in PATTERNS if p.family in ("role", "party")]
OTHER_PATTERNS = [p for p in PATTERNS if p.family not in ("role", "party")]
# A title next to a country ("U.S. District Judge X") is weaker than a title with its office.
WEAK_RULES = frozenset({"org-role-name", "country-title"})


# Which pattern families need which lexicon to be present in the sentence, so a sentence
# without any "leader" word never runs the leads patterns.
_FAMILY_TRIGGER = {
    "lead": both(lex.LEAD) + both(lex.LEAD_VERB) + both(lex.LEAD_PASSIVE) + [r"leadership", r"liderazgo", r"mando"],
    "member": both(lex.MEMBER) + both(lex.MEMBER_VERB) + [r"mismo grupo", r"misma organizaci[óo]n", r"same"],
    "kin": both(lex.KIN),
    "part": both(lex.PART) + both(lex.SPLIT_VERB) + [r"banner", r"umbrella", r"paraguas", r"bandera", r"of", r"del"],
    "role": both(lex.ROLE) + [r"then", r"entonces", r"actual", r"current", r"former", r"que dirige", r"conducci[óo]n",
                               r"led by", r"headed by", r"member", r"candidate", r"militante", r"miembro", r"candidat[oa]",
                               r"dirigente", r"chaired by", r"has been", r"had been", r"served", r"serves", r"worked",
                               r"works", r"se desempeñ[óo]", r"fue", r"ha sido", r"was", r"is"],
    "party": [r"member", r"candidate", r"leader", r"militante", r"candidat[oa]", r"miembro", r"dirigente", r"l[íi]der", r"founder"],
}  # fmt: skip
_FAMILY_CUE = {k: Cue(v, "") for k, v in _FAMILY_TRIGGER.items()}


def _all_occur(names: tuple[str, ...], sent: RuleSentence, seen: dict[str, bool]) -> bool:
    """Whether every lexicon of ``names`` matches in the masked sentence (cached in ``seen``)."""
    for name in names:
        got = seen.get(name)
        if got is None:
            got = seen[name] = _LEXICON_CUE[name].search(sent.masked, 0, None, sent.words) is not None
        if not got:
            return False
    return True


def _last_trigger(names: tuple[str, ...], sent: RuleSentence) -> int:
    """An offset that every lexicon of ``names`` may still match after: none matches after the
    last word that starts with one of its stems."""
    limit = len(sent.masked)
    for name in names:
        starts = sent.words.starts(_LEXICON_CUE[name])
        limit = min(limit, starts[-1] if starts else 0)
    return limit


def _matches_before(rx: re.Pattern[str], masked: str, limit: int) -> Iterator[re.Match[str]]:
    """``rx.finditer(masked)`` for a pattern that opens with a placeholder and requires a
    trigger found before ``limit`` only: it is tried at the placeholders before it alone (a
    failed try, a gap read up to the end of the sentence, is the costly part)."""
    last = 0
    start = masked.find(OPEN)
    while 0 <= start < limit:
        if start >= last and (m := rx.match(masked, start)):
            last = m.end()
            yield m
        start = masked.find(OPEN, start + 1)


# (pattern list, placeholder codes of a sentence) -> the patterns whose codes it has
_APPLICABLE: dict[tuple[int, frozenset[str]], tuple[list[Pattern], list[Pattern]]] = {}


def _applicable(patterns: list[Pattern], codes: frozenset[str]) -> list[Pattern]:
    """The patterns that ``codes`` (a sentence's placeholder types) allow, in order: a
    few dozen combinations of codes, each filtered once."""
    key = (id(patterns), codes)
    got = _APPLICABLE.get(key)
    if got is None or got[0] is not patterns:
        got = _APPLICABLE[key] = (patterns, [p for p in patterns if p.needs <= codes])
    return got[1]


def apply(
    doc: Document, sent: RuleSentence, matched: dict[int, set[tuple[int, int]]], patterns: list[Pattern]
) -> None:
    """Relations from every pattern that matches the sentence; ``matched`` collects, per
    sentence, the (subject, object) mention pairs a pattern linked, which the looser rules
    leave alone."""
    if len(sent.mentions) < 2:
        return
    present: dict[str, bool] = {}
    occurs: dict[str, bool] = {}
    lookup = not sent.words.trapped  # else leave the sentence to the regexes
    found: list[tuple[bool, Pattern, int, int, RuleMention, str | None, int | None]] = []
    for pat in _applicable(patterns, sent.code_set):
        fam = pat.family
        if fam not in present:
            present[fam] = _FAMILY_CUE[fam].present(sent.prefixes)
        if not present[fam]:
            continue
        if lookup and not _all_occur(pat.lexicons, sent, occurs):
            continue
        if pat.anchor:
            matches = pat.anchor.finditer(sent.masked, 0, None, sent.words)
        elif lookup and pat.lexicons and pat.opens_with_name:
            matches = _matches_before(pat.regex, sent.masked, _last_trigger(pat.lexicons, sent))
        else:
            matches = pat.regex.finditer(sent.masked)
        for m in matches:
            if negated(sent.masked, m.start(), m.end()):
                continue
            subs = [int(i) for _, i in PLACEHOLDER.findall(m.group("s"))]
            if pat.name == "member-same":
                objs = [(-1, g) for g in same_group(doc, sent)]
            else:
                objs = [(int(i), sent.mentions[int(i)]) for _, i in PLACEHOLDER.findall(m.group("o"))]
            detail = pat.detail
            if "d" in pat.regex.groupindex and m.group("d"):
                detail = trigger_detail(doc.unmask(sent, m.group("d")), pat.type)
            weak = pat.name in WEAK_RULES and not re.search(r"’s|'s|’ |' ", m.group())
            if (
                weak
                and pat.name == "org-role-name"
                and COUNTRY_ABBREV.fullmatch(doc.unmask(sent, m.group("o")))
            ):
                continue  # "U.S. Attorney", "U.S. District Judge": part of the title
            year = doc.year(sent, m.start())
            for si in subs:
                for oi, o in objs:
                    found.append((weak, pat, si, oi, o, detail, year))
            if pat.name == "part-formed":
                # "G1 and G2 formed an armed wing called G3": the founders are allies
                for x, (_, a) in enumerate(objs):
                    for _, b in objs[x + 1 :]:
                        doc.emit("allied_with", a, b, sent, "allied-founders", None, year)
    strong_subjects = {(pat.type, si) for weak, pat, si, *_ in found if not weak}
    for weak, pat, si, oi, o, detail, year in found:
        if weak and (pat.type, si) in strong_subjects:
            continue
        if doc.emit(pat.type, sent.mentions[si], o, sent, pat.name, detail, year):
            matched.setdefault(sent.index, set()).add((si, oi))
