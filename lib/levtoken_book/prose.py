"""Numbers in the prose: glued once, shown the same in the HTML book and in JupyterLab.

A chapter computes a number in a code cell and glues it::

    from levtoken_book.prose import glue, glued
    glue("ch3_decay_1y", float(decay_1y), display=False)

and its prose shows it with MyST's inline ``{eval}`` role::

    keeps {eval}`glued("ch3_decay_1y", ".3f")` of its value

The two readers of a chapter get the same number from the same ``glue()`` call:

- JupyterLab with ``jupyterlab-myst`` evaluates ``glued(...)`` in the chapter's kernel when the
  reader runs the markdown cell (Run All does), so after the reader changes the code above it
  and reruns, the sentence shows the new value;
- the book build resolves the role from the chapter's glue data (:mod:`levtoken_book.sphinxext.glued_eval`),
  as it resolved ``{glue:text}`` before, so the number on the page is the glued value that the
  chapter's ``remove-cell`` asserts check.

:func:`glue` writes myst-nb's glue output (what :func:`myst_nb.glue` writes) and also remembers
the value in this kernel for :func:`glued`, so the book's other pages can still paste it with
``{glue:text}``. Both functions are myst-nb's, copied here (about fifteen lines) so that a
chapter's kernel does not import myst-nb: its glue module brings docutils, Sphinx's loggers and
nbformat's JSON-schema checker, about 3 s of imports in every run of every chapter (the build,
nbval and JupyterLab each run them). ``tests/book/test_prose.py`` checks that the output and the
formatted text are exactly myst-nb's.

:func:`glued` formats exactly as myst-nb's ``{glue:text}`key:fmt``` role did (the ``text/plain``
form of the glued value, read back with :func:`ast.literal_eval`, then :func:`format`), so the
converted chapters show the same characters as before. The value has no unit of its own: the
format (``".1%"`` for a simple return shown in per cent, ``".3f"`` for a NAV multiple) and the
words around it carry the unit (per day or per year, simple or log), as in the chapters.
"""

from __future__ import annotations

import math
from ast import literal_eval
from numbers import Real
from typing import Any

import numpy as np

from IPython.core.formatters import format_display_data
from IPython.display import display as _ipy_display

__all__ = ["Glued", "glue", "glued"]

# myst-nb 1.4's prefix for a glued value that is not shown (myst_nb.ext.glue.GLUE_PREFIX)
GLUE_PREFIX = "application/papermill.record/"

# name -> (value, text/plain form), filled by glue() in this kernel
_GLUED: dict[str, tuple[Any, str]] = {}


class Glued:
    """A glued value and its text as the prose shows it.

    ``repr()`` is the formatted text, with no quotes, so an inline ``{eval}`` shows exactly it in
    the book (myst-nb renders ``text/plain`` inline) and in JupyterLab (jupyterlab-myst does too).
    ``value`` is the object that was glued, for checks.
    """

    __slots__ = ("name", "value", "fmt", "text")

    def __init__(self, name: str, variable: Any, fmt: str, text: str) -> None:
        _check_name(name)
        _check_variable(variable)
        for label, arg in (("fmt", fmt), ("text", text)):
            if not isinstance(arg, str):
                raise TypeError(f"{label} must be a str, got {type(arg).__name__} {arg!r}")
        self.name, self.value, self.fmt, self.text = name, variable, fmt, text

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def _check_name(name) -> None:
    if not isinstance(name, str) or not name.isidentifier():
        raise TypeError(f"name must be a str made of letters, digits and '_', got {name!r}")


def _check_variable(variable) -> None:
    """A glued value is shown in the prose: a number must be finite; None and bools are refused."""
    if variable is None or isinstance(variable, (bool, np.bool_)):
        raise ValueError(f"variable must be a value to show (a number, a str, ...), got "
                         f"{variable!r}")
    if isinstance(variable, Real):
        try:
            finite = math.isfinite(float(variable))
        except OverflowError:
            finite = False
        if not finite:
            raise ValueError(f"variable must be a finite number (the prose never shows NaN or "
                             f"inf), got {variable!r}")


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Glue ``variable`` under ``name`` for the book (:func:`myst_nb.glue`) and for :func:`glued`.

    Parameters
    ----------
    name : str
        The key, e.g. ``"ch3_decay_1y"``; gluing the same key again replaces the value.
    variable : object
        What to show. Numbers keep the units the chapter gives them (e.g. a simple return per
        year as a fraction, 0.18 for 18 %).
    display : bool
        Also show the value as the cell's output (as :func:`myst_nb.glue` does).
    """
    _check_name(name)
    _check_variable(variable)
    if not isinstance(display, bool):
        raise TypeError(f"display must be True or False, got {display!r}")
    mimebundle, metadata = format_display_data(variable)
    _write_glue(name, mimebundle, metadata, display)
    text = mimebundle.get("text/plain", repr(variable))
    _GLUED[name] = (variable, text)


def glued(name: str, fmt: str = "") -> Glued:
    """The value glued under ``name``, formatted with ``fmt`` as ``{glue:text}`name:fmt``` does.

    Parameters
    ----------
    name : str
        A key passed to :func:`glue` earlier in the same kernel.
    fmt : str
        A format spec of Python's mini-language ending in its type character (``".3f"``,
        ``"+.1%"``, ``",d"``); ``""`` shows the value as glued.

    Returns
    -------
    Glued
        Its ``repr`` is the text shown in the prose; ``.value`` is the glued object.

    Raises
    ------
    TypeError
        If ``name`` or ``fmt`` is not a ``str``.
    ValueError
        If nothing was glued under ``name`` yet (run the cells above first), or ``fmt`` is not
        a format spec the value accepts.

    Examples
    --------
    >>> from levtoken_book.prose import glue, glued
    >>> glue("doc_return", 0.04375, display=False)
    >>> glued("doc_return", "+.1%")
    +4.4%
    >>> glued("doc_return", ".3f").value
    0.04375
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__} {name!r}")
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a str format spec such as '.3f', got {fmt!r}")
    if name not in _GLUED:
        raise ValueError(f"name {name!r} has not been glued in this kernel yet; allowed: the "
                         f"keys passed to glue() in the cells above ({len(_GLUED)} so far)")
    value, text = _GLUED[name]
    try:
        shown = format_plain_text(text, fmt or "s")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"fmt must be a format spec that the value glued under {name!r} "
                         f"accepts (e.g. '.3f', '+.1%'), got {fmt!r}: {exc}") from None
    return Glued(name, value, fmt, shown)


def _write_glue(name: str, mimebundle: dict, metadata: dict, display: bool) -> None:
    """The cell output of ``myst_nb.glue(name, variable, display)`` (myst-nb 1.4,
    ``myst_nb.ext.glue.glue``), from the variable's formatted ``mimebundle`` and ``metadata``."""
    prefix = "" if display else GLUE_PREFIX
    metadata = dict(metadata, scrapbook={"name": name, "mime_prefix": prefix})
    _ipy_display({prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)


def format_plain_text(text: str, fmt_spec: str) -> str:
    """``text`` (a ``text/plain`` output) formatted with ``fmt_spec`` exactly as myst-nb's
    ``{glue:text}`` role does (``myst_nb.core.variables.format_plain_text``, myst-nb 1.4): the
    text is read back with :func:`ast.literal_eval` when it is a literal, converted by the
    format's type character (``s`` str; ``bcdoxX`` int; ``eEfFgGn%`` float), then formatted."""
    try:
        value = literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if fmt_spec == "":
        return str(value)
    type_char = fmt_spec[-1]
    if type_char == "s":
        value = str(value)
    elif type_char in ("b", "c", "d", "o", "x", "X"):
        value = int(value)
    elif type_char in ("e", "E", "f", "F", "g", "G", "n", "%"):
        value = float(value)
    return format(value, fmt_spec)
