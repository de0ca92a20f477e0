"""Control characters in exported text: a file name or a title can hold terminal escape
sequences and other controls. XML 1.0 cannot hold most of them at all (GraphML failed to
write, GEXF came out unreadable), and in a CSV cell they reach whoever opens it. They are
written as visible escapes (``\\x1b``), so that nothing is lost or hidden."""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab and newline, DEL, C1 controls, the line and paragraph separators,
# lone surrogates and the two non-characters XML forbids.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def escape_controls(text: str) -> str:
    """``text`` with its control characters written as escapes (``\\x1b``)."""
    return _CONTROLS.sub(lambda m: repr(m.group())[1:-1].replace("'", ""), text)


def safe(value: Any) -> Any:
    """``escape_controls`` for strings; other values unchanged."""
    return escape_controls(value) if isinstance(value, str) else value
