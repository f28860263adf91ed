// Applies the saved light/dark choice before the page paints.
try { var t = localStorage.getItem("kith-theme"); if (t) document.documentElement.dataset.theme = t; } catch (e) {}
