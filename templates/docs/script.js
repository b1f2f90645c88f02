(function () {
  "use strict";
  var input = document.getElementById("search");
  var status = document.getElementById("search-status");
  var noMatch = document.getElementById("no-match");
  var items = document.querySelectorAll("[data-search]");
  var groups = document.querySelectorAll("[data-filter-group]");
  var total = document.querySelectorAll("article[data-search]").length;

  function apply() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (el) {
      var text = el.getAttribute("data-search");
      var ok = terms.every(function (t) { return text.indexOf(t) !== -1; });
      el.hidden = !ok;
      if (ok && el.tagName === "ARTICLE") { shown += 1; }
    });
    groups.forEach(function (g) {
      g.hidden = terms.length > 0 && !g.querySelector("[data-search]:not([hidden])");
    });
    status.textContent = terms.length ? shown + " of " + total + " operations" : "";
    noMatch.hidden = !(terms.length && shown === 0);
  }
  input.addEventListener("input", apply);

  var toggle = document.getElementById("nav-toggle");
  function setOpen(open) {
    document.body.classList.toggle("nav-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  toggle.addEventListener("click", function () {
    setOpen(!document.body.classList.contains("nav-open"));
  });
  document.getElementById("sidebar").addEventListener("click", function (e) {
    if (e.target.closest("a")) { setOpen(false); }
  });
  // Copy buttons of the sample panel: copy the text of the element named by data-copy.
  document.querySelectorAll("button[data-copy]").forEach(function (b) {
    b.addEventListener("click", function () {
      var el = document.getElementById(b.getAttribute("data-copy"));
      if (!el) { return; }
      var text = el.textContent;
      var done = function (ok) {
        b.textContent = ok ? "Copied" : "Select and copy";
        setTimeout(function () { b.textContent = "Copy"; }, 1500);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      } else {
        var range = document.createRange();
        range.selectNodeContents(el);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        done(false);
      }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== input) {
      e.preventDefault();
      input.focus();
    }
  });
})();
