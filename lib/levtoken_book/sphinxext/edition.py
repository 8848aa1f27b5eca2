"""Sphinx extension: the book's edition, from ``CITATION.cff``, in every page's footer.

A teacher pins an edition and a reader cites one, so each page says which it is:
"Edition 2.0.0 (2026-12-07)", with a link to the changelog of the repository. The version has one
home, ``CITATION.cff`` (the PDF tool reads the same file for its footer).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError


def edition(root: Path) -> tuple[str, str]:
    """``(version, date-released)`` of ``root/CITATION.cff``; ExtensionError when missing."""
    path = Path(root) / "CITATION.cff"
    try:
        cff = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise ExtensionError(f"edition: {path} is missing") from None
    version, date = str(cff.get("version") or ""), str(cff.get("date-released") or "")
    if not version:
        raise ExtensionError(f"edition: {path} has no version")
    return version, date


def footer(app: Sphinx, config) -> None:
    version, date = edition(Path(app.confdir))
    repo = (config.html_theme_options.get("repository_url") or "").rstrip("/")
    branch = config.html_theme_options.get("repository_branch") or "main"
    when = f" ({date})" if date else ""
    log = (f' · <a href="{repo}/blob/{branch}/CHANGELOG.md">changes</a>' if repo else "")
    note = f'<p class="levtoken-edition">Edition {version}{when}{log}</p>'
    opts = dict(config.html_theme_options)
    opts["extra_footer"] = (opts.get("extra_footer") or "") + note
    config.html_theme_options = opts
    config.version = config.release = version
