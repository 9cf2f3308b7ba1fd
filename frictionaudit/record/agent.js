// Installed in every document of a recorded page. It counts what the customer does, whatever
// drives the page (flow file, autopilot or a team's own test), and reports each event to the
// recorder through the __frictionaudit binding. It never changes the page.
(() => {
  if (window.__frictionauditAgent) return;
  window.__frictionauditAgent = true;
  const send = (kind, data) => {
    try {
      if (window.__frictionaudit) window.__frictionaudit({ kind, ...(data || {}) });
    } catch (e) { /* the recorder is gone: nothing to count for */ }
  };
  const TEXTUAL = /^(text|email|tel|url|search|password|number|)$/;
  const lengths = new WeakMap();
  const filled = new WeakSet();
  const isField = (t) => t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
  document.addEventListener("mousedown", (e) => { if (e.isTrusted) send("click"); }, true);
  document.addEventListener("input", (e) => {
    const t = e.target;
    if (!isField(t)) return;
    if (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && TEXTUAL.test(t.type))) {
      const before = lengths.get(t) || 0;
      const now = (t.value || "").length;
      lengths.set(t, now);
      // Characters a customer would have typed, however the driver entered them.
      if (now > before) send("keys", { count: now - before });
    }
    if (!filled.has(t)) { filled.add(t); send("field"); }
  }, true);
  document.addEventListener("change", (e) => {
    const t = e.target;
    if (isField(t) && (t.tagName === "SELECT" || t.type === "radio" || t.type === "checkbox")) {
      send("option");
    }
  }, true);
  // The safety guard: an irreversible action (place order, pay, buy now) is never performed
  // unless the audit allows it, whoever clicks. Config comes from drive/safety.py.
  const guard = window.__frictionauditGuard || { allow: true };
  // Whole words, except in scripts written without spaces (Chinese, Japanese). A list is one
  // pattern of alternatives (two with such scripts): hundreds of patterns, each compiled at its
  // first use in every document, made the guard's first look at a page slow.
  const CJK = /[\u3040-\u9fff]/;
  const phrases = (list) => {
    const escape = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const spaced = (list || []).filter((w) => !CJK.test(w)).map(escape);
    const unspaced = (list || []).filter((w) => CJK.test(w)).map(escape);
    const patterns = [];
    if (spaced.length) {
      patterns.push(new RegExp("(?<![\\p{L}\\p{N}])(?:" + spaced.join("|") + ")(?![\\p{L}\\p{N}])", "iu"));
    }
    if (unspaced.length) patterns.push(new RegExp(unspaced.join("|"), "iu"));
    return { test: (text) => patterns.some((p) => p.test(text)) };
  };
  const finalWords = phrases(guard.final), safeWords = phrases(guard.safe), totalWords = phrases(guard.total);
  // Arabic short vowels, tatweel and direction marks are optional in writing (lexicon.fold).
  const unwritten = /[\u0640\u064B-\u065F\u0670\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
  const said = (el) => (el.innerText || el.value || el.getAttribute("aria-label") || "").replace(unwritten, "").replace(/\s+/g, " ").trim();
  const visible = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const paymentFields = () => Array.from(document.querySelectorAll("input, select")).some((f) =>
    visible(f) && (/^cc-(number|csc|exp)/.test(f.getAttribute("autocomplete") || "") ||
      /card.?(num|no)|cc.?num|cvc|cvv|csc/i.test((f.name || "") + " " + (f.id || ""))));
  // Arabic-Indic digits (٠-٩, separators ٬ ٫) or Gulf and Egyptian currencies (snapshot/money.py).
  const arabicPrice = /[\d\u0660-\u0669][\d\u0660-\u0669.,\u066b\u066c\s]*\s*(€|£|\$|(sar|aed|egp|kwd|qar)\b|ر\.س|د\.إ|ج\.م)|(€|£|\$|\b(sar|aed|egp|kwd|qar))\s*[\d\u0660-\u0669]/i;
  const totalShown = () => {
    const text = document.body.innerText;  // laid out once, not once per word
    return totalWords.test(text) &&
      (/\d[\d.,\s]*\s*(€|£|\$|¥|eur|gbp|usd|chf|rp|idr|cny|rmb)|(€|£|\$|¥|rp)\s*\d/i.test(text) ||
       arabicPrice.test(text));
  };
  // A link to a page (not "#" or a script) is a GET: it acts only with evidence, when its
  // address names the order's placing, or when it leads to no cart or checkout step from a
  // page showing the order total (a review page's "Place order" link). Oscar's Spanish
  // "Realizar pedido ahora" beside the basket total leads to /es/checkout/: navigation.
  const navigates = (c) => {
    const href = (c.getAttribute("href") || "").trim();
    return c.tagName === "A" && c.getAttribute("role") !== "button" && href !== "" &&
      (!/^(#|javascript:)/i.test(href) || /^#[/!]/.test(href));
  };
  const address = (a) => {
    try {
      const u = new URL(a.href, location.href);
      return decodeURIComponent(u.pathname + " " + u.search + " " + u.hash)
        .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2").replace(/[-_/.+?=&#!%]+/g, " ");
    } catch (e) { return ""; }
  };
  const linkActs = (a) => {
    const where = address(a);
    return finalWords.test(where) || (totalShown() && !safeWords.test(where));
  };
  window.__frictionauditIrreversible = (el) => {
    const control = el && el.closest && el.closest("button, input[type=submit], input[type=image], a, [role=button]");
    if (!control) return "";
    const text = said(control);
    if (finalWords.test(text) && (!navigates(control) || linkActs(control))) {
      return `final action "${text}"`;
    }
    const submits = control.type === "submit" || control.type === "image" ||
      (control.tagName === "BUTTON" && !control.getAttribute("type") && control.form);
    if (!submits || safeWords.test(text)) return "";
    if (paymentFields()) return `submit "${text}" on a page with payment fields`;
    const form = control.form;
    const entries = form ? Array.from(form.querySelectorAll("input, select, textarea")).filter((f) =>
      visible(f) && !/^(hidden|submit|button|checkbox|radio)$/.test(f.type)) : [];
    if (totalShown() && entries.length === 0) return `submit "${text}" on a page showing the order total`;
    return "";
  };
  const stop = (e, target) => {
    if (guard.allow) return;
    const reason = window.__frictionauditIrreversible(target);
    if (!reason) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    send("blocked", { reason });
  };
  window.addEventListener("click", (e) => stop(e, e.target), true);
  window.addEventListener("submit", (e) => stop(e, e.submitter), true);
  // Tell the recorder when the screen may have changed without a page load (SPA routes,
  // steps shown and hidden in place); it decides by the screen's signature.
  let changeTimer = null;
  const capture = () => {
    clearTimeout(changeTimer);
    if (window.__frictionauditCapture) send("captured", window.__frictionauditCapture());
  };
  const changed = () => { clearTimeout(changeTimer); changeTimer = setTimeout(capture, 100); };
  window.addEventListener("load", capture);
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function (...args) { const r = original.apply(this, args); changed(); return r; };
  }
  window.addEventListener("popstate", changed);
  window.addEventListener("hashchange", changed);
  const watch = () => new MutationObserver(changed).observe(document.body || document.documentElement,
    { subtree: true, childList: true, attributes: true, attributeFilter: ["class", "style", "hidden"] });
  if (document.body) watch(); else document.addEventListener("DOMContentLoaded", watch);
  let lastInvalid = 0;
  document.addEventListener("invalid", () => {
    const now = Date.now();
    if (now - lastInvalid > 500) send("error", { source: "native" });
    lastInvalid = now;
  }, true);
  document.addEventListener("submit", (e) => {
    const tokens = {};
    for (const el of e.target.querySelectorAll("input, select, textarea")) {
      if (el.type === "hidden") continue;
      const key = el.name || el.id;
      if (key) tokens[key] = el.getAttribute("autocomplete") || "";
    }
    send("submit", { autocomplete: tokens });
  }, true);
})();
