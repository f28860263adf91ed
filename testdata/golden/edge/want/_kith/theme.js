// kith's light/dark choice: applied before the page paints (this script is
// loaded in <head>, without defer), then the header's toggle is wired. The
// toggle is a pressed/not pressed button named "Dark mode", so it says which
// mode is on; with no saved choice the system's preference decides.
(function () {
  "use strict";
  var root = document.documentElement;
  try { var saved = localStorage.getItem("kith-theme"); if (saved) root.dataset.theme = saved; } catch (e) {}
  function dark() {
    return root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function wire() {
    // The sticky header's height, for scroll-padding-top and the sticky filter (style.css).
    var top = document.querySelector(".top");
    if (top && "ResizeObserver" in window) {
      new ResizeObserver(function () { root.style.setProperty("--header-h", top.offsetHeight + "px"); }).observe(top);
    }
    var toggle = document.querySelector(".theme-toggle");
    if (!toggle) return;
    var show = function () { toggle.setAttribute("aria-pressed", dark() ? "true" : "false"); };
    show();
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      root.dataset.theme = dark() ? "light" : "dark";
      try { localStorage.setItem("kith-theme", root.dataset.theme); } catch (e) {}
      show();
    });
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", show);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
