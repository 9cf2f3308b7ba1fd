// Serialises the rendered page with the facts static HTML cannot show written onto a clone of
// each element as data-fa-* attributes. The live DOM is never touched: the site keeps running
// exactly as the customer meets it. Returns {html, meta}.
(() => {
  const SKIP = new Set(["SCRIPT", "NOSCRIPT", "TEMPLATE", "IFRAME", "OBJECT", "EMBED"]);
  const SECRETS = __FRICTIONAUDIT_SECRETS__;  // snapshot/secrets.py
  const SECRET_NAME = new RegExp(SECRETS.name, "i");
  const REGION_TAGS = { HEADER: "header", FOOTER: "footer", NAV: "nav", MAIN: "main", ASIDE: "aside", DIALOG: "dialog" };
  const REGION_ROLES = { banner: "header", contentinfo: "footer", navigation: "nav", main: "main", complementary: "aside", dialog: "dialog", alertdialog: "dialog" };
  // Bounds on huge pages (limits.py); without them (a test's snapshot) nothing is cut.
  const LIMIT = Object.assign({ elements: Infinity, text_chars: Infinity, attr_chars: Infinity,
    html_chars: Infinity }, window.__frictionauditLimits || {});
  const truncated = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const sx = window.scrollX, sy = window.scrollY;

  const parseColor = (c) => {
    const m = c && c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const blend = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const luminance = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const backgroundOf = (el) => {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const bg = parseColor(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) {
        layers.push(bg);
        if (bg[3] >= 1) break;
      }
    }
    let out = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) out = blend(layers[i], out);
    return out;
  };
  const contrast = (el, style) => {
    const fg = parseColor(style.color);
    if (!fg) return null;
    const bg = backgroundOf(el);
    const l1 = luminance(blend(fg, bg)), l2 = luminance(bg);
    return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  };
  const hasOwnText = (el) => {
    for (const n of el.childNodes) if (n.nodeType === 3 && n.textContent.trim()) return true;
    return false;
  };
  const cssEscape = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/[^\w-]/g, "\\$&"));
  // Each parent's children are counted once: a list of 2,000 siblings stays linear.
  const siblings = new Map();
  const nthOf = (e) => {
    const parent = e.parentElement;
    let seen = siblings.get(parent);
    if (!seen) {
      seen = new Map();
      const counts = {};
      for (const c of parent.children) seen.set(c, (counts[c.tagName] = (counts[c.tagName] || 0) + 1));
      for (const [c, position] of seen) seen.set(c, [position, counts[c.tagName]]);
      siblings.set(parent, seen);
    }
    return seen.get(e);
  };
  const up = (e) => e.parentElement || (e.parentNode instanceof ShadowRoot ? e.parentNode.host : null);
  const selectorOf = (el) => {
    const parts = [];
    for (let e = el, prev = null; e && e.nodeType === 1 && e !== document.documentElement;
         prev = e, e = up(e)) {
      if (prev && !prev.parentElement) parts[0] = " " + parts[0];  // out of a shadow root
      if (e.id && e.getRootNode() === document &&
          document.querySelectorAll("#" + cssEscape(e.id)).length === 1) {
        parts.unshift("#" + cssEscape(e.id));
        break;
      }
      let part = e.tagName.toLowerCase();
      const name = e.getAttribute("name");
      if (name && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(e.tagName)) {
        part += `[name="${name.replace(/"/g, '\\"')}"]`;
        const value = e.getAttribute("value");
        if ((e.type === "radio" || e.type === "checkbox") && value !== null) {
          part += `[value="${value.replace(/"/g, '\\"')}"]`;
        }
      } else if (e.parentElement) {
        const [position, count] = nthOf(e);
        if (count > 1) part += `:nth-of-type(${position})`;
      }
      parts.unshift(part);
    }
    return parts.join(" > ").replace(/ >  /g, " ");
  };
  const isSensitive = (el) => {
    if (el.tagName !== "INPUT" && el.tagName !== "TEXTAREA") return false;
    const token = (el.getAttribute("autocomplete") || "").toLowerCase().trim().split(/\s+/).pop();
    return SECRETS.types.includes((el.getAttribute("type") || "").toLowerCase()) ||
      SECRETS.tokens.some((t) => token.startsWith(t)) ||
      SECRET_NAME.test((el.name || "") + " " + (el.id || ""));
  };

  const live = document.documentElement;
  const clone = live.cloneNode(true);
  const liveWalk = document.createTreeWalker(live, NodeFilter.SHOW_ELEMENT);
  const cloneWalk = document.createTreeWalker(clone, NodeFilter.SHOW_ELEMENT);
  const drop = [];
  let n = 0, index = 0;
  // Over the limit, the middle of the page is left out: its start (header, form) and its end
  // (footer, contact links) are what the rules read, so they are kept.
  const total = live.getElementsByTagName("*").length;
  const headEnd = Math.ceil(LIMIT.elements / 2), tailStart = total - Math.floor(LIMIT.elements / 2);
  const middle = [];
  const hosts = [];  // elements with an open shadow root, and their copies
  const mark = (el, c) => {
    if (el.shadowRoot) hosts.push([el, c]);
    for (const attr of Array.from(c.attributes)) {
      if (attr.value.length > LIMIT.attr_chars) c.setAttribute(attr.name, attr.value.slice(0, LIMIT.attr_chars));
      // Event handlers stay as evidence (onpaste="return false") but can never run offline.
      if (attr.name.startsWith("on")) {
        c.removeAttribute(attr.name);
        c.setAttribute("data-fa-" + attr.name, attr.value);
      }
    }
    if (el === live || el.tagName === "HEAD" || el.closest("head")) return;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const visible = el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
      r.width > 0 && r.height > 0 && r.right + sx > 0 && r.bottom + sy > 0 &&
      style.clipPath !== "inset(50%)" && !(style.clip && style.clip.startsWith("rect(0"));
    c.setAttribute("data-fa-id", String(n++));
    c.setAttribute("data-fa-vis", visible ? "1" : "0");
    c.setAttribute("data-fa-box", [r.left + sx, r.top + sy, r.width, r.height].map(Math.round).join(","));
    c.setAttribute("data-fa-screen", String(Math.max(0, Math.floor((r.top + sy) / vh))));
    let region = "";
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      // a form control is never a landmark, whatever role it is given
      const control = /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(e.tagName);
      region = (!control && REGION_ROLES[e.getAttribute("role")]) || REGION_TAGS[e.tagName] || "";
      if (region) break;
    }
    if (region) c.setAttribute("data-fa-region", region);
    if (style.position === "fixed" || style.position === "sticky") c.setAttribute("data-fa-fixed", "1");
    if (hasOwnText(el) || /^(INPUT|SELECT|TEXTAREA|BUTTON|A|LABEL)$/.test(el.tagName)) {
      c.setAttribute("data-fa-fs", String(parseFloat(style.fontSize) || 0));
      const ratio = contrast(el, style);
      if (ratio) c.setAttribute("data-fa-contrast", ratio.toFixed(2));
    }
    if (/^(A|BUTTON|INPUT|SELECT|TEXTAREA|LABEL|FORM|IMG|H1|H2|H3|DIALOG)$/.test(el.tagName) ||
        el.getAttribute("role")) {
      c.setAttribute("data-fa-sel", selectorOf(el));
    }
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
      if (el.type === "checkbox" || el.type === "radio") {
        c.setAttribute("data-fa-checked", el.checked ? "1" : "0");
      } else if (isSensitive(el)) {
        c.removeAttribute("value");
        c.setAttribute("data-fa-secret", "1");
        if (el.value) c.setAttribute("data-fa-filled", "1");
      } else if (el.value) {
        c.setAttribute("data-fa-value", el.value.slice(0, 200));
      }
      if (el.required) c.setAttribute("data-fa-required", "1");
      if (el.validity && !el.validity.valid && el.value) c.setAttribute("data-fa-invalid", "1");
    }
  };
  for (let el = liveWalk.currentNode, c = cloneWalk.currentNode; el && c;
       el = liveWalk.nextNode(), c = cloneWalk.nextNode()) {
    if (SKIP.has(el.tagName)) { drop.push(c); continue; }
    const i = index++;
    if (total > LIMIT.elements && i >= headEnd && i < tailStart) { middle.push(c); continue; }
    mark(el, c);
  }
  // Open shadow roots (a web component's sign-up form): their content joins the host's copy,
  // annotated the same way, so drivers and checks see what the customer sees.
  for (let i = 0; i < hosts.length && n < LIMIT.elements; i++) {
    const [host, hostCopy] = hosts[i];
    const wrap = document.createElement("div");
    wrap.setAttribute("data-fa-shadow", "1");
    for (const child of host.shadowRoot.children) {
      if (SKIP.has(child.tagName)) continue;
      const copy = child.cloneNode(true);
      wrap.appendChild(copy);
      const lw = document.createTreeWalker(child, NodeFilter.SHOW_ELEMENT);
      const cw = document.createTreeWalker(copy, NodeFilter.SHOW_ELEMENT);
      for (let el = lw.currentNode, c = cw.currentNode; el && c && n < LIMIT.elements;
           el = lw.nextNode(), c = cw.nextNode()) {
        if (SKIP.has(el.tagName)) { drop.push(c); continue; }
        mark(el, c);
      }
    }
    hostCopy.insertBefore(wrap, hostCopy.firstChild);
  }
  for (const d of drop) d.remove();
  if (middle.length) {
    // Descendants first: a wrapper that still holds kept elements stays.
    for (let i = middle.length - 1; i >= 0; i--) if (!middle[i].firstElementChild) middle[i].remove();
    truncated.push({ limit: "elements", message: `page truncated to ${LIMIT.elements.toLocaleString("en")} of ${total.toLocaleString("en")} elements (the middle of the page left out)` });
  }
  const body = clone.querySelector("body");
  if (body && LIMIT.text_chars !== Infinity) {
    // As for elements: the text's start and end are kept, its middle left out.
    const nodes = [];
    const texts = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let t = texts.nextNode(); t; t = texts.nextNode()) nodes.push(t);
    const chars = nodes.reduce((sum, t) => sum + t.data.length, 0);
    if (chars > LIMIT.text_chars) {
      const headEnd = Math.ceil(LIMIT.text_chars / 2), tailStart = chars - Math.floor(LIMIT.text_chars / 2);
      let at = 0;
      for (const t of nodes) {
        const start = at, end = at + t.data.length;
        at = end;
        if (end <= headEnd || start >= tailStart) continue;
        t.data = t.data.slice(0, Math.max(0, headEnd - start)) + t.data.slice(Math.max(0, tailStart - start));
      }
      truncated.push({ limit: "text", message: `page text truncated to ${LIMIT.text_chars.toLocaleString("en")} of ${chars.toLocaleString("en")} characters (the middle left out)` });
    }
  }
  const meta = {
    url: location.href,
    title: document.title,
    lang: document.documentElement.getAttribute("lang") || "",
    viewport: [vw, vh],
    page: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
    truncated,
  };
  const head = clone.querySelector("head") || clone.insertBefore(document.createElement("head"), clone.firstChild);
  const csp = document.createElement("meta");
  csp.setAttribute("http-equiv", "Content-Security-Policy");
  csp.setAttribute("content", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  head.insertBefore(csp, head.firstChild);
  const m = document.createElement("meta");
  m.setAttribute("name", "frictionaudit");
  m.setAttribute("content", JSON.stringify(meta));
  head.insertBefore(m, csp.nextSibling);
  let html = "<!DOCTYPE html>\n" + clone.outerHTML;
  if (html.length > LIMIT.html_chars) {
    truncated.push({ limit: "html", message: `snapshot cut at ${LIMIT.html_chars.toLocaleString("en")} of ${html.length.toLocaleString("en")} characters` });
    html = html.slice(0, LIMIT.html_chars);
  }
  return { html, meta };
})()
