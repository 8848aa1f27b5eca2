"""levtoken is a library people install: ``python -m build lib`` makes an sdist and a wheel that
install in a fresh virtual environment with numpy alone (``levtoken[data]`` adds pandas and
pooch), and the engine's tests (``tests/engine``) and doctests pass against the *installed*
wheel, not the source tree. The README's "Use the library" examples run there too.

Every package comes from the package index the README's ``make`` uses (pip's own configuration),
at the versions pinned in ``binder/requirements.txt`` and ``requirements.txt``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support import ENGINE_TESTS, ROOT

pytestmark = pytest.mark.build


def _pins() -> list[str]:
    """Every ``name==version`` line of the two requirements files."""
    pins = []
    for f in (ROOT / "binder" / "requirements.txt", ROOT / "requirements.txt"):
        pins += [ln.strip() for ln in f.read_text().splitlines() if "==" in ln
                 and not ln.lstrip().startswith("#")]
    return pins


def _run(cmd, **kw):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-4000:]}"
    return proc.stdout


def readme_examples() -> str:
    """The Python code blocks of the README's "Use the library" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Use the library\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "README.md has no '## Use the library' section"
    blocks = re.findall(r"```python\n(.*?)```", section.group(1), re.S)
    assert blocks, "the 'Use the library' section has no python example"
    return "\n".join(blocks)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel, built from a copy of lib/ (the engine's project; a build writes
    its own folders, which stay out of the source tree)."""
    src = tmp_path_factory.mktemp("src") / "lib"
    shutil.copytree(ROOT / "lib", src, ignore=shutil.ignore_patterns(
        "__pycache__", "*.egg-info", "build", "levtoken_book"))
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel",
          "--outdir", out, src])
    return out


def test_the_sdist_and_wheel_hold_the_engine_only(dist):
    wheel, = dist.glob("levtoken-2.0.0-py3-none-any.whl")
    sdist, = dist.glob("levtoken-2.0.0.tar.gz")
    names = zipfile.ZipFile(wheel).namelist()
    assert "levtoken/__init__.py" in names and "levtoken/funds.py" in names
    assert not any(n.startswith("levtoken_book") for n in names)
    meta = zipfile.ZipFile(wheel).read("levtoken-2.0.0.dist-info/METADATA").decode()
    requires = re.findall(r"^Requires-Dist: (.*)$", meta, re.M)
    assert [r for r in requires if "extra ==" not in r] == ["numpy>=2"]
    assert {r.split(";")[0].strip() for r in requires if "extra == \"data\"" in r} == {
        "pandas>=3", "pooch>=1.8", "exchange_calendars>=4.13"}
    assert sdist.stat().st_size > 10_000


def test_the_wheel_installs_with_numpy_alone_and_passes_the_engine_tests(dist, tmp_path):
    wheel, = dist.glob("*.whl")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv])
    py = venv / "bin" / "python"
    # nothing of the source tree on the path: the wheel, installed, is what runs
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("\n".join(_pins()) + "\n")
    pip = [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "-c", constraints]
    # 1. the wheel alone: numpy is its only requirement, and the engine imports and runs
    _run(pip + [wheel], env=env)
    listed = _run([py, "-m", "pip", "list", "--format=freeze", "--exclude", "pip",
                   "--exclude", "setuptools"], env=env)
    installed = {ln.split("==")[0].lower() for ln in listed.split()}
    assert installed == {"levtoken", "numpy"}, installed
    out = _run([py, "-c", "import levtoken as lt; print(lt.__file__); "
                "print(lt.LeveragedToken(3).nav([0.05, -0.04])[-1].round(6))"], cwd=tmp_path, env=env)
    assert str(venv) in out.splitlines()[0] and out.splitlines()[1] == "1.012"
    # 2. the data extra and the test tools, then the engine's tests against the installed wheel
    _run(pip + [f"{wheel}[data]", "pytest", "hypothesis"], env=env)
    run = tmp_path / "run"
    shutil.copytree(ENGINE_TESTS, run / "engine_tests", ignore=shutil.ignore_patterns("__pycache__"))
    (run / "pytest.ini").write_text("[pytest]\nmarkers =\n    unit: the engine's tests\n"
                                    "addopts = -p no:cacheprovider\n")
    (run / "readme_examples.py").write_text(readme_examples())
    where = _run([py, "-c", "import levtoken; print(levtoken.__file__)"], cwd=run, env=env)
    assert where.strip().startswith(str(venv)), where
    _run([py, "readme_examples.py"], cwd=run, env=env)
    out = _run([py, "-m", "pytest", "-q", "engine_tests", "--doctest-modules", "--pyargs",
                "levtoken"], cwd=run, env=env)
    summary = out.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary and "error" not in summary
    assert int(re.search(r"(\d+) passed", summary).group(1)) > 900, summary
