// The replay explorer (levtoken_book.replay.ReplayExplorer): a trade replayed on Bitcoin's real
// closes, drawn from numbers the library computed when the book was built.
//
// This script does no simulation: it looks values up. The data file (levtoken_book.replay.write:
// float32 arrays in base64) holds one series over the window for each daily-reset product (its
// value from a start close s at close t is X[t] / X[s], 0 from a ruin close k with s < k <= t on)
// and, for the band token and the margin position, one path per start month. It is loaded when
// the explorer comes near the screen, from the link the page offers to download it.
//
// The state (start month, holding length, product followed) lives in the page's address
// (?replay-start=2021-11&replay-hold=365&replay-product=etf2x), so a link names a scenario.
// Keyboard: the two sliders take the arrow keys, Home and End; the products are a radio group.
// The figure follows the book's light or dark theme; on a narrow screen the legend goes below.
(function () {
  "use strict";

  var NARROW_PX = 640;
  var COLOURS = { spot: "#0072B2", etf2x: "#E69F00", daily3x: "#D55E00", band2x: "#CC79A7",
                  margin3x: "#009E73" };
  var DASHES = { spot: "solid", etf2x: "dash", daily3x: "solid", band2x: "dot", margin3x: "dashdot" };
  var THEMES = {
    light: { paper: "white", font: "#222222", grid: "#e4e4e4", line: "#444444" },
    dark: { paper: "#1c1f24", font: "#e8e8e8", grid: "#3b4048", line: "#9aa0a8" }
  };
  var PARAMS = { start: "replay-start", hold: "replay-hold", product: "replay-product" };

  function theme() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
  }

  function root() {
    return document.documentElement.dataset.content_root || "";
  }

  // --- Plotly: the book's own copy, loaded once (levtoken-explorer.js may be loading it too) ---
  var plotlyReady = null;
  function loadPlotly() {
    if (window.Plotly) return Promise.resolve();
    if (plotlyReady) return plotlyReady;
    plotlyReady = new Promise(function (resolve, reject) {
      var tag = document.querySelector("script[data-plotly]");
      var src = tag ? tag.dataset.plotly : "_static/vendor/plotly-cartesian.min.js";
      var file = src.split("/").pop();
      var present = [].slice.call(document.scripts).some(function (s) {
        return s.src && s.src.indexOf(file) >= 0;
      });
      if (!present) {
        var s = document.createElement("script");
        s.src = new URL(root() + src, document.baseURI).href;
        s.onerror = function () { reject(new Error("cannot load " + s.src)); };
        document.head.appendChild(s);
      }
      var waited = 0;
      (function poll() {
        if (window.Plotly) return resolve();
        waited += 50;
        if (waited > 30000) return reject(new Error("Plotly did not load"));
        setTimeout(poll, 50);
      })();
    });
    return plotlyReady;
  }

  // --- the data: decoded once per file ---
  var cache = {};

  function floats(b64) {
    var bin = atob(b64), n = bin.length / 4, out = new Float32Array(n);
    var view = new DataView(new ArrayBuffer(bin.length));
    for (var i = 0; i < bin.length; i++) view.setUint8(i, bin.charCodeAt(i));
    for (var j = 0; j < n; j++) out[j] = view.getFloat32(4 * j, true);
    return out;
  }

  function dataUrl(name) {
    var links = [].slice.call(document.querySelectorAll("a[href]"));
    for (var i = 0; i < links.length; i++) {
      var path = links[i].pathname || "";
      if (path.slice(-(name.length + 1)) === "/" + name) return links[i].href;
    }
    return null;
  }

  function loadData(name) {
    if (cache[name]) return cache[name];
    var url = dataUrl(name);
    cache[name] = (url ? fetch(url) : Promise.reject(new Error("no link to " + name)))
      .then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + r.statusText);
        return r.json();
      })
      .then(function (raw) {
        var D = { raw: raw, products: {} };
        raw.products.forEach(function (p) {
          var item = { key: p.key, label: p.label, kind: p.kind, values: floats(p.data) };
          if (p.kind === "ratio") {
            item.ruins = p.ruins;
          } else {
            item.offsets = [];
            var off = 0;
            p.lengths.forEach(function (n) { item.offsets.push(off); off += n; });
          }
          D.products[p.key] = item;
        });
        var t0 = Date.UTC(+raw.first.slice(0, 4), +raw.first.slice(5, 7) - 1, +raw.first.slice(8, 10));
        D.date = function (i) { return new Date(t0 + i * 86400000).toISOString().slice(0, 10); };
        return D;
      });
    return cache[name];
  }

  // The stored path of a product: a look-up (levtoken_book.replay.path does the same in Python).
  function pathOf(D, key, i, hold) {
    var raw = D.raw, p = D.products[key];
    var s = raw.starts[i], t = Math.min(s + hold, raw.days - 1), out = [];
    if (p.kind === "ratio") {
      var base = p.values[s], ruin = Infinity;
      p.ruins.forEach(function (k) { if (k > s && k <= t && k < ruin) ruin = k; });
      for (var u = s; u <= t; u++) out.push(u >= ruin ? 0 : p.values[u] / base);
    } else {
      var off = p.offsets[i];
      for (var v = 0; v <= t - s; v++) out.push(p.values[off + v]);
    }
    return { s: s, t: t, values: out };
  }

  function money(x) {
    return "$" + Math.round(1000 * x).toLocaleString("en-US");
  }

  // --- one explorer ---
  function Replay(figure) {
    this.figure = figure;
    this.cfg = JSON.parse(figure.querySelector("script.levtoken-replay-config").textContent);
    this.plot = figure.querySelector(".levtoken-replay-plot");
    this.status = figure.querySelector(".levtoken-replay-status");
    this.ranges = {};
    var self = this;
    [].slice.call(figure.querySelectorAll("input.levtoken-replay-range")).forEach(function (r) {
      self.ranges[r.dataset.control] = r;
    });
    this.radios = [].slice.call(figure.querySelectorAll("input[type=radio]"));
    this.state = this.fromAddress();
    this.show();
    this.wire();
  }

  Replay.prototype.labels = function (kind) {
    return JSON.parse(this.ranges[kind].dataset.labels);
  };

  Replay.prototype.fromAddress = function () {
    var q = new URLSearchParams(window.location.search), cfg = this.cfg;
    var starts = this.labels("start"), holds = this.holdDays();
    var start = starts.indexOf(q.get(PARAMS.start));
    var hold = holds.indexOf(Number(q.get(PARAMS.hold)));
    var product = q.get(PARAMS.product);
    var keys = cfg.products.map(function (p) { return p.key; });
    return {
      start: start >= 0 ? start : starts.indexOf(cfg.start),
      hold: hold >= 0 ? hold : holds.indexOf(cfg.hold),
      product: keys.indexOf(product) >= 0 ? product : cfg.product
    };
  };

  Replay.prototype.holdDays = function () {
    return this.cfg.holds;
  };

  Replay.prototype.address = function () {
    var q = new URLSearchParams(window.location.search);
    q.set(PARAMS.start, this.labels("start")[this.state.start]);
    q.set(PARAMS.hold, String(this.holdDays()[this.state.hold]));
    q.set(PARAMS.product, this.state.product);
    return window.location.pathname + "?" + q.toString() + "#" + this.figure.id;
  };

  // The controls show the state (sliders, their values, the radio group, the link).
  Replay.prototype.show = function () {
    var self = this;
    ["start", "hold"].forEach(function (kind) {
      var r = self.ranges[kind], text = self.labels(kind)[self.state[kind]];
      r.value = String(self.state[kind]);
      r.setAttribute("aria-valuetext", text);
      var out = self.figure.querySelector("output[for='" + r.id + "']");
      if (out) out.textContent = text;
    });
    this.radios.forEach(function (b) { b.checked = b.value === self.state.product; });
    var link = this.figure.querySelector(".levtoken-replay-link a");
    if (link) link.setAttribute("href", this.address());
  };

  Replay.prototype.wire = function () {
    var self = this;
    ["start", "hold"].forEach(function (kind) {
      self.ranges[kind].addEventListener("input", function (ev) {
        self.state[kind] = Number(ev.target.value);
        self.changed();
      });
    });
    this.radios.forEach(function (b) {
      b.addEventListener("change", function () {
        if (b.checked) { self.state.product = b.value; self.changed(); }
      });
    });
  };

  Replay.prototype.changed = function () {
    this.show();
    try {
      window.history.replaceState(window.history.state, "", this.address());
    } catch (e) { /* a file:// page may refuse: the link still carries the scenario */ }
    if (this.data) this.draw();
  };

  Replay.prototype.start = function () {
    var self = this;
    if (this.started) return this.started;
    this.status.textContent = "Loading the replay…";
    this.started = Promise.all([loadData(this.cfg.data), loadPlotly()]).then(function (res) {
      self.data = res[0];
      self.status.textContent = "";
      return self.draw();
    }).catch(function (err) {
      self.status.textContent = "The replay could not load its data (" + err.message + "). "
        + "The table below shows the default scenario; open the book from a web server, or run "
        + "this chapter's notebook.";
    });
    return this.started;
  };

  Replay.prototype.layout = function (first, last) {
    var narrow = (this.plot.clientWidth || window.innerWidth) < NARROW_PX;
    var t = THEMES[theme()];
    var axis = { gridcolor: t.grid, linecolor: t.line, zerolinecolor: t.line,
                 tickfont: { color: t.font }, fixedrange: true };
    return {
      paper_bgcolor: t.paper, plot_bgcolor: t.paper,
      font: { family: "Arial, sans-serif", size: narrow ? 11 : 13, color: t.font },
      title: { text: narrow ? "$1,000, " + first + " to " + last
                            : "$1,000 from the close of " + first + " to " + last,
               x: 0, xanchor: "left", font: { size: narrow ? 13 : 16, color: t.font } },
      margin: narrow ? { l: 56, r: 12, t: 56, b: 150 } : { l: 80, r: 24, t: 56, b: 96 },
      height: narrow ? 440 : 420,
      xaxis: Object.assign({ type: "date" }, axis),
      yaxis: Object.assign({ type: "log", title: { text: "value of $1,000 (log scale)",
                                                  font: { color: t.font } } }, axis),
      legend: narrow ? { orientation: "h", x: 0, xanchor: "left", y: -0.18, yanchor: "top",
                         font: { color: t.font, size: 11 } }
                     : { orientation: "h", x: 0, xanchor: "left", y: -0.12, yanchor: "top",
                         font: { color: t.font } },
      annotations: [{ text: this.data.raw.source, xref: "paper", yref: "paper", x: 1,
                      xanchor: "right", y: 1.0, yanchor: "bottom", showarrow: false,
                      font: { size: 10, color: t.font } }],
      dragmode: false, showlegend: true
    };
  };

  Replay.prototype.draw = function () {
    var D = this.data, self = this, st = this.state;
    var hold = this.holdDays()[st.hold];
    var traces = [], ends = {}, first, last;
    this.cfg.products.forEach(function (p) {
      var path = pathOf(D, p.key, st.start, hold);
      first = D.date(path.s);
      last = D.date(path.t);
      var x = [];
      for (var u = path.s; u <= path.t; u++) x.push(D.date(u));
      // a ruined or liquidated product is worth 0: the log axis shows it down to $1
      var y = path.values.map(function (v) { return Math.max(1000 * v, 1); });
      ends[p.key] = path.values[path.values.length - 1];
      var chosen = p.key === st.product;
      traces.push({ x: x, y: y, type: "scatter", mode: "lines", name: p.label + ": "
                    + money(ends[p.key]),
                    line: { color: COLOURS[p.key], width: chosen ? 4.5 : 1.8, dash: DASHES[p.key] },
                    opacity: chosen ? 1 : 0.8,
                    hovertemplate: "%{x}: $%{y:,.0f}<extra>" + p.label + "</extra>" });
    });
    // the product followed is drawn last, on top
    traces.sort(function (a, b) { return (a.line.width > b.line.width) - (b.line.width > a.line.width); });
    this.table(ends, first, last);
    var config = { displaylogo: false, displayModeBar: false, responsive: true, scrollZoom: false,
                   typesetMath: false };
    return window.Plotly.react(this.plot, traces, this.layout(first, last), config).then(function () {
      self.plot.dataset.drawn = [self.labels("start")[st.start], hold, st.product].join(" ");
      self.theme = theme();
    });
  };

  Replay.prototype.table = function (ends, first, last) {
    var st = this.state, cut = this.holdDays()[st.hold];
    this.figure.querySelector(".levtoken-replay-first").textContent = first;
    var lastText = last;
    if (last === this.data.raw.last && (Date.parse(last) - Date.parse(first)) / 86400000 < cut) {
      lastText = last + " (the data end there)";
    }
    this.figure.querySelector(".levtoken-replay-last").textContent = lastText;
    [].slice.call(this.figure.querySelectorAll(".levtoken-replay-table tbody tr")).forEach(function (tr) {
      var key = tr.dataset.product;
      tr.querySelector("td").textContent = money(ends[key]);
      tr.classList.toggle("levtoken-replay-chosen", key === st.product);
    });
  };

  var replays = [];

  function retheme() {
    replays.forEach(function (r) { if (r.data && r.theme !== theme()) r.draw(); });
  }

  function start() {
    var figures = [].slice.call(document.querySelectorAll("figure.levtoken-replay"));
    figures.forEach(function (f) { replays.push(new Replay(f)); });
    if ("IntersectionObserver" in window) {
      var io = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          if (!e.isIntersecting) return;
          io.unobserve(e.target);
          replays.forEach(function (r) { if (r.figure === e.target) r.start(); });
        });
      }, { rootMargin: "600px 0px" });
      figures.forEach(function (f) { io.observe(f); });
    } else {
      replays.forEach(function (r) { r.start(); });
    }
    new MutationObserver(retheme).observe(document.documentElement,
                                          { attributes: true, attributeFilter: ["data-theme"] });
  }

  // For printing and for tests: draw every replay now; resolves when all are drawn.
  window.levtokenReplay = {
    drawAll: function () { return Promise.all(replays.map(function (r) { return r.start(); })); }
  };
  window.addEventListener("beforeprint", function () { window.levtokenReplay.drawAll(); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
