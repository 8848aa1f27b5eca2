(function () {
  function norm(s) {
    return s.trim().replace(/[\u2212\u2013]/g, "-").replace(/[\s$%x\u00d7,]/gi, "").replace(/^\+/, "");
  }
  function setFeedback(out, ok, html) {
    out.textContent = "";
    out.className = "levtoken-quiz-feedback " + (ok ? "is-correct" : "is-wrong");
    window.setTimeout(function () {
      out.innerHTML = "<strong>" + (ok ? "Correct." : "Not quite.") + "</strong> " + html;
    }, 30);
  }
  function init(box) {
    if (box.getAttribute("data-ready")) { return; }
    box.setAttribute("data-ready", "1");
    var data = JSON.parse(box.querySelector("script[type='application/json']").textContent);
    var form = box.querySelector("form"), out = box.querySelector(".levtoken-quiz-feedback");
    function check() {
      if (data.type === "choice") {
        var sel = form.querySelector("input[type=radio]:checked");
        if (!sel) { setFeedback(out, false, "Choose one of the answers first."); return; }
        var c = data.choices[Number(sel.value)];
        setFeedback(out, c.correct, c.feedback);
        return;
      }
      var raw = norm(form.querySelector("input[type=text]").value);
      if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw)) {
        setFeedback(out, false, "Type a number, e.g. 12.5 (the unit is " + data.unit + ").");
        return;
      }
      var x = parseFloat(raw), tol = data.tolerance + 1e-9;
      if (Math.abs(x - data.value) <= tol) { setFeedback(out, true, data.correct); return; }
      for (var i = 0; i < data.misconceptions.length; i++) {
        var m = data.misconceptions[i];
        if (Math.abs(x - m.claim) <= tol) { setFeedback(out, false, m.feedback); return; }
      }
      setFeedback(out, false, data.hint);
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      ev.stopPropagation();
      check();
    });
    // The keys are handled here too, so they work where a host page takes them for its own
    // shortcuts (JupyterLab's notebook: Enter, the arrow keys): Enter checks, the arrow keys
    // move through the choices, Space picks one.
    var radios = form.querySelectorAll("input[type=radio]");
    form.addEventListener("keydown", function (ev) {
      var t = ev.target, k = ev.key;
      if (k === "Enter" || (k === " " && t.tagName === "BUTTON")) {
        ev.preventDefault(); ev.stopPropagation(); check(); return;
      }
      if (t.type !== "radio") { ev.stopPropagation(); return; }
      var i = Array.prototype.indexOf.call(radios, t), n = radios.length, j = null;
      if (k === "ArrowDown" || k === "ArrowRight") { j = (i + 1) % n; }
      if (k === "ArrowUp" || k === "ArrowLeft") { j = (i + n - 1) % n; }
      if (k === " ") { j = i; }
      if (j !== null) {
        ev.preventDefault(); ev.stopPropagation();
        radios[j].checked = true; radios[j].focus();
      }
    });
  }
  var boxes = document.querySelectorAll(".levtoken-quiz");
  for (var i = 0; i < boxes.length; i++) { init(boxes[i]); }
})();
