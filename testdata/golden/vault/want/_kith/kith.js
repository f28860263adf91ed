// kith default theme script: filter box, print button (theme.js has the light/dark toggle).
// Small and dependency-free; the site works without it.
(function () {
  "use strict";
  var input = document.querySelector("[data-filter]");
  if (input) {
    var items = Array.prototype.slice.call(document.querySelectorAll(input.getAttribute("data-filter")));
    var count = document.getElementById("filter-count");
    var none = document.getElementById("filter-empty");
    var apply = function () {
      var words = input.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li) {
        var hay = li.getAttribute("data-search") || "";
        var ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
        li.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = words.length ? shown + " of " + items.length : "";
      if (none) none.hidden = shown > 0;
    };
    input.addEventListener("input", apply);
    if (location.hash.length > 1) { input.value = decodeURIComponent(location.hash.slice(1)); }
    apply();
  }
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
