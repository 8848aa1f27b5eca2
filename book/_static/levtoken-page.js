// The book's page helpers, on every page (loaded with `defer`, run when the page has loaded;
// nothing waits for them).
//
// * A display equation wider than the column (a phone) is drawn smaller until it fits, down
//   to 70 % of its size (MathJax 3's HTML output cannot break a line). Each box is measured as
//   it nears the screen (and again after a resize), not the whole page at load.
// * A box still wider than the column (a table, an equation, an output) scrolls sideways on its
//   own (levtoken.css) and says so: a line above it ("Scroll sideways for the rest →") and its
//   right edge fading out until the reader has scrolled to the end.
// * Each code block, output and table that scrolls gets a tab stop (the theme's rule, done in
//   idle slices: see levtokenTabStops below).
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

  // A box is measured when it nears the screen, never the whole page at once: the sections of a
  // long chapter off screen are not laid out until a reader comes near them (levtoken.css,
  // content-visibility), and measuring every box would lay them all out.
  function measure(boxes) {
    boxes.forEach(function (box) {
      if (box.matches("div.math")) {
        var eq = box.querySelector("mjx-container[display='true']");
        if (eq) fitEquation(eq);
      }
    });
    mark(boxes);
  }

  var near = [];           // the boxes near the screen now (re-measured after a resize)
  function watch() {
    if (!window.IntersectionObserver) {  // an old browser: every box, once, when idle
      idle(function () { measure([].slice.call(document.querySelectorAll(BOXES))); });
      return;
    }
    var seen = new IntersectionObserver(function (entries) {
      var come = [];
      entries.forEach(function (e) {
        var i = near.indexOf(e.target);
        if (e.isIntersecting) {
          if (i < 0) near.push(e.target);
          come.push(e.target);
        } else if (i >= 0) {
          near.splice(i, 1);
        }
      });
      if (come.length) measure(come);
    }, { rootMargin: "600px 0px" });
    document.querySelectorAll(BOXES).forEach(function (box) { seen.observe(box); });
  }

  // Equations MathJax has just typeset in the browser (on a page that still loads MathJax)
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
    watch();
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
        measure(near.slice());
      }, 200);
    });
  }

  // pydata-sphinx-theme gives each code block, output and table a tab stop where it scrolls (a
  // keyboard can then scroll it) when the page has loaded and after each change of the page,
  // reading each box's size right after writing the last one's tab stop: one layout of the whole
  // page per box. The book's build hands that pass to this function
  // (levtoken_book.sphinxext.page_speed.delegate_theme_tab_stops), which applies the theme's
  // rule in short slices while the browser is idle: a slice's sizes read, then its tab stops
  // written. The page's root says when every box has its tab stop (data-levtoken-tab-stops).
  var tabBoxes = [], tabBusy = false;
  function tabSlice() {
    var start = Date.now(), slice = [];
    while (tabBoxes.length && (!slice.length || Date.now() - start < 10)) {
      var el = tabBoxes.shift();
      slice.push([el, el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight
                      ? 0 : -1]);
    }
    slice.forEach(function (s) {
      if (s[0].getAttribute("tabindex") !== String(s[1])) s[0].tabIndex = s[1];
    });
    if (tabBoxes.length) {
      soon(tabSlice);
    } else {
      tabBusy = false;
      document.documentElement.setAttribute("data-levtoken-tab-stops", "done");
    }
  }
  window.levtokenTabStops = function (boxes) {
    tabBoxes = [].slice.call(boxes);
    document.documentElement.setAttribute("data-levtoken-tab-stops", "busy");
    if (!tabBusy) {
      tabBusy = true;
      soon(tabSlice);
    }
  };

  // The next slice when the browser is idle, or within 100 ms when it never is (a busy page
  // must not leave boxes without their tab stop for long)
  function soon(fn) {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 100 });
    else window.setTimeout(fn, 0);
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
