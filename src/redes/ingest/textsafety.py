"""Hostile text: bytes that only pretend to be text, and characters that must not reach
a terminal, an XML export or a title.

- ``sniff_utf16``: UTF-16 (or UTF-32) without a byte-order mark, which has NUL bytes in
  every other position and was refused as binary.
- ``legacy_encoding`` / ``coherent``: ``charset-normalizer``'s verdict on bytes that are
  not UTF-8: the legacy encoding they read in, or none; random high bytes decode as
  Latin-1 without error, yet are no coherent text in it.
- ``clean_text`` / ``clean_line``: NUL bytes become spaces (deleting them glued words
  together), terminal escape sequences and other control characters go.
- ``deep_html_text``: the text of a page nested deeper than lxml (libxml2) parses, which
  stops at a depth of 256 and kept only the title of 50,000 nested ``<div>``s.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# How much of a file charset-normalizer judges: enough for a verdict, bounded in time.
SAMPLE = 64 * 1024
# ESC sequences: CSI ("ESC [ ... m", colours and cursor moves), OSC ("ESC ] ... BEL",
# window titles and hyperlinks), and two-character ones.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# C0 controls but tab and newlines, DEL, and the C1 controls (Latin-1's 0x80-0x9f).
_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a line (a title, a file name), newlines and tabs too.
_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Past this nesting depth lxml drops the rest of the page.
MAX_DEPTH = 200


def sniff_utf16(data: bytes) -> str | None:
    """The text of UTF-16 or UTF-32 bytes without a byte-order mark, else None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE]).best()
    if best is None or not best.encoding.startswith(("utf_16", "utf_32")):
        return None
    return data.decode(best.encoding.replace("_", "-"), errors="replace")


# The legacy encodings of English and Spanish files that are not UTF-8, the only ones
# charset-normalizer may guess: among all its code pages, random bytes are valid Big5 or
# Thai. (ISO 8859-15 made random high bytes look coherent more often; a page that
# declares it is still read in it.)
LEGACY = ["cp1252", "latin_1"]


def legacy_encoding(data: bytes) -> str | None:
    """The legacy encoding (``LEGACY``) that ``data`` (not UTF-8) reads best in, by
    charset-normalizer's verdict on its first ``SAMPLE`` bytes; None when it is chaotic in
    all of them, or when charset-normalizer finds no language in it at all (coherence 0)
    and most of it is not even ASCII: random high bytes, which decode as Latin-1 without
    error all the same."""
    from charset_normalizer import from_bytes

    sample = data[:SAMPLE]
    best = from_bytes(sample, cp_isolation=LEGACY).best()
    if best is None:
        return None
    if best.coherence > 0:
        return best.encoding
    plain = sum(32 <= b < 127 or b in (9, 10, 13) for b in sample)
    return best.encoding if plain >= len(sample) / 2 else None


def coherent(data: bytes) -> bool:
    """Could ``data`` (not UTF-8) be text in one of the legacy encodings redes reads?"""
    return legacy_encoding(data) is not None


def clean_text(text: str) -> str:
    """NUL bytes as spaces; escape sequences and other control characters removed."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\x00", " ")))


def clean_line(text: str) -> str:
    """One line of printable text: control characters (newlines too) and escape
    sequences removed, spaces collapsed."""
    return " ".join(_LINE_CONTROLS.sub(" ", _ESCAPES.sub("", text)).split())


def printable(text: str) -> str:
    """``text`` for a terminal: control characters shown as escapes (\\x1b, \\n), so that
    a file name cannot move the cursor or recolour the screen."""
    return _LINE_CONTROLS.sub(lambda m: repr(m.group())[1:-1], text)


class _Flat(HTMLParser):
    """A page's text without building a tree: no depth limit, linear time."""

    SKIP = frozenset("script style noscript template iframe object head svg".split())
    BLOCK = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr section article blockquote pre title".split())
    VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.depth = 0
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in self.VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
        if tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.depth = max(0, self.depth - 1)
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_depth_and_text(html: str) -> tuple[int, str]:
    """The page's deepest nesting of elements, and its text (outside scripts, styles and
    the head), read by a flat parser."""
    flat = _Flat()
    flat.feed(html)
    flat.close()
    return flat.deepest, "".join(flat.parts)


def deep_html_text(html: str) -> str | None:
    """The text of a page nested too deep for lxml, else None (lxml will do)."""
    if html.count("<") < MAX_DEPTH:
        return None
    depth, text = html_depth_and_text(html)
    return text if depth > MAX_DEPTH else None
