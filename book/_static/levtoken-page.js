// The book's page helpers, on every page (loaded with `defer`, run when the page has loaded
// and the browser is idle: nothing waits for them).
//
// * A display equation wider than the column (a phone) is typeset smaller until it fits, down
//   to 70 % of its size (MathJax 3's HTML output cannot break a line).
// * A box still wider than the column (a table, an equation, an output) scrolls sideways on its
//   own (levtoken.css) and says so: a line above it ("Scroll sideways for the rest →") and its
//   right edge fading out until the reader has scrolled to the end.
// * A chapter's list of the works it cites is folded (details.levtoken-cited-works): a
//   citation link (or an address ending in an entry's #id) opens it at that entry, and printing
//   the page opens it.
(function () {
  "use strict";

  var BOXES = ".pst-scrollable-table-container, .cell_output .output.text_html, div.math, "
              + "picture.levtoken-picture[data-levtoken-wide], .levtoken-inline-figure";
  var SMALLEST = 0.7;

  function fitEquation(container) {
    var box = container.closest("div.math") || container;
    if (container.dataset.levtokenFit || !box.clientWidth) return;
    container.dataset.levtokenFit = "1";
    // a numbered equation: its body and its number (MathJax sets the number beside the body,
    // over it when there is no room)
    var body = container.querySelector("mjx-itable"), labels = container.querySelector("mjx-labels");
    var wide = container.scrollWidth, room = box.clientWidth;
    if (body && labels) {
      wide = Math.max(wide, body.getBoundingClientRect().width
                      + 2 * labels.getBoundingClientRect().width + 8);
    }
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

  // Read every box's width first, then write (hints, classes): one layout, not one per box.
  function mark(boxes) {
    var wide = boxes.map(function (box) {
      return box.clientWidth > 0 && box.scrollWidth > box.clientWidth + 2;
    });
    boxes.forEach(function (box, i) {
      if (!box.clientWidth) return;
      box.classList.toggle("levtoken-scrolls", wide[i]);
      var prev = box.previousElementSibling;
      if (wide[i]) {
        hint(box).hidden = false;
        if (!box.dataset.levtokenScroll) {
          box.dataset.levtokenScroll = "1";
          box.addEventListener("scroll", function () { atEnd(box); }, { passive: true });
        }
        atEnd(box);
      } else if (prev && prev.classList.contains("levtoken-scroll-hint")) {
        prev.hidden = true;
      }
    });
  }

  function update() {
    document.querySelectorAll("div.math mjx-container[display='true']").forEach(fitEquation);
    mark([].slice.call(document.querySelectorAll(BOXES)));
  }

  // Equations MathJax has just typeset (it typesets each as it nears the screen)
  var fresh = [], queued = false;
  function flush() {
    queued = false;
    var boxes = [];
    fresh.forEach(function (c) {
      fitEquation(c);
      var box = c.closest("div.math");
      if (box && boxes.indexOf(box) < 0) boxes.push(box);
    });
    fresh = [];
    mark(boxes);
  }

  // After the page has loaded, when the browser is idle: nothing here delays the first paint
  function idle(fn) {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 2000 });
    else window.setTimeout(fn, 200);
  }

  function start() {
    idle(update);
    var article = document.querySelector("article") || document.body;
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        r.addedNodes.forEach(function (n) {
          if (n.nodeType !== 1) return;
          if (n.matches("mjx-container[display='true']")) fresh.push(n);
          else n.querySelectorAll && n.querySelectorAll("mjx-container[display='true']")
            .forEach(function (c) { fresh.push(c); });
        });
      });
      if (fresh.length && !queued) {
        queued = true;
        idle(flush);
      }
    }).observe(article, { childList: true, subtree: true });
    var resized = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(resized);
      resized = window.setTimeout(function () {
        document.querySelectorAll("mjx-container[data-levtoken-fit]").forEach(function (c) {
          c.style.fontSize = "";
          delete c.dataset.levtokenFit;
        });
        update();
      }, 200);
    });
  }

  var CITED = "details.levtoken-cited-works";

  // Open the folded list that holds the element with this #id (then the browser scrolls to it)
  function openFor(hash) {
    if (!hash || hash.length < 2) return null;
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    var box = target && target.closest(CITED);
    if (box && !box.open) box.open = true;
    return box ? target : null;
  }

  function citations() {
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a[href^='#']");
      if (a) openFor(a.getAttribute("href"));
    });
    window.addEventListener("hashchange", function () {
      var target = openFor(window.location.hash);
      if (target) target.scrollIntoView();
    });
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(CITED).forEach(function (d) { d.open = true; });
    });
    var target = openFor(window.location.hash);
    if (target) target.scrollIntoView();
  }

  function begin() {
    citations();       // before the first click (the script is deferred: the page is parsed)
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start);
  }

  begin();
})();
