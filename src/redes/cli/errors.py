"""One clear line for every error: the CLI never shows a traceback to its user.

Library refusals and failures reach the top-level group as exceptions; ``one_line`` says
what went wrong in the user's words (the file and the system's reason, the database's own
message without SQLAlchemy's help links). ``REDES_DEBUG=1`` lets the traceback through,
for developers.
"""

from __future__ import annotations

import os

DEBUG_ENV = "REDES_DEBUG"


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def one_line(exc: BaseException) -> str:
    """The reason of ``exc`` on one line, without Python's or SQLAlchemy's internals."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f" {exc.filename}" if exc.filename else ""
        return f"cannot use{where}: {exc.strerror.lower()}"
    orig = getattr(exc, "orig", None)  # a DBAPI error wrapped by SQLAlchemy
    if orig is not None and isinstance(orig, BaseException):
        return f"the database says: {_first_line(orig) or type(orig).__name__}"
    text = _first_line(exc)
    # Refusals the library raises on purpose carry their reason; anything else is a bug,
    # named as one (a bare KeyError's text is only the missing key).
    if isinstance(exc, (ValueError, LookupError, PermissionError, RuntimeError)) and not isinstance(
        exc, KeyError
    ):
        if text:
            return text
    kind = type(exc).__name__
    found = f"{kind}: {text}" if text else kind
    return f"internal error ({found}); {DEBUG_ENV}=1 shows where"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    if isinstance(exc, KeyError) and text.startswith(("'", '"')):
        text = text[1:-1]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # SQLAlchemy appends "(Background on this error at: https://sqlalche.me/...)".
    lines = [line for line in lines if not line.startswith("(Background on this error")]
    return " ".join(lines)[:500]
