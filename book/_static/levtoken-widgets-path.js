// Loaded before require.js, MathJax and embed-amd.js (see levtoken_book.sphinxext.offline_assets).
//
// 1. Make the vendored @jupyter-widgets/html-manager find its own files (fonts) inside the book
//    instead of next to the page or on a CDN: RequireJS reads a global `require` object as its
//    config, and the widget bundle derives its asset path from its module URI under that baseUrl.
// 2. The HTML manager typesets widget outputs with MathJax 2's `MathJax.Hub.Queue`; the book
//    serves MathJax 3. A two-line bridge forwards those calls to MathJax 3's typesetPromise.
(function () {
  var root = document.documentElement.dataset.content_root || "";
  var vendor = new URL(root + "_static/vendor/", document.baseURI).href;
  window.require = { baseUrl: vendor };
  window.__jupyter_widgets_assets_path__ = vendor + "@jupyter-widgets/html-manager/dist/";

  function bridge() {
    var mj = window.MathJax;
    if (!mj || mj.Hub) return;
    mj.Hub = {
      Queue: function (job) {
        var node = job && job[2];
        if (window.MathJax.typesetPromise) {
          window.MathJax.typesetPromise(node ? [node] : undefined).catch(function () {});
        }
      },
    };
  }
  window.MathJax = window.MathJax || {};
  bridge();
  document.addEventListener("DOMContentLoaded", bridge);
  window.addEventListener("load", bridge);
})();
