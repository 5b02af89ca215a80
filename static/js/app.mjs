// Progressive enhancement only: every page works without it.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Back from a form that sends you to the element you used (the agenda's "Move up/down" redirect
// to "#move-up-<id>"): keyboard focus goes to that element, not to the top of the page.
const returnTo = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
if (returnTo && returnTo.hasAttribute("data-return-focus")) {
  returnTo.focus();
}
