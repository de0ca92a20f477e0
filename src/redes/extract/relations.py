"""Relation and attribute extraction: trigger lexicons and sentence patterns, English and Spanish.

How it works, per document:

1. Every entity mention is placed in its sentence. Generic references that the entity
   stage does not tag ("the cartel", "la organización", "its", "he") become pseudo-mentions
   of the group or person they most plausibly refer to (the nearest one mentioned before).
2. Each sentence with something to relate is *masked*: every mention becomes a placeholder
   such as ``\\ue000G3\\ue001`` (P person, G criminal group, S state body, O organization,
   L place), and a name followed by its alias ("Nemesio Oseguera, “El Mencho,”") collapses
   into one placeholder.
3. Sentence patterns over the masked text (``_PATTERNS``) link placeholders through trigger
   words from ``relations_lexicon``: apposition ("P, líder del G"), possessives ("G's armed
   wing, G"), passive voice ("G, led by P"), coordination lists ("P1, P2 and P3 from S").
4. Looser rules (``_operates_in``, ``_action_against``, ``_group_pairs``, ``_collusion``)
   pair entities that share a sentence with a trigger, with guards for precision.
5. Attributes (founded, died, age, reward) are read from the same sentences.

Only sentences with two mentions, or one mention and a trigger for an attribute, are
examined, and every regex is compiled once at import.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from redes.extract import relations_lexicon as lex
from redes.extract.dates import DateMatch, document_date, find_dates, nearest_year
from redes.extract.model import ExtractedEntity, ExtractedRelation, Span
from redes.extract.relations_cues import Cue, Words

_CODE = {"person": "P", "criminal_group": "G", "state_body": "S", "organization": "O", "place": "L"}
_OPEN, _CLOSE = "\ue000", "\ue001"
_PH_RE = re.compile(r"\ue000([A-Z])(\d+)\ue001")
_OPEN_QUOTES = "\"“‘'«"
_CLOSE_QUOTES = "\"”’'»"


def _both(table: dict[str, list[str]]) -> list[str]:
    return table["en"] + table["es"]


def _alt(fragments: list[str]) -> str:
    """A case-insensitive alternation of fragments that must start and end on word boundaries."""
    body = "|".join(sorted(fragments, key=len, reverse=True))
    return rf"(?<![\w\-])(?i:{body})(?![\w\-])"


# A place used as an adjective inside a title: "Assistant U.S. Attorney", "U.S. District Judge".
_ROLE_PLACE = r"(?:(?i:acting|deputy|assistant|associate|executive|former|interim|special|senior)\s+)*(?:\ue000L\d+\ue001\s+)?"


# --- pattern language -----------------------------------------------------------------------
# {s:P} subject placeholder of type P; {o:GS+} object list of G or S; {P} anonymous; X = S|O|L.
# {the} optional determiner; {_} short gap without mentions, {__} a longer one; {poss} 's.

# Kin words: "X, son of the leader of G" says nothing about X leading G.
_KIN_GAP = "|".join(lex.KIN["en"] + lex.KIN["es"])
_SEP = r"(?:\s*[,;]\s*(?:(?:and|y|e|or|o|as well as)\s+)?|\s+(?:and|y|e|or|o|as well as|&)\s+)(?:(?:the|la|el|los|las)\s+)?"
_MACROS = {
    "the": r"(?:(?i:the|a|an|its|their|one of(?: the)?|uno de(?: los)?|una de(?: las)?|el|la|los|las|lo|un|una|"
    r"one of its|uno de sus|una de sus)\s+)?",
    "_": r"[^\ue000\ue001]{0,40}?",
    # Between a name and its apposition ("who is", "quien fungía como", "considerado"), but
    # not a clause of its own: "X said 20 members of G were arrested" is no membership.
    "gap": r"(?:(?!(?i:said|says|stated|told|added|dijo|dice|declar[óo]|señal[óo]|inform[óo]|afirm[óo]|"
    r"report|announc|anunci)|\d|(?:" + _KIN_GAP + r")\s+(?i:of|de|del)\b)[^\ue000\ue001]){0,40}?",
    "__": r"[^\ue000\ue001]{0,120}?",
    "poss": r"(?:’s|'s|’|')",
    "of": r"(?i:of|for|at|from|with|in|de|del|de la|de los|de las|en|adscrit[oa] a(?:l)?|at the|within)",
    "q": r"[\"“”‘’'«»]?",
    "adj": r"(?:(?i:new|former|alleged|reputed|top|main|principal|presunt[oa]|nuev[oa]|ex|supuest[oa]|then|"
    r"high-level|senior|powerful|feared|notorious|so-called)\s+)*",
    "HON": r"(?:" + _alt(lex.HONORIFIC) + r"\s+)?",
    # "la célula delictiva “Los Demonios”", "the group Los Zetas": a common noun before a group name
    "gnoun": r"(?:(?i:c[ée]lula|facci[óo]n|organizaci[óo]n|grupo|cartel|c[áa]rtel|banda|pandilla|group|gang|"
    r"organi[sz]ation|faction|cell)(?: (?i:delictiv[oa]|criminal|armad[oa]|local|regional|del narcotr[áa]fico|"
    r"de la delincuencia organizada|drug trafficking|criminal))*(?: (?i:denominad[oa]|llamad[oa]|conocid[oa] como|"
    r"known as|called|named))? [\"“‘«]?)?",
    "wing": r"(?:\ue000G\d+\ue001(?:’s|'s|’|') "
    + r"(?:(?i:new|armed|military|main)\s+)*"
    + _alt(_both(lex.PART))
    + r",? (?:(?i:known as|called|named|dubbed|denominad[oa]|conocid[oa] como|llamad[oa])\s+)?[\"“‘«]?)?",
    "ident": r"(?:[^\ue000\ue001]{0,40}?(?i:identified|identificad[oa]s?|considerad[oa]s?|señalad[oa]s?|named|described|"
    r"reputed|known|believed to be|presumed|presunt[oa]s?|catalogad[oa]s?|ubicad[oa]s?|reconocid[oa]s?)"
    r"(?:,? (?i:by|por) [^\ue000\ue001]{0,20}\ue000[SOL]\d+\ue001)?,? (?i:as|como) )",
    "LEAD": _alt(_both(lex.LEAD)),
    "LEADV": _alt(_both(lex.LEAD_VERB)),
    "LEADP": _alt(_both(lex.LEAD_PASSIVE)),
    "MEMBER": _alt(_both(lex.MEMBER)),
    "MEMBERV": _alt(_both(lex.MEMBER_VERB)),
    "KINEN": _alt(lex.KIN["en"]),
    "KINES": _alt(lex.KIN["es"]),
    "PART": _alt(_both(lex.PART)),
    "SPLIT": _alt(_both(lex.SPLIT_VERB)),
    "ROLE": _ROLE_PLACE + _alt(_both(lex.ROLE)),
}
_MACRO_RE = re.compile(r"\{(?:(\w):)?([PGSOLX]+)(\+)?\}|\{(\w+)\}")


def _ph(codes: str) -> str:
    codes = codes.replace("X", "SOL")
    return rf"\ue000[{codes}]\d+\ue001"


def _compile(template: str) -> re.Pattern[str]:
    def expand(m: re.Match[str]) -> str:
        if m.group(2):
            one = _ph(m.group(2))
            body = rf"{one}(?:{_SEP}{one})*" if m.group(3) else one
            return f"(?P<{m.group(1)}>{body})" if m.group(1) else f"(?:{body})"
        return _MACROS[m.group(4)]

    return re.compile(_MACRO_RE.sub(expand, template))


@dataclass(slots=True, frozen=True)
class _Pattern:
    name: str
    type: str
    regex: re.Pattern[str]
    needs: frozenset[str]  # placeholder codes that must all be present in the sentence
    detail: str | None = None
    family: str = ""  # which trigger lexicon must occur in the sentence
    anchor: Cue | None = None  # for patterns that open with a trigger: only tried at its words


# Lexicons a pattern may open with; such patterns are only tried where the lexicon occurs.
_ANCHORS = {
    "LEAD": _both(lex.LEAD),
    "MEMBER": _both(lex.MEMBER),
    "PART": _both(lex.PART),
    "ROLE": _both(lex.ROLE),
}
_FAMILY_OF = {"lead": "lead", "member": "member", "kin": "kin", "part": "part", "role": "role", "name": "role",
              "org": "role", "then": "role", "party": "party"}  # fmt: skip


def _p(name: str, rtype: str, needs: str, template: str, detail: str | None = None) -> _Pattern:
    regex = _compile(template)
    opening = re.match(r"\(\?P<d>\{(\w+)\}\)", template)
    anchor = None
    if opening and opening.group(1) in _ANCHORS:
        anchor = Cue(_ANCHORS[opening.group(1)], regex.pattern)
    elif template.startswith("(?i:"):
        first = template[4 : template.index(")")].split("|")
        anchor = Cue(first, regex.pattern)
    return _Pattern(name, rtype, regex, frozenset(needs), detail, _FAMILY_OF[name.split("-")[0]], anchor)


# Subject-object orientation is given by the named groups: s is the subject, o the object.
_OFG = r"(?i:of|for|in|within|with|de|del|de la|de los|en)"
# One rule per line: a table to read and extend, not code to reflow.
# fmt: off
_PATTERNS: list[_Pattern] = [
    # leads ---------------------------------------------------------------------------------
    _p("lead-appos", "leads", "PG", r"{s:P+},? {gap}{the}{adj}(?P<d>{LEAD}) (?i:of|for|de|del|de la|de los) {the}{adj}{gnoun}{wing}{o:G}(?!{poss} )"),
    _p("lead-as", "leads", "PG", r"{s:P+},? (?:{ident}|(?i:as|como|was|is|fue|es|era|became|se convirtió en) ){the}{adj}(?P<d>{LEAD}) (?i:of|de|del|de la|de los|en) {the}{gnoun}{wing}{o:G}(?!{poss} )"),
    _p("lead-and", "leads", "PG", r"{s:P+},? {_}{the}{adj}{LEAD} (?i:of|de|del|de la|de los) {the}{gnoun}{G}{q},? (?i:and|y|as well as) {the}{adj}(?P<d>{LEAD}) (?i:of|de|del|de la|de los) {the}{gnoun}{o:G}"),
    _p("lead-title", "leads", "PG", r"{o:G}{poss}? {adj}(?P<d>{LEAD}),? {q}{s:P}"),
    _p("lead-title-of", "leads", "PG", r"(?P<d>{LEAD}) (?i:of|de|del|de la) {the}{gnoun}{o:G},? {HON}{s:P}"),
    _p("lead-verb", "leads", "PG", r"{s:P}{__}(?P<d>{LEADV}) {the}{gnoun}{o:G}"),
    _p("lead-passive", "leads", "PG", r"{o:G},? (?i:which was |which is |que fue |que era |que es |is |was |has been |had been |es |fue |era |ha sido )?(?P<d>{LEADP}) (?i:by|por) {the}{adj}{s:P}"),
    _p("lead-under", "leads", "PG", r"{o:G}{__}(?i:under the (?:leadership|command|direction|control) of|bajo el (?:liderazgo|mando) de|al mando de|liderado por|encabezado por) {s:P}", "leader"),
    _p("lead-second", "leads", "PG", r"{s:P},? {_}(?P<d>(?i:second[- ]in[- ]command|number two|segundo al mando|n[úu]mero dos))[^\ue000\ue001]{0,30}?{o:G}"),
    # member_of -----------------------------------------------------------------------------
    _p("member-appos", "member_of", "PG", r"{s:P+},? {gap}{the}{adj}(?:{MEMBER} (?i:y|and|e) )?(?P<d>{MEMBER})(?: (?i:también|also|as well))? " + _OFG + r" {the}{adj}{gnoun}{wing}{o:G}(?!{poss} )"),
    _p("member-as", "member_of", "PG", r"{s:P+},? (?:{ident}|(?i:as|como|was|is|fue|es|era) ){the}{adj}(?P<d>{MEMBER}) " + _OFG + r" {the}{gnoun}{o:G}"),
    _p("member-title", "member_of", "PG", r"{o:G}{poss}? {adj}(?P<d>{MEMBER}),? {q}{s:P}"),
    _p("member-verb", "member_of", "PG", r"{s:P+},? {gap}(?P<d>{MEMBERV}) {the}{adj}{gnoun}{o:G}"),
    _p("member-same", "member_of", "P", r"{s:P},? {_}(?i:del mismo grupo(?: delictivo| criminal)?|de la misma organizaci[óo]n(?: delictiva| criminal)?|of the same (?:group|cartel|organi[sz]ation))", "member"),
    _p("member-including", "member_of", "PG", r"(?P<d>{MEMBER}) " + _OFG + r" {the}{gnoun}{o:G},? (?i:entre (?:ellos|ellas|los que (?:destaca|destacan|se encuentra|se encuentran))|among them|including),? {s:P+}"),
    # family --------------------------------------------------------------------------------
    _p("kin-of", "family", "P", r"{s:P},? {gap}{the}(?P<d>{KINEN})(?: and [^\ue000\ue001,]{1,30}?)? of {the}{o:P}"),
    _p("kin-de", "family", "P", r"{s:P},? {gap}{the}(?P<d>{KINES})(?: y [^\ue000\ue001,]{1,30}?)? (?i:de|del) {o:P}"),
    _p("kin-of-desc", "family", "P", r"{s:P},? {gap}{the}(?P<d>{KINEN}) of (?:{the}{G}{poss} )?(?:[a-z]+ ){0,2}[a-z]+,? {o:P}"),
    _p("kin-de-desc", "family", "P", r"{s:P},? {gap}{the}(?P<d>{KINES}) (?i:de|del) (?:[a-záéíóúñ]+ ){0,2}(?:{G}|[a-záéíóúñ]+),? {o:P}"),
    _p("kin-poss", "family", "P", r"{o:P}{poss}? {adj}(?P<d>{KINEN}),? {q}(?:{G} {LEAD},? )?{s:P}"),
    _p("kin-su", "family", "P", r"{o:P}[^\ue000\ue001]{0,80}?(?i:su) (?P<d>{KINES}),? {q}{s:P}"),
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
_ROLE_PATTERNS = [p for p in _PATTERNS if p.family in ("role", "party")]
_OTHER_PATTERNS = [p for p in _PATTERNS if p.family not in ("role", "party")]
# A title next to a country ("U.S. District Judge X") is weaker than a title with its office.
_WEAK_RULES = frozenset({"org-role-name", "country-title"})
_LOCAL_US_TITLE = re.compile(r"(?i:attorneys?|judges?|marshals?)\s*$")
_COUNTRY_ABBREV = re.compile(r"(?i:U\.S\.?|US|USA|EE\.?\s?UU\.?|E\.U\.A\.?|EUA)")

# Which pattern families need which lexicon to be present in the sentence, so a sentence
# without any "leader" word never runs the leads patterns.
_FAMILY_TRIGGER = {
    "lead": _both(lex.LEAD) + _both(lex.LEAD_VERB) + _both(lex.LEAD_PASSIVE) + [r"leadership", r"liderazgo", r"mando"],
    "member": _both(lex.MEMBER) + _both(lex.MEMBER_VERB) + [r"mismo grupo", r"misma organizaci[óo]n", r"same"],
    "kin": _both(lex.KIN),
    "part": _both(lex.PART) + _both(lex.SPLIT_VERB) + [r"banner", r"umbrella", r"paraguas", r"bandera", r"of", r"del"],
    "role": _both(lex.ROLE) + [r"then", r"entonces", r"actual", r"current", r"former", r"que dirige", r"conducci[óo]n",
                               r"led by", r"headed by", r"member", r"candidate", r"militante", r"miembro", r"candidat[oa]",
                               r"dirigente", r"chaired by", r"has been", r"had been", r"served", r"serves", r"worked",
                               r"works", r"se desempeñ[óo]", r"fue", r"ha sido", r"was", r"is"],
    "party": [r"member", r"candidate", r"leader", r"militante", r"candidat[oa]", r"miembro", r"dirigente", r"l[íi]der", r"founder"],
}  # fmt: skip
_FAMILY_CUE = {k: Cue(v, "") for k, v in _FAMILY_TRIGGER.items()}
_SIGNATURE = {
    "leads": ("P", "G"),
    "member_of": ("P", "G"),
    "family": ("P", "P"),
    "part_of": ("G", "G"),
    "allied_with": ("G", "G"),
    "rival_of": ("G", "G"),
    "operates_in": ("G", "L"),
    "collusion": ("PS", "G"),
    "holds_position": ("P", "SLO"),
    "action_against": ("S", "PG"),
}

# --- sentence-level regexes -------------------------------------------------------------------

_GLUE = re.compile(
    r"[\s,;:()\[\]\"“”‘’'«»]*(?:(?i:also known as|a\.k\.a\.?|aka|alias|known as|apodad[oa]|conocid[oa] como|"
    r"\(a\)|or|o|el|la)[\s,;:()\[\]\"“”‘’'«»]*)?"
)
_ROLE_FRAGS = _both(lex.ROLE)
_HON_FRAGS = lex.HONORIFIC


def _cue(fragments: list[str], regex: str | None = None, extra: tuple[str, ...] = ()) -> Cue:
    """A lexicon matched at word starts only; ``regex`` defaults to the plain alternation."""
    return Cue(fragments, regex if regex is not None else _alt(fragments), extra)


# Anaphors are found from their noun ("cartel", "organización", "he"), then read around it.
_GROUP_ANAPHOR = re.compile("|".join(f"(?:{f})" for f in _both(lex.GROUP_ANAPHOR)), re.IGNORECASE)
_GROUP_NOUNS = _cue([r"cartel", r"c[áa]rtel", r"organi[sz]aci[óo]n", r"organi[sz]ation", r"group", r"grupo",
                     r"syndicate", r"enterprise", r"gang", r"its", r"their"])  # fmt: skip
_GROUP_ANAPHOR_CASED = re.compile(
    r"(?<![\w-])(?:[Tt]he|[Tt]his|[Tt]hat|[Ss]aid|[Ii]ts|[Tt]heir|[Ee]l|[Ee]ste|[Ee]se|[Dd]icho|[Dd]el|[Aa]l|[Ll]a|[Ee]sta|[Ee]sa|[Dd]icha|[Dd]e|[Aa])\b"
)
_DEMONSTRATIVE = re.compile(r"(?i:this|that|these|those|said|its|their|este|esta|ese|esa|dicho|dicha)\b")
# "the notorious drug cartel leader X": a modifier, not a reference to a known cartel.
_MODIFIER_USE = re.compile(
    r"\s+(?i:leaders?|boss(?:es)?|kingpins?|members?|operatives?|lords?|traffickers?|violence|wars?)\b"
)
_POSSESSIVE = re.compile(r"(?i:its|their)\b")
_ANAPHOR_PREFIX = re.compile(r"(?i:de|a|del|al)\s+(?=\w)")
_DESCRIPTOR_GAP = re.compile(r"\s+(?:[a-záéíóúñ]+\s+){0,2}[\"“‘«]?|\s*[\"“‘«]")
_PERSON_ANAPHOR = re.compile("|".join(_both(lex.PERSON_ANAPHOR)), re.IGNORECASE)
_PERSON_NOUNS = _cue([r"he", r"him", r"his", r"himself", r"she", r"her", r"él", r"ella", r"defendant", r"suspect",
                      r"fugitive", r"kingpin", r"capo", r"detainee", r"drug lord", r"persona", r"sujeto",
                      r"delincuente", r"detenid[oa]", r"imputad[oa]", r"acusad[oa]"])  # fmt: skip
_SEP_RE = re.compile(_SEP)
_LOCATIVE_END = _cue(
    _both(lex.LOCATIVE),
    r"(?:" + _alt(_both(lex.LOCATIVE)) + r")\s*:?\s+(?:(?i:the|el|la|los|las)\s+)?[\"“‘«]?$",
)
_ATTACH_WORDS = [r"originally", r"native", r"born", r"natural", r"originari[oa]", r"nativ[oa]", r"oriund[oa]",
                 r"extradited", r"extradition", r"sent", r"transferred", r"deported", r"returned", r"returning",
                 r"flew", r"traveled", r"travelled", r"extraditad[oa]", r"trasladad[oa]", r"enviad[oa]", r"government",
                 r"gobierno", r"authorities", r"autoridades", r"embassy", r"embajada", r"consulate", r"consulado",
                 r"courts?", r"corte", r"district", r"distrito"]  # fmt: skip
_PLACE_ATTACHED_BEFORE = _cue(
    _ROLE_FRAGS + _ATTACH_WORDS,
    r"(?:" + _MACROS["ROLE"] + r"|" + _alt(_ATTACH_WORDS) + r")\s+(?i:of|from|to|de|del|a|al|in|en)?\s*"
    r"(?:(?i:the|el|la|los)\s+)?[\"“‘«]?$",
)
_PLACE_ATTACHED_AFTER = re.compile(
    r"^[\"”’»]?(?:’s|'s|’|')?\s*(?:" + _MACROS["ROLE"] + r"|(?i:government|authorities|-based|born))"
)
_CLAUSE_SPLIT = re.compile(r";|\s[–—]\s|\s-\s|(?<![\w.])\d{1,2}\)\s")
# "CJNG became Mexico’s fastest-growing criminal organisation"
_COPULA_POSS = re.compile(
    r"\ue000G(\d+)\ue001 (?i:is|was|became|has become|had become|remains|es|era|fue|se convirtió en)"
    r"(?: (?i:now|still|already|ya|hoy))? (?:(?i:one of|uno de) )?\ue000L(\d+)\ue001(?:’s|'s|’|') "
    r"(?i:largest|biggest|most|fastest|leading|main|dominant|top|strongest|principal|mayor)"
)
_NATIONALITY_BEFORE = re.compile(
    r"(?<!\w)(?i:the |el |la |los )?(Mexican|Colombian|Guatemalan|American|U\.S\.|mexican[oa]|colombian[oa])\s+"
    r"\ue000G(\d+)\ue001"
)
_PRESENCE = _cue(_both(lex.PRESENCE))
_RIVAL = _cue(_both(lex.RIVAL))
_ALLY = _cue(_both(lex.ALLY))
_COLLUDE = _cue(_both(lex.COLLUDE))
_ACTION = {detail: _cue(frags) for detail, frags in lex.ACTION.items()}
_AGAINST = re.compile(r"(?<!\w)(?i:against|versus|vs\.?|contra|frente a)(?!\w)")
_BETWEEN = re.compile(r"(?<!\w)(?i:between|among|entre)(?!\w)")
_MEMBER_NOUNS = [r"members", r"operatives", r"integrantes", r"miembros", r"personas", r"people", r"individuals",
                 r"gunmen", r"sicarios", r"leaders", r"l[íi]deres", r"cells", r"c[ée]lulas", r"combatants", r"fighters",
                 r"vinculad[oa]s", r"relacionad[oa]s"]  # fmt: skip
_MEMBERS_OF = _cue(
    _MEMBER_NOUNS,
    _alt(_MEMBER_NOUNS) + r"\s+(?:\w+\s+){0,4}?"
    r"(?i:of|from|de|del|de la|con|with|a|al)\s+(?:(?i:the|el|la|los|las|diferentes|grupos?)\s+){0,3}[\"“‘«]?$",
)
# "the Narcotic and Dangerous Drug Section of the Criminal Division": the division is context.
_PARENT_AFTER = re.compile(
    r"\ue000S\d+\ue001,? (?i:of|de|del|de la|within|in) (?:(?i:the|la|el)\s+)?\ue000S(\d+)\ue001"
)
# "la agresión contra personal de la Defensa Nacional": the state body is the victim here.
_VICTIM_WORDS = [r"contra", r"against", r"attacks? on", r"attacked", r"ataque a", r"agresi[óo]n a", r"atacaron a",
                 r"agredir a", r"emboscada a", r"ambush(?:ed)?"]  # fmt: skip
_VICTIM_BEFORE = _cue(
    _VICTIM_WORDS,
    _alt(_VICTIM_WORDS)
    + r"\s+(?:(?:el|la|los|las|the|al|a|personal|elementos|agentes|members|officers|de|del|of)\s+){0,4}$",
)
_HON_BEFORE = _cue(_HON_FRAGS, _MACROS["HON"].removesuffix("?") + r"$")
_TITLE_ONLY = re.compile(_MACROS["ROLE"])
# Between names of one list, possibly with names the entity stage missed: ", Hiral Mehta, "
_NAME_LIST_GAP = re.compile(
    r"(?:\s*(?:,|(?i:and|y|e))\s*(?:[A-ZÁÉÍÓÚÑ][\w.’'-]*\s*){0,4})*\s*(?:,|(?i:and|y|e))\s*"
)
_VICTIM_AFTER = re.compile(
    r"[\"”’»]?,?\s*(?i:quien|que|who|which)\s+(?i:fue|was|had been|habría sido|resultó)\s+(?i:asesinad[oa]|"
    r"murdered|killed|assassinated|ejecutad[oa]|secuestrad[oa]|kidnapped|atacad[oa]|attacked|herid[oa]|wounded)"
)
# Intransitive death words: "officials have died" makes no agency an actor by itself.
_INTRANSITIVE_DEATH = re.compile(
    r"(?i:died|muri[óo]|murieron|falleci[óo]|fallecieron|fallecen?|muerte|death)"
)
_ROLE_NEAR = _cue(_ROLE_FRAGS, _MACROS["ROLE"] + r"\s*,?\s*" + _MACROS["HON"] + r"$")
_COUNTRY_WORDS = [re.escape(k) for k in sorted(lex.COUNTRY_ADJECTIVE, key=len, reverse=True)]
_COUNTRY_ADJ = _cue(
    _COUNTRY_WORDS,
    r"(?<![\w.])(?P<c>(?i:"
    + "|".join(_COUNTRY_WORDS)
    + r"))\s+(?P<d>"
    + _MACROS["ROLE"]
    + r")\s+"
    + _MACROS["HON"]
    + r"$",
)
_TITLE_BEFORE = _cue(_ROLE_FRAGS, r"(?P<d>" + _MACROS["ROLE"] + r")\s+" + _MACROS["HON"] + r"$")
_FOUNDED = _cue(_both(lex.FOUNDED))
_DIED = {detail: _cue(frags) for detail, frags in lex.DIED.items()}
# Death: a verb after the person, or "the death of" before; "nearly killed" is not a death.
_DEATH_VERB = _cue(
    [
        r"died",
        r"dies",
        r"killed",
        r"slain",
        r"shot",
        r"gunned",
        r"assassinated",
        r"murdered",
        r"passed",
        r"found",
        r"is",
        r"muri[óo]",
        r"muere",
        r"falleci[óo]",
        r"fallece",
        r"perdi[óo]",
        r"fue",
        r"result[óo]",
        r"abatid[oa]",
        r"asesinad[oa]",
    ],
    r"(?i:(?:was |were |had been |has been )?(?:killed|slain|shot dead|gunned down|assassinated|murdered)|died|dies|"
    r"passed away|(?:was |is )?found dead|is dead|muri[óo]|muere|falleci[óo]|fallece|perdi[óo] la vida|"
    r"(?:fue |result[óo] )?(?:abatid[oa]|asesinad[oa]|ejecutad[oa]|ultimad[oa]|muert[oa]))(?!\w)",
)
_DEATH_NOUN = _cue(
    [r"death", r"killing", r"murder", r"assassination", r"muerte", r"fallecimiento", r"deceso", r"asesinato"],
    r"(?i:death|killing|murder|assassination|muerte|fallecimiento|deceso|asesinato)\s+(?i:of|de|del)\s+"
    r"(?:(?:(?i:the|el|la|his|her|su)|\ue000P\d+\ue001)\s+)?(?:(?i:"
    + "|".join(lex.KIN["en"] + lex.KIN["es"])
    + r"),?\s+(?:.{0,40}?\s)?)?[\"“‘«]?$",
)
_NOT_DEAD = re.compile(
    r"(?i)\b(?:nearly|almost|attempt\w*|tried|tries|intent\w*|casi|not|never|survived|sobreviv\w*|plot|no)\b"
)
_KILLING = re.compile(r"(?i)kill|slain|shot|gunned|assassin|murder|abatid|asesin|ejecutad|ultimad")
_OPERATION_WORDS = re.compile(
    r"(?i)\b(?:operation|raid|military|army|forces|clash\w*|operativo|operaci[óo]n|enfrentamiento|militar\w*|ej[ée]rcito|fuerzas)\b"
)
_REWARD_WORD = re.compile(
    r"(?i:rewards?|recompensas?|bount(?:y|ies)|for information leading|por informaci[óo]n que)"
)
# After an amount: "(an increase from ...) each for A, a.k.a. “X,” and B" / "por información ... del P"
_REWARD_FOR = re.compile(
    r"\s*(?:\([^)]{0,80}\)\s*)?(?:(?i:each|cada uno)\s+)?(?:(?i:de|in|as)\s+(?:\w+\s+){0,3}?(?i:recompensa|rewards?)\s+)?"
    r"(?i:for|por|para)\s+(?:(?i:information|información|info)[^\ue000\ue001]{0,90}?(?i:of|on|about|de|del|sobre)\s+)?"
    r"(?:(?i:the|el|la)\s+)?(?P<p>\ue000P\d+\ue001(?:" + _SEP + r"\ue000P\d+\ue001)*)"
)
_POSS_KIN = re.compile(r"(?:’s|'s|’|')\s+(?i:" + "|".join(lex.KIN["en"]) + r"),?\s+\ue000P(\d+)\ue001")
_AMOUNT = re.compile(
    r"(?i)(?P<cur1>US\$|MX\$|\$|€)\s?(?P<n1>\d[\d,\.]*)(?:\s*(?P<mult1>million|billion|thousand|millones|mil millones|millón|mil))?"
    r"|(?P<n2>\d[\d,\.]*)\s*(?P<mult2>millones|mil millones|millón|million|billion|mil|thousand)?\s+(?:de\s+)?"
    r"(?P<cur2>pesos|d[óo]lares|dollars|euros|USD|MXN)"
)
_ATTRIBUTE_CUE = _cue(
    _both(lex.FOUNDED) + [f for frags in lex.DIED.values() for f in frags]
    + [r"rewards?", r"recompensas?", r"bount(?:y|ies)", r"year", r"años", r"was", r"is", r"tenía", r"tiene"]
)  # fmt: skip


def _around(
    nouns: Cue, rx: re.Pattern[str], text: str, lo: int, hi: int, words: Words
) -> list[re.Match[str]]:
    """Matches of ``rx`` that contain a word of ``nouns``, looking only near those words."""
    found: dict[int, re.Match[str]] = {}
    for w in nouns.finditer(text, lo, hi, words):
        pos, end = max(lo, w.start() - 45), min(hi, w.end() + 40)
        while pos < w.end():
            m = rx.search(text, pos, end)
            if m is None or m.start() >= w.end():
                break
            if m.end() >= w.end() and m.start() not in found:
                found[m.start()] = m
            pos = m.start() + 1
    return [found[k] for k in sorted(found)]


def _triggers(cues: dict[str, Cue], text: str, words: Words) -> list[tuple[int, int, str]]:
    """(start, end, name) of every match of several lexicons, in text order."""
    found = [
        (m.start(), m.end(), name) for name, cue in cues.items() for m in cue.finditer(text, 0, None, words)
    ]
    found.sort()
    return found


@dataclass(slots=True)
class _Actors:
    """State bodies that led an action in an earlier sentence."""

    index: int
    paragraph: int
    actors: list
    details: set[str]


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    ent: ExtractedEntity
    code: str
    coref: bool = False


@dataclass(slots=True)
class _Sentence:
    index: int
    span: Span
    mentions: list[_Mention]  # placeholder i refers to mentions[i]
    masked: str
    codes: str
    paragraph: int
    prefixes: Words  # of the raw sentence, for the trigger prefilter
    words: Words  # of the masked text
    code_set: frozenset[str] = frozenset()


class _Doc:
    def __init__(self, text: str, sentences: list[Span], entities: list[ExtractedEntity], lang: str):
        self.text = text
        self.lang = lang
        self.sentences = sentences
        self.entities = entities
        self.out: list[ExtractedRelation] = []
        self.seen: set[tuple] = set()
        dated = document_date(text)
        self.doc_year = dated.year if dated else None
        self.doc_date = dated
        self.counts = Counter({e.local_id: len(e.mentions) for e in entities})
        self.officials: set[str] = set()
        self.actors_by_detail: dict[str, _Actors] = {}
        self.countries = self._countries()
        # The group a document is about: what "the cartel" means when no group was named nearby.
        groups = [e for e in entities if e.type == "criminal_group" and len(e.mentions) >= 2]
        self.main_group = max(groups, key=lambda e: len(e.mentions), default=None)

    # -- setup ---------------------------------------------------------------------------------

    def _countries(self) -> dict[str, ExtractedEntity]:
        """Country key ("mexico") -> the document's place entity for it."""
        found: dict[str, ExtractedEntity] = {}
        for ent in self.entities:
            if ent.type != "place":
                continue
            names = (
                {ent.name.casefold()}
                | {m.text.casefold() for m in ent.mentions}
                | {a.casefold() for a in ent.aliases}
            )
            for key, variants in lex.COUNTRY_NAMES.items():
                if names & variants and key not in found:
                    found[key] = ent
        return found

    def _mentions(self) -> list[_Mention]:
        spans = []
        for ent in self.entities:
            code = _CODE.get(ent.type)
            if code is None:
                continue
            for m in ent.mentions:
                if 0 <= m.start < m.end <= len(self.text):
                    spans.append(_Mention(m.start, m.end, ent, code))
        spans.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[_Mention] = []
        for mention in spans:
            if out and mention.start < out[-1].end:
                continue  # overlapping: the earlier, longer mention wins
            out.append(mention)
        return out

    def _paragraphs(self) -> list[int]:
        para, out, prev_end = 0, [], 0
        for s in self.sentences:
            if "\n\n" in self.text[prev_end : s.start] or "\n \n" in self.text[prev_end : s.start]:
                para += 1
            out.append(para)
            prev_end = s.end
        return out

    def _build(self) -> list[_Sentence]:
        mentions = self._mentions()
        paragraphs = self._paragraphs()
        built: list[_Sentence] = []
        recent_groups: list[tuple[int, ExtractedEntity]] = []
        recent_persons: list[tuple[int, list[tuple[ExtractedEntity, bool]]]] = []
        group_counts: Counter[str] = Counter()
        by_id = {e.local_id: e for e in self.entities}
        k = 0
        for si, sent in enumerate(self.sentences):
            while k < len(mentions) and mentions[k].start < sent.start:
                k += 1
            inside: list[_Mention] = []
            j = k
            while j < len(mentions) and mentions[j].end <= sent.end:
                inside.append(mentions[j])
                j += 1
            k = j
            if not inside:
                continue  # nothing named: nothing to relate, and no antecedent to update
            inside = self._drop_titles(inside)
            raw_words = Words(self.text, sent.start, sent.end)
            inside += self._anaphors(
                sent, inside, si, recent_groups, recent_persons, group_counts, by_id, raw_words
            )
            inside.sort(key=lambda m: m.start)
            for m in inside:
                if m.coref:
                    continue
                if m.code == "G":
                    recent_groups.append((si, m.ent))
                    group_counts[m.ent.local_id] += 1
            # Officials named with their title ("U.S. District Judge X") are rarely what a later
            # "he" refers to in these reports; the people the report is about are.
            persons = [(m.ent, self._titled(m, sent, raw_words)) for m in inside if m.code == "P"]
            persons.sort(key=lambda p: p[1])  # untitled first, in text order
            if persons:
                recent_persons.append((si, persons))
            if not inside:
                continue
            masked, merged = self._mask(sent, inside)
            codes = "".join(sorted({m.code for m in merged}))
            built.append(
                _Sentence(
                    si,
                    sent,
                    merged,
                    masked,
                    codes,
                    paragraphs[si],
                    raw_words,
                    Words(masked),
                    frozenset(codes),
                )
            )
        return built

    def _prefer_main(self, ent: ExtractedEntity, demonstrative: bool) -> ExtractedEntity:
        """ "the organization" in a report about one cartel is that cartel, even when another
        group was named in passing; "this group" is the one just named."""
        main = self.main_group
        if demonstrative or main is None or ent is main:
            return ent
        return main if len(main.mentions) >= 3 * max(1, len(ent.mentions)) else ent

    def _drop_titles(self, inside: list[_Mention]) -> list[_Mention]:
        """A body or organization mention that is only a title before a name ("Assistant U.S.
        Attorneys Andrea Goldbarg") is read as the title it is, not as an entity."""
        out = []
        for i, m in enumerate(inside):
            nxt = inside[i + 1] if i + 1 < len(inside) else None
            if (
                m.code in "SO"
                and nxt is not None
                and nxt.code == "P"
                and not self.text[m.end : nxt.start].strip()
                and _TITLE_ONLY.fullmatch(self.text, m.start, m.end)
            ):
                continue
            out.append(m)
        return out

    def _titled(self, m: _Mention, sent: Span, words: Words) -> bool:
        return bool(_TITLE_BEFORE.search(self.text, max(sent.start, m.start - 80), m.start, words))

    def _anaphors(
        self,
        sent: Span,
        inside: list[_Mention],
        si: int,
        recent_groups: list[tuple[int, ExtractedEntity]],
        recent_persons: list[tuple[int, list[tuple[ExtractedEntity, bool]]]],
        group_counts: Counter[str],
        by_id: dict[str, ExtractedEntity],
        words: Words,
    ) -> list[_Mention]:
        """Pseudo-mentions for "the cartel", "its", "la organización", "he" in this sentence."""
        text = self.text
        found: list[_Mention] = []

        def free(a: int, b: int) -> bool:
            return all(b <= m.start or a >= m.end for m in inside)

        for m in _around(_GROUP_NOUNS, _GROUP_ANAPHOR, text, sent.start, sent.end, words):
            a, b = m.start(), m.end()
            if not _GROUP_ANAPHOR_CASED.match(text, a) or not free(a, b):
                continue
            if text[b - 2 : b] in ("’s", "'s"):
                b -= 2
            prefix = _ANAPHOR_PREFIX.match(text, a, b)
            if prefix:
                a = prefix.end()  # keep "del", "de" in the text: "líder del ⟦G⟧"
            following = min((x for x in inside if x.start >= b), key=lambda x: x.start, default=None)
            if (
                following is not None
                and following.code == "G"
                and _DESCRIPTOR_GAP.fullmatch(text, b, following.start)
            ):
                continue  # "la organización delictiva local “Los Totoys”": a descriptor, not a reference
            ent = None
            before = [x for x in inside if x.code == "G" and x.end <= a]
            nearest = max((x for x in inside if x.end <= a), key=lambda x: x.end, default=None)
            possessive = _POSSESSIVE.match(text, a) is not None
            if possessive and nearest is not None and nearest.code in "SOP":
                continue  # "the DEA and its agents": its refers to the nearer non-group
            demonstrative = _DEMONSTRATIVE.match(text, a) is not None
            if len(text[a:b].split()) > 2 and _MODIFIER_USE.match(text, b):
                continue
            later = [x for x in inside if x.code == "G" and x.start >= b]
            if before:
                ent = self._prefer_main(before[-1].ent, demonstrative)
            elif recent_groups and si - recent_groups[-1][0] <= 6:
                ent = self._prefer_main(recent_groups[-1][1], demonstrative)
            elif later and possessive:
                ent = later[0].ent  # "Since its founding in 2011, CJNG has grown"
            elif self.main_group is not None:
                ent = self.main_group
            if ent is not None:
                found.append(_Mention(a, b, ent, "G", coref=True))
        for m in _around(_PERSON_NOUNS, _PERSON_ANAPHOR, text, sent.start, sent.end, words):
            a, b = m.start(), m.end()
            if not free(a, b):
                continue
            before_p = [x for x in inside if x.code == "P" and x.end <= a]
            if before_p:
                ent = before_p[-1].ent
            elif recent_persons and si - recent_persons[-1][0] <= 2:
                ent = recent_persons[-1][1][0][0]
                untitled = [ps[0][0] for sj, ps in recent_persons[-3:] if si - sj <= 3 and not ps[0][1]]
                if untitled:
                    ent = untitled[-1]
            else:
                continue
            found.append(_Mention(a, b, ent, "P", coref=True))
        return found

    def _mask(self, sent: Span, inside: list[_Mention]) -> tuple[str, list[_Mention]]:
        text, parts = self.text, []
        merged: list[_Mention] = []
        pos, i, n = sent.start, 0, len(inside)
        while i < n:
            m = inside[i]
            start, end = m.start, m.end
            coref = m.coref
            parens = 0
            while (
                i + 1 < n and inside[i + 1].ent is m.ent and _GLUE.fullmatch(text, end, inside[i + 1].start)
            ):
                glue = text[end : inside[i + 1].start]
                parens += glue.count("(") - glue.count(")")
                i += 1
                end = inside[i].end
                coref = coref and inside[i].coref
            quoted = False
            while start > pos and text[start - 1] in _OPEN_QUOTES:
                start -= 1
                quoted = True
            trail = ""
            stop = end
            # Closing quotes, but not the apostrophe of a possessive ("Mexico City’s", "Cervantes’ son").
            while stop < sent.end and text[stop] in _CLOSE_QUOTES:
                if text[stop] in "’'" and not quoted and (text[stop + 1 : stop + 2] in ("s", " ", "")):
                    break
                stop += 1
            if (
                stop == end
                and text.startswith(",", end)
                and end + 1 < sent.end
                and text[end + 1] in _CLOSE_QUOTES
            ):
                stop, trail = end + 2, ","
            while parens > 0 and text.startswith(")", stop):
                stop += 1
                parens -= 1
            parts.append(text[pos:start])
            parts.append(f"{_OPEN}{m.code}{len(merged)}{_CLOSE}{trail}")
            merged.append(_Mention(start, stop, m.ent, m.code, coref))
            pos = stop
            i += 1
        parts.append(text[pos : sent.end])
        return "".join(parts), merged

    # -- output ----------------------------------------------------------------------------------

    def _year(self, sent: _Sentence, pos: int | None = None) -> int | None:
        if pos is None:
            pos = len(sent.masked) // 2
        return nearest_year(sent.masked, pos)

    def emit(
        self,
        rtype: str,
        subj: _Mention,
        obj: _Mention | None,
        sent: _Sentence,
        rule: str,
        detail: str | None = None,
        year: int | None = None,
        value: str | None = None,
    ) -> bool:
        if obj is not None:
            sig = _SIGNATURE[rtype]
            if subj.code not in sig[0] or obj.code not in sig[1] or subj.ent is obj.ent:
                return False
            if subj.ent.local_id == obj.ent.local_id:
                return False
        key = (rtype, subj.ent.local_id, obj.ent.local_id if obj else value, sent.index)
        if key in self.seen:
            return False
        self.seen.add(key)
        self.out.append(
            ExtractedRelation(
                type=rtype,
                subject=subj.ent.local_id,
                object=obj.ent.local_id if obj else None,
                evidence=Span(sent.span.start, sent.span.end, sent.span.text),
                value=value,
                year=year,
                detail=detail,
                rule=rule,
            )
        )
        return True

    # -- rules ---------------------------------------------------------------------------------------

    def run(self) -> list[ExtractedRelation]:
        sents = self._build()
        self._sents_cache = sents
        self._position = {s.index: k for k, s in enumerate(sents)}
        # Positions first: who is an official decides who can be a target or a colluder.
        matched: dict[int, set[tuple[int, int]]] = {}
        for sent in sents:
            self._patterns(sent, matched, _ROLE_PATTERNS)
            self._country_titles(sent, {si for si, _ in matched.get(sent.index, ())})
        self.officials = {r.subject for r in self.out if r.type == "holds_position"}
        prev_actors: _Actors | None = None
        for sent in sents:
            self._patterns(sent, matched, _OTHER_PATTERNS)
            used = matched.get(sent.index, set())
            self._group_pairs(sent)
            self._operates_in(sent, used)
            self._collusion(sent)
            prev_actors = self._action_against(sent, used, prev_actors)
            self._attributes(sent)
        self._leader_kin(sents)
        return self.out

    def _leader_kin(self, sents: list[_Sentence]) -> None:
        """ "X, … son of the main leader": the leader is whoever the document says leads
        that group, so this runs after every ``leads`` relation is known."""
        leaders: Counter[tuple[str, str]] = Counter(
            (r.object, r.subject) for r in self.out if r.type == "leads" and r.object
        )
        if not leaders:
            return
        by_id = {e.local_id: e for e in self.entities}
        for sent in sents:
            if "P" not in sent.code_set:
                continue
            for m in _LEADER_KIN.finditer(sent.masked):
                subj = sent.mentions[int(m.group("s"))]
                if m.group("g") is not None:
                    group = sent.mentions[int(m.group("g"))].ent
                else:
                    led = {g for g, _ in leaders}
                    group = self.main_group or (by_id[led.pop()] if len(led) == 1 else None)
                if group is None or _negated(sent.masked, m.start("k"), m.end()):
                    continue
                ranked = [
                    (n, p) for (g, p), n in leaders.items() if g == group.local_id and p != subj.ent.local_id
                ]
                if not ranked:
                    continue
                leader = by_id[max(ranked)[1]]
                ref = _Mention(m.start("r"), m.end("r"), leader, "P", coref=True)
                self.emit("family", subj, ref, sent, "kin-of-leader", _detail(m.group("k"), "family"))

    def _patterns(
        self, sent: _Sentence, matched: dict[int, set[tuple[int, int]]], patterns: list[_Pattern]
    ) -> None:
        if len(sent.mentions) < 2:
            return
        present: dict[str, bool] = {}
        found: list[tuple[bool, _Pattern, int, int, _Mention, str | None, int | None]] = []
        for pat in patterns:
            fam = pat.family
            if not pat.needs <= sent.code_set:
                continue
            if fam not in present:
                present[fam] = _FAMILY_CUE[fam].present(sent.prefixes)
            if not present[fam]:
                continue
            matches = (
                pat.anchor.finditer(sent.masked, 0, None, sent.words)
                if pat.anchor
                else pat.regex.finditer(sent.masked)
            )
            for m in matches:
                if _negated(sent.masked, m.start(), m.end()):
                    continue
                subs = [int(i) for _, i in _PH_RE.findall(m.group("s"))]
                if pat.name == "member-same":
                    objs = [(-1, g) for g in self._same_group(sent)]
                else:
                    objs = [(int(i), sent.mentions[int(i)]) for _, i in _PH_RE.findall(m.group("o"))]
                detail = pat.detail
                if "d" in pat.regex.groupindex and m.group("d"):
                    detail = _detail(self._unmask(sent, m.group("d")), pat.type)
                weak = pat.name in _WEAK_RULES and not re.search(r"’s|'s|’ |' ", m.group())
                if (
                    weak
                    and pat.name == "org-role-name"
                    and _COUNTRY_ABBREV.fullmatch(self._unmask(sent, m.group("o")))
                ):
                    continue  # "U.S. Attorney", "U.S. District Judge": part of the title
                year = self._year(sent, m.start())
                for si in subs:
                    for oi, o in objs:
                        found.append((weak, pat, si, oi, o, detail, year))
                if pat.name == "part-formed":
                    # "the Sinaloa Cartel and the Cártel del Milenio formed an armed wing": allies
                    for x, (_, a) in enumerate(objs):
                        for _, b in objs[x + 1 :]:
                            self.emit("allied_with", a, b, sent, "allied-founders", None, year)
        strong_subjects = {(pat.type, si) for weak, pat, si, *_ in found if not weak}
        for weak, pat, si, oi, o, detail, year in found:
            if weak and (pat.type, si) in strong_subjects:
                continue
            if self.emit(pat.type, sent.mentions[si], o, sent, pat.name, detail, year):
                matched.setdefault(sent.index, set()).add((si, oi))

    def _unmask(self, sent: _Sentence, fragment: str) -> str:
        return _PH_RE.sub(
            lambda m: self.text[sent.mentions[int(m.group(2))].start : sent.mentions[int(m.group(2))].end],
            fragment,
        )

    def _same_group(self, sent: _Sentence) -> list[_Mention]:
        """ "del mismo grupo delictivo": the groups of the last leads/member_of relation stated
        in this sentence or the one before."""
        prev = self.sentences[sent.index - 1].start if sent.index > 0 else sent.span.start
        by_id = {e.local_id: e for e in self.entities}
        recent = [
            r
            for r in self.out
            if r.type in ("leads", "member_of") and prev <= r.evidence.start <= sent.span.start
        ]
        if not recent:
            return []
        last = recent[-1]
        ids = [
            r.object for r in recent if r.subject == last.subject and r.evidence.start == last.evidence.start
        ]
        return [_Mention(0, 0, by_id[x], "G") for x in dict.fromkeys(ids) if x in by_id]

    def _country_titles(self, sent: _Sentence, placed: set[int]) -> None:
        """ "Mexican Secretary of Defense X", "President Calderón": position in a country."""
        masked = sent.masked
        for i, m in enumerate(sent.mentions):
            if m.code != "P" or m.coref or i in placed:
                continue
            start = masked.find(f"{_OPEN}P{i}{_CLOSE}")
            left_lo = max(0, start - 120)
            c = _COUNTRY_ADJ.search(masked, left_lo, start, sent.words)
            country = None
            if c:
                country = lex.COUNTRY_ADJECTIVE[c.group("c").casefold()]
                detail = c.group("d")
                if _COUNTRY_ABBREV.fullmatch(c.group("c")) and _LOCAL_US_TITLE.search(detail):
                    continue  # "U.S. Attorney", "U.S. District Judge": a district office, not the country
            else:
                t = _TITLE_BEFORE.search(masked, left_lo, start, sent.words)
                if not t or not re.match(r"(?i)president[ae]?\b|presidenta\b", t.group("d").split()[-1]):
                    continue
                detail = t.group("d")
                names = {m.ent.name} | {x.text for x in m.ent.mentions} | set(m.ent.aliases)
                for key, surnames in lex.HEADS_OF_STATE.items():
                    if any(s in n for s in surnames for n in names):
                        country = key
                        break
            place = self.countries.get(country) if country else None
            if place is None:
                continue
            self.emit(
                "holds_position",
                m,
                _Mention(0, 0, place, "L"),
                sent,
                "country-title",
                _clean_role(detail),
                self._year(sent, start),
            )

    def _group_pairs(self, sent: _Sentence) -> None:
        """rival_of and allied_with between groups around a trigger, with coordination lists."""
        groups = [(i, m) for i, m in enumerate(sent.mentions) if m.code == "G"]
        masked = sent.masked
        if not groups:
            return
        if not (_RIVAL.present(sent.prefixes) or _ALLY.present(sent.prefixes)):
            return
        positions = {i: masked.find(f"{_OPEN}G{i}{_CLOSE}") for i, _ in groups}
        lists = self._lists(masked, "G")
        triggers = [
            (t.start(), t.end(), "rival_of", t.group()) for t in _RIVAL.finditer(masked, 0, None, sent.words)
        ]
        triggers += [
            (t.start(), t.end(), "allied_with", t.group())
            for t in _ALLY.finditer(masked, 0, None, sent.words)
        ]
        triggers.sort()
        topic = self._topic_group(sent)
        bounds = [m.end() for m in _CLAUSE_SPLIT.finditer(masked)]

        def clause(p: int) -> int:
            return sum(1 for b in bounds if b <= p)

        objects: set[int] = set()  # lists already read as the object of an earlier trigger
        for t_start, t_end, rtype, word in triggers:
            if _negated(masked, t_start - 10, t_end):
                continue
            k = clause(t_start)
            # "The CJNG allied with Los Viagras and fought Cárteles Unidos": the subject of the
            # second verb is the CJNG, not the object of the first.
            left = [
                lst
                for lst in lists
                if positions[lst[-1]] < t_start and clause(positions[lst[-1]]) == k and lst[0] not in objects
            ]
            right = [lst for lst in lists if positions[lst[0]] > t_end and clause(positions[lst[0]]) == k]
            # "a war between A and B", "la alianza entre A y B"
            between = _BETWEEN.match(masked, t_end + 1) or _BETWEEN.search(masked[t_end : t_end + 60])
            if between and right:
                first = right[0]
                gap = masked[t_end : positions[first[0]]]
                tail = masked[positions[first[-1]] : positions[first[-1]] + 30].split(_CLOSE, 1)[-1]
                if f"{_OPEN}G" not in gap and len(gap) < 90 and not _AGAINST.match(tail.strip()):
                    members = list(first)
                    if len(members) >= 2:
                        for a in members:
                            for b in members:
                                if a < b:
                                    self.emit(
                                        rtype, sent.mentions[a], sent.mentions[b], sent, f"{rtype}-between"
                                    )
                        continue
            if not right:
                # "the CJNG and the Sinaloa Cartel are fighting", "se disputan": a reciprocal verb
                if left and len(left[-1]) >= 2 and len(masked[positions[left[-1][-1]] : t_start]) < 30:
                    members = left[-1]
                    for x, a in enumerate(members):
                        for b in members[x + 1 :]:
                            self.emit(rtype, sent.mentions[a], sent.mentions[b], sent, f"{rtype}-reciprocal")
                continue
            rset = right[0]
            gap_right = masked[t_end : positions[rset[0]]]
            if len(gap_right) > 80 or f"{_OPEN}G" in gap_right or f"{_OPEN}P" in gap_right:
                continue
            if left:
                lset = left[-1]
                gap_left = masked[positions[lset[-1]] : t_start]
                if len(gap_left) > 160:
                    continue
                objects.add(rset[0])
                for a in lset:
                    for b in rset:
                        self.emit(rtype, sent.mentions[a], sent.mentions[b], sent, f"{rtype}-around")
                if rtype == "rival_of" and _AGAINST.fullmatch(word) and len(lset) >= 2:
                    for a in lset:  # "A, B and C against D": the left side fights together
                        for b in lset:
                            if a < b:
                                self.emit(
                                    "allied_with",
                                    sent.mentions[a],
                                    sent.mentions[b],
                                    sent,
                                    "allied-coordination",
                                )
            elif topic is not None and re.search(
                r"(?i)\b(?:with|against|con|contra|of|de|del)\s*(?:the |el |la |los )?\W?$",
                gap_right or masked[:t_end],
            ):
                for b in rset:
                    self.emit(rtype, topic, sent.mentions[b], sent, f"{rtype}-topic")

    def _topic_group(self, sent: _Sentence) -> _Mention | None:
        """The group a sentence without a named subject is about: the last one named before,
        or the document's main group when that one was only named in passing."""
        position = self._position[sent.index]
        for earlier in reversed(self._sents_cache[max(0, position - 3) : position]):
            if sent.index - earlier.index > 3:
                break
            for m in reversed(earlier.mentions):
                if m.code == "G":
                    return _Mention(0, 0, self._prefer_main(m.ent, False), "G")
        return None

    @staticmethod
    def _lists(masked: str, codes: str) -> list[list[int]]:
        """Placeholders of the given types grouped into coordination lists, in text order."""
        lists: list[list[int]] = []
        last_end = -1
        for m in _PH_RE.finditer(masked):
            if m.group(1) not in codes:
                last_end = -1
                continue
            idx = int(m.group(2))
            if lists and last_end >= 0 and _SEP_RE.fullmatch(masked, last_end, m.start()):
                lists[-1].append(idx)
            else:
                lists.append([idx])
            last_end = m.end()
        return lists

    def _operates_in(self, sent: _Sentence, used: set[tuple[int, int]]) -> None:
        """Groups and the places where the sentence puts them ("presence in Jalisco, Colima and
        Michoacán", "En Magdalena, Jalisco, ... operadora del CJNG").

        A place counts when a locative ("in", "throughout", "en") introduces its list, or it
        opens the sentence. It goes to every group of the same clause, unless a group stands
        right before it ("the Sinaloa Cartel in Guatemala"), which then takes it alone. Places
        that belong to a title, a person's origin or an extradition are not presence.
        """
        if "G" not in sent.codes or "L" not in sent.codes:
            return
        masked = sent.masked
        self._nationality(sent)
        if not _PRESENCE.present(sent.prefixes):
            return
        pos = {i: masked.find(f"{_OPEN}{m.code}{i}{_CLOSE}") for i, m in enumerate(sent.mentions)}
        clauses = [0] + [m.end() for m in _CLAUSE_SPLIT.finditer(masked)] + [len(masked) + 1]

        def clause(p: int) -> int:
            return next(k for k in range(len(clauses) - 1) if clauses[k] <= p < clauses[k + 1])

        groups = [i for i, m in enumerate(sent.mentions) if m.code == "G"]
        group_lists = self._lists(masked, "G")
        # A clause without a group continues the last one that had one ("...líder de Los Zetas;
        # Óscar “N”, del mismo grupo, ... generadores de violencia en Coahuila").
        clause_groups: dict[int, list[int]] = {}
        for g in groups:
            clause_groups.setdefault(clause(pos[g]), []).append(g)
        taken = {o for _, o in used}
        chain_end = -1
        for lst in self._lists(masked, "L"):
            first, last = pos[lst[0]], pos[lst[-1]]
            before = masked[max(0, first - 60) : first]
            after = masked[last:].split(_CLOSE, 1)[-1][:40]
            before_lo = max(0, first - 60)
            if _PLACE_ATTACHED_BEFORE.search(
                masked, before_lo, first, sent.words
            ) or _PLACE_ATTACHED_AFTER.search(after):
                continue
            if before.endswith("-") or after.startswith("-"):
                continue  # "the Mexico-United States relationship", "U.S.-Mexico border"
            initial = not masked[:first].strip(' "“«¿¡') and after[:1] in (",", ":")
            # "Tijuana with 436, Guadalajara with 47": a run of places continues a located one.
            chained = (
                0 <= first - chain_end < 40
                and not _PH_RE.search(masked, chain_end, first)
                and "," in masked[chain_end:first]
            )
            if not (initial or chained or _LOCATIVE_END.search(masked, before_lo, first, sent.words)):
                continue
            if (
                len(lst) == 2
                and masked[pos[lst[0]] : pos[lst[1]]].split(_CLOSE, 1)[-1] == ", "
                and not re.match(r"\s*,?\s*(?i:and|y|e|as well as)\b", after)
            ):
                lst = lst[:1]  # "Magdalena, Jalisco": the state only locates the town
            chain_end = last + len(f"{_OPEN}L{lst[-1]}{_CLOSE}")
            places = [i for i in lst if i not in taken]
            if not places:
                continue
            k = clause(first)
            near = [g for g in group_lists if pos[g[-1]] < first and clause(pos[g[-1]]) == k]
            if (
                near
                and not _PH_RE.search(masked, pos[near[-1][-1]] + 3, first)
                and first - pos[near[-1][-1]] < 15
            ):
                linked = near[-1]
            else:
                earlier = [c for c in clause_groups if c <= k]
                linked = clause_groups.get(k) or (clause_groups[max(earlier)] if earlier else [])
            for g in linked:
                for p in places:
                    self.emit(
                        "operates_in",
                        sent.mentions[g],
                        sent.mentions[p],
                        sent,
                        "presence",
                        None,
                        self._year(sent, first),
                    )
        for hit in _COPULA_POSS.finditer(masked):
            group, place = sent.mentions[int(hit.group(1))], sent.mentions[int(hit.group(2))]
            self.emit(
                "operates_in", group, place, sent, "presence-superlative", None, self._year(sent, hit.start())
            )

    def _nationality(self, sent: _Sentence) -> None:
        """ "the Colombian Norte del Valle Cartel": a group described by its country."""
        for m in _NATIONALITY_BEFORE.finditer(sent.masked):
            country = self.countries.get(lex.COUNTRY_ADJECTIVE.get(m.group(1).casefold(), ""))
            if country is not None:
                group = sent.mentions[int(m.group(2))]
                self.emit("operates_in", group, _Mention(0, 0, country, "L"), sent, "nationality", None, None)

    def _collusion(self, sent: _Sentence) -> None:
        if "G" not in sent.codes:
            return
        if not _COLLUDE.present(sent.prefixes):
            return
        triggers = list(_COLLUDE.finditer(sent.masked, 0, None, sent.words))
        if not triggers:
            return
        actors = [
            m for m in sent.mentions if m.code == "S" or (m.code == "P" and m.ent.local_id in self.officials)
        ]
        groups = [m for m in sent.mentions if m.code == "G"]
        masked = sent.masked
        place = {id(m): self._placeholder(sent, m) for m in actors + groups}
        # An actor that itself sanctions, accuses or arrests ("Treasury Sanctions CJNG cell
        # leaders linked to…", "Pompeo accused the governor of…") is not the colluder.
        actors = [a for a in actors if not _ACTS_AFTER.match(masked, place[id(a)][1])]
        for t in triggers:
            if _negated(masked, t.start() - 10, t.end()):
                continue
            for a in actors:
                a_start, _ = place[id(a)]
                partner = _PARTNER_GAP.fullmatch(masked, t.end(), a_start) is not None
                for g in groups:
                    g_start, g_end = place[id(g)]
                    if partner and not _SUBJECT_GAP.fullmatch(masked, g_end, t.start()):
                        # "a former trafficker began collaborating with the DEA": the body is
                        # the partner of whoever collaborates, not of a group named elsewhere.
                        continue
                    self.emit(
                        "collusion", a, g, sent, "collusion", t.group().lower(), self._year(sent, t.start())
                    )

    @staticmethod
    def _placeholder(sent: _Sentence, m: _Mention) -> tuple[int, int]:
        tag = f"{_OPEN}{m.code}{sent.mentions.index(m)}{_CLOSE}"
        start = sent.masked.find(tag)
        return start, start + len(tag)

    def _action_against(
        self, sent: _Sentence, used: set[tuple[int, int]], prev: _Actors | None
    ) -> _Actors | None:
        """A state body acting against a person or group: arrest, extradition, charges, rewards...

        Every state body of the sentence is an actor (agencies are listed together: "investigated
        by the DEA, ICE and the FBI"), except the parent in "Section of the Criminal Division".
        A sentence that names a target but no agency takes the agencies that led the action in
        the sentence just before ("...se realizó la detención de 7 personas. Entre los detenidos
        destaca Luis Marcos “N”").
        """
        masked = sent.masked
        if not any(cue.present(sent.prefixes) for cue in _ACTION.values()):
            return prev
        triggers = [(start, name) for start, _, name in _triggers(_ACTION, masked, sent.words)]
        if not triggers:
            return prev
        positions = [masked.find(f"{_OPEN}{m.code}{i}{_CLOSE}") for i, m in enumerate(sent.mentions)]
        parents = {int(m.group(1)) for m in _PARENT_AFTER.finditer(masked)}
        actors = [
            m
            for i, m in enumerate(sent.mentions)
            if m.code == "S"
            and i not in parents
            and not _VICTIM_BEFORE.search(masked, max(0, positions[i] - 40), positions[i], sent.words)
        ]
        attached = {o for s, o in used} | {s for s, o in used}
        targets: list[tuple[int, _Mention]] = []
        has_real_person = any(m.code == "P" and not m.coref for m in sent.mentions)
        relatives = {
            o
            for s, o in used
            if s >= 0 and o >= 0 and sent.mentions[s].code == "P" and sent.mentions[o].code == "P"
        }
        titled: set[int] = set()  # "Assistant U.S. Attorneys A, B and C": officials, not targets
        persons = [i for i, m in enumerate(sent.mentions) if m.code == "P"]
        for n, i in enumerate(persons):
            head = positions[i]
            if i in titled:
                continue
            if _ROLE_NEAR.search(masked, max(0, head - 60), head, sent.words) or _HON_BEFORE.search(
                masked, max(0, head - 25), head, sent.words
            ):
                titled.add(i)
                prev_end = masked.index(_CLOSE, head)
                for j in persons[n + 1 :]:
                    if not _NAME_LIST_GAP.fullmatch(masked, prev_end + 1, positions[j]):
                        break
                    titled.add(j)
                    prev_end = masked.index(_CLOSE, positions[j])
        for i, m in enumerate(sent.mentions):
            pos = positions[i]
            if m.code == "P":
                if m.ent.local_id in self.officials or (m.coref and has_real_person) or i in titled:
                    continue
                if i in relatives or _VICTIM_AFTER.match(masked, masked.index(_CLOSE, pos) + 1):
                    continue  # "hermano de ‘el Mencho’", "X, quien fue asesinado": not the target
                targets.append((pos, m))
            elif m.code == "G":
                if i in attached and not _MEMBERS_OF.search(masked, max(0, pos - 80), pos, sent.words):
                    continue
                targets.append((pos, m))
        details = {d for _, d in triggers}
        # The agencies named before an action word led it ("the Department of State is announcing
        # reward offers"); they carry over to the next sentences that name only the targets.
        leading_any: list[_Mention] = []
        for d in details:
            first = min(p for p, name in triggers if name == d)
            leading = [m for i, m in enumerate(sent.mentions) if m in actors and positions[i] < first]
            if leading:
                self.actors_by_detail[d] = _Actors(sent.index, sent.paragraph, leading, {d})
                leading_any += [m for m in leading if m not in leading_any]
        current = _Actors(sent.index, sent.paragraph, leading_any, details) if leading_any else prev
        if not targets:
            return current
        if not actors and prev is not None:
            if sent.index - prev.index <= (1 if prev.paragraph != sent.paragraph else 2):
                actors = prev.actors
            elif "reward" in details and "reward" in self.actors_by_detail:
                earlier = self.actors_by_detail["reward"]
                if sent.index - earlier.index <= 8:
                    actors = earlier.actors
        if not actors:
            return current
        crowded = len(actors) * len(targets) > 12
        actor_pos = {
            id(a): masked.find(f"{_OPEN}S{sent.mentions.index(a)}{_CLOSE}")
            for a in actors
            if a in sent.mentions
        }
        for pos, target in targets:
            near = min(triggers, key=lambda t: abs(t[0] - pos))
            if abs(near[0] - pos) > 160:
                continue
            if _STATUS_WORD.match(masked, near[0]):
                # "killed the country's most wanted man, X": "wanted" describes X; the action
                # is the other trigger, when there is one in reach.
                acts = [
                    t for t in triggers if not _STATUS_WORD.match(masked, t[0]) and abs(t[0] - pos) <= 160
                ]
                if acts:
                    near = min(acts, key=lambda t: abs(t[0] - pos))
            if near[1] in ("arrest", "indicted") and "reward" in details:
                # "a reward ... for information leading to the arrest and/or conviction of X"
                near = (near[0], "reward")
            if near[1] == "killed" and _INTRANSITIVE_DEATH.match(masked, near[0]):
                # "X died" / "fallece X": the one who died is the target; when an agency stands
                # closer to the verb ("officials have died"), it is the agency that died.
                lo, hi = sorted((pos, near[0]))
                if any(lo < p < hi for p in actor_pos.values()):
                    continue
            linked = actors
            if crowded and actor_pos:
                # Many agencies and many people in one sentence: only the nearest agency.
                linked = [min(actors, key=lambda a: abs(actor_pos.get(id(a), 10**6) - pos))]
            for actor in linked:
                self.emit(
                    "action_against",
                    actor,
                    target,
                    sent,
                    "action",
                    near[1],
                    self._year(sent, near[0]) or self.doc_year,
                )
            if near[1] == "killed" and target.code == "P" and linked:
                # "forces killed X": X's death is a fact of its own, for contradictions.
                self._emit_death(sent, target, near[0], "killed", "killed-by")
        return current

    # -- attributes ------------------------------------------------------------------------------

    def _attributes(self, sent: _Sentence) -> None:
        if not _ATTRIBUTE_CUE.present(sent.prefixes):
            return
        masked = sent.masked
        for i, m in enumerate(sent.mentions):
            pos = masked.find(f"{_OPEN}{m.code}{i}{_CLOSE}")
            end = pos + len(f"{_OPEN}{m.code}{i}{_CLOSE}")
            if m.code == "G":
                self._founded(sent, m, pos, end)
            elif m.code == "P":
                self._died(sent, m, pos, end)
                self._age(sent, m, pos, end)
        self._rewards(sent)

    def _founded(self, sent: _Sentence, m: _Mention, pos: int, end: int) -> None:
        masked = sent.masked
        if not _FOUNDED.present(sent.prefixes):
            return
        for t in _FOUNDED.finditer(masked, 0, None, sent.words):
            # The group must be next to the trigger with no other group between them.
            lo, hi = (end, t.start()) if t.start() >= end else (t.end(), pos)
            gap = masked[lo:hi]
            if len(gap) > 60 or f"{_OPEN}G" in gap:
                continue
            if t.start() < pos and not re.search(
                r"(?i)(?:founded|fundó|cre[óo]|formed|established|founding of)\s*(?:the |el |la |los )?$",
                masked[:pos],
            ):
                continue
            year = nearest_year(masked, t.start())
            if year is None:
                continue
            if self.emit("founded", m, None, sent, "founded", None, year, str(year)):
                return

    def _died(self, sent: _Sentence, m: _Mention, pos: int, end: int) -> None:
        """ "X died / was killed / murió / fue abatido" and "the death of X", never "nearly
        killed", "the death toll" or a victim of someone else's sentence."""
        masked = sent.masked
        after = _DEATH_VERB.search(masked, end, min(len(masked), end + 80), sent.words)
        hit = None
        if after and not _PH_RE.search(masked, end, after.start()):
            hit = after
        elif not m.coref:
            before = _DEATH_NOUN.search(masked, max(0, pos - 60), pos, sent.words)
            if before:
                hit = before
        if hit is None:
            return
        lo, hi = min(pos, hit.start()), max(end, hit.end())
        if _NOT_DEAD.search(masked, max(0, lo - 25), hi):
            return
        kind = "killed" if _KILLING.search(hit.group()) or _OPERATION_WORDS.search(masked) else "died"
        self._emit_death(sent, m, hit.start(), kind, "died")

    def _emit_death(self, sent: _Sentence, m: _Mention, at: int, kind: str, rule: str) -> None:
        when = _closest_date(find_dates(sent.masked), at)
        value = None
        if when is not None:
            value = when.iso(self.doc_year)
            if value is None and when.month and when.day:
                value = f"--{when.month:02d}-{when.day:02d}"  # ISO 8601 date without a year
        elif self.doc_year is not None:
            # No date stated ("his recent death"): only the dateline's year is known.
            value = str(self.doc_year)
        year = when.year if when is not None and when.year else self.doc_year
        self.emit("died", m, None, sent, rule, kind, year, value or "unknown")

    def _age(self, sent: _Sentence, m: _Mention, pos: int, end: int) -> None:
        masked = sent.masked
        before = masked[max(0, pos - 30) : pos]
        after = masked[end : end + 40]
        a = re.search(r"(\d{2})[- ]year[- ]old,?\s+(?:[\w.-]+,?\s+){0,2}$", before)
        b = re.match(r",\s*(?:de\s+)?(\d{2})(?:\s+años(?: de edad)?)?\s*,", after) or re.match(
            r"\s+(?:was|is|tenía|tiene)\s+(\d{2})(?:\s+years old|\s+años)?\b(?!\s*(?:%|percent|por ciento|years (?:ago|in)))",
            after,
        )
        hit = a or b
        if hit:
            age = int(hit.group(1))
            if 14 <= age <= 99:
                self.emit("age", m, None, sent, "age", None, self._year(sent) or self.doc_year, str(age))

    def _rewards(self, sent: _Sentence) -> None:
        """Reward amounts per person: "up to $15 million each for A and B", "30 millones de
        pesos de recompensa por información que llevara a la captura del ‘Mencho’", or
        "X is the subject of a reward offer of up to $10 million"."""
        masked = sent.masked
        if not _REWARD_WORD.search(masked):
            return
        amounts = []
        for a in _AMOUNT.finditer(masked):
            value = _amount_value(a)
            # "(an increase from up to $5 million)": the earlier figure, not the offer.
            if value is not None and masked.rfind("(", 0, a.start()) <= masked.rfind(")", 0, a.start()):
                amounts.append((a.start(), a.end(), value))
        if not amounts:
            return
        offerer = self._offerer(sent)
        for start, stop, value in amounts:
            recipients = []
            for_ = _REWARD_FOR.match(masked, stop)
            if for_:
                recipients = [int(i) for _, i in _PH_RE.findall(for_.group("p"))]
            else:
                # "X is the subject of a ... reward offer of up to $10 million"
                before = [
                    i
                    for i, m in enumerate(sent.mentions)
                    if m.code == "P" and 0 < start - masked.find(f"{_OPEN}P{i}{_CLOSE}") < 150
                ]
                if before and _REWARD_WORD.search(
                    masked, masked.find(f"{_OPEN}P{before[-1]}{_CLOSE}"), start
                ):
                    recipients = before[-1:]
            for i in recipients:
                # "Oseguera Cervantes’ son-in-law, Julio Alberto Castillo": the relative is meant
                kin = _POSS_KIN.match(
                    masked, masked.find(f"{_OPEN}P{i}{_CLOSE}") + len(f"{_OPEN}P{i}{_CLOSE}")
                )
                if kin:
                    i = int(kin.group(1))
                person = sent.mentions[i]
                if person.code == "P" and person.ent.local_id not in self.officials:
                    self.emit(
                        "reward",
                        person,
                        None,
                        sent,
                        "reward",
                        offerer,
                        self._year(sent, start) or self.doc_year,
                        value,
                    )

    def _offerer(self, sent: _Sentence) -> str | None:
        """Who offers a reward: the state body before the reward word, one after "by", or the
        one that offered the last reward in the document."""
        masked = sent.masked
        word = _REWARD_WORD.search(masked)
        bodies = [
            (masked.find(f"{_OPEN}S{i}{_CLOSE}"), m) for i, m in enumerate(sent.mentions) if m.code == "S"
        ]
        leading = [m for p, m in bodies if word and p < word.start()]
        by = [
            m for p, m in bodies if re.search(r"(?i:by|por)\s+(?:the |la |el )?$", masked[max(0, p - 12) : p])
        ]
        chosen = (leading[-1:] or by[:1]) if bodies else []
        if chosen:
            return chosen[0].ent.name
        earlier = self.actors_by_detail.get("reward")
        if earlier is not None and sent.index - earlier.index <= 8 and earlier.actors:
            return earlier.actors[0].ent.name
        return None


def _closest_date(dates: list[DateMatch], pos: int) -> DateMatch | None:
    if not dates:
        return None
    return min(dates, key=lambda d: abs(d.start - pos))


def _amount_value(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    num = g["n1"] or g["n2"]
    cur = (g["cur1"] or g["cur2"] or "").casefold()
    mult = (g["mult1"] or g["mult2"] or "").casefold()
    currency = lex.CURRENCY.get(cur)
    if currency is None or num is None:
        return None
    digits = num.rstrip(".,")
    if mult:
        # "1.5 million", "2,5 millones": the last separator is the decimal point
        digits = digits.replace(",", ".")
        if digits.count(".") > 1:
            digits = digits.replace(".", "", digits.count(".") - 1)
        try:
            amount = float(digits) * lex.MULTIPLIER.get(mult, 1)
        except ValueError:
            return None
    else:
        try:
            amount = (
                float(digits.replace(",", "").replace(".", ""))
                if re.search(r"[.,]\d{3}$", digits)
                else float(digits)
            )
        except ValueError:
            return None
    if amount < 1000:
        return None
    return f"{currency} {int(round(amount))}"


_NEG_WINDOW = re.compile(r"(?<!\w)(?i:not|never|no|denied|denies|deny|nunca|jam[áa]s|neg[óo]|niega|ni)(?!\w)")


# "⟦P⟧, … son of the main leader (of the organization | of ⟦G⟧)", in English and Spanish.
_LEADER_KIN = re.compile(
    r"\ue000P(?P<s>\d+)\ue001(?:[^.;\ue000]|\.(?=[”\"’»])|\ue000[GSOL]\d+\ue001){0,120}?(?<![\w-])(?P<k>"
    + "|".join(_both(lex.KIN))
    + r")\s+(?i:of\s+|de\s+|d(?=el\s))(?P<r>(?i:the|el|la|su|his|her)\s+(?:(?i:main|top|maximum|supreme|principal|"
    r"máximo|máxima|principal)\s+)?(?i:leader|boss|head|chief|kingpin|líder|jefe|cabecilla))"
    r"(?:\s+(?i:of|de|del)\s+(?:(?i:the|la|el)\s+)?(?:\ue000G(?P<g>\d+)\ue001|(?i:organi[sz]ation|cartel|group|"
    r"organización|cártel|grupo)))?(?![\w-])"
)


# Collusion guards: the words between a trigger and an actor that make the actor the
# trigger's object ("collaborating with the DEA"), between a group and the trigger that make
# the group its subject ("CJNG had ties to"), and verbs that make an actor act against others.
_PARTNER_GAP = re.compile(r"\s*(?:(?i:the|la|el|los|las)\s+)?[\"“‘«]?")
_SUBJECT_GAP = re.compile(r"[^\ue000\ue001.;]{0,40}")
_ACTS_AFTER = re.compile(
    r"(?:\s*\([^)]{1,15}\))?,?\s*(?i:sanction|designat|accus|charg|indict|arrest|detuv|acus|sancion|denunci|"
    r"target|announc|anunci|offer|ofrec|seiz|asegur)"
)

# Triggers that describe a person's status rather than an action taken against them.
_STATUS_WORD = re.compile(
    r"(?i:most[- ]wanted|wanted|fugitives?|m[áa]s buscad[oa]s?|buscad[oa]s?|requerid[oa]s?)"
)


def _negated(masked: str, start: int, end: int | None = None) -> bool:
    """A negation inside a match or just before it ("is not the son of", "no es líder de")."""
    window = masked[max(0, start - 20) : (end if end is not None else start + 25)]
    return bool(_NEG_WINDOW.search(_PH_RE.sub(" ", window)))


def _detail(trigger: str, rtype: str) -> str:
    t = " ".join(trigger.split()).strip(" ,").lower()
    if rtype == "family":
        return lex.KIN_DETAIL.get(t, t)
    if rtype == "holds_position":
        return _clean_role(trigger)
    return t


def _clean_role(role: str) -> str:
    role = " ".join(role.split()).strip(" ,")
    return role[:1].upper() + role[1:] if role.islower() else role


def find_relations(
    text: str, sentences: list[Span], entities: list[ExtractedEntity], lang: str
) -> list[ExtractedRelation]:
    """Relations between ``entities`` and their attributes, each with its evidence sentence.

    ``sentences`` are spans of ``text``; entity mentions are spans of ``text`` too. Attribute
    facts (``model.ATTRIBUTE_TYPES``) have ``object`` None and ``value`` set.
    """
    return analyse(text, sentences, entities, lang).relations


@dataclass(slots=True)
class RuleAnalysis:
    """What the rules saw and said: every sentence that names something, with its mentions
    (anaphors such as "the cartel" or "he" included, marked ``coref``) and its masked text,
    and the relations the rules found. The learned relation stage reads both."""

    sentences: list[_Sentence]
    relations: list[ExtractedRelation]
    officials: set[str]
    doc_year: int | None


def analyse(text: str, sentences: list[Span], entities: list[ExtractedEntity], lang: str) -> RuleAnalysis:
    """Run the rules and keep their view of the document (see ``RuleAnalysis``)."""
    if not entities or not sentences:
        return RuleAnalysis([], [], set(), None)
    doc = _Doc(text, sentences, entities, lang)
    relations = doc.run()
    return RuleAnalysis(doc._sents_cache, relations, doc.officials, doc.doc_year)
