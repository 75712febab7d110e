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
    // The product form says what the buyer pays for one while the seller types the price, discount and VAT: the
    // basket's arithmetic (each percentage of an amount rounded to the rial, discount first, VAT on the rest).
    var pays = document.querySelector("[data-buyer-pays]");
    if (pays) {
      var num = function (id) {
        var el = document.getElementById(id);
        if (!el) { return 0; }
        var s = el.value.replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
          .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); }).replace(/[^0-9]/g, "");
        return s === "" ? 0 : parseInt(s, 10);
      };
      var pct = function (amount, p) { return p === 0 || amount === 0 ? 0 : Math.floor((amount * p + 50) / 100); };
      var rials = parseInt(pays.getAttribute("data-unit-rials"), 10) || 10;
      var label = pays.getAttribute("data-unit-label") || "";
      var show = function () {
        var price = num("p-price") * rials;
        if (!price) { return; }
        var net = price - pct(price, num("p-discount"));
        var total = net + pct(net, num("p-tax"));
        var shown = new Intl.NumberFormat("fa-IR", { maximumFractionDigits: 1 }).format(total / rials);
        pays.textContent = "خریدار می‌پردازد: " + shown + " " + label + " (قیمت شما، منهای تخفیف، به‌علاوه‌ی مالیات)";
      };
      ["p-price", "p-discount", "p-tax"].forEach(function (id) {
        var el = document.getElementById(id);
        if (el) { el.addEventListener("input", show); }
      });
    }
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
