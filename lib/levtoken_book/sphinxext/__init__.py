"""The book's Sphinx extension: one package, one :func:`setup`.

Jupyter Book loads it from ``_config.yml`` (``sphinx.extra_extensions: [levtoken_book.sphinxext]``).
Its modules, one job each:

``edition``            the edition and date of ``CITATION.cff`` in every footer
``glued_eval``         the ``{eval}`` role: a glued number in the prose, formatted
``questions``          the predict-then-check questions: checked at build start, the teacher's table
``student_edition``    the student edition (solutions removed) and its zip
``static_panels``      live panels drawn as honest static HTML in the web page
``accessible_markup``  small accessibility fixes of the theme's markup
``offline_assets``     the vendored JavaScript (no CDN): page scripts, lazy images, pruning
``page_speed``         no script blocks the first paint; only the style sheets a page uses;
                       an interactive figure's data in a file of its own
``phone_figures``      every static figure's phone rendition, offered to narrow screens
``typography``         a number never breaks across lines ("$1 600", "20 %")

Every event handler is listed in :func:`setup`, in the order Sphinx runs them.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import (accessible_markup, edition, glued_eval, offline_assets, page_speed, phone_figures,
               questions, static_panels, student_edition, typography)

#: myst-nb adds the widget state and its scripts to a page at this priority of
#: ``html-page-context``; ours are placed before or after it relative to this number.
MYST_NB_PRIORITY = 500


def setup(app: Sphinx) -> dict:
    """Register every handler of the book's extension, in the order they run."""
    # config-inited: the footer's edition line, read from CITATION.cff
    app.connect("config-inited", edition.footer)
    # parsing: {eval}`glued("key", "fmt")`, a glued number formatted in the prose
    app.add_role("eval", glued_eval.GluedEvalRole(), override=True)
    # writing: a number's inner spaces (thousands, per cent) become no-break spaces
    app.add_post_transform(typography.NumbersStayWhole)
    # builder-inited, in this order: the vendored assets exist; the questions are checked and the
    # teacher's table written; the student edition and its zip are made
    app.connect("builder-inited", offline_assets.check_assets)
    app.connect("builder-inited", questions.make_guide_table)
    app.connect("builder-inited", student_edition.make)
    # (and the folder where the notebooks' kernels draw each figure's phone rendition)
    app.connect("builder-inited", phone_figures.start)
    # every page: the widget manager's font path, before myst-nb's embed-amd.js
    app.add_js_file(offline_assets.WIDGET_SHIM, priority=MYST_NB_PRIORITY - 50)
    # html-page-context, in this order:
    # 1. live panels become static HTML, before myst-nb adds the widget state to the page
    app.connect("html-page-context", static_panels.rewrite_panels, priority=MYST_NB_PRIORITY - 100)
    # 2. the page's own scripts (explorer, lazy figures), then lazy images
    app.connect("html-page-context", offline_assets.add_page_scripts,
                priority=MYST_NB_PRIORITY - 50)
    app.connect("html-page-context", offline_assets.lazy_images, priority=MYST_NB_PRIORITY - 40)
    # (each figure then offers its phone rendition to narrow screens)
    app.connect("html-page-context", phone_figures.add_sources, priority=MYST_NB_PRIORITY - 30)
    # 3. the questions: links to their sections; their style and script once per page
    app.connect("html-page-context", questions.section_links, priority=MYST_NB_PRIORITY)
    app.connect("html-page-context", questions.one_script, priority=MYST_NB_PRIORITY)
    # 4. the theme's markup made accessible
    app.connect("html-page-context", accessible_markup.fix_body, priority=MYST_NB_PRIORITY)
    # 5. after every extension has added its scripts: drop the ones the page does not use
    app.connect("html-page-context", offline_assets.prune_scripts, priority=MYST_NB_PRIORITY + 400)
    # 6. then the scripts left are deferred and the unused style sheets dropped (page_speed)
    app.connect("html-page-context", page_speed.defer_scripts, priority=MYST_NB_PRIORITY + 450)
    app.connect("html-page-context", page_speed.prune_style_sheets, priority=MYST_NB_PRIORITY + 450)
    app.connect("html-page-context", page_speed.external_figure_data,
                priority=MYST_NB_PRIORITY + 450)
    # build-finished: the vendored JavaScript copied into the site
    app.connect("build-finished", offline_assets.copy_assets)
    # (then the icon fonts cut to the icons the site uses)
    app.connect("build-finished", page_speed.subset_icon_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2.0"}
