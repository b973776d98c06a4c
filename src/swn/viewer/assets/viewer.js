/* SWN viewer: tooltips on hover and keyboard focus, and layer switches' side effects.
   Span details come from the page's JSON (script#swn-spans) and are written with
   textContent only, so no corpus text is ever parsed as markup. */
"use strict";
(function () {
  var dataEl = document.getElementById("swn-spans");
  var tip = document.getElementById("swn-tip");
  if (!dataEl || !tip) return;
  var spans = JSON.parse(dataEl.textContent);
  var hideTimer = null;
  var hot = [];

  function isShown(el) { return getComputedStyle(el).getPropertyValue("--shown").trim() !== "0"; }

  function marksAt(el) {
    var out = [];
    for (var n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (n.hasAttribute("data-span-id") && isShown(n)) out.push(n);
      if (n.classList.contains("text")) break;
    }
    return out;
  }

  function add(parent, tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    parent.appendChild(e);
    return e;
  }

  function clip(s, n) { var a = Array.from(s); return a.length > n ? a.slice(0, n).join("") + "…" : s; }

  function card(el) {
    var key = el.getAttribute("data-span-id");
    var s = spans[key];
    var c = document.createElement("div");
    c.className = "card";
    c.style.setProperty("--c", getComputedStyle(el).getPropertyValue("--c"));
    if (!s) { add(c, "div", "head", key); return c; }
    var head = add(c, "div", "head", s.layer + " · " + s.label + " ");
    if (s.status) add(head, "span", "badge " + s.status, s.status);
    add(c, "div", "quote", "“" + clip(s.text, 160) + "” [" + s.start + "–" + s.end + ")");
    var dl = add(c, "dl");
    s.rows.forEach(function (r) {
      add(dl, "dt", null, r[0]);
      var dd = add(dl, "dd");
      if (r[2]) { var a = add(dd, "a", null, r[1]); a.href = r[2]; } else { dd.textContent = r[1]; }
      if (r[3]) dd.title = r[3];
    });
    if (s.notes && s.notes.length) {
      var ul = add(c, "ul", "notes");
      s.notes.forEach(function (t) { add(ul, "li", null, t); });
    }
    var partner = s.partner && document.querySelector('[data-span-id="' + CSS.escape(s.partner) + '"]');
    if (partner) {
      var a = add(add(c, "div"), "a", null, "↔ the matched span on the other side");
      a.href = "#" + encodeURIComponent(partner.id);
    }
    return c;
  }

  function unhot() { hot.forEach(function (e) { e.classList.remove("hot"); }); hot = []; }

  function open(target) {
    var marks = marksAt(target);
    if (!marks.length) return;
    clearTimeout(hideTimer);
    unhot();
    tip.replaceChildren();
    marks.forEach(function (m) {
      tip.appendChild(card(m));
      var key = CSS.escape(m.getAttribute("data-span-id"));
      document.querySelectorAll('[data-span-id="' + key + '"], [data-of="' + key + '"]').forEach(function (e) {
        e.classList.add("hot"); hot.push(e);
      });
    });
    /* Below the span, or above it when there is more room there; never over it (the tip
       scrolls instead), so the pointer and the focus ring stay on the span. */
    var r = (target.getClientRects()[0] || target.getBoundingClientRect());
    var below = window.innerHeight - r.bottom - 10, above = r.top - 10;
    tip.style.maxHeight = Math.max(below, above) + "px";
    tip.classList.add("open");
    var w = tip.offsetWidth, hgt = tip.offsetHeight;
    var x = Math.min(Math.max(4, r.left), window.innerWidth - w - 4);
    var y = (hgt <= below || below >= above) ? r.bottom + 6 : r.top - hgt - 6;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  function close() { tip.classList.remove("open"); unhot(); }
  function later() { clearTimeout(hideTimer); hideTimer = setTimeout(close, 250); }

  document.querySelectorAll(".text").forEach(function (text) {
    text.addEventListener("mouseover", function (e) {
      var t = e.target.closest("[data-span-id]");
      if (t) open(e.target); else later();
    });
    text.addEventListener("mouseleave", later);
    text.addEventListener("focusin", function (e) { if (e.target.hasAttribute("data-span-id")) open(e.target); });
    text.addEventListener("focusout", function (e) { if (!tip.contains(e.relatedTarget)) later(); });
  });
  tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  tip.addEventListener("mouseleave", later);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { close(); return; }
    var t = document.activeElement;
    if (e.key === "Enter" && t && t.hasAttribute && t.hasAttribute("data-span-id")) {
      var link = tip.querySelector("a[href]");
      if (link) { e.preventDefault(); window.location.href = link.href; }
    }
  });

  /* A hidden layer's spans leave the keyboard order too. */
  function syncTabOrder() {
    document.querySelectorAll("input[data-layer-switch]").forEach(function (box) {
      var layer = box.getAttribute("data-layer-switch");
      document.querySelectorAll('[data-layer="' + CSS.escape(layer) + '"][tabindex]').forEach(function (e) {
        e.tabIndex = box.checked ? 0 : -1;
      });
    });
  }
  document.querySelectorAll("input[data-layer-switch]").forEach(function (box) {
    box.addEventListener("change", function () { close(); syncTabOrder(); });
  });
  syncTabOrder();
})();
