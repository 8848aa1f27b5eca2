// The book's interactive figures (levtoken_book.explorers.StaticExplorer): draw, fit, control.
//
// Loaded with `defer` (levtoken_book.sphinxext.offline_assets), so it does not block the first paint; it
// loads Plotly (its data-plotly attribute) when the first figure comes near the screen and draws
// each figure as it comes near. For each figure.levtoken-explorer:
// * draw: the figure's JSON sits in a <script type="application/json"> next to its <div>, or
//   (the book build moves it out of the page) in the script file its data-src names;
// * fit: axes fixed and no drag zoom (a swipe over the figure scrolls the page); on a narrow
//   column (a phone) the title is HTML above the plot (it wraps with the page and cannot cover
//   the plot), the axes make room for their titles and the legend goes below the plot; on a
//   narrow column or a touch screen Plotly's own slider is hidden, so the figure has one
//   slider: the native range input (a 44 px touch target);
// * theme: the figure follows the book's light or dark theme, and changes with it;
// * control: Plotly draws its slider in SVG, which cannot take keyboard focus, so the labelled
//   native <input type="range"> moves the same precomputed steps (each step's own Plotly
//   update) and the Plotly slider with it; clicking the Plotly slider moves the input back.
//   A figure with two controls (issuer and regime) has one drop-down list each (data-stride)
//   and no Plotly slider: the step shown is the sum of each list's choice times its stride.
(function () {
  "use strict";

  var NARROW_PX = 640;
  var THEMES = {
    light: { paper: "white", plot: "white", font: "#222222", grid: "#e4e4e4", line: "#444444",
             black: "#000000", legend: "rgba(255, 255, 255, 0.85)" },
    dark: { paper: "#1c1f24", plot: "#1c1f24", font: "#e8e8e8", grid: "#3b4048", line: "#9aa0a8",
            black: "#e8e8e8", legend: "rgba(28, 31, 36, 0.85)" }
  };

  function theme() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
  }

  function axes(layout) {
    return Object.keys(layout).filter(function (k) { return /^[xy]axis\d*$/.test(k); });
  }

  function colours(layout, name) {
    var t = THEMES[name];
    var upd = { paper_bgcolor: t.paper, plot_bgcolor: t.plot, "font.color": t.font,
                "title.font.color": t.font, "legend.font.color": t.font,
                "legend.bgcolor": t.legend };
    axes(layout).forEach(function (ax) {
      upd[ax + ".gridcolor"] = t.grid;
      upd[ax + ".zerolinecolor"] = t.line;
      upd[ax + ".linecolor"] = t.line;
      upd[ax + ".tickfont.color"] = t.font;
      upd[ax + ".title.font.color"] = t.font;
    });
    if (layout.sliders && layout.sliders.length) {
      upd["sliders[0].font.color"] = t.font;
      upd["sliders[0].currentvalue.font.color"] = t.font;
    }
    return upd;
  }

  // Black lines (the Okabe-Ito black of spot) turn light on the dark theme.
  function traceColours(data, name) {
    var idx = [], color = [];
    data.forEach(function (tr, i) {
      var line = tr.line || {}, marker = tr.marker || {};
      var c = tr._levtokenBlack ? THEMES[name].black : null;
      if (!c && (String(line.color).toLowerCase() === "#000000"
                 || String(marker.color).toLowerCase() === "#000000")) {
        tr._levtokenBlack = true;
        c = THEMES[name].black;
      }
      if (c) { idx.push(i); color.push(c); }
    });
    return { idx: idx, color: color };
  }

  // A touch screen (a phone, also held sideways, or a tablet): one control per value.
  function touch() {
    return !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
  }

  // The title as HTML above the plot (narrow screens): it wraps like the text around it and
  // can never run over the plot. Plotly's title markup: <br>, <b>, <i>, <sup>, <sub> are kept.
  function setTitle(figure, text) {
    var el = figure.querySelector(".levtoken-explorer-title");
    if (!el) {
      el = document.createElement("p");
      el.className = "levtoken-explorer-title";
      var gd = figure.querySelector(".plotly-graph-div");
      gd.parentNode.insertBefore(el, gd);
    }
    el.innerHTML = String(text || "").replace(/<br\s*\/?>/gi, " ")
      .replace(/<(?!\/?(b|i|sup|sub)>)[^>]*>/gi, "");
  }

  function fit(spec, width) {
    var layout = spec.layout;
    layout.dragmode = false;
    axes(layout).forEach(function (ax) { layout[ax].fixedrange = true; });
    var slider = layout.sliders && layout.sliders[0];
    var narrow = width < NARROW_PX;
    if (slider && (narrow || touch())) {
      slider.visible = false;  // the range input above the figure is its one slider
    }
    if (!narrow) return;
    // the titles (the figure's and each step's) go above the plot, as HTML
    spec.titles = null;
    if (layout.title && layout.title.text) spec.title = layout.title.text;
    if (slider) {
      spec.titles = slider.steps.map(function (st) {
        var rel = st.args && st.args[1];
        if (!rel || typeof rel["title.text"] !== "string") return null;
        var text = rel["title.text"];
        delete rel["title.text"];
        return text;
      });
    }
    layout.title = Object.assign({}, layout.title || {}, { text: "" });
    // axis titles and tick labels inside the frame: Plotly makes the margins they need
    axes(layout).forEach(function (ax) {
      layout[ax].automargin = true;
      if (layout[ax].title && typeof layout[ax].title === "object") {
        layout[ax].title.font = Object.assign({}, layout[ax].title.font, { size: 12 });
      }
    });
    var shown = spec.data.filter(function (tr) {
      return tr.visible !== false && tr.showlegend !== false;
    }).length;
    var legendRows = Math.ceil(shown / 2);
    layout.legend = Object.assign({}, layout.legend || {}, {
      orientation: "h", x: 0, xanchor: "left", yref: "container", y: 0, yanchor: "bottom",
      font: { size: 11 }
    });
    var m = layout.margin || {};
    var bottom = 60 + 20 * legendRows;
    layout.margin = { l: Math.min(m.l || 60, 48), r: 12, t: 16, b: bottom };
    var extra = bottom - (m.b || 40) - ((slider && !slider.visible) ? 60 : 0)
                - Math.max(0, (m.t || 70) - 16);
    layout.height = Math.max(340, (layout.height || 480) + extra);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL(src, document.baseURI).href;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("levtoken-explorer: cannot load " + s.src)); };
      document.head.appendChild(s);
    });
  }

  // The figure's data: in the page, or (the book build moves it out of the page, so the page
  // is light) in a script file of its own that sets window.levtokenFigures[id].
  function figureSpec(json) {
    var src = json.dataset.src, id = json.dataset.for;
    if (!src) return Promise.resolve(JSON.parse(json.textContent));
    var have = window.levtokenFigures && window.levtokenFigures[id];
    return (have ? Promise.resolve() : loadScript(src)).then(function () {
      var spec = window.levtokenFigures[id];
      delete window.levtokenFigures[id];   // each figure is drawn once, from its own copy
      return spec;
    });
  }

  function draw(figure) {
    var gd = figure.querySelector(".plotly-graph-div");
    var json = figure.querySelector("script.levtoken-figure-json");
    if (!gd || !json || gd.dataset.drawn) return Promise.resolve(gd);
    gd.dataset.drawn = "1";
    return figureSpec(json).then(function (spec) { return drawSpec(figure, gd, spec); });
  }

  function drawSpec(figure, gd, spec) {
    var width = gd.clientWidth || figure.clientWidth || window.innerWidth;
    fit(spec, width);
    figure.classList.toggle("levtoken-narrow", width < NARROW_PX);
    figure._levtokenTitles = spec.titles || null;
    if (spec.title) {
      var active = (spec.layout.sliders && spec.layout.sliders[0] &&
                    spec.layout.sliders[0].active) || 0;
      setTitle(figure, (spec.titles && spec.titles[active]) || spec.title);
    }
    gd.style.height = spec.layout.height + "px";
    var name = theme();
    var tc = traceColours(spec.data, name);
    tc.idx.forEach(function (i, k) {
      var tr = spec.data[i];
      if (tr.line) tr.line.color = tc.color[k];
      if (tr.marker && String(tr.marker.color).toLowerCase() === "#000000") tr.marker.color = tc.color[k];
    });
    return window.Plotly.newPlot(gd, spec.data, spec.layout, spec.config).then(function () {
      window.Plotly.relayout(gd, colours(gd.layout, name));
      gd._levtokenTheme = name;
      return gd;
    });
  }

  function retheme() {
    var name = theme();
    document.querySelectorAll("figure.levtoken-explorer .plotly-graph-div").forEach(function (gd) {
      if (!gd.layout || gd._levtokenTheme === name) return;
      gd._levtokenTheme = name;
      window.Plotly.relayout(gd, colours(gd.layout, name));
      var tc = traceColours(gd.data, name);
      if (tc.idx.length) window.Plotly.restyle(gd, { "line.color": tc.color }, tc.idx);
    });
  }

  function wire(figure) {
    // a range input, or (a figure with several named controls) one drop-down list each
    var ranges = [].slice.call(figure.querySelectorAll(".levtoken-explorer-range"));
    var gd = figure.querySelector(".plotly-graph-div");
    if (!ranges.length || !gd || ranges[0].dataset.wired || !gd.layout || !gd.layout.sliders) return;
    var steps = gd.layout.sliders[0].steps;
    var multi = ranges.length > 1;  // one input per control (data-stride), no Plotly slider

    function output(range) {
      return figure.querySelector("output.levtoken-explorer-value[for='" + range.id + "']");
    }
    function label(range, i) {
      return multi ? JSON.parse(range.dataset.labels)[i] : steps[i].label;
    }
    function show(range, i) {
      var text = label(range, i), out = output(range);
      range.value = String(i);
      if (range.tagName !== "SELECT") range.setAttribute("aria-valuetext", text);
      if (out) out.textContent = text;
    }
    function index() {
      return ranges.reduce(function (sum, r) {
        return sum + Number(r.value) * Number(r.dataset.stride || 1);
      }, 0);
    }

    ranges.forEach(function (range) {
      range.dataset.wired = "1";
      range.addEventListener(range.tagName === "SELECT" ? "change" : "input", function () {
        var i = index();
        var args = steps[i].args;
        var relayout = Object.assign({}, args[1] || {}, { "sliders[0].active": i });
        show(range, Number(range.value));
        if (figure._levtokenTitles && figure._levtokenTitles[i] != null) {
          setTitle(figure, figure._levtokenTitles[i]);
        }
        window.Plotly.update(gd, args[0] || {}, relayout);
      });
    });
    if (multi) {
      window.Plotly.relayout(gd, { "sliders[0].visible": false });
    } else {
      gd.on("plotly_sliderchange", function (ev) {
        if (ev && ev.step) {
          show(ranges[0], ev.step._index !== undefined ? ev.step._index : steps.indexOf(ev.step));
        }
      });
    }
  }

  // Draw a figure when it comes near the screen (Plotly's drawing is the page's one long task,
  // so a page paints and answers at once, and figures far below cost nothing until read).
  // window.levtokenExplorers.drawAll() draws every figure now (printing, the PDF tool).
  var pending = [];

  // Plotly itself (1.4 MB) is loaded once, when the first figure comes near the screen.
  var script = document.currentScript;
  var plotlySrc = script && script.dataset.plotly;
  var plotlyReady = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve();
    if (!plotlyReady) {
      plotlyReady = loadScript((document.documentElement.dataset.content_root || "") + plotlySrc);
    }
    return plotlyReady;
  }

  function drawAndWire(f) {
    var i = pending.indexOf(f);
    if (i >= 0) pending.splice(i, 1);
    return loadPlotly().then(function () { return draw(f); }).then(function () { wire(f); });
  }

  function drawAll() {
    return Promise.all(pending.slice().map(drawAndWire));
  }

  function start() {
    var figures = [].slice.call(document.querySelectorAll("figure.levtoken-explorer"));
    pending = figures.slice();
    if ("IntersectionObserver" in window) {
      var io = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          if (e.isIntersecting) { io.unobserve(e.target); drawAndWire(e.target); }
        });
      }, { rootMargin: "600px 0px" });
      figures.forEach(function (f) { io.observe(f); });
    } else {
      drawAll();
    }
    window.addEventListener("beforeprint", drawAll);
    new MutationObserver(retheme).observe(document.documentElement,
                                          { attributes: true, attributeFilter: ["data-theme"] });
  }

  window.levtokenExplorers = { drawAll: drawAll };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
