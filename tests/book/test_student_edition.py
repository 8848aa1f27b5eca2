"""The student edition: the same chapters, every solution removed, every exercise kept with an
empty answer cell, questions without their answers; its README, requirements and links; and the
chapters' Colab install cell (levtoken_book.launch)."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import types
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest
import yaml

from levtoken_book import launch, student_edition
from levtoken_book import questions as Q
from levtoken_book.sphinxext import student_edition as ext
from tests.support import ROOT

pytestmark = pytest.mark.unit


CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
STUDENT = ROOT / student_edition.STUDENT_DIR
QUESTION_FILES = sorted((ROOT / "book" / "questions").glob("ch[0-9][0-9].yaml"))
REPO = launch.repository()


def _md(*lines):
    return nbformat.v4.new_markdown_cell("\n".join(lines))


def _tracked(prefix: str) -> set[str]:
    out = subprocess.run(["git", "ls-files", prefix], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    return set(out)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The student edition and its zip, written from the chapters now."""
    out = tmp_path_factory.mktemp("student")
    written = student_edition.build(ROOT / "book", out / "student", out / "edition.zip")
    return out / "student", out / "edition.zip", written


def test_strip_solutions_on_a_small_notebook():
    nb = nbformat.v4.new_notebook(cells=[
        _md("# Title", "", "text"),
        _md("```{exercise}", ":label: ex-a", "Q1", "```", "", "````{solution-start} ex-a",
            ":class: dropdown", "````", "secret words"),
        nbformat.v4.new_code_cell("secret_code = 1"),
        _md("more secret", "````{solution-end}", "````", "", "after the solution"),
        nbformat.v4.new_code_cell("kept = 2"),
    ])
    out, removed = student_edition.strip_solutions(nb)
    text = "\n".join(c.source for c in out.cells)
    assert removed == 1
    assert "secret" not in text and "solution-" not in text
    assert "Q1" in text and "after the solution" in text and "kept = 2" in text
    assert "Student edition" in out.cells[0].source
    kinds = [(c.cell_type, c.source.splitlines()[-1] if c.source else "") for c in out.cells]
    assert kinds == [("markdown", "text"), ("markdown", "```"), ("code", ""),
                     ("markdown", "after the solution"), ("code", "kept = 2")]
    answer = out.cells[2]
    assert answer.id == "answer-ex-a" and answer.metadata["tags"] == ["answer"]
    assert len({c.id for c in out.cells}) == len(out.cells)


def test_an_unclosed_solution_is_an_error():
    nb = nbformat.v4.new_notebook(cells=[_md("````{solution-start} ex-a", "````", "x")])
    with pytest.raises(ValueError, match="solution-end"):
        student_edition.strip_solutions(nb)


@pytest.mark.parametrize("src", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_loses_its_solutions_and_keeps_its_exercises(src):
    nb = nbformat.read(src, as_version=4)
    out, removed = student_edition.strip_solutions(nb)
    original = "\n".join(c.source for c in nb.cells)
    text = "\n".join(c.source for c in out.cells)
    exercises = original.count("{exercise}")
    assert 3 <= exercises <= 5, f"{src.name}: {exercises} exercises"
    assert removed == original.count("{solution-start}") == exercises
    assert "{solution-start}" not in text and "{solution-end}" not in text
    assert text.count("{exercise}") == exercises
    assert len([c for c in out.cells if c.cell_type == "code" and c.source]) < \
        len([c for c in nb.cells if c.cell_type == "code"])
    # an empty answer cell right under each exercise, named after it
    labels = re.findall(r":label: (ex-[a-z0-9-]+)", original)
    answers = [i for i, c in enumerate(out.cells) if "answer" in c.metadata.get("tags", [])]
    assert [out.cells[i].id for i in answers] == [f"answer-{label}" for label in labels]
    for i, label in zip(answers, labels):
        assert out.cells[i].source == "" and out.cells[i].cell_type == "code"
        before = out.cells[i - 1]
        assert before.cell_type == "markdown" and f":label: {label}" in before.source
        assert before.source.rstrip().endswith("```"), f"{label}: the answer cell is not under it"
    assert len({c.id for c in out.cells}) == len(out.cells)


def test_the_committed_student_edition_is_up_to_date():
    """student/ is what Binder and Colab open; it must be the chapters' edition now."""
    stale = student_edition.check(ROOT / "book", STUDENT)
    assert stale == [], (f"student/ differs from the chapters in {stale}; run 'make student' "
                         f"and commit student/")
    tracked = _tracked(f"{student_edition.STUDENT_DIR}/")
    assert {f"student/{p.name}" for p in CHAPTERS} <= tracked
    assert {"student/README.md", "student/requirements.txt"} <= tracked


def _solution_texts(nb) -> list[str]:
    """The lines of every solution (markdown and code), long enough to be its own words and
    not also written outside a solution."""
    inside, lines_in, lines_out = False, [], []
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if student_edition.START.match(line) and cell.cell_type == "markdown":
                inside = True
                continue
            if student_edition.END.match(line) and cell.cell_type == "markdown":
                inside = False
                continue
            (lines_in if inside else lines_out).append(line.strip())
    outside = set(lines_out)
    return [ln for ln in lines_in if len(ln) >= 25 and ln not in outside
            and not ln.startswith(("```", ":class:", "````"))]


def _answer_texts() -> list[str]:
    """Every explanation of a question's answer (its right-answer text, each misconception's
    and each choice's feedback) and the teacher's cue, cut at their computed placeholders."""
    texts = []
    for path in QUESTION_FILES:
        for q in yaml.safe_load(path.read_text())["questions"]:
            items = [q["correct"], q["cue"]]
            items += [m["feedback"] for m in q.get("misconceptions", [])]
            items += [c["feedback"] for c in q.get("choices", [])]
            for item in items:
                texts += [t.strip() for t in Q.PLACEHOLDER.split(item) if len(t.strip()) >= 20]
    return texts


def _outside_solutions() -> str:
    """The chapters' own text outside their solutions, which the student edition keeps."""
    lines = []
    for path in CHAPTERS:
        inside = False
        for cell in nbformat.read(path, 4).cells:
            for line in cell.source.splitlines():
                if cell.cell_type == "markdown" and student_edition.START.match(line):
                    inside = True
                elif cell.cell_type == "markdown" and student_edition.END.match(line):
                    inside = False
                elif not inside:
                    lines.append(line)
    return " ".join(" ".join(lines).split())


def _model_answers() -> list[str]:
    """The sentences of the teacher's guide's model answers that the chapters do not say
    themselves."""
    guide = (ROOT / "book" / "teachers_guide.md").read_text()
    blocks = re.findall(r":::\{admonition\} Model answer\n\s*:class: dropdown\n(.*?)\n\s*:::",
                        guide, re.S)
    assert len(blocks) >= 5
    words = " ".join(" ".join(b.split()) for b in blocks)
    chapters = _outside_solutions()
    return [s.strip() for s in re.split(r"[.:;(]|\{glue:text\}`[^`]*`", words)
            if len(s.strip()) >= 25 and s.strip() not in chapters]


def _student_text(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text())
            out[path.name] = "\n".join("".join(c["source"]) for c in nb["cells"])
        elif path.is_file() and path.suffix != ".zip":
            out[path.relative_to(folder).as_posix()] = path.read_text()
    return out


@pytest.mark.parametrize("where", ["committed", "zip"])
def test_no_solution_or_answer_text_in_the_student_files(edition, where, tmp_path):
    """Every solution's lines, every question's explanations and the guide's model answers are
    looked for in every file of the student edition (committed, and in the zip)."""
    if where == "committed":
        folder = STUDENT
    else:
        with zipfile.ZipFile(edition[1]) as zf:
            zf.extractall(tmp_path)
        folder = tmp_path / student_edition.ZIP_FOLDER
    files = _student_text(folder)
    assert len([n for n in files if n.endswith(".ipynb")]) == len(CHAPTERS)
    wanted = {"solution": [t for nb in CHAPTERS for t in _solution_texts(nbformat.read(nb, 4))],
              "answer": _answer_texts(), "model answer": _model_answers()}
    assert len(wanted["solution"]) > 50 and len(wanted["answer"]) > 50
    for kind, texts in wanted.items():
        for text in texts:
            found = [name for name, body in files.items() if text in body]
            assert found == [], f"{kind} text in the student edition ({found}): {text!r}"
    for name, body in files.items():
        assert "{solution-start}" not in body and "{solution-end}" not in body, name
        assert "Model answer" not in body, name


@pytest.mark.parametrize("path", QUESTION_FILES, ids=lambda p: p.name)
def test_student_question_files_keep_the_questions_working(path, monkeypatch):
    """No explanation and no marked answer in the file; the library, running from it, finds the
    same answer and the same right choice as the book, and a numeric answer is not written."""
    book = Q.load(int(path.stem[2:]), folder=path.parent)
    for q in book["questions"]:          # each answer computed once for both editions
        monkeypatch.setitem(Q.ANSWERS, q["answer"], functools.cache(Q.ANSWERS[q["answer"]]))
    text = (STUDENT / "questions" / path.name).read_text()
    student = yaml.safe_load(text)
    assert student["edition"] == "student"
    for field in ("correct:", "misconceptions:", "feedback:", "cue:", "claim: answer"):
        assert field not in text, f"{path.name}: {field}"
    Q.validate(student)
    for bq, sq in zip(book["questions"], student["questions"], strict=True):
        b = Q.resolved({**bq, "notebook": book["notebook"]})
        s = Q.resolved({**sq, "notebook": book["notebook"], "edition": "student"})
        assert s["value"] == b["value"] and s["prompt"] == b["prompt"]
        if bq["type"] == "choice":
            assert [c["text"] for c in s["choices"]] == [c["text"] for c in b["choices"]]
            assert [c["correct"] for c in s["choices"]] == [c["correct"] for c in b["choices"]]
        else:
            shown = format(b["value"], bq["format"])
            assert not re.search(rf"(?<![0-9.]){re.escape(shown)}(?![0-9])", yaml.safe_dump(sq)), \
                f"{bq['id']}: its answer {shown} is written in the student's file"
            assert s["misconceptions"] == [] and b["answer_text"] in s["correct"]


def test_a_student_file_may_not_carry_an_answer():
    data = Q.student_file(Q.load(2, folder=ROOT / "book" / "questions"))
    data["questions"][0]["correct"] = "It fell to {answer}."
    with pytest.raises(ValueError, match="must not give answers away.*correct"):
        Q.validate(data)
    with pytest.raises(ValueError, match="already a student edition"):
        Q.student_file(Q.student_file(Q.load(7, folder=ROOT / "book" / "questions")))


def test_the_edition_has_a_readme_and_requirements(edition):
    folder, zip_path, _ = edition
    with zipfile.ZipFile(zip_path) as zf:
        names = {Path(n).relative_to(student_edition.ZIP_FOLDER).as_posix() for n in zf.namelist()}
    assert {"README.md", "requirements.txt"} <= names
    assert {p.name for p in CHAPTERS} <= names
    assert {f"questions/{p.name}" for p in QUESTION_FILES} <= names
    readme = (folder / "README.md").read_text()
    for words in ("student edition", "empty cell", "Binder", "Colab",
                  "pip install -r requirements.txt", "jupyter lab", "CC BY-NC 4.0",
                  "Coin Metrics", "non-commercial"):
        assert words in readme, words
    reqs = (folder / "requirements.txt").read_text().splitlines()
    pins = [ln for ln in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
            if ln and not ln.startswith(("#", "-e"))]
    assert pins and set(pins) <= set(reqs)
    assert launch.requirements(REPO) == [ln for ln in reqs if " @ " in ln or ln.startswith(
        "levtoken[")]


def _repo_path(url: str) -> str:
    """The repository file a Binder or Colab link opens."""
    parsed = urlparse(url)
    if parsed.netloc == "mybinder.org":
        assert parsed.path == f"/v2/gh/{REPO.owner}/{REPO.name}/{REPO.branch}", url
        return parse_qs(parsed.query)["urlpath"][0].removeprefix("lab/tree/")
    assert parsed.netloc == "colab.research.google.com", url
    prefix = f"/github/{REPO.owner}/{REPO.name}/blob/{REPO.branch}/"
    assert parsed.path.startswith(prefix), url
    return parsed.path[len(prefix):]


def test_student_and_colab_links_open_real_files_of_the_repository():
    """The README's, the teacher's guide's and the launch menu's Binder and Colab links, and the
    raw addresses the Colab cells fetch, all name files tracked in the repository."""
    tracked = _tracked("book/") | _tracked("student/")
    readme = (STUDENT / "README.md").read_text()
    links = re.findall(r"\]\((https://[^)]+)\)", readme)
    links += re.findall(r"\]\((https://[^)]+)\)", ext.class_links(ROOT))
    config = types.SimpleNamespace(myst_substitutions={})
    ext.substitutions(types.SimpleNamespace(confdir=str(ROOT)), config)
    links += [u for v in config.myst_substitutions.values()
              for u in re.findall(r"\]\((https://[^)]+)\)", v)]
    opened = {_repo_path(u) for u in links}
    assert {f"student/{p.name}" for p in CHAPTERS} <= opened
    assert {f"book/{p.name}" for p in CHAPTERS} <= opened
    assert opened <= tracked, f"links to files the repository does not hold: {opened - tracked}"
    raw = f"https://raw.githubusercontent.com/{REPO.owner}/{REPO.name}/{REPO.branch}/"
    for nb in [*CHAPTERS, *(STUDENT / p.name for p in CHAPTERS)]:
        cell = launch.first_code_cell(nbformat.read(nb, 4))
        fetched = [u[len(raw):] for u in re.findall(r'"(https://raw[^"]+)"', cell.source)]
        assert fetched, nb
        assert set(fetched) <= tracked, f"{nb}: fetches {fetched}"
        assert fetched[0].startswith(f"{nb.parent.name}/questions/")


def test_the_launch_menu_offers_the_student_edition():
    group = {"label": "launch-buttons", "buttons": []}
    context = {"header_buttons": [group]}
    app = types.SimpleNamespace(confdir=str(ROOT))
    ext.launch_links(app, "book/03_volatility_decay", "page.html", context, None)
    texts = [b["text"] for b in group["buttons"]]
    assert texts == ["Binder: student edition", "Colab: student edition"]
    assert {_repo_path(b["url"]) for b in group["buttons"]} == {"student/03_volatility_decay.ipynb"}
    ext.launch_links(app, "book/glossary", "page.html", context, None)
    assert len(group["buttons"]) == 2


def test_every_chapter_has_its_current_colab_cell():
    stale = launch.apply(ROOT / "book", check=True)
    assert stale == [], f"run 'python -m levtoken_book.launch': stale Colab cells in {stale}"
    for nb in CHAPTERS:
        cell = launch.first_code_cell(nbformat.read(nb, 4))
        assert cell.id == launch.COLAB_CELL_ID and cell.metadata["tags"] == ["remove-cell"]


def _run_cell(source: str, monkeypatch, tmp_path, on_colab: bool) -> dict:
    """Run a Colab cell in ``tmp_path`` with pip, the download and Colab's module faked."""
    calls = {"pip": [], "fetch": [], "widgets": 0}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: calls["pip"].append(cmd))
    monkeypatch.setattr(urllib.request, "urlretrieve",
                        lambda url, dst: calls["fetch"].append((url, dst)))
    if on_colab:
        colab = types.ModuleType("google.colab")
        output = types.SimpleNamespace(enable_custom_widget_manager=lambda: calls.__setitem__(
            "widgets", calls["widgets"] + 1))
        colab.output = output
        google = types.ModuleType("google")
        google.colab = colab
        monkeypatch.setitem(sys.modules, "google", google)
        monkeypatch.setitem(sys.modules, "google.colab", colab)
        monkeypatch.setitem(sys.modules, "google.colab.output", output)
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(source, "colab-cell", "exec"), {})
    return calls


def test_the_colab_cell_does_nothing_outside_colab(monkeypatch, tmp_path):
    source = launch.first_code_cell(nbformat.read(CHAPTERS[2], 4)).source
    calls = _run_cell(source, monkeypatch, tmp_path, on_colab=False)
    assert calls == {"pip": [], "fetch": [], "widgets": 0}
    assert list(tmp_path.iterdir()) == []


def test_the_colab_cell_installs_the_library_and_fetches_the_questions(monkeypatch, tmp_path):
    for nb, folder in ((CHAPTERS[2], "book"), (STUDENT / CHAPTERS[2].name, "student")):
        calls = _run_cell(launch.first_code_cell(nbformat.read(nb, 4)).source, monkeypatch, tmp_path, True)
        (pip,) = calls["pip"]
        assert pip[:4] == [sys.executable, "-m", "pip", "install"]
        assert pip[-2:] == launch.requirements(REPO)
        assert pip[-1] == f"leveraged-tokens-computed @ git+{REPO.url}@{REPO.branch}"
        assert calls["fetch"] == [(REPO.raw(f"{folder}/questions/ch03.yaml"), "questions/ch03.yaml")]
        assert calls["widgets"] == 1 and (tmp_path / "questions").is_dir()


def test_the_engine_comes_from_pypi_once_published(monkeypatch):
    monkeypatch.setattr(launch, "LEVTOKEN_ON_PYPI", True)
    assert launch.requirements(REPO)[0] == f"levtoken[data]=={launch.engine_version()}"
    monkeypatch.setattr(launch, "LEVTOKEN_ON_PYPI", False)
    assert launch.requirements(REPO)[0] == f"levtoken[data] @ git+{REPO.url}@{REPO.branch}#subdirectory=lib"


def test_launch_settings_are_checked(tmp_path):
    bad = tmp_path / "_config.yml"
    bad.write_text("repository:\n  url: https://gitlab.com/a/b\nlaunch_buttons:\n"
                   "  binderhub_url: https://mybinder.org\n  colab_url: https://colab.research.google.com\n")
    with pytest.raises(ValueError, match="repository.url must read https://github.com/OWNER/REPO"):
        launch.repository(bad)
    bad.write_text("repository:\n  url: https://github.com/a/b\nlaunch_buttons:\n"
                   "  binderhub_url: https://mybinder.org\n")
    with pytest.raises(ValueError, match="colab_url"):
        launch.repository(bad)
    with pytest.raises(ValueError, match="path must be a notebook"):
        REPO.binder("/etc/passwd")
