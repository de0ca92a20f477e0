"""What the dossier templates call to lay out a line: the workbench's pages
(``redes.web.pages``) and the print view and PDF (``redes.export.pdf``) render the same
templates, so their helpers live in the library."""

from __future__ import annotations

from typing import Any

from redes.kb.render import DEFAULT_DETAIL, RELATION_PHRASES, phrase


def relation_parts(line: dict[str, Any]) -> tuple[str, dict[str, Any] | None, str]:
    """A dossier line (or a claim) from the dossier entity's side, cut around the other
    entity so the template can link it: ("leads ", {entity}, "")."""
    other = line.get("other", line.get("object"))
    if other is None:
        return phrase({**line, "years": [], "year": None}), None, ""
    predicate = line["predicate"]
    out_form, in_form = RELATION_PHRASES.get(predicate, (predicate + " {o}",) * 2)
    form = out_form if line.get("direction", "out") == "out" else in_form
    form = form.replace("{d}", line["detail"] or DEFAULT_DETAIL.get(predicate, predicate))
    before, _, after = form.partition("{o}")
    if not line["detail"] and line.get("details"):
        after += f" [{', '.join(line['details'])}]"
    return before, other, after


def strength(corroboration: dict[str, Any]) -> str:
    """A CSS class for a corroboration badge: one source, two, or three and more."""
    n = corroboration.get("documents", 0)
    return "weak" if n <= 1 else "fair" if n == 2 else "strong"
