"""Dossier lines in the reader's language: "leads {o}" / "dirige {o}". English is the
knowledge base's own wording (``redes.kb.render``); other languages' forms are data
(``labels.json``: ``relation_phrase``, ``default_detail``, ``attribute_phrase``). Values
come from documents and are never translated; so do the details of relations outside the
details vocabulary (a position's title), while vocabulary keys ("leader") read in the
language (``redes.kb.details``: "líder")."""

from __future__ import annotations

import re
from typing import Any

from redes.i18n import DEFAULT_LANGUAGE, _labels, formats
from redes.kb import details as vocabulary
from redes.kb.claims import value_year


def _form(kind: str, key: str, lang: str) -> Any:
    return _labels().get(kind, {}).get(key, {}).get(lang)


def relation_parts(line: dict[str, Any], lang: str, english) -> tuple[str, dict[str, Any] | None, str]:
    """``english(line)`` (the templates' ``relation_parts``) in ``lang``: the text before
    the other entity, the entity, the text after it."""
    other = line.get("other", line.get("object"))
    predicate = line["predicate"]
    if lang == DEFAULT_LANGUAGE:
        return english(line)
    if other is None:
        text = attribute_phrase(line, lang)
        return (text, None, "") if text is not None else english(line)
    forms = _form("relation_phrase", predicate, lang)
    if not forms:
        return english(line)
    form = forms[0] if line.get("direction", "out") == "out" else forms[1]
    detail = vocabulary.label(predicate, line.get("detail"), lang)
    detail = detail or _form("default_detail", predicate, lang) or predicate
    before, _, after = (part.replace("{d}", detail) for part in form.partition("{o}"))
    if not line.get("detail") and line.get("details"):
        after += f" [{', '.join(vocabulary.label(predicate, d, lang) for d in line['details'])}]"
    return before, other, after


def attribute_phrase(item: dict[str, Any], lang: str) -> str | None:
    """An attribute line ("founded 2009", "reward US$5,000,000 offered by ...") in
    ``lang``; None when the language has no form for it."""
    p, value, detail = item["predicate"], item.get("value"), item.get("detail")
    shown = formats.value(p, value, lang)
    if p == "died":
        detail = vocabulary.label(p, detail, lang) or _form("attribute_phrase", "died_default", lang)
        key = "died" if value_year(value) is not None else "died_undated"
    elif p == "reward" and detail:
        key = "reward_by"
    else:
        key = p
    form = _form("attribute_phrase", key, lang)
    if not form:
        return None
    # One pass: a value or detail from a document may itself contain "{d}".
    return re.sub(r"\{([vd])\}", lambda m: shown if m[1] == "v" else detail or "", form)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def span(text: str | None, lang: str) -> str:
    """A relation's span ("since 2014", "until 2026-02-22 (death)", ``kb.spans.label``) in
    ``lang``, its dates as the language writes them; as given when no pattern fits."""
    if not text:
        return ""
    if lang == DEFAULT_LANGUAGE:
        return text
    out = text
    for key, entry in _labels().get("span_pattern", {}).items():
        if key.startswith("_") or not entry.get(lang):
            continue
        m = re.fullmatch(entry[DEFAULT_LANGUAGE], text)
        if m:
            out = m.expand(entry[lang])
            break
    return _ISO_DAY.sub(lambda d: formats.date(d[0], lang), out)


def phrase(item: dict[str, Any], lang: str, english) -> str:
    """``english(item)`` (``redes.kb.render.phrase``: a dossier line in words) in ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        return english(item)
    other = item.get("other") or item.get("object")
    when = item.get("years") or ([str(item["year"])] if item.get("year") else [])
    if other is None:
        text = attribute_phrase(item, lang)
        if text is None:
            return english(item)
        when = [w for w in when if w != item.get("value")]
    else:
        forms = _form("relation_phrase", item["predicate"], lang)
        if not forms:
            return english(item)
        before, entity, after = relation_parts(item, lang, english)
        text = before + entity["name"] + after
    text += f" ({', '.join(when)})" if when else ""
    return text + (f" · {span(item['span'], lang)}" if item.get("span") and other is not None else "")
