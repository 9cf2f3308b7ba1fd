// The screen's signature: what decides whether the customer is on a new step. Fields and
// headings inside dialogs (cookie banners, pop-ups) do not count: they sit over a screen.
(() => {
  const inDialog = (el) => !!el.closest("dialog, [role=dialog], [role=alertdialog], [aria-modal=true]");
  const shown = (el) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
    el.getBoundingClientRect().width > 0;
  const fields = [];
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (/^(hidden|submit|button|image|reset|search)$/.test(el.type)) continue;
    if (!shown(el) || inDialog(el)) continue;
    fields.push(el.name || el.id || el.type + "#" + fields.length);
  }
  let heading = "";
  for (const h of document.querySelectorAll("h1, h2")) {
    if (shown(h) && !inDialog(h)) { heading = h.textContent.replace(/\s+/g, " ").trim(); break; }
  }
  let errors = 0;
  for (const el of document.querySelectorAll("[aria-invalid=true], [role=alert]")) {
    if (shown(el) && (el.getAttribute("role") !== "alert" || el.textContent.trim())) errors++;
  }
  const hash = /^#[!/]/.test(location.hash) ? location.hash : "";
  return {
    url: location.origin + location.pathname + location.search + hash,
    heading,
    fields: Array.from(new Set(fields)).sort(),
    errors,
  };
})()
