"""The book's Sphinx extension: one package, one :func:`setup`.

Jupyter Book loads it from ``_config.yml`` (``sphinx.extra_extensions: [levtoken_book.sphinxext]``).
Its modules, one job each:

``edition``            the edition and date of ``CITATION.cff`` in every footer
``glued_eval``         the ``{eval}`` role: a glued number in the prose, formatted
``citations``          a notebook's author–year citation links read as footnote citations
``questions``          the predict-then-check questions: checked at build start, the teacher's
                       table; in the page, their section links and their style and script once
``student_edition``    the student edition (solutions removed), its zip and launch links
``static_panels``      live panels drawn as honest static HTML in the web page
``accessible_markup``  small accessibility fixes of the toolchain's markup
``cited_works``        a chapter's list of the works it cites, folded
``maths``              the formulas typeset by MathJax when the book is built (no MathJax script)
``offline_assets``     the vendored JavaScript (no CDN): page scripts, lazy images, pruning
``page_speed``         no script blocks the first paint; only the style sheets a page uses;
                       an interactive figure's data in a file of its own
``phone_figures``      every static figure's phone rendition, offered to narrow screens
``typography``         a number never breaks across lines ("$1 600", "20 %")
``page``               the one pass over each HTML page: its body parsed once, the steps of the
                       modules above applied in a listed order, then its scripts
``parsing``            how the extension parses and writes HTML (BeautifulSoup, html.parser)

The class names and attributes that the book's HTML is marked with live in
:mod:`levtoken_book.markup`, imported by the code that writes them and by this extension.
Every event handler is listed in :func:`setup`, in the order Sphinx runs them.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from . import (accessible_markup, citations, edition, glued_eval, maths, offline_assets, page,
               page_speed, phone_figures, questions, student_edition, typography)

#: myst-nb adds the widget state and its scripts to a page at this priority of
#: ``html-page-context`` (the default); ours are placed before or after it relative to this number.
MYST_NB_PRIORITY = 500


def setup(app: Sphinx) -> dict:
    """Register every handler of the book's extension, in the order they run."""
    # config-inited: the footer's edition line, read from CITATION.cff
    app.connect("config-inited", edition.footer)
    # config-inited: {{ run_chNN }}, a chapter's Binder and Colab links for the teacher's guide
    app.connect("config-inited", student_edition.substitutions)
    # parsing: {eval}`glued("key", "fmt")`, a glued number formatted in the prose
    app.add_role("eval", glued_eval.GluedEvalRole(), override=True)
    # source-read: a notebook's citation links become {footcite} roles before it is parsed
    app.connect("source-read", citations.restore_footcites)
    # writing: a number's inner spaces (thousands, per cent) become no-break spaces
    app.add_post_transform(typography.NumbersStayWhole)
    # builder-inited, in this order: the vendored assets exist; the questions are checked and the
    # teacher's table written; the student edition and its zip are made
    app.connect("builder-inited", offline_assets.check_assets)
    app.connect("builder-inited", questions.make_guide_table)
    app.connect("builder-inited", student_edition.make)
    # builder-inited, before the notebooks run: the folder where their kernels draw each
    # figure's phone rendition
    app.connect("builder-inited", phone_figures.start)
    # writing: a bibliography entry is a list item (in place of docutils' deprecated role)
    app.add_node(nodes.citation, override=True, html=(accessible_markup.visit_citation, None))
    # every page: the widget manager's font path, before myst-nb's embed-amd.js
    app.add_js_file(offline_assets.WIDGET_SHIM, priority=MYST_NB_PRIORITY - 50)
    # html-page-context, after myst-nb has added the widget state and every extension its
    # scripts: the one pass over the page (page.BODY_STEPS, then page.SCRIPT_STEPS): live
    # panels drawn as HTML, the formulas typeset (their style in the head), question links pointed at the page's sections, the questions' style
    # and script once, the chapter's cited works folded, folded cells' summaries named by their
    # text, lazy images, each static
    # figure's phone rendition offered to narrow screens, an interactive figure's data moved to
    # a file of its own; then the explorer script where there is an interactive figure, each
    # script once and only those the page uses, no MathJax where the maths is typeset, every
    # script deferred, only the style sheets
    # the page uses, the student edition's Binder and Colab links in the theme's launch menu
    app.connect("html-page-context", page.finish_page, priority=MYST_NB_PRIORITY + 400)
    # build-finished: the vendored JavaScript copied into the site
    app.connect("build-finished", offline_assets.copy_assets)
    # (then the icon fonts cut to the icons the site uses, and the theme's tab-stop pass handed
    # to the book's page script)
    app.connect("build-finished", page_speed.subset_icon_fonts)
    app.connect("build-finished", page_speed.theme_tab_stops_to_the_page_script)
    # (and the MathJax process that typeset the pages' formulas ends)
    app.connect("build-finished", maths.stop)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2.0"}
