"""The prose helpers write myst-nb's glue output and format its text exactly as myst-nb does
(they are copied so that a chapter's kernel does not import myst-nb; see levtoken_book.prose)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import myst_nb.ext.glue as myst_glue
from myst_nb.core.variables import format_plain_text as myst_format

from levtoken_book import prose

pytestmark = pytest.mark.unit

VALUES = [0.04375, -3, 12_345, np.float64(1.2e-7), np.int64(7), "BTC", (1, 2), [0.5, 1.5],
          {"a": 1}, np.array([1.0, 2.0])]


def _recorded(monkeypatch, module, attr):
    calls = []
    monkeypatch.setattr(module, attr, lambda *a, **k: calls.append((a, k)))
    return calls


@pytest.mark.parametrize("display", [True, False])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_glue_writes_what_myst_nb_writes(monkeypatch, value, display):
    ours = _recorded(monkeypatch, prose, "_ipy_display")
    theirs = _recorded(monkeypatch, myst_glue, "ipy_display")
    prose.glue("k", value, display=display)
    myst_glue.glue("k", value, display=display)
    assert len(ours) == len(theirs) == 1
    assert ours == theirs
    assert prose.GLUE_PREFIX == myst_glue.GLUE_PREFIX


FORMATS = ["", "s", ".3f", "+.1%", ",d", ".2e", "g", "x", ">8.2f", "n", ".0%"]
TEXTS = st.one_of(st.floats(allow_nan=False, allow_infinity=False).map(repr),
                  st.integers(-10**12, 10**12).map(repr),
                  st.text(max_size=12), st.sampled_from(["'a b'", "1e3", "True", "(1, 2)", "0x1f"]))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, fmt=st.sampled_from(FORMATS))
def test_format_plain_text_is_myst_nb_s(text, fmt):
    try:
        expected = myst_format(text, fmt)
    except Exception as exc:          # the same error type for the same input
        with pytest.raises(type(exc)):
            prose.format_plain_text(text, fmt)
    else:
        assert prose.format_plain_text(text, fmt) == expected


def test_a_chapter_kernel_does_not_import_myst_nb():
    import subprocess
    import sys
    code = ("import sys, levtoken_book.prose as p; p.glue('k', 1.5, display=False); "
            "print(p.glued('k', '.2f'), any(m.startswith(('myst_nb', 'docutils', 'sphinx')) "
            "for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1.50", "False"]
