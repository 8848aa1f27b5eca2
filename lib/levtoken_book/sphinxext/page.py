"""Sphinx extension: the one pass over each HTML page, after every extension has added to it.

Sphinx writes a page from its doctree; what the book changes there is done on the doctree or by
a node's visitor (:mod:`.accessible_markup`). What cannot be is markup written as raw HTML by a
notebook's output (a live panel's widget view, a question, an interactive figure) or by another
extension's node: that is changed here, in one place, on the page's body parsed once with a real
HTML parser and written back once (:mod:`.parsing`: BeautifulSoup with Python's ``html.parser``),
then on the page's list of scripts. The parts are found by the names of
:mod:`levtoken_book.markup`. Each step is a small function of the :class:`Page` that calls the
public functions of the module whose job it is.

:func:`finish_page` (``html-page-context``, after myst-nb has added the widget state) runs the
steps of :data:`BODY_STEPS`, then those of :data:`SCRIPT_STEPS` (its scripts and the launch menu), in their listed order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bs4 import BeautifulSoup
from sphinx.application import Sphinx

from . import (accessible_markup, cited_works, maths, offline_assets, page_speed,
               phone_figures, questions, static_panels, student_edition)
from .parsing import parse, write


@dataclass
class Page:
    """One HTML page in the making: its context, its parsed body, what the steps found."""

    app: Sphinx
    pagename: str
    context: dict
    body: BeautifulSoup
    #: the page needs the ipywidgets manager (a widget is not drawn as HTML)
    widget_manager: bool = True
    #: every formula of the page is typeset (it needs no MathJax script)
    maths_typeset: bool = False


def draw_live_panels(page: Page) -> None:
    """Live panels become static HTML (controls stated, Binder link filled in); a page with a
    widget that cannot be drawn keeps the manager and the panels' rewritten widget state."""
    scripts = page.context.get("script_files") or []
    found = [js for js in scripts
             if getattr(js, "attributes", {}).get("type") == static_panels.WIDGET_STATE_TYPE]
    if not found:
        return
    old = found[0]
    state = json.loads(old.attributes["body"])     # myst-nb writes "</" as "<\/": valid JSON
    panels = static_panels.make_static(state, static_panels.binder_url(page.app, page.pagename))
    saver = static_panels.image_saver(page.app.outdir, page.context["pathto"])
    page.widget_manager = not static_panels.draw_widgets(page.body, state, saver)
    if page.widget_manager and panels:             # the manager draws the rewritten panels
        scripts.remove(old)
        body = json.dumps(state).replace("</", "<\\/")
        attributes = {k: v for k, v in old.attributes.items() if k != "body"}
        page.app.add_js_file(None, priority=old.priority, body=body, **attributes)


def typeset_maths(page: Page) -> None:
    """The page's formulas typeset by MathJax now (in its body and in the theme's table of
    contents of the page, where a heading holds maths), their style sheet in the page's head."""
    toc = page.context.get("toc")
    toc = parse(toc) if isinstance(toc, str) and "math" in toc else None
    trees = [page.body] if toc is None else [page.body, toc]
    css = maths.typeset_page(page.app, page.pagename, trees, page.context["pathto"])
    if css is None:
        return
    if toc is not None:
        page.context["toc"] = write(toc)
        # pydata-sphinx-theme keeps the table of contents it has read (functools.cache): its
        # handlers before this one read it to decide which sidebar items to show
        forget = getattr(page.context.get("generate_toc_html"), "cache_clear", None)
        if forget is not None:
            forget()
    page.maths_typeset = True
    if css:
        page.context["metatags"] = (page.context.get("metatags") or "") + maths.head_elements(css)
        maths.add_fonts_script(page.body)


def point_question_links(page: Page) -> None:
    """The questions' "see the section" links go to the section of the HTML page."""
    questions.point_links_at_sections(page.body)


def questions_style_and_script_once(page: Page) -> None:
    """The questions' style and script once, at the end of the body."""
    questions.style_and_script_once(page.body)


def name_summaries(page: Page) -> None:
    """A folded cell's summary named by its visible text."""
    accessible_markup.name_summaries_by_their_text(page.body)


def fold_cited_works(page: Page) -> None:
    """A chapter's list of the works it cites in a closed box (the References page has them all)."""
    cited_works.fold(page.body)


def plain_code_tokens(page: Page) -> None:
    """Code tokens drawn as plain text are written as plain text (fewer elements to style)."""
    classes = page_speed.plain_token_classes(page_speed.served_code_styles(page.app))
    page_speed.plain_tokens_as_text(page.body, classes)


def lazy_images(page: Page) -> None:
    """Every image of the body loads when it nears the screen."""
    offline_assets.lazy_images(page.body)


def phone_renditions(page: Page) -> None:
    """Each static figure offers its phone rendition to narrow screens (a ``<picture>``)."""
    phone_figures.add_sources(page.app, page.body)


def image_sizes(page: Page) -> None:
    """Each image keeps its place while it loads: its width and height in the page."""
    page_speed.reserve_image_space(page.app, page.body)


def figure_data_out_of_the_page(page: Page) -> None:
    """An interactive figure's data in a script file of its own, loaded when it nears the screen."""
    page_speed.external_figure_data(page.app, page.body, page.context["pathto"])


def add_explorer_script(page: Page) -> None:
    """The explorer script, on a page with an interactive figure only."""
    offline_assets.add_explorer_script(page.app, page.body)


def prune_scripts(page: Page) -> None:
    """Each script once; none that the page does not use (Thebe off, no widget manager)."""
    scripts = page.context.get("script_files")
    if isinstance(scripts, list):
        launch = page.app.config.html_theme_options.get("launch_buttons") or {}
        offline_assets.prune_scripts(scripts, thebe=bool(launch.get("thebe")),
                                     widget_manager=page.widget_manager)


def maths_without_scripts(page: Page) -> None:
    """No MathJax script where every formula is typeset and no widget manager may add more."""
    scripts = page.context.get("script_files")
    if isinstance(scripts, list) and page.maths_typeset \
            and not offline_assets.loads_widget_manager(scripts):
        maths.drop_runtime(scripts)


def defer_scripts(page: Page) -> None:
    """No script of the page's head blocks its first paint: each one deferred."""
    scripts = page.context.get("script_files")
    if isinstance(scripts, list):
        page_speed.defer_scripts(scripts)


def only_used_style_sheets(page: Page) -> None:
    """The style sheets of the toolchain that the page does not use are left out."""
    sheets = page.context.get("css_files")
    if isinstance(sheets, list) and page.pagename != "search":
        page_speed.prune_style_sheets(sheets, page.body)


def theme_before_paint(page: Page) -> None:
    """The reader's colour theme set in the head, before the page is first drawn."""
    page_speed.theme_before_paint(page.context)


def student_launch_links(page: Page) -> None:
    """The chapter's student edition on Binder and on Colab, in the theme's launch menu."""
    student_edition.launch_links(page.app, page.pagename, "", page.context, None)


#: The steps on the parsed body, in the order they run (the panels first: their HTML holds
#: images that are then made lazy).
BODY_STEPS = (draw_live_panels, typeset_maths, point_question_links,
              questions_style_and_script_once, fold_cited_works, name_summaries,
              plain_code_tokens, lazy_images, phone_renditions, image_sizes,
              figure_data_out_of_the_page)
#: Then the steps on the page's scripts, style sheets and header, in the order they run (the
#: scripts deferred once the list is final).
SCRIPT_STEPS = (add_explorer_script, prune_scripts, maths_without_scripts, defer_scripts,
                only_used_style_sheets, theme_before_paint, student_launch_links)


def finish_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: the page's body parsed once, :data:`BODY_STEPS` applied and the body
    written back; then :data:`SCRIPT_STEPS`."""
    if app.builder.format != "html":
        return
    page = Page(app, pagename, context, parse(context.get("body") or ""))
    for step in BODY_STEPS:
        step(page)
    if context.get("body"):
        context["body"] = write(page.body)
    for step in SCRIPT_STEPS:
        step(page)
