"""Mail: ``.eml`` messages and ``.mbox`` mailboxes (Python's ``email`` and ``mailbox``).

A message is a document whose text is its headers and body (title = subject, published =
date, publisher = sender); its attachments are child documents. A mailbox is a document
listing its messages, each a child. The addresses are kept in ``meta["addresses"]``.
"""

from __future__ import annotations

import email
import mailbox
import os
import tempfile
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from redes.ingest.formats import add_children, limits
from redes.ingest.readers import ParsedDocument, ReadError

ADDRESS_FIELDS = ("from", "to", "cc")
_SHOWN = ("From", "To", "Cc", "Date", "Subject")


def read_eml(data: bytes, name: str) -> ParsedDocument:
    message = email.message_from_bytes(data, policy=policy.default)
    if not any(message.get(h) for h in ("From", "To", "Subject", "Date", "Message-ID")):
        raise ReadError("not a mail message (no From, To, Subject or Date header)")
    return message_document(message)


def message_document(message: EmailMessage) -> ParsedDocument:
    headers = {h: _header(message, h) for h in _SHOWN if _header(message, h)}
    addresses = {f: _addresses(message, f) for f in ADDRESS_FIELDS if _addresses(message, f)}
    sender = (addresses.get("from") or [{}])[0]
    body = _body(message)
    text = "\n".join(f"{k}: {v}" for k, v in headers.items()) + "\n\n" + body
    doc = ParsedDocument(
        text=text,
        format="eml",
        title=headers.get("Subject"),
        published=_date(message),
        publisher=sender.get("name") or sender.get("address"),
        meta={"headers": headers, "addresses": addresses},
    )
    add_children(doc, _attachments(message))
    return doc


def read_mbox(data: bytes, name: str) -> ParsedDocument:
    """Every message of a mailbox as a child document."""
    if not data.lstrip().startswith(b"From "):
        raise ReadError("not an mbox mailbox (it does not start with a 'From ' line)")
    # mailbox reads files only: a temporary copy, removed at once.
    fd, path = tempfile.mkstemp(suffix=".mbox")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        box = mailbox.mbox(path, factory=lambda f: email.message_from_binary_file(f, policy=policy.default))
        messages = []
        for i, message in enumerate(box):
            if i >= limits.MAX_MESSAGES:
                raise ReadError(f"mailbox has more than {limits.MAX_MESSAGES:,} messages (the limit)")
            messages.append(message)
        box.close()
    finally:
        os.unlink(path)
    if not messages:
        raise ReadError("empty mailbox")
    doc = ParsedDocument(
        text=f"Mailbox {name}: {len(messages)} messages\n\n"
        + "\n".join(
            " — ".join(filter(None, (_header(m, "Date"), _header(m, "From"), _header(m, "Subject"))))
            for m in messages
        ),
        format="mbox",
        title=name,
        meta={"messages": len(messages)},
    )
    for i, message in enumerate(messages, 1):
        label = f"message {i}: {_header(message, 'Subject') or '(no subject)'}"[:200]
        try:
            child = message_document(message)
        except ReadError as exc:
            doc.skipped.append((label, "failed", str(exc)))
            continue
        child.name = label
        doc.children.append(child)
    return doc


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a malformed header the parser chokes on
        value = message.get_all(name, failobj=[None])[0] if hasattr(message, "get_all") else None
    return " ".join(str(value).split()) if value else None


def _addresses(message: EmailMessage, field: str) -> list[dict[str, str]]:
    values = [str(v) for v in message.get_all(field, [])]
    return [
        {"name": n.strip(), "address": a.strip().lower()} if n.strip() else {"address": a.strip().lower()}
        for n, a in getaddresses(values)
        if "@" in a
    ]


def _date(message: EmailMessage) -> str | None:
    raw = _header(message, "Date")
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _body(message: EmailMessage) -> str:
    """The plain-text body, or the HTML body's text when there is no plain one."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):  # an unknown or lying charset
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        from redes.ingest.readers import _html_body_text

        content = _html_body_text(content) if content.strip() else ""
    return content


def _attachments(message: EmailMessage) -> list[tuple[str, bytes]]:
    out = []
    for i, part in enumerate(message.iter_attachments(), 1):
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) else inner
            subject = _header(inner, "Subject") or f"attachment {i}"
            out.append((f"{subject[:100]}.eml", inner.as_bytes(policy=policy.default)))
            continue
        name = part.get_filename() or f"attachment {i}"
        data = part.get_payload(decode=True)
        if data:
            out.append((name, data))
    return out
