"""Attributes of one entity, for the knowledge base's contradiction checks: the year a group
was founded, a person's death (date and whether killed), age, and rewards offered for a
person (amount, currency and the offering agency). ``object`` is None and ``value`` holds the
literal."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from redes.extract.dates import DateMatch, find_dates, nearest_year
from redes.extract.relations import lexicon as lex
from redes.extract.relations.cues import CASE_TRAPS
from redes.extract.relations.fragments import CLOSE, OPEN, PLACEHOLDER, SEP, both, cue
from redes.extract.relations.sentences import RuleMention, RuleSentence

if TYPE_CHECKING:
    from redes.extract.relations.document import Document

_FOUNDED = cue(both(lex.FOUNDED))
# Death: a verb after the person, or "the death of" before; "nearly killed" is not a death.
_DEATH_VERB = cue(
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
_DEATH_NOUN = cue(
    [r"death", r"killing", r"murder", r"assassination", r"muerte", r"fallecimiento", r"deceso", r"asesinato"],
    r"(?i:death|killing|murder|assassination|muerte|fallecimiento|deceso|asesinato)\s+(?i:of|de|del)\s+"
    r"(?:(?:(?i:the|el|la|his|her|su)|\ue000P\d+\ue001)\s+)?(?:(?i:"
    + "|".join(lex.KIN["en"] + lex.KIN["es"])
    + r"),?\s+(?:.{0,40}?\s)?)?[\"“‘«]?$",
)
_NOT_DEAD = re.compile(
    r"(?i)\b(?:nearly|almost|attempt\w*|tried|tries|intent\w*|casi|not|never|survived|sobreviv\w*|plot|no)\b"
)
_CLAUSE_END = re.compile(r"[;:]")
_KILLING = re.compile(r"(?i)kill|slain|shot|gunned|assassin|murder|abatid|asesin|ejecutad|ultimad")
_OPERATION_WORDS = re.compile(
    r"(?i)\b(?:operation|raid|military|army|forces|clash\w*|operativo|operaci[óo]n|enfrentamiento|militar\w*|ej[ée]rcito|fuerzas)\b"
)
_REWARD_WORD = re.compile(
    r"(?i:rewards?|recompensas?|bount(?:y|ies)|for information leading|por informaci[óo]n que)"
)
# The literal start of each alternative of ``_REWARD_WORD``: a sentence without any has no
# reward, which a look at the lower-cased text tells faster than the regex.
_REWARD_STARTS = ("reward", "recompensa", "bount", "for information leading", "por informaci")
# After an amount: "(up from ...) each for A, a.k.a. “X,” and B" / "por información ... de P"
_REWARD_FOR = re.compile(
    r"\s*(?:\([^)]{0,80}\)\s*)?(?:(?i:each|cada uno)\s+)?(?:(?i:de|in|as)\s+(?:\w+\s+){0,3}?(?i:recompensa|rewards?)\s+)?"
    r"(?i:for|por|para)\s+(?:(?i:information|información|info)[^\ue000\ue001]{0,90}?(?i:of|on|about|de|del|sobre)\s+)?"
    r"(?:(?i:the|el|la)\s+)?(?P<p>\ue000P\d+\ue001(?:" + SEP + r"\ue000P\d+\ue001)*)"
)
_POSS_KIN = re.compile(r"(?:’s|'s|’|')\s+(?i:" + "|".join(lex.KIN["en"]) + r"),?\s+\ue000P(\d+)\ue001")
_AMOUNT = re.compile(
    r"(?i)(?P<cur1>US\$|MX\$|\$|€)\s?(?P<n1>\d[\d,\.]*)(?:\s*(?P<mult1>million|billion|thousand|millones|mil millones|millón|mil))?"
    r"|(?P<n2>\d[\d,\.]*)\s*(?P<mult2>millones|mil millones|millón|million|billion|mil|thousand)?\s+(?:de\s+)?"
    r"(?P<cur2>pesos|d[óo]lares|dollars|euros|USD|MXN)"
)
_ATTRIBUTE_CUE = cue(
    both(lex.FOUNDED) + [f for frags in lex.DIED.values() for f in frags]
    + [r"rewards?", r"recompensas?", r"bount(?:y|ies)", r"year", r"años", r"was", r"is", r"tenía", r"tiene"]
)  # fmt: skip


def attributes(doc: Document, sent: RuleSentence) -> None:
    if not _ATTRIBUTE_CUE.present(sent.prefixes):
        return
    masked = sent.masked
    for i, m in enumerate(sent.mentions):
        pos = masked.find(f"{OPEN}{m.code}{i}{CLOSE}")
        end = pos + len(f"{OPEN}{m.code}{i}{CLOSE}")
        if m.code == "G":
            _founded(doc, sent, m, pos, end)
        elif m.code == "P":
            _died(doc, sent, m, pos, end)
            _age(doc, sent, m, pos, end)
    _rewards(doc, sent)


def _founded(doc: Document, sent: RuleSentence, m: RuleMention, pos: int, end: int) -> None:
    masked = sent.masked
    if not _FOUNDED.present(sent.prefixes):
        return
    for t in _FOUNDED.finditer(masked, 0, None, sent.words):
        # The group must be next to the trigger with no other group between them.
        lo, hi = (end, t.start()) if t.start() >= end else (t.end(), pos)
        gap = masked[lo:hi]
        if len(gap) > 60 or f"{OPEN}G" in gap:
            continue
        if t.start() < pos and not re.search(
            r"(?i)(?:founded|fundó|cre[óo]|formed|established|founding of)\s*(?:the |el |la |los )?$",
            masked[:pos],
        ):
            continue
        year = nearest_year(masked, t.start())
        if year is None:
            continue
        if doc.emit("founded", m, None, sent, "founded", None, year, str(year)):
            return


def _died(doc: Document, sent: RuleSentence, m: RuleMention, pos: int, end: int) -> None:
    """ "X died / was killed / murió / fue abatido" and "the death of X", never "nearly
    killed", "the death toll" or a victim of someone else's sentence."""
    masked = sent.masked
    after = _DEATH_VERB.search(masked, end, min(len(masked), end + 80), sent.words)
    hit = None
    # The verb must be the person's own: no other mention and no clause boundary between
    # them ("the people suffered at the hands of X; officials have died pursuing him").
    if (
        after
        and not PLACEHOLDER.search(masked, end, after.start())
        and not _CLAUSE_END.search(masked, end, after.start())
    ):
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
    emit_death(doc, sent, m, hit.start(), kind, "died")


def emit_death(doc: Document, sent: RuleSentence, m: RuleMention, at: int, kind: str, rule: str) -> None:
    when = _closest_date(find_dates(sent.masked), at)
    value = None
    if when is not None:
        value = when.iso(doc.doc_year)
        if value is None and when.month and when.day:
            value = f"--{when.month:02d}-{when.day:02d}"  # ISO 8601 date without a year
    elif doc.doc_year is not None:
        # No date stated ("his recent death"): only the dateline's year is known.
        value = str(doc.doc_year)
    year = when.year if when is not None and when.year else doc.doc_year
    doc.emit("died", m, None, sent, rule, kind, year, value or "unknown")


def _age(doc: Document, sent: RuleSentence, m: RuleMention, pos: int, end: int) -> None:
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
            doc.emit("age", m, None, sent, "age", None, doc.year(sent) or doc.doc_year, str(age))


def _may_offer_reward(masked: str) -> bool:
    lowered = masked.lower()
    return any(start in lowered for start in _REWARD_STARTS) or CASE_TRAPS.search(masked) is not None


def _rewards(doc: Document, sent: RuleSentence) -> None:
    """Reward amounts per person: "up to $5 million each for A and B", "10 millones de pesos
    de recompensa por información que lleve a la captura de X", or "X is the subject of a
    reward of up to $2 million"."""
    masked = sent.masked
    if not _may_offer_reward(masked) or not _REWARD_WORD.search(masked):
        return
    amounts = []
    for a in _AMOUNT.finditer(masked):
        value = _amount_value(a)
        # "(up from $1 million)": a figure in parentheses is not the offer.
        if value is not None and masked.rfind("(", 0, a.start()) <= masked.rfind(")", 0, a.start()):
            amounts.append((a.start(), a.end(), value))
    if not amounts:
        return
    offerer = _offerer(doc, sent)
    for start, stop, value in amounts:
        recipients = []
        for_ = _REWARD_FOR.match(masked, stop)
        if for_:
            recipients = [int(i) for _, i in PLACEHOLDER.findall(for_.group("p"))]
        else:
            # "X is the subject of a reward of up to $2 million"
            before = [
                i
                for i, m in enumerate(sent.mentions)
                if m.code == "P" and 0 < start - masked.find(f"{OPEN}P{i}{CLOSE}") < 150
            ]
            if before and _REWARD_WORD.search(masked, masked.find(f"{OPEN}P{before[-1]}{CLOSE}"), start):
                recipients = before[-1:]
        for i in recipients:
            # "A’s son-in-law, B": the relative is meant
            kin = _POSS_KIN.match(masked, masked.find(f"{OPEN}P{i}{CLOSE}") + len(f"{OPEN}P{i}{CLOSE}"))
            if kin:
                i = int(kin.group(1))
            person = sent.mentions[i]
            if person.code == "P" and person.ent.local_id not in doc.officials:
                doc.emit(
                    "reward",
                    person,
                    None,
                    sent,
                    "reward",
                    offerer,
                    doc.year(sent, start) or doc.doc_year,
                    value,
                )


def _offerer(doc: Document, sent: RuleSentence) -> str | None:
    """Who offers a reward: the state body before the reward word, one after "by", or the
    one that offered the last reward in the document."""
    masked = sent.masked
    word = _REWARD_WORD.search(masked)
    bodies = [(masked.find(f"{OPEN}S{i}{CLOSE}"), m) for i, m in enumerate(sent.mentions) if m.code == "S"]
    leading = [m for p, m in bodies if word and p < word.start()]
    by = [m for p, m in bodies if re.search(r"(?i:by|por)\s+(?:the |la |el )?$", masked[max(0, p - 12) : p])]
    chosen = (leading[-1:] or by[:1]) if bodies else []
    if chosen:
        return chosen[0].ent.name
    earlier = doc.actors_by_detail.get("reward")
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
