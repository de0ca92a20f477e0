"""Where each top-level command lives and what its help says, read from the source of the
modules of ``redes.cli`` (their ``COMMANDS`` lists and the click decorators of what they
list) without importing them. tests/cli/test_commands.py checks that this is what
importing them gives."""

from __future__ import annotations

import ast
import functools
import pkgutil
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).parent
NOT_COMMANDS = {"__init__", "common", "commands"}
SUFFIXES = ("command", "cmd", "group", "grp")  # click drops them from a function's name


@dataclass(frozen=True)
class Listed:
    module: str
    help: str | None
    short_help: str | None


@functools.cache
def index() -> dict[str, Listed]:
    """Command name -> where it is and its help text."""
    found: dict[str, Listed] = {}
    for info in pkgutil.iter_modules([str(PACKAGE)]):
        if info.name.startswith("_") or info.name in NOT_COMMANDS:
            continue
        tree = ast.parse((PACKAGE / f"{info.name}.py").read_text(encoding="utf-8"))
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for name in _listed(tree):
            command = _command(functions[name], info.name)
            if command is not None:
                found[command[0]] = command[1]
    return found


def _listed(tree: ast.Module) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "COMMANDS" for t in node.targets
        ):
            return [e.id for e in node.value.elts if isinstance(e, ast.Name)]
    return []


def _command(func: ast.FunctionDef, module: str) -> tuple[str, Listed] | None:
    for deco in func.decorator_list:
        call = deco if isinstance(deco, ast.Call) else None
        target = call.func if call else deco
        if not (
            isinstance(target, ast.Attribute)
            and target.attr in ("command", "group")
            and isinstance(target.value, ast.Name)
            and target.value.id == "click"
        ):
            continue
        args = call.args if call else []
        kwargs = {k.arg: k.value for k in call.keywords} if call else {}
        name = _constant(args[0]) if args else _constant(kwargs.get("name"))
        if name is None:
            name = func.name.lower().replace("_", "-")
            left, sep, suffix = name.rpartition("-")
            if sep and suffix in SUFFIXES:
                name = left
        text = _constant(kwargs.get("help")) or ast.get_docstring(func)
        if text and "\f" in text:
            text = text.split("\f", 1)[0]
        return name, Listed(module, text, _constant(kwargs.get("short_help")))
    return None


def _constant(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
