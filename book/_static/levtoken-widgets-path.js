// Make the vendored @jupyter-widgets/html-manager find its own files (fonts) inside the book
// instead of next to the page or on a CDN. Loaded before require.js and embed-amd.js
// (see book/_ext/offline_assets.py): RequireJS reads a global `require` object as its config,
// and the widget bundle derives its asset path from its module URI under that baseUrl.
(function () {
  var root = document.documentElement.dataset.content_root || "";
  var vendor = new URL(root + "_static/vendor/", document.baseURI).href;
  window.require = { baseUrl: vendor };
  window.__jupyter_widgets_assets_path__ = vendor + "@jupyter-widgets/html-manager/dist/";
})();
