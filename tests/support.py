"""What the test layers share: the repository's paths, the suite's markers, the Chromium the
browser tests drive, and the lock that makes the built book once per run.

Imported as ``tests.support`` (the repository root is on ``sys.path`` through its ``conftest.py``).
The engine's tests (``tests/engine``) import nothing from here: they run against the installed
wheel as well (``tests/repo/test_wheel.py``).
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from tools import book_pdf as book_pdf_tool

ROOT = Path(__file__).resolve().parents[1]

#: The verbatim copy of Coin Metrics' btc.csv beside the clone (this machine and its CI have no
#: network); the repository's root conftest.py makes it levtoken.data's cache folder.
SHARED_DATA = ROOT.parent / "shared" / "data" / "coinmetrics"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
#: The engine's tests (run from the source tree, and against the installed wheel)
ENGINE_TESTS = ROOT / "tests" / "engine"


#: The suite's markers (their descriptions are in pyproject.toml); every test file declares one.
MARKERS = ("unit", "notebooks", "build", "browser", "jupyterlab")


def toc_files() -> list[str]:
    """Every document of _toc.yml (root first), as paths relative to the root, without suffix."""
    return book_pdf_tool.toc_docs(ROOT)


def chromium_path() -> str:
    """The system Chromium that the browser tests drive; a clear failure (never a skip) without it."""
    path = book_pdf_tool.find_chromium()
    if path is None:
        pytest.fail(book_pdf_tool.CHROMIUM_MISSING + " Then run the README's test command again.",
                    pytrace=False)
    return path



@contextmanager
def once_per_run(tmp_path_factory, name: str):
    """Yield True to the one worker that must make ``name`` this run, False to the others (after
    it is made). Without xdist, always True. A failure is recorded, so no worker makes it twice."""
    worker_id = os.environ.get("PYTEST_XDIST_WORKER")
    if worker_id is None:
        yield True
        return
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent   # this run's directory, shared by its workers
    status = shared / f"{name}.status"
    with FileLock(str(shared / f"{name}.lock")):
        if status.exists():
            result = json.loads(status.read_text())
            if not result["ok"]:
                pytest.fail(f"{name} failed on worker {result['worker']}:\n{result['error']}",
                            pytrace=False)
            yield False
            return
        try:
            yield True
        except BaseException as exc:
            status.write_text(json.dumps({"ok": False, "worker": worker_id, "error": str(exc)}))
            raise
        status.write_text(json.dumps({"ok": True, "worker": worker_id}))
