// The dashboard's small helpers; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    // Copy buttons: data-copy-target names the element (an input's value, or any element's text).
    document.querySelectorAll("[data-copy-target]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var el = document.querySelector(btn.getAttribute("data-copy-target"));
        if (!el) { return; }
        var text = el.value !== undefined ? el.value : el.innerText;
        var done = function () {
          var old = btn.textContent;
          btn.textContent = "رونوشت شد";
          setTimeout(function () { btn.textContent = old; }, 1500);
        };
        if (navigator.clipboard) {
          navigator.clipboard.writeText(text).then(done, function () {});
        } else if (el.select) {
          el.select();
          document.execCommand("copy");
          done();
        }
      });
    });
    // On a phone the sections scroll sideways: bring the current one into view.
    var active = document.querySelector(".admin-nav a.active");
    if (active && active.scrollIntoView) {
      active.scrollIntoView({ block: "nearest", inline: "center" });
    }
    // ...and say that there are more sections beyond an edge: the edge fades while more lies past it.
    var nav = document.querySelector(".admin-nav");
    if (nav) {
      var cue = function () {
        var room = nav.scrollWidth - nav.clientWidth;
        var at = Math.abs(nav.scrollLeft); // 0 at the start (the right edge, right to left)
        nav.classList.toggle("more-start", room > 2 && at > 2);
        nav.classList.toggle("more-end", room > 2 && at < room - 2);
      };
      nav.addEventListener("scroll", cue, { passive: true });
      window.addEventListener("resize", cue);
      cue();
    }
    // The packing slip's print button.
    document.querySelectorAll("[data-print]").forEach(function (btn) {
      btn.addEventListener("click", function () { window.print(); });
    });
  });
})();
