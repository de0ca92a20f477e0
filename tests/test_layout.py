"""The library is the product: the CLI and the web app are shells over it that never
import each other, and the library imports neither."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "redes"
SHELLS = {"cli": "redes.cli", "web": "redes.web"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


# What each part may import of the shells: the CLI starts the web server through the
# ``redes.web`` package itself (serve, default_workers); nothing else crosses.
ALLOWED = {"cli": {"redes.web"}}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_shells_stay_apart(path: Path) -> None:
    part = path.relative_to(PACKAGE).parts[0]
    if part == "__main__.py":  # the entry point runs the CLI
        return
    for name in _imports(path):
        for shell, module in SHELLS.items():
            crosses = shell != part and (name == module or name.startswith(module + "."))
            assert not crosses or name in ALLOWED.get(part, set()), (
                f"{path.relative_to(PACKAGE)} imports {name}"
            )
