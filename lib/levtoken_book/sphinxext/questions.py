"""Sphinx extension: the predict-then-check questions (``levtoken_book.questions``) in the book.

* Every question file under ``book/questions/`` is validated and answered when the build starts
  (a bad file or an answer that matches no choice fails the build), and the teacher's guide's
  table of questions per lesson is written to ``book/_generated/questions.md`` (git-ignored) from
  those files, so it cannot drift from them; ``teachers_guide.md`` includes it.
* In the page pass (:mod:`.page`): a question's "see the section" link is written for JupyterLab
  (``NN_slug.ipynb#Heading``); in the HTML page it is pointed at the page and at Sphinx's id of
  that section (:func:`point_links_at_sections`), in the question's HTML and in its data (the
  feedback texts). The questions' style and script, which every question's output carries, appear
  once per page (:func:`style_and_script_once`).

The question's parts are found by the names of :mod:`levtoken_book.markup`, which
:mod:`levtoken_book.questions` writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.application import Sphinx

from levtoken_book.markup import QUESTION_CLASS, QUESTION_LINK_CLASS, SPHINX_ANCHOR_ATTR

from .parsing import parse, write

#: A link written for JupyterLab: ``NN_slug.ipynb#Heading``.
NOTEBOOK_SUFFIX = ".ipynb"


def guide_table(root: Path) -> str:
    """The teacher's guide's table: per chapter, each question, when to ask it, where it is
    explained (MyST markdown)."""
    import levtoken_book.questions as Q

    lines = []
    for path in sorted((root / "book" / "questions").glob("ch[0-9][0-9].yaml")):
        data = Q.load(int(path.stem[2:]), folder=path.parent)
        lines += [f"**{{doc}}`{data['notebook']}`** (`book/questions/{path.name}`)", "",
                  "| question | ask it | explained in |", "|---|---|---|"]
        for q in data["questions"]:
            r = Q.resolved({**q, "notebook": data["notebook"]})        # fails on a wrong answer
            kind = "predict" if q["place"] == "predict" else "check"
            prompt = _plain(r["prompt"])                 # with its computed {number}
            cue = q["cue"].strip().replace("|", "\\|").replace("$", "\\$")
            section = q["section"].strip().replace("|", "\\|")
            if not section.startswith("\\$") and "$" in section and "\\$" not in section:
                section = section.replace("$", "\\$")
            lines.append(f"| `{q['id']}` ({kind}) {prompt} *Answer: {_plain(r['answer_text'])}.* "
                         f"| {cue} | {section} |")
        lines.append("")
    return "\n".join(lines)


def _plain(text: str) -> str:
    import html

    return html.unescape(text).replace("|", "\\|").replace("$", "\\$")


def make_guide_table(app: Sphinx) -> None:
    root = Path(app.confdir)
    out = root / "book" / "_generated" / "questions.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = guide_table(root)
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")


def _point_links(html: BeautifulSoup) -> int:
    """Point every question link of ``html`` at the HTML page and Sphinx's id; return how many."""
    links = html.select(f"a.{QUESTION_LINK_CLASS}[{SPHINX_ANCHOR_ATTR}]")
    for link in links:
        notebook = link.get("href", "").partition("#")[0]
        if notebook.endswith(NOTEBOOK_SUFFIX):
            link["href"] = f"{notebook.removesuffix(NOTEBOOK_SUFFIX)}.html#{link[SPHINX_ANCHOR_ATTR]}"
        del link[SPHINX_ANCHOR_ATTR]
    return len(links)


def _point_links_in_data(value):
    """The question's data with the links of its texts pointed at the HTML page."""
    if isinstance(value, dict):
        return {k: _point_links_in_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_point_links_in_data(v) for v in value]
    if isinstance(value, str) and QUESTION_LINK_CLASS in value:
        html = parse(value)
        return write(html) if _point_links(html) else value
    return value


def point_links_at_sections(body: BeautifulSoup) -> None:
    """Each question's "see the section" link, in its HTML and in its data, goes to the section
    of the HTML page (``NN_slug.html#sphinx-id``) instead of the notebook's heading."""
    _point_links(body)
    for data in body.select(f"div.{QUESTION_CLASS} > script[type='application/json']"):
        text = data.string or ""
        if QUESTION_LINK_CLASS in text:
            pointed = _point_links_in_data(json.loads(text))
            data.string = json.dumps(pointed, ensure_ascii=False).replace("</", "<\\/")


def style_and_script_once(body: BeautifulSoup) -> None:
    """Each question's output carries the questions' style and script (a notebook output must
    work on its own in JupyterLab); in the HTML page they appear once, at the end of the body,
    after every question (the script sets up every question of the page)."""
    blocks = []
    for box in body.select(f"div.{QUESTION_CLASS}"):
        for tag in box.find_all(["style", "script"], recursive=False):
            if tag.name == "style" or not tag.get("type"):
                if tag.string not in [b.string for b in blocks if b.name == tag.name]:
                    blocks.append(tag)
                tag.extract()
    body.extend(blocks)
