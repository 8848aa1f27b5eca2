"""No code of the repository reaches into another module's private names (``module._name``,
``from module import _name``): not the engine's, not the book's, not a third-party package's.
A name another module needs is public, with a docstring, and so fuzzed by the contract tests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("lib", "tools", "benchmarks")


def private_uses(path: Path, root: Path = ROOT) -> list[str]:
    """Each ``x._name`` (x not ``self`` or ``cls``) and ``from m import _name`` in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.ImportFrom):
            found += [f"{path.relative_to(root)}:{node.lineno}: from {node.module} import {a.name}"
                      for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_the_checker_finds_a_private_name(tmp_path):
    code = tmp_path / "m.py"
    code.write_text("from a import _b\nimport c\nc._d()\nself._e\nx.__class__\n")
    assert [u.split(": ", 1)[1] for u in private_uses(code, tmp_path)] == ["from a import _b", "c._d"]


def test_no_module_uses_another_module_s_private_names():
    uses = [u for folder in FOLDERS for p in sorted((ROOT / folder).rglob("*.py"))
            for u in private_uses(p)]
    assert uses == [], "private names used from outside their module:\n" + "\n".join(uses)
