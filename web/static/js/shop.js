// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Auto-submit the bank redirect form (the visible button stays for people without JavaScript).
  document.addEventListener("DOMContentLoaded", function () {
    var f = document.querySelector("form[data-autosubmit]");
    if (f) { setTimeout(function () { f.submit(); }, 400); }
  });
})();
