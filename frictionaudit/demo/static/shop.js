// The shop's only script: the cookie banner, the rough shop's pop-up, the checkout help menu
// and the show-password toggle. Nothing here navigates.
"use strict";

function recordConsent(choice) {
  document.cookie = `consent=${choice}; path=/; max-age=15552000; SameSite=Lax`;
  document.querySelector("[data-cookie-banner]")?.remove();
  fetch("/cookies", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: `choice=${choice}`,
  }).catch(() => {});
}

function closePopup() {
  const popup = document.querySelector("[data-popup]");
  if (popup) popup.hidden = true;
}

document.addEventListener("click", (event) => {
  const target = event.target.closest(
    "[data-consent], [data-cookie-settings], [data-popup-close], [data-menu-toggle], [data-reveal]",
  );
  if (!target) return;
  if (target.dataset.consent) {
    recordConsent(target.dataset.consent);
  } else if (target.hasAttribute("data-cookie-settings")) {
    document.querySelector("[data-cookie-layer]").hidden = false;
  } else if (target.hasAttribute("data-popup-close")) {
    closePopup();
  } else if (target.hasAttribute("data-menu-toggle")) {
    const open = target.getAttribute("aria-expanded") !== "true";
    target.setAttribute("aria-expanded", String(open));
    document.getElementById(target.getAttribute("aria-controls")).classList.toggle("is-open", open);
  } else {
    const input = document.getElementById(target.dataset.reveal);
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    target.setAttribute("aria-pressed", String(show));
    target.textContent = show ? target.dataset.hide : target.dataset.show;
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closePopup();
});

const popup = document.querySelector("[data-popup]");
if (popup) {
  popup.hidden = false;
  popup.querySelector("input")?.focus();
}
