"""levtoken_book — the book's own code, beside the engine (:mod:`levtoken`), which it imports.

The engine never imports this package. Its modules:

``plots``            the book's figure style and matplotlib helpers (one colour-blind-safe palette)
``explorers``        static explorers: Plotly figures precomputed for the web page
``panels``           live panels (ipywidgets), one module per topic
``questions``        the predict-then-check questions: answers computed by the engine, the HTML
                     renderer with its script and style (``assets/``), texts in ``questions/*.yaml``
``prose``            ``glue`` and ``glued``: the numbers of the prose
``tables``           HTML tables of engine results (the engine writes plain text only)
``student_edition``  the chapters without their solutions (``python -m levtoken_book.student_edition``)
``sphinxext``        the book's Sphinx extension (one ``setup()``)
"""
