"""Identity and tax numbers a text gives a person or a company: Mexico's CURP (18
characters, the population registry's key) and RFC (the tax id: 13 characters for a
person, 12 for a company), as sanctions lists give them ("C.U.R.P. #...", "R.F.C. #...").
Cross-referencing (``redes.resolve.xref``) matches a listing that has the same number and
rules out one that has another number of the same kind, whatever the names say.

A number is taken only when python-stdnum accepts its form, its date and (for a CURP) its
state code; check digits are not required, since lists and documents copy them wrongly
often enough. It belongs to the nearest person (or, for a company's RFC, organization)
named before it in the sentence, or to the only one the sentence names.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stdnum.exceptions import ValidationError
from stdnum.mx import curp, rfc

from redes.extract.relations.fragments import PLACEHOLDER
from redes.extract.relations.sentences import RuleSentence

if TYPE_CHECKING:
    from redes.extract.relations.document import Document

# A CURP, or an RFC possibly written in three parts ("GODE-561231-GR8"); not inside a
# longer run of letters and digits.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9Ñ&])(?:[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d|[A-ZÑ&]{3,4}[- ]?\d{6}[- ]?[A-Z0-9]{3})(?![A-Za-z0-9])"
)
# Every number holds a date of six digits: a sentence without one is not read.
_SIX_DIGITS = re.compile(r"\d{6}")


def parse(text: str) -> tuple[str, str] | None:
    """(kind, number) for a CURP or an RFC, the number without separators ("CURP",
    "BOXW310820HNERXN09"); None for anything else."""
    try:
        return "CURP", curp.validate(text, validate_check_digits=False)
    except ValidationError:
        pass
    try:
        return "RFC", rfc.validate(text)
    except ValidationError:
        return None


def identifiers(doc: Document, sent: RuleSentence) -> None:
    """Emit an ``identifier`` attribute (value: the number; detail: its kind) for each CURP
    or RFC of the sentence that a person or company it names can hold."""
    masked = sent.masked
    if _SIX_DIGITS.search(masked) is None:
        return
    for hit in _NUMBER.finditer(masked):
        parsed = parse(hit.group())
        if parsed is None:
            continue
        kind, number = parsed
        # A CURP and a 13-character RFC are a person's; a 12-character RFC a company's.
        holder = "O" if kind == "RFC" and len(number) == 12 else "P"
        named = [
            (m.start(), sent.mentions[int(m.group(2))])
            for m in PLACEHOLDER.finditer(masked)
            if m.group(1) == holder
        ]
        before = [mention for start, mention in named if start < hit.start()]
        if before:
            owner = before[-1]
        elif len({mention.ent.local_id for _, mention in named}) == 1:
            owner = named[0][1]
        else:
            continue
        doc.emit("identifier", owner, None, sent, "identifier", kind, None, number)
