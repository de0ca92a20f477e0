"""Cut a document's text into segments for the document view: plain text, mentions
(linked to their entity) and the highlighted evidence span.

The template escapes every segment's text; nothing here produces markup, so ingested
text can never become HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_SPAN = re.compile(r"^(\d{1,9})-(\d{1,9})$")


@dataclass(slots=True)
class Segment:
    text: str
    mention: dict[str, Any] | None = None  # the mention dict covering this text
    highlight: bool = False
    anchor: bool = False  # the first highlighted segment: the target of #hl
    # The highlight is one element around all its segments, mention links included: it
    # opens at its first segment and closes after its last (a <mark> per segment would
    # break the highlight at every link).
    opens: bool = False
    closes: bool = False


def parse_span(value: str | None, length: int) -> tuple[int, int] | None:
    """``"120-245"`` -> (120, 245), clipped to the text; None when absent or malformed."""
    m = _SPAN.match(value or "")
    if not m:
        return None
    start, end = min(int(m[1]), length), min(int(m[2]), length)
    return (start, end) if start < end else None


def segments(text: str, mentions: list[dict[str, Any]], span: tuple[int, int] | None = None) -> list[Segment]:
    """Segments covering ``text`` in order. Where mentions overlap, the one that starts
    first (the longest, at equal starts) wins, so every character belongs to one."""
    n = len(text)
    cuts = {0, n}
    spans = sorted(
        (m for m in mentions if 0 <= m["start"] < m["end"] <= n), key=lambda m: (m["start"], -m["end"])
    )
    for m in spans:
        cuts.update((m["start"], m["end"]))
    if span:
        cuts.update(span)
    points = sorted(cuts)
    out: list[Segment] = []
    active: list[dict[str, Any]] = []  # mentions that cover the current point
    i = 0
    anchored = False
    for a, b in zip(points, points[1:], strict=False):
        active = [m for m in active if m["end"] > a]
        while i < len(spans) and spans[i]["start"] <= a:
            active.append(spans[i])
            i += 1
        current = min(active, key=lambda m: (m["start"], -m["end"])) if active else None
        hl = bool(span and span[0] <= a and b <= span[1])
        anchor = hl and not anchored
        anchored = anchored or hl
        last = out[-1] if out else None
        if last and last.mention is current and last.highlight == hl and not anchor:
            last.text += text[a:b]
        else:
            out.append(Segment(text[a:b], current, hl, anchor))
    for before, seg, after in zip([None, *out], out, [*out[1:], None], strict=False):
        seg.opens = seg.highlight and not (before and before.highlight)
        seg.closes = seg.highlight and not (after and after.highlight)
    return out
