// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // A form shown again with mistakes puts the cursor in the first wrong field, where its message is.
    var wrong = document.querySelector("form[data-focus-error] [aria-invalid=true]");
    if (wrong) { wrong.focus(); }

    // A listing's order is applied as soon as it is chosen (the form's button stays for browsers without this).
    var sorts = document.querySelectorAll("select[data-autosubmit-change]");
    for (var so = 0; so < sorts.length; so++) {
      sorts[so].addEventListener("change", function (e) { e.target.form.requestSubmit(); });
    }

    // The bank step is shown once: brought back from the browser's memory (back from the bank), it gives way to
    // the order page, which says whether the payment went through.
    var step = document.querySelector("[data-order-url]");
    if (step) {
      window.addEventListener("pageshow", function (e) { if (e.persisted) { location.replace(step.getAttribute("data-order-url")); } });
    }

    // A product's price follows the variant chosen (the select works without this; the basket prices it anyway).
    var variant = document.querySelector("select[data-variant-price]");
    if (variant) {
      variant.addEventListener("change", function () {
        var o = variant.options[variant.selectedIndex];
        var tag = document.querySelector(".product [data-testid=price]");
        var old = document.querySelector(".product [data-testid=price-old]");
        if (tag && o) { tag.textContent = o.getAttribute("data-price"); }
        if (old && o && o.getAttribute("data-price-old")) { old.lastChild.textContent = o.getAttribute("data-price-old"); }
      });
    }

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
        // The shipping table and the bill were the old city's: ask for the page without a city, which has no
        // table, no bill with shipping and no button to place until the new city is quoted.
        var checkout = document.getElementById("checkout-form");
        if (checkout) { requote(checkout); }
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
      // Back from the bank may restore this page from the browser's memory with its button still disabled and
      // the state it had before paying: ask the shop again instead.
      window.addEventListener("pageshow", function (e) { if (e.persisted) { location.reload(); } });
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
      restoreDraft(form);
      form.addEventListener("input", function () { keepDraft(form); });
      form.addEventListener("submit", function (e) { placing(form, e); });
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
  var quoteSeq = 0; // only the latest request's answer is shown (a province change, then its city, say)
  function requote(form) {
    var mine = ++quoteSeq;
    var shipping = document.getElementById("shipping");
    if (shipping) {
      shipping.setAttribute("aria-busy", "true");
      var note = document.createElement("p");
      note.className = "busy-note";
      note.setAttribute("role", "status");
      note.setAttribute("data-testid", "quote-busy");
      note.textContent = "در حال محاسبه‌ی هزینه‌ی ارسال…";
      shipping.appendChild(note);
    }
    // Until the answer comes, the bill on the page may be the old one's: nothing can be placed on it.
    var place = document.querySelector("[data-testid=place-order]");
    if (place) { place.disabled = true; }
    var data = new FormData(form);
    data.set("action", "quote");
    fetch("/checkout/quote", { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
      .then(function (r) {
        if (r.status !== 200 && r.status !== 422) { throw new Error(r.status); }
        return r.text();
      })
      .then(function (html) {
        if (mine !== quoteSeq) { return; }
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
        if (mine !== quoteSeq) { return; }
        // The quote button stays for a plain submit.
        if (shipping) {
          shipping.removeAttribute("aria-busy");
          var busy = shipping.querySelector("[data-testid=quote-busy]");
          if (busy) { busy.remove(); }
        }
        if (place) { place.disabled = false; }
      });
  }

  // What the shopper types at checkout is kept in this tab while they type, so a visit to the basket (or a
  // reload) finds it again even before any button sent it to the server, which keeps it from then on.
  var draftKey = "shop.checkout";
  function keepDraft(form) {
    var draft = {};
    var fields = form.querySelectorAll("input[type=text], input[type=tel], input[type=email], input:not([type]), textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].name && fields[i].name.indexOf("_") !== 0) { draft[fields[i].name] = fields[i].value; }
    }
    var gender = form.querySelector("[name=gender]");
    if (gender) { draft.gender = gender.value; }
    try { sessionStorage.setItem(draftKey, JSON.stringify(draft)); } catch (e) { /* private mode: the server keeps them */ }
  }
  function restoreDraft(form) {
    var draft;
    try { draft = JSON.parse(sessionStorage.getItem(draftKey) || "{}"); } catch (e) { return; }
    for (var name in draft) {
      if (!Object.prototype.hasOwnProperty.call(draft, name) || !draft[name]) { continue; }
      var f = form.elements.namedItem(name);
      if (f && f.tagName && !f.value && f.type !== "radio" && f.type !== "hidden") { f.value = draft[name]; }
    }
  }
  function forgetDraft() {
    try { sessionStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
  }

  // Placing shows that it is under way, and the button cannot be pressed twice.
  function placing(form, e) {
    var button = e.submitter;
    if (!button || button.getAttribute("data-testid") !== "place-order") { return; }
    if (form.getAttribute("data-placing") === "1") { e.preventDefault(); return; }
    form.setAttribute("data-placing", "1");
    forgetDraft(); // the server keeps the details until the order is placed, and shows them again if it is not
    // After the browser has taken the button's formaction for this submission.
    setTimeout(function () {
      button.disabled = true;
      button.textContent = "در حال ثبت سفارش…";
      button.setAttribute("aria-busy", "true");
    }, 0);
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
