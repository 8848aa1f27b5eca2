"""The names that the book's HTML is marked with, in one place for the code that writes them and
the code that looks for them.

A live panel, an interactive figure or a question writes its HTML with these classes and
attributes (:mod:`levtoken_book.panels`, :mod:`levtoken_book.explorers`,
:mod:`levtoken_book.questions`); the book's Sphinx extension (:mod:`levtoken_book.sphinxext`)
finds them by the same names, and writes the ones of the static page that the book's style sheet
(``book/_static/levtoken.css``) looks for. Both sides import this module, so a name changed
here changes everywhere at once (the JavaScript and CSS files are checked against it by a test).
"""

from __future__ import annotations

# --- a live panel (levtoken_book.panels.live_panel), in its embedded widget state ----------------
#: The panel's box.
PANEL_CLASS = "levtoken-live-panel"
#: The row of its controls: hidden, every control disabled, in the static page.
CONTROLS_CLASS = "levtoken-live-controls"
#: Its static note (the values its figure shows, a Binder link): hidden in Jupyter, shown in the
#: static page.
STATIC_NOTE_CLASS = "levtoken-static-note"
#: The static note's launch link carries this attribute; the build replaces its ``href="#"``
#: with the notebook's Binder URL.
BINDER_LINK_ATTR = "data-levtoken-binder"
#: The panel's title (an ``<h4>`` in Jupyter) carries this attribute.
PANEL_TITLE_ATTR = "data-levtoken-panel-title"

# --- a live panel as the static page draws it (written by the extension, styled by the CSS) ------
#: The panel's box in the static page (beside :data:`PANEL_CLASS`).
STATIC_PANEL_CLASS = "levtoken-static-panel"
#: The panel's title in the static page: a paragraph (a panel is not a section of the chapter).
PANEL_TITLE_CLASS = "levtoken-panel-title"
#: The link around the panel's figure that opens it at full size.
FULL_SIZE_CLASS = "levtoken-panel-full"

# --- an interactive figure (levtoken_book.explorers.StaticExplorer) -------------------------------
#: Its ``<figure>``: a page with one loads the explorer script.
EXPLORER_CLASS = "levtoken-explorer"
#: Its data (a JSON script in the figure); the build moves the data into a script file of its own
#: and names that file in ``data-src``.
FIGURE_JSON_CLASS = "levtoken-figure-json"

# --- a chapter's list of the works it cites (its footnote bibliography) --------------------------
#: The folded box the extension puts the list in (opened by a citation link, and for print, by
#: ``book/_static/levtoken-page.js``).
CITED_WORKS_CLASS = "levtoken-cited-works"

# --- a question (levtoken_book.questions.render_html) ---------------------------------------------
#: The question's box (it carries the questions' style and script).
QUESTION_CLASS = "levtoken-quiz"
#: Its "see the section" link: written for JupyterLab (``NN_slug.ipynb#Heading``) …
QUESTION_LINK_CLASS = "levtoken-quiz-link"
#: … with Sphinx's id of that section in this attribute, for the HTML page.
SPHINX_ANCHOR_ATTR = "data-sphinx-anchor"
