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
    // Adding to the basket keeps the shopper on the page: the form is posted in the background and the header
    // count and the confirmation are taken from the page the server answers with.
    var addForms = document.querySelectorAll("form[data-add-to-cart]");
    for (var a = 0; a < addForms.length; a++) {
      addForms[a].addEventListener("submit", addToBasket);
    }

    // In the basket, a count typed and confirmed with Enter or by leaving the field is sent as typed.
    var counts = document.querySelectorAll("form.qty .qty-input");
    for (var q = 0; q < counts.length; q++) {
      counts[q].addEventListener("change", function (e) { e.target.form.requestSubmit(); });
      counts[q].addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); e.target.form.requestSubmit(); }
      });
    }

    // Paying goes straight to the bank: the shop's redirect form is fetched and submitted here, which saves the
    // page load of the redirect page (it stays the way without JavaScript).
    var payForm = document.querySelector("form[data-pay-inline]");
    if (payForm) {
      payForm.addEventListener("submit", function (e) {
        e.preventDefault();
        var button = payForm.querySelector("button[type=submit]");
        if (button) { button.disabled = true; }
        fetch(payForm.getAttribute("action"), { method: "POST", body: new URLSearchParams(new FormData(payForm)), credentials: "same-origin" })
          .then(function (r) { return r.text().then(function (html) { return { url: r.url, html: html }; }); })
          .then(function (res) {
            var doc = new DOMParser().parseFromString(res.html, "text/html");
            var bank = doc.querySelector("form[data-autosubmit]");
            if (bank) {
              bank = document.importNode(bank, true);
              bank.hidden = true;
              document.body.appendChild(bank);
              bank.submit();
              return;
            }
            // Not a bank form (a refusal, the order page with a message): show the server's answer as it is.
            history.replaceState(null, "", res.url);
            document.replaceChild(document.importNode(doc.documentElement, true), document.documentElement);
          })
          .catch(function () { if (button) { button.disabled = false; } });
      });
    }

    var form = document.getElementById("checkout-form");
    if (form) {
      form.addEventListener("change", function (e) {
        if (e.target.name === "send" || e.target.name === "pay") { showBill(form); }
        // Shipping is quoted as soon as the city is known, without leaving the page.
        if (e.target.hasAttribute && e.target.hasAttribute("data-quote-on-change") && e.target.value) { requote(form); }
      });
      // A page that comes back with a city but no quote (the loyalty box's buttons, say) is quoted at once.
      var chosenCity = form.querySelector("[data-quote-on-change]");
      if (chosenCity && chosenCity.value && document.querySelector("[data-testid=get-quote]")) { requote(form); }
    }
  });

  // requote asks the server for the page as the quote button would, and takes from its answer the parts that
  // depend on the quote (shipping table, bill, summaries); nothing else the shopper typed is touched.
  function requote(form) {
    var shipping = document.getElementById("shipping");
    if (shipping) { shipping.setAttribute("aria-busy", "true"); }
    var data = new FormData(form);
    data.set("action", "quote");
    fetch("/checkout/quote", { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
      .then(function (r) {
        if (r.status !== 200 && r.status !== 422) { throw new Error(r.status); }
        return r.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var parts = document.querySelectorAll("[data-swap][id]");
        for (var i = 0; i < parts.length; i++) {
          var fresh = doc.getElementById(parts[i].id);
          if (!fresh) { continue; }
          if (parts[i].open) { fresh.setAttribute("open", ""); }
          parts[i].replaceWith(document.importNode(fresh, true));
        }
      })
      .catch(function () {
        // The quote button stays for a plain submit.
        if (shipping) { shipping.removeAttribute("aria-busy"); }
      });
  }

  function addToBasket(e) {
    var form = e.currentTarget;
    e.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    fetch(form.getAttribute("action"), { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var count = doc.querySelector("[data-testid=cart-count]");
        var here = document.querySelector("[data-testid=cart-count]");
        if (count && here) { here.textContent = count.textContent; }
        var flash = doc.getElementById("flash-area");
        var area = document.getElementById("flash-area");
        if (flash && area) {
          area.innerHTML = flash.innerHTML;
          var shown = area.querySelector("[data-testid=flash]");
          if (shown) {
            // The confirmation floats over the page for a few seconds, so it must not stay over what is below it.
            clearTimeout(addToBasket.timer);
            addToBasket.timer = setTimeout(function () { if (shown.parentNode) { shown.parentNode.removeChild(shown); } }, 5000);
          }
        }
        if (button) {
          var label = button.textContent;
          button.textContent = "✓ در سبد";
          setTimeout(function () { button.textContent = label; button.disabled = false; }, 1500);
        }
      })
      .catch(function () { form.removeEventListener("submit", addToBasket); form.submit(); });
  }

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
