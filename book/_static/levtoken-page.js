// The book's page helpers, on every page (loaded with `defer`: nothing waits for it).
//
// * A display equation wider than the column (a phone) is typeset smaller until it fits, down
//   to 70 % of its size (MathJax 3's HTML output cannot break a line).
// * A box still wider than the column (a table, an equation, an output) scrolls sideways on its
//   own (levtoken.css) and says so: a line above it ("Scroll sideways for the rest →") and its
//   right edge fading out until the reader has scrolled to the end.
(function () {
  "use strict";

  var BOXES = ".pst-scrollable-table-container, .cell_output .output.text_html, div.math, "
              + "picture.levtoken-picture[data-levtoken-wide], .levtoken-inline-figure";
  var SMALLEST = 0.7;

  function fitEquation(container) {
    var box = container.closest("div.math") || container;
    if (container.dataset.levtokenFit || !box.clientWidth) return;
    container.dataset.levtokenFit = "1";
    var wide = container.scrollWidth, room = box.clientWidth;
    if (wide <= room + 1) return;
    var size = parseFloat(getComputedStyle(container).fontSize);
    var factor = Math.max(SMALLEST, (room - 2) / wide);
    container.style.fontSize = (size * factor).toFixed(2) + "px";
  }

  function hint(box) {
    var prev = box.previousElementSibling;
    if (prev && prev.classList.contains("levtoken-scroll-hint")) return prev;
    var p = document.createElement("p");
    p.className = "levtoken-scroll-hint";
    p.setAttribute("aria-hidden", "true");
    p.textContent = "Scroll sideways for the rest \u2192";
    box.parentNode.insertBefore(p, box);
    return p;
  }

  function atEnd(box) {
    box.classList.toggle("levtoken-scroll-end",
                         box.scrollLeft + box.clientWidth >= box.scrollWidth - 2);
  }

  function mark(box) {
    if (!box.clientWidth) return;
    var wide = box.scrollWidth > box.clientWidth + 2;
    box.classList.toggle("levtoken-scrolls", wide);
    var prev = box.previousElementSibling;
    if (wide) {
      hint(box).hidden = false;
      if (!box.dataset.levtokenScroll) {
        box.dataset.levtokenScroll = "1";
        box.addEventListener("scroll", function () { atEnd(box); }, { passive: true });
      }
      atEnd(box);
    } else if (prev && prev.classList.contains("levtoken-scroll-hint")) {
      prev.hidden = true;
    }
  }

  var queued = false;
  function update() {
    queued = false;
    document.querySelectorAll("div.math mjx-container[display='true']").forEach(fitEquation);
    document.querySelectorAll(BOXES).forEach(mark);
  }
  function later() {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(update);
    }
  }

  function start() {
    update();
    var article = document.querySelector("article") || document.body;
    // MathJax typesets each formula as it nears the screen: fit and mark it then
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        if (records[i].addedNodes.length) { later(); return; }
      }
    }).observe(article, { childList: true, subtree: true });
    window.addEventListener("resize", function () {
      document.querySelectorAll("mjx-container[data-levtoken-fit]").forEach(function (c) {
        c.style.fontSize = "";
        delete c.dataset.levtokenFit;
      });
      later();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
