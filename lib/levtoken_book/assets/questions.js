// A question (levtoken_book.questions): a right answer says so; a wrong one gets a hint first (the
// misconception's feedback without the answer, or the question's hint) and the answer only on
// the second wrong try or in the folded answer. A number may use a decimal comma ("1,2"), and
// a fraction typed where per cent is asked ("0.012" for 1.2 %) is pointed out, not marked wrong.
(function () {
  // The number typed, or NaN: a minus sign of any kind, spaces, $, %, x and a leading + are
  // ignored. One comma is the decimal mark ("1,2"), except in dollars, where "1,600" is
  // thousands; with both marks ("1,600.5", "1.600,5") the last one is the decimal mark.
  function parse(text, unit) {
    var s = text.trim().replace(/[\u2212\u2013]/g, "-")
      .replace(/[\s\u00a0\u202f$%x\u00d7]/gi, "").replace(/^\+/, "");
    var dot = s.lastIndexOf("."), comma = s.lastIndexOf(",");
    if (dot >= 0 && comma >= 0) {
      s = dot > comma ? s.replace(/,/g, "") : s.replace(/\./g, "").replace(",", ".");
    } else if (comma >= 0) {
      var parts = s.split(","), thousands = /^-?\d{1,3}$/.test(parts[0]) &&
        parts.slice(1).every(function (p) { return p.length === 3; });
      if (thousands && (unit === "$" || parts.length > 2)) {
        s = parts.join("");
      } else if (parts.length === 2) {
        s = parts[0] + "." + parts[1];
      }
    }
    return /^-?(\d+\.?\d*|\.\d+)$/.test(s) ? parseFloat(s) : NaN;
  }
  var VERDICT = { right: "Correct.", wrong: "Not quite.", unit: "Check the unit." };
  function setFeedback(out, kind, html) {
    out.textContent = "";
    out.className = "levtoken-quiz-feedback " + (kind === "right" ? "is-correct" : "is-wrong");
    window.setTimeout(function () {
      out.innerHTML = "<strong>" + VERDICT[kind] + "</strong> " + html;
    }, 30);
  }
  function show(x) {
    return String(Math.round(x * 1e6) / 1e6).replace("-", "\u2212");
  }
  function init(box) {
    if (box.getAttribute("data-ready")) { return; }
    box.setAttribute("data-ready", "1");
    var data = JSON.parse(box.querySelector("script[type='application/json']").textContent);
    var form = box.querySelector("form"), out = box.querySelector(".levtoken-quiz-feedback");
    var wrong = 0;  // wrong answers so far: the first gets a hint, the next ones the answer
    function miss(item) {
      wrong += 1;
      if (wrong === 1) {
        setFeedback(out, "wrong", ((item && item.nudge) || data.hint) + " " + data.again);
      } else {
        setFeedback(out, "wrong", item ? item.feedback : data.hint + " " + data.reveal);
      }
    }
    function check() {
      if (data.type === "choice") {
        var sel = form.querySelector("input[type=radio]:checked");
        if (!sel) { setFeedback(out, "wrong", "Choose one of the answers first."); return; }
        var c = data.choices[Number(sel.value)];
        if (c.correct) { setFeedback(out, "right", c.feedback); } else { miss(c); }
        return;
      }
      var x = parse(form.querySelector("input[type=text]").value, data.unit);
      if (isNaN(x)) {
        setFeedback(out, "wrong", "Type a number, e.g. 12.5 or 12,5 (the unit is " + data.unit + ").");
        return;
      }
      var tol = data.tolerance + 1e-9;
      function near(v, target) { return Math.abs(v - target) <= tol; }
      if (near(x, data.value)) { setFeedback(out, "right", data.correct); return; }
      var hit = null, i;
      for (i = 0; i < data.misconceptions.length; i++) {
        if (near(x, data.misconceptions[i].claim)) { hit = data.misconceptions[i]; break; }
      }
      if (!hit && data.unit === "%" && Math.abs(x) < 1.5) {
        var pct = 100 * x, known = near(pct, data.value);
        for (i = 0; i < data.misconceptions.length; i++) {
          known = known || near(pct, data.misconceptions[i].claim);
        }
        if (known) {
          setFeedback(out, "unit", "You typed a fraction: " + show(x) + " is " + show(pct) +
                      " %. The question asks in per cent, so type " + show(pct) + ".");
          return;
        }
      }
      miss(hit);
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
