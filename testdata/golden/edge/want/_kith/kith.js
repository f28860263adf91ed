// kith default theme script: filter box, print button (theme.js has the light/dark toggle).
// Small and dependency-free; the site works without it.
(function () {
  "use strict";
  // The filter on /people/: the page lists one page of one order; typing
  // matches every person, from the compact list the page names in
  // data-people (page.PeopleFilter: [name, address, org, last contact,
  // folded text]), fetched at once (measured: waiting for an idle moment
  // left it unfetched when a person typed on a busy phone). Until it is
  // loaded, or if it cannot be, the filter matches the rows of this page.
  var box = document.querySelector("[data-people]");
  if (box) {
    var input = box.querySelector("input");
    var count = document.getElementById("filter-count");
    var none = document.getElementById("filter-empty");
    var found = document.getElementById("people-found");
    var here = document.getElementById("people-page");
    var root = new URL(box.getAttribute("data-root") || "./", location.href);
    var data = new URL(box.getAttribute("data-people"), location.href);
    var shownMax = 50;
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    var fold = function (s) {
      if (window.kithSearch && window.kithSearch.fold) { return window.kithSearch.fold(s); }
      return s.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");
    };
    var people = null, loading = null;
    var local = Array.prototype.map.call(here.querySelectorAll(".people-lines li"), function (li) {
      return { li: li, text: fold(li.textContent) };
    });
    var load = function () {
      if (loading) { return; }
      var k = window.kith, got;
      if (k && k.fetchText && data.href.indexOf(k.root) === 0) {
        got = k.fetchText(data.href.slice(k.root.length)).then(JSON.parse);
      } else {
        got = fetch(data).then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
      }
      loading = got.then(function (list) { people = list; apply(); }, function () { /* keep filtering this page */ });
    };
    var el = function (tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) { e.className = cls; }
      if (text) { e.textContent = text; }
      return e;
    };
    var row = function (p) {
      var li = el("li"), a = el("a", "", p[0]);
      a.href = new URL(p[1], root).href;
      li.appendChild(a);
      if (p[2]) { li.appendChild(el("span", "org", p[2])); }
      var last = el("span", "last", p[3] ? "" : "no contact yet");
      if (p[3]) {
        var t = el("time", "", +p[3].slice(8) + " " + months[+p[3].slice(5, 7) - 1] + " " + p[3].slice(0, 4));
        t.dateTime = p[3];
        last.appendChild(t);
      }
      li.appendChild(last);
      return li;
    };
    var apply = function () {
      var words = fold(input.value).trim().split(/\s+/).filter(Boolean);
      var match = function (text) { return words.every(function (w) { return text.indexOf(w) >= 0; }); };
      var n = 0;
      if (!words.length) {
        found.hidden = true;
        here.hidden = false;
        local.forEach(function (r) { r.li.hidden = false; });
        if (count) { count.textContent = ""; }
        if (none) { none.hidden = true; }
        return;
      }
      if (people) {
        var list = document.createDocumentFragment();
        people.forEach(function (p) {
          if (match(p[4])) {
            n++;
            if (n <= shownMax) { list.appendChild(row(p)); }
          }
        });
        found.textContent = "";
        found.appendChild(list);
        found.hidden = false;
        here.hidden = true;
        if (count) { count.textContent = n > shownMax ? "the first " + shownMax + " of " + n + " people" : n + " of " + people.length + " people"; }
      } else {
        local.forEach(function (r) { var ok = match(r.text); r.li.hidden = !ok; if (ok) { n++; } });
        if (count) { count.textContent = n + " on this page"; }
      }
      if (none) { none.hidden = n > 0; }
    };
    input.addEventListener("focus", load);
    load();
    input.addEventListener("input", function () { load(); apply(); });
    if (location.hash.length > 1) { input.value = decodeURIComponent(location.hash.slice(1)); load(); }
    apply();
  }
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
