"""Sphinx extension: the predict-then-check questions (``levtoken_book.questions``) in the book.

* Every question file under ``book/questions/`` is validated and answered when the build starts
  (a bad file or an answer that matches no choice fails the build), and the teacher's guide's
  table of questions per lesson is written to ``book/_generated/questions.md`` (git-ignored) from
  those files, so it cannot drift from them; ``teachers_guide.md`` includes it.
* A question's "see the section" link is written for JupyterLab (``NN_slug.ipynb#Heading``);
  in the HTML page it is pointed at the page and at Sphinx's id of that section.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

# in the page's HTML, and in the question's JSON data (the feedback texts), where quotes are \"
LINK = re.compile(r'class=(\\?)"levtoken-quiz-link\1" href=\1"([0-9A-Za-z_]+)\.ipynb#(?:\\.|[^"\\])*\1" '
                  r'data-sphinx-anchor=\1"([^"\\]*)\1"')


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


def one_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Each question's output carries the questions' style and script (a notebook output must
    work on its own in JupyterLab); in the HTML page they appear once, at the end of the body,
    after every question (the script sets up every question of the page)."""
    from levtoken_book.questions import SCRIPT, STYLE

    body = context.get("body")
    block = f"<style>{STYLE}</style><script>{SCRIPT}</script>"
    if app.builder.format == "html" and body and block in body:
        context["body"] = body.replace(block, "") + block


def section_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body and "levtoken-quiz-link" in body:
        context["body"] = LINK.sub(lambda m: f'class={m.group(1)}"levtoken-quiz-link{m.group(1)}" '
                                   f'href={m.group(1)}"{m.group(2)}.html#{m.group(3)}{m.group(1)}"',
                                   body)
