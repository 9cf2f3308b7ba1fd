// Probes that need an action: does a paste land in each visible credential field? A synthetic,
// cancelable paste event is dispatched; a page that blocks pasting cancels it. The field's
// value is never changed. Returns {paste_blocked: [selector...], autocomplete: {key: token}}.
() => {
  const out = { paste_blocked: [], autocomplete: {} };
  const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (/^(hidden|submit|button|image|reset)$/.test(el.type) || !shown(el)) continue;
    const key = el.name || el.id;
    if (key) out.autocomplete[key] = el.getAttribute("autocomplete") || "";
    const credential = el.type === "password" || el.type === "email" ||
      /e-?mail|pass/i.test(key || "");
    if (!credential) continue;
    const data = new DataTransfer();
    data.setData("text/plain", "probe");
    const event = new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: data });
    el.dispatchEvent(event);
    if (event.defaultPrevented) {
      out.paste_blocked.push(el.id ? "#" + CSS.escape(el.id) : `${el.tagName.toLowerCase()}[name="${el.name}"]`);
    }
  }
  return out;
}
