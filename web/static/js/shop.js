// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // Auto-submit the bank redirect form (the visible button stays for people without JavaScript).
    var bankForm = document.querySelector("form[data-autosubmit]");
    if (bankForm) { setTimeout(function () { bankForm.submit(); }, 400); }

    // The city list follows the province without a page reload.
    var province = document.querySelector("select[data-cities-url]");
    var city = document.getElementById("f-city");
    if (province && city) {
      province.addEventListener("change", function () {
        var id = province.value;
        while (city.options.length > 1) { city.remove(1); }
        if (!id) { return; }
        fetch(province.getAttribute("data-cities-url") + "?province=" + encodeURIComponent(id), { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
          .then(function (cities) {
            cities.forEach(function (c) {
              var o = document.createElement("option");
              o.value = String(c.id);
              o.textContent = c.name;
              city.appendChild(o);
            });
          })
          .catch(function () {
            // Fall back to the plain submit that lists the cities on the server.
            var btn = document.querySelector("[data-testid=show-cities]");
            if (btn) { btn.click(); }
          });
      });
    }

    // The bill follows the chosen send method and payment way. Every bill is on the page, priced by the server;
    // this only shows the one that matches the radios.
    var form = document.getElementById("checkout-form");
    if (form) {
      form.addEventListener("change", function (e) {
        if (e.target.name === "send" || e.target.name === "pay") { showBill(form); }
      });
    }
  });

  function showBill(form) {
    var send = form.querySelector("input[name=send]:checked");
    var pay = form.querySelector("input[name=pay]:checked");
    if (!send || !pay) { return; }
    var key = send.value + "|" + pay.value;
    var bills = document.querySelectorAll("[data-bill]");
    var found = false;
    for (var i = 0; i < bills.length; i++) { if (bills[i].getAttribute("data-bill") === key) { found = true; } }
    if (!found) { return; }
    for (var j = 0; j < bills.length; j++) { bills[j].hidden = bills[j].getAttribute("data-bill") !== key; }
  }
})();
