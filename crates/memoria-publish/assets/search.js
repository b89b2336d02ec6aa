// Client-side search of the incident list: reads the prebuilt index (a global set by
// search-index.js) and filters it in the page. Results are built with textContent,
// never as HTML, so a title cannot inject markup. Without JavaScript the form stays
// hidden and the paged list below is the way in.
(function () {
  "use strict";
  var form = document.getElementById("search");
  var rows = window.MEMORIA_INCIDENTS;
  if (!form || !rows) return;
  form.hidden = false;
  var lang = document.documentElement.lang;
  var q = document.getElementById("q");
  var region = document.getElementById("region");
  var violation = document.getElementById("violation");
  var year = document.getElementById("year");
  var count = document.getElementById("count");
  var results = document.getElementById("results");
  var LIMIT = 200;
  function fold(s) {
    return s.normalize("NFKD")
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625]/g, "\u0627")
      .replace(/\u0629/g, "\u0647")
      .replace(/\u0649/g, "\u064a")
      .toLowerCase();
  }
  function title(r) {
    var t = r[1];
    if (typeof t === "string") return t;
    return t[lang] || t.en || t[Object.keys(t)[0]] || "";
  }
  var folded = null;
  function run() {
    if (folded === null) {
      folded = rows.map(function (r) {
        var t = r[1];
        return fold(typeof t === "string" ? t : Object.keys(t).map(function (k) { return t[k]; }).join(" "));
      });
    }
    var words = fold(q.value).split(/\s+/).filter(Boolean);
    var rg = region.value === "" ? null : Number(region.value);
    var vi = violation.value === "" ? null : Number(violation.value);
    var yr = year.value === "" ? null : Number(year.value);
    var found = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (rg !== null && r[5] !== rg) continue;
      if (vi !== null && r[6].indexOf(vi) < 0) continue;
      if (yr !== null && (r[3] === null || r[3] > yr || r[4] < yr)) continue;
      var ok = true;
      for (var w = 0; w < words.length; w++) {
        if (folded[i].indexOf(words[w]) < 0) { ok = false; break; }
      }
      if (ok) found.push(r);
    }
    var n = found.length;
    // The wording for this number in this language (Arabic has six forms).
    var category = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang).select(n) : (n === 1 ? "one" : "other");
    var key = "plural" + category.charAt(0).toUpperCase() + category.slice(1);
    var wording = form.dataset[key] || form.dataset.pluralOther;
    count.textContent = wording.replace("{count}", String(n));
    results.textContent = "";
    found.slice(0, LIMIT).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r[0] + ".html";
      // A title in another script keeps its own direction inside an Arabic page.
      a.dir = "auto";
      a.textContent = title(r) || form.dataset.untitled;
      li.appendChild(a);
      if (r[2]) {
        var d = document.createElement("span");
        d.className = "muted";
        d.textContent = " " + r[2];
        li.appendChild(d);
      }
      results.appendChild(li);
    });
    if (n > LIMIT) {
      var more = document.createElement("li");
      more.className = "muted";
      more.textContent = form.dataset.more.replace("{count}", String(LIMIT));
      results.appendChild(more);
    }
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  [q, region, violation, year].forEach(function (el) { el.addEventListener("input", run); el.addEventListener("change", run); });
})();
