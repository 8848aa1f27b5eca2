// Typesets TeX with the book's own MathJax (node_modules/mathjax, pinned in package.json) when
// the book is built, for levtoken_book.sphinxext.maths: the same TeX input, CHTML output and
// assistive MathML (for screen readers) as MathJax in a reader's browser, without the browser.
//
//   node typeset_maths.js ROOT      ROOT: the folder holding node_modules/mathjax
//
// Reads one JSON request per line on stdin and writes one JSON answer per line on stdout:
//   request  {"fontURL": "...", "items": [{"tex": "a^2", "display": false}, ...]}
//   answer   {"html": ["<mjx-container ...>", ...], "css": "...", "errors": [{index, tex, message}],
//             "xHeight": the x-height of MathJax's TeX font in em}
// "css" is the style sheet of that request's formulas only (their characters and fonts, the font
// files under fontURL). Formulas are typeset at scale 1 (1 em of MathJax's font = the font size);
// the page's style sheet scales them to the x-height of the text around them, as MathJax does
// in a browser. An undefined macro or any other TeX error is reported, never drawn in red.
"use strict";
const path = require("path");
const readline = require("readline");

const root = process.argv[2];
if (!root) {
  process.stderr.write("usage: node typeset_maths.js ROOT (the folder holding node_modules)\n");
  process.exit(2);
}
const EM = 16;
// the fonts' folder is fixed when MathJax starts: a mark, replaced by each request's fontURL
const FONT_MARK = "levtoken-maths-font-url";

require(path.join(root, "node_modules", "mathjax")).init({
  loader: { load: ["input/tex", "output/chtml", "adaptors/liteDOM", "a11y/assistive-mml"] },
  tex: {
    packages: { "[-]": ["noundefined"] },
    formatError(jax, err) { throw err; },
  },
  chtml: { fontURL: FONT_MARK },
  startup: { typeset: false },
}).then((MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const output = MathJax.startup.output;
  // the x-height of MathJax's TeX font, in em: an ex of that many em is scale 1
  const X_HEIGHT = output.font.params.x_height;
  const EX = EM * X_HEIGHT;
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  lines.on("line", (line) => {
    queue = queue.then(async () => {
      const request = JSON.parse(line);
      output.clearCache();
      const html = [], errors = [];
      for (const [index, item] of request.items.entries()) {
        try {
          const node = await MathJax.tex2chtmlPromise(
            item.tex, { display: !!item.display, em: EM, ex: EX, containerWidth: 80 * EM });
          html.push(adaptor.outerHTML(node));
        } catch (err) {
          errors.push({ index, tex: item.tex, message: String((err && err.message) || err) });
          html.push("");
        }
      }
      const css = adaptor.textContent(MathJax.chtmlStylesheet()).split(FONT_MARK).join(request.fontURL);
      process.stdout.write(JSON.stringify({ html, css, errors, xHeight: X_HEIGHT }) + "\n");
    }).catch((err) => {
      process.stdout.write(JSON.stringify({ fatal: String((err && err.stack) || err) }) + "\n");
    });
  });
}).catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + "\n");
  process.exit(1);
});
