// kith serve's live reload: reloads the page after a change is applied,
// swaps the style sheets after a CSS-only change, and shows the journal's
// errors over the page until they are fixed. Only `kith serve` adds it.
(function () {
  "use strict";
  var me = document.currentScript;
  var since = me ? new URL(me.src, location.href).searchParams.get("g") || "" : "";
  var box = null;

  function show(list) {
    if (!list.length) {
      if (box) { box.remove(); box = null; }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "kith-problems";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.left = "1rem"; s.right = "1rem"; s.bottom = "1rem"; s.zIndex = "2147483647";
      s.maxHeight = "50vh"; s.overflow = "auto"; s.padding = "0.75rem 1rem";
      s.background = "#2b0d0d"; s.color = "#ffe9e9"; s.border = "2px solid #e5484d"; s.borderRadius = "6px";
      s.font = "13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
      s.boxShadow = "0 4px 24px rgba(0,0,0,.35)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var head = document.createElement("strong");
    head.textContent = (list.length === 1 ? "1 error" : list.length + " errors") +
      " in the journal; showing the last good version. Fix and save: this goes away by itself.";
    var ul = document.createElement("ul");
    ul.style.margin = "0.5rem 0 0"; ul.style.paddingLeft = "1.25rem";
    list.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = p;
      ul.appendChild(li);
    });
    box.appendChild(head);
    box.appendChild(ul);
  }

  function swapStyles(version) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (old) {
      var u = new URL(old.href, location.href);
      if (u.origin !== location.origin || u.pathname.indexOf("/_kith/") < 0) { return; }
      u.searchParams.set("v", version);
      var next = old.cloneNode();
      next.href = u.href;
      next.addEventListener("load", function () { old.remove(); });
      next.addEventListener("error", function () { old.remove(); });
      old.after(next);
    });
  }

  // since is the site generation the page shows; a stream opened with an
  // older one is told to reload at once, so no change is ever missed.
  function connect(since) {
    var es = new EventSource("/_kith/reload?since=" + encodeURIComponent(since));
    es.addEventListener("reload", function () { es.close(); location.reload(); });
    es.addEventListener("css", function (e) { swapStyles(e.data); es.close(); connect(e.data); });
    es.addEventListener("problems", function (e) {
      var data = JSON.parse(e.data);
      show(data.problems || []);
    });
  }
  connect(since);
})();
