"""Replay a trade on Bitcoin's real closes: the data of the book's replay explorer, and the explorer.

A reader chooses a start month (2017 to the end of the book's window), a holding length (a week
to two years) and a product, and sees each product's path and end value. The page cannot run
Python, and the book keeps one implementation of every product (the library): so every number
the page shows is computed here, at build time, by the library, and the page's script only looks
values up (:func:`value` is that look-up, in Python, for the tests).

What is stored (:func:`grid`), compactly (float32, base64, one JSON file):

* **Daily-reset products** (spot, the 2x ETF, the daily 3x token) are one series each over the
  whole window: a product that resets at every close of its calendar is, from any reset close
  ``s``, worth ``X[t] / X[s]`` at ``t`` (each step multiplies its NAV by a factor of that
  step's own move). A token ruined at close ``k`` is worth 0 from ``k`` for every start before
  ``k``; the series then restarts at 1 at ``k`` (the library's token bought at that close), and
  ``ruins`` lists the ``k``. Starts are each month's first New York Stock Exchange session, so
  the ETF (which resets on sessions only) starts at one of its resets.
* **Products whose path depends on the start** (the band token and the margin position) are
  simulated by the library from every start month, for two years or to the end of the window.

The file goes to ``book/_generated/`` (git-ignored) when the chapter runs; the chapter links it
with ``{download}``, which copies it into the built site, and the page's script
(``book/_static/levtoken-replay.js``) finds it through that link and loads it when the explorer
nears the screen. The explorer's state (start, holding, product) lives in the page's address.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import numpy as np

from levtoken import LeveragedToken, MarginPosition, Spot, data, funds, issuers
from levtoken.validation import InvalidTypeError, check_choice, format_value

__all__ = ["PRODUCTS", "HOLDS", "grid", "value", "path", "write", "load", "ReplayExplorer"]

#: (key, label) of each product, in the order the explorer lists them.
PRODUCTS = (
    ("spot", "Bitcoin (spot)"),
    ("etf2x", "2x ETF (trading-day reset)"),
    ("daily3x", "daily 3x token"),
    ("band2x", "2x band token (BTC2x rules)"),
    ("margin3x", "3x margin position"),
)
#: (days, label) of each holding length.
HOLDS = ((7, "1 week"), (14, "2 weeks"), (30, "1 month"), (91, "3 months"), (182, "6 months"),
         (365, "1 year"), (730, "2 years"))
#: The longest hold: the per-start paths are this many days long (or to the window's end).
MAX_HOLD = HOLDS[-1][0]
#: Products stored as one series over the window (daily resets), and those stored per start.
RATIO = ("spot", "etf2x", "daily3x")
PER_START = ("band2x", "margin3x")
#: The margin position's funding: 0.01 % per 8 hours on the notional, the perpetuals' rate when
#: the contract trades at its index (Binance, Bybit), 0.03 % a day.
MARGIN_FUNDING_PER_DAY = 0.0003
MAINTENANCE_MARGIN = 0.005
#: The file name of the data in the built site (found by the page through its download link).
DATA_NAME = "replay-bitcoin.json"
FORMAT = 1


def models() -> dict:
    """The library objects behind each product (their parameters are the book's cited ones).

    ``etf2x`` is :data:`levtoken.funds.PRESETS` ``"bitu"`` (expense 0.95 %, cited; financing
    5 % a year, illustrative); ``daily3x`` a :class:`~levtoken.products.LeveragedToken` reset at
    every close with KuCoin's fee (cited); ``band2x`` the ``"btc2x"`` preset (Index Coop's band,
    ripcord and streaming fee, cited; its minimum by the stated symmetric rule); ``margin3x`` a
    :class:`~levtoken.products.MarginPosition` (0.5 % maintenance, funding
    :data:`MARGIN_FUNDING_PER_DAY`).
    """
    return {
        "spot": Spot(),
        "etf2x": funds.preset("bitu").product(),
        "daily3x": LeveragedToken(3, fee_per_day=issuers.preset("kucoin").fee_per_day),
        "band2x": funds.preset("btc2x").product(),
        "margin3x": MarginPosition(3, maintenance_margin=MAINTENANCE_MARGIN,
                                   funding_per_day=MARGIN_FUNDING_PER_DAY),
    }


def _closes(closes):
    import pandas as pd

    c = data.bitcoin_prices() if closes is None else closes
    if not isinstance(c, pd.Series) or not isinstance(c.index, pd.DatetimeIndex) or len(c) < 40:
        raise InvalidTypeError(f"closes must be None (the book's window) or a pandas Series of "
                               f"at least 40 daily closes indexed by date, got {format_value(c)}")
    return c


def _nav(key: str, model, closes, s: int, t: int) -> np.ndarray:
    """The library's NAV of ``key`` bought at close ``s``, to close ``t`` (inclusive)."""
    part = closes.iloc[s:t + 1]
    r = data.daily_returns(part)
    if key == "etf2x":
        model = model.on_dates(r.index)
    return model.nav(r.to_numpy())


def _start_indices(closes) -> list[int]:
    """Each month's first NYSE session in the window (its index in ``closes``), while at
    least a week of closes follows it."""
    mask = funds.reset_mask(closes.index)
    months = closes.index.to_period("M")
    out, seen = [], set()
    for i, (m, ok) in enumerate(zip(months, mask)):
        if ok and m not in seen and i + HOLDS[0][0] < len(closes):
            seen.add(m)
            out.append(i)
    return out


def _ratio_series(key: str, model, closes) -> tuple[np.ndarray, list[int]]:
    """``X`` over the window and the closes ``k`` at which the product was ruined (restarting
    at 1 at each)."""
    T = len(closes)
    X = np.empty(T)
    ruins, k = [], 0
    while True:
        nav = _nav(key, model, closes, k, T - 1)
        zero = np.flatnonzero(nav <= 0.0)
        if not len(zero):
            X[k:] = nav
            return X, ruins
        z = k + int(zero[0])
        X[k:z] = nav[:z - k]
        ruins.append(z)
        k = z
        if k == T - 1:
            X[k] = 1.0
            return X, ruins


_DEFAULT: dict = {}


def _check_grid(g) -> dict:
    keys = ("dates", "starts", "start_labels", "ratio", "paths")
    if not isinstance(g, dict) or not all(k in g for k in keys):
        raise InvalidTypeError(f"g must be the dict of replay.grid() or replay.load(), got "
                               f"{format_value(g)}")
    return g


def grid(closes=None) -> dict:
    """Everything the explorer shows, computed by the library (see the module docstring).

    Returns
    -------
    dict
        ``dates`` (ISO days of the closes), ``starts`` (index of each start close),
        ``start_labels`` (``"2021-11"``), ``ratio[key] = (X, ruins)`` for :data:`RATIO`,
        ``paths[key]`` a list, per start, of the NAV from that start (length ``min(MAX_HOLD + 1,
        T − s)``) for :data:`PER_START`.
    """
    if closes is None and _DEFAULT:
        return _DEFAULT["grid"]
    c = _closes(closes)
    m = models()
    starts = _start_indices(c)
    T = len(c)
    ratio = {k: _ratio_series(k, m[k], c) for k in RATIO}
    paths = {k: [_nav(k, m[k], c, s, min(s + MAX_HOLD, T - 1)) for s in starts]
             for k in PER_START}
    g = dict(dates=[str(d.date()) for d in c.index], starts=starts,
             start_labels=[str(c.index[s].to_period("M")) for s in starts],
             ratio=ratio, paths=paths)
    if closes is None:
        _DEFAULT["grid"] = g
    return g


def _check_hold(hold) -> int:
    days = tuple(d for d, _ in HOLDS)
    if isinstance(hold, bool) or not isinstance(hold, (int, np.integer)) or hold not in days:
        raise ValueError(f"hold must be a holding length in days, one of {days}, got "
                         f"{format_value(hold)}")
    return int(hold)


def _end(g: dict, start: int, hold: int) -> tuple[int, int]:
    _check_grid(g)
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)) or not (
            0 <= start < len(g["starts"])):
        raise ValueError(f"start must be the index of a start month, 0 to {len(g['starts']) - 1}, "
                         f"got {format_value(start)}")
    _check_hold(hold)
    s = g["starts"][start]
    return s, min(s + hold, len(g["dates"]) - 1)


def path(g: dict, key: str, start: int, hold: int) -> np.ndarray:
    """The stored NAV path of ``key`` from start month ``start`` (an index of ``g["starts"]``)
    over ``hold`` days (one of :data:`HOLDS`, cut at the window's end): the look-up the page's
    script does, from :func:`grid` or :func:`load`."""
    check_choice(key, "key", tuple(k for k, _ in PRODUCTS))
    s, t = _end(g, start, hold)
    if key in RATIO:
        X, ruins = g["ratio"][key]
        out = np.asarray(X[s:t + 1], dtype=float) / float(X[s])
        for k in ruins:
            if s < k <= t:
                out[k - s:] = 0.0
        return out
    return np.asarray(g["paths"][key][start][:t - s + 1], dtype=float)


def value(g: dict, key: str, start: int, hold: int) -> float:
    """The end value (start = 1) of ``key`` for that start month and holding length."""
    return float(path(g, key, start, hold)[-1])


def _b64(a) -> str:
    return base64.b64encode(np.asarray(a, dtype="<f4").tobytes()).decode("ascii")


def _unb64(s: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(s), dtype="<f4").astype(float)


def to_json(g: dict) -> dict:
    """The grid as the page loads it: float32 arrays in base64, per-start paths concatenated."""
    out = dict(format=FORMAT, source=data.SOURCE, first=g["dates"][0], last=g["dates"][-1],
               days=len(g["dates"]), starts=g["starts"], start_labels=g["start_labels"],
               holds=[d for d, _ in HOLDS], hold_labels=[lab for _, lab in HOLDS],
               max_hold=MAX_HOLD, products=[])
    for key, label in PRODUCTS:
        item = dict(key=key, label=label)
        if key in RATIO:
            X, ruins = g["ratio"][key]
            item.update(kind="ratio", ruins=[int(k) for k in ruins], data=_b64(X))
        else:
            p = g["paths"][key]
            item.update(kind="per_start", lengths=[len(a) for a in p],
                        data=_b64(np.concatenate(p)))
        out["products"].append(item)
    return out


def write(file="_generated/" + DATA_NAME, closes=None) -> dict:
    """Compute :func:`grid` and write it as JSON to ``file`` (folders made); return the grid.

    The chapter calls it from ``book/``, so the default lands in ``book/_generated/``, which the
    chapter's ``{download}`` link copies into the built site."""
    if not isinstance(file, (str, Path)) or not str(file).endswith(".json"):
        raise InvalidTypeError(f"file must be the path of a .json file, got {format_value(file)}")
    g = grid(closes)
    p = Path(file)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(to_json(g), separators=(",", ":")), encoding="utf-8")
    return g


def load(file) -> dict:
    """Read a file of :func:`write` back into the form of :func:`grid` (float32 values)."""
    if not isinstance(file, (str, Path)) or not Path(file).is_file():
        raise ValueError(f"file must be a replay data file written by replay.write(), got "
                         f"{format_value(file)}")
    raw = json.loads(Path(file).read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ValueError(f"{file} is not a replay data file of format {FORMAT}: rewrite it "
                         "with levtoken_book.replay.write()")
    import pandas as pd

    dates = [str(d.date()) for d in pd.date_range(raw["first"], raw["last"], freq="D")]
    g = dict(dates=dates, starts=raw["starts"], start_labels=raw["start_labels"], ratio={},
             paths={})
    for item in raw["products"]:
        a = _unb64(item["data"])
        if item["kind"] == "ratio":
            g["ratio"][item["key"]] = (a, item["ruins"])
        else:
            ends = np.cumsum(item["lengths"])
            g["paths"][item["key"]] = np.split(a, ends[:-1])
    return g


# ---------------------------------------------------------------------------------------------
# the explorer


def _money(x: float) -> str:
    return f"${1000 * x:,.0f}"


class ReplayExplorer:
    """The replay explorer: a figure whose controls pick a start month, a holding length and a
    product; ``book/_static/levtoken-replay.js`` draws it in the web page from the data file.

    In the HTML book: a ``<figure>`` with labelled range inputs (start month, holding length), a
    radio group (the product followed), a link to the scenario (the page's address carries the
    state: ``?replay-start=2021-11&replay-hold=365&replay-product=etf2x``), a table of the end
    values (written here for the default scenario, so the page without its script, the printed
    book and a screen reader have them; the script updates it) and the attribution. In
    JupyterLab: a Plotly figure of the default scenario.
    """

    def __init__(self, g: dict, name: str, alt: str, caption: str, start: str = "2021-11",
                 hold: int = 365, product: str = "etf2x", data_name: str = DATA_NAME):
        _check_grid(g)
        for label, v in (("name", name), ("alt", alt), ("caption", caption), ("start", start),
                         ("data_name", data_name)):
            if not isinstance(v, str) or not v.strip():
                raise InvalidTypeError(f"{label} must be a non-empty string, got {format_value(v)}")
        if name != html.escape(name) or " " in name:
            raise ValueError(f"name must be letters, digits and '-', got {name!r}")
        if start not in g["start_labels"]:
            raise ValueError(f"start must be a start month of the data, {g['start_labels'][0]} "
                             f"to {g['start_labels'][-1]}, got {start!r}")
        _check_hold(hold)
        check_choice(product, "product", tuple(k for k, _ in PRODUCTS))
        self.g, self.name, self.alt, self.caption = g, name, alt, caption
        self.start, self.hold, self.product, self.data_name = start, hold, product, data_name

    def scenario(self) -> dict:
        """The default scenario's end values and dates (what the static table shows)."""
        i = self.g["start_labels"].index(self.start)
        s, t = _end(self.g, i, self.hold)
        return dict(first=self.g["dates"][s], last=self.g["dates"][t],
                    values={k: value(self.g, k, i, self.hold) for k, _ in PRODUCTS})

    def figure(self):
        """A Plotly figure of the default scenario (JupyterLab's view)."""
        import plotly.graph_objects as go

        from .explorers import BASE_LAYOUT
        from .plots import COLORS

        colours = dict(spot=COLORS["spot"], etf2x=COLORS["highlight"], daily3x=COLORS["token"],
                       band2x=COLORS["threshold_token"], margin3x=COLORS["margin"])
        i = self.g["start_labels"].index(self.start)
        s, t = _end(self.g, i, self.hold)
        x = self.g["dates"][s:t + 1]
        fig = go.Figure()
        for key, label in PRODUCTS:
            y = path(self.g, key, i, self.hold)
            fig.add_trace(go.Scatter(x=x, y=1000 * y, name=label, mode="lines",
                                     line=dict(color=colours[key],
                                               width=4 if key == self.product else 1.8)))
        fig.update_layout(**BASE_LAYOUT)
        fig.update_layout(title=dict(text=f"$1,000 from {x[0]} to {x[-1]}", x=0),
                          yaxis=dict(title="value of $1,000 (log scale)", type="log"),
                          annotations=[dict(text=data.SOURCE, xref="paper", yref="paper", x=0,
                                            y=-0.16, showarrow=False, font=dict(size=10))])
        return fig

    def _controls(self) -> str:
        n = self.name
        i = self.g["start_labels"].index(self.start)
        h = [d for d, _ in HOLDS].index(self.hold)
        starts = json.dumps(self.g["start_labels"])
        holds = json.dumps([lab for _, lab in HOLDS])

        def rng(kind, label, labels, pos, current):
            rid = f"{n}-{kind}"
            return (f'<div class="levtoken-replay-keys"><label for="{rid}">{label}</label> '
                    f'<input type="range" class="levtoken-replay-range" id="{rid}" '
                    f'data-control="{kind}" min="0" max="{len(json.loads(labels)) - 1}" step="1" '
                    f'value="{pos}" aria-valuetext="{html.escape(current)}" '
                    f'data-labels="{html.escape(labels, quote=True)}"> '
                    f'<output for="{rid}" class="levtoken-replay-value">{html.escape(current)}'
                    f'</output></div>')

        radios = "".join(
            f'<label><input type="radio" name="{n}-product" value="{k}"'
            f'{" checked" if k == self.product else ""}> {html.escape(lab)}</label>'
            for k, lab in PRODUCTS)
        return (rng("start", "Start month", starts, i, self.start)
                + rng("hold", "Holding", holds, h, dict(HOLDS)[self.hold])
                + f'<fieldset class="levtoken-replay-products"><legend>Product to follow'
                  f'</legend>{radios}</fieldset>')

    def _table(self) -> str:
        sc = self.scenario()
        chosen = ' class="levtoken-replay-chosen"'
        rows = "".join(
            f'<tr data-product="{k}"{chosen if k == self.product else ""}>'
            f'<th scope="row">{html.escape(lab)}</th><td>{_money(sc["values"][k])}</td></tr>'
            for k, lab in PRODUCTS)
        return (f'<table class="levtoken-replay-table"><caption>$1,000 invested at the close of '
                f'<span class="levtoken-replay-first">{sc["first"]}</span>, worth at the close of '
                f'<span class="levtoken-replay-last">{sc["last"]}</span></caption>'
                f'<thead><tr><th scope="col">product</th><th scope="col">end value</th></tr>'
                f'</thead><tbody>{rows}</tbody></table>')

    def to_html(self) -> str:
        config = json.dumps(dict(name=self.name, data=self.data_name, start=self.start,
                                 hold=self.hold, product=self.product,
                                 holds=[d for d, _ in HOLDS],
                                 products=[dict(key=k, label=lab) for k, lab in PRODUCTS]),
                            separators=(",", ":")).replace("</", "<\\/")
        # the page's script and style, once per page, from the book's _static folder
        loader = ("(function(){if(window.levtokenReplayScript)return;"
                  "window.levtokenReplayScript=1;"
                  "var r=document.documentElement.dataset.content_root||'';"
                  "var c=document.createElement('link');c.rel='stylesheet';"
                  "c.href=r+'_static/levtoken-replay.css';document.head.appendChild(c);"
                  "var s=document.createElement('script');s.src=r+'_static/levtoken-replay.js';"
                  "document.head.appendChild(s);})();")
        return (f'<figure class="levtoken-replay" id="{self.name}" data-replay="{self.name}" '
                f'aria-label="{html.escape(self.alt, quote=True)}">'
                f'<div class="levtoken-explorer-badge">Interactive figure: works in this page, '
                f'no Python needed</div>{self._controls()}'
                f'<p class="levtoken-replay-status" role="status">The replay draws when it comes '
                f'into view.</p>'
                f'<div class="levtoken-replay-plot" id="{self.name}-plot" style="height:420px"></div>'
                f'{self._table()}'
                f'<p class="levtoken-replay-link"><a href="#{self.name}">Link to this scenario</a>'
                f'</p>'
                f'<figcaption>{html.escape(self.caption)} {html.escape(data.SOURCE)}.</figcaption>'
                f'<script type="application/json" class="levtoken-replay-config">{config}</script>'
                f'<script>{loader}</script></figure>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "application/vnd.plotly.v1+json": json.loads(self.figure().to_json()),
            "text/html": self.to_html(),
            "text/plain": f"<replay explorer {self.name}: {self.alt}>",
        }
