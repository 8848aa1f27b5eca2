// Keyboard (and screen-reader) control for the book's interactive figures.
//
// Plotly draws its slider in SVG, which cannot take keyboard focus. Each
// figure.levtoken-explorer therefore carries a labelled native <input type="range">
// (written by levtoken.interactive.StaticExplorer) whose positions are the same precomputed
// steps: moving it applies the step's own Plotly update and moves the Plotly slider with it;
// clicking the Plotly slider moves the range input back into step.
(function () {
  "use strict";

  function wire(figure) {
    var range = figure.querySelector("input.levtoken-explorer-range");
    var gd = figure.querySelector(".plotly-graph-div");
    if (!range || !gd || range.dataset.wired) return true;
    if (!window.Plotly || typeof gd.on !== "function" || !gd.layout || !gd.layout.sliders) {
      return false; // Plotly has not drawn this figure yet
    }
    var out = figure.querySelector("output.levtoken-explorer-value");
    var steps = gd.layout.sliders[0].steps;
    range.dataset.wired = "1";

    function show(i) {
      range.value = String(i);
      range.setAttribute("aria-valuetext", steps[i].label);
      if (out) out.textContent = steps[i].label;
    }

    range.addEventListener("input", function () {
      var i = Number(range.value);
      var args = steps[i].args;
      var relayout = Object.assign({}, args[1] || {}, { "sliders[0].active": i });
      show(i);
      window.Plotly.update(gd, args[0] || {}, relayout);
    });
    gd.on("plotly_sliderchange", function (ev) {
      if (ev && ev.step) show(ev.step._index !== undefined ? ev.step._index : steps.indexOf(ev.step));
    });
    return true;
  }

  function wireAll(attempt) {
    var pending = false;
    document.querySelectorAll("figure.levtoken-explorer").forEach(function (f) {
      if (!wire(f)) pending = true;
    });
    if (pending && attempt < 100) {
      window.setTimeout(function () { wireAll(attempt + 1); }, 100);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wireAll(0); });
  } else {
    wireAll(0);
  }
})();
