"""The layering is checked, not hoped for: import-linter's contracts (pyproject.toml,
``[tool.importlinter]``) hold — the engine never imports the book's package or any display,
notebook or Sphinx package; its core is numpy only; its layers import only downwards; the book's
reader-facing code does not need Sphinx."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.unit

LINT = Path(sys.executable).parent / "lint-imports"


def _contracts(config: Path) -> list[dict]:
    return tomllib.loads(config.read_text())["tool"]["importlinter"]["contracts"]


def test_the_import_contracts_are_kept():
    contracts = _contracts(ROOT / "pyproject.toml")
    assert len(contracts) >= 4
    proc = subprocess.run([str(LINT), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert f"Contracts: {len(contracts)} kept, 0 broken." in proc.stdout


def test_a_broken_layer_is_caught(tmp_path):
    """The same contracts on a copy of the engine with one upward import (paths importing the
    products) must fail, naming that import: the check can fail."""
    lib = tmp_path / "lib"
    shutil.copytree(ROOT / "lib" / "levtoken", lib / "levtoken",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "lib" / "levtoken_book", lib / "levtoken_book",
                    ignore=shutil.ignore_patterns("__pycache__"))
    paths = lib / "levtoken" / "paths.py"
    paths.write_text(paths.read_text() + "\nfrom . import products  # noqa: E402,F401\n")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    proc = subprocess.run([str(LINT), "--no-cache", "--config", str(tmp_path / "pyproject.toml")],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(lib), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "levtoken.paths -> levtoken.products" in proc.stdout


def test_the_engine_tests_import_only_the_engine():
    """tests/engine runs against the installed wheel too (test_wheel.py): its files import
    nothing from the book's package, the other test layers or the repository's tools."""
    import ast

    bad = []
    for path in sorted((ROOT / "tests" / "engine").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if name.split(".")[0] in ("levtoken_book", "tests", "tools", "conftest"):
                    bad.append(f"{path.name}, line {node.lineno}: {name}")
    assert bad == [], bad
