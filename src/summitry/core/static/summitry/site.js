// Summitry's own behaviour, loaded on every page (no inline scripts: the CSP forbids them).

// A form with data-confirm (or the button that submits it: one form may hold a harmless and a
// destructive action) asks before it submits; its text names what will happen. Once
// answered here, the server's own confirmation page (shown to browsers without JavaScript)
// is not needed: the form says so with confirmed=1.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const question =
    (button && button.dataset && button.dataset.confirm) ||
    (form.dataset ? form.dataset.confirm : null);
  if (!question) {
    return;
  }
  if (!window.confirm(question)) {
    event.preventDefault();
    return;
  }
  if (!form.querySelector("input[name=confirmed]")) {
    const confirmed = document.createElement("input");
    confirmed.type = "hidden";
    confirmed.name = "confirmed";
    confirmed.value = "1";
    form.appendChild(confirmed);
  }
});

// A button with data-print prints the page.
document.addEventListener("click", (event) => {
  const button = event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) {
    window.print();
  }
});

// On a phone the console's menu starts folded (it is open without JavaScript).
document.addEventListener("DOMContentLoaded", () => {
  const menu = document.querySelector(".console-menu");
  if (menu && window.matchMedia("(max-width: 50rem)").matches) {
    menu.open = false;
  }
});

// A checkbox with data-check-all="<name>" ticks or clears every checkbox of that name in
// its form (a list's "tick all on this page").
document.addEventListener("change", (event) => {
  const box = event.target;
  const name = box.dataset ? box.dataset.checkAll : null;
  if (name && box.form) {
    box.form.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((other) => {
      other.checked = box.checked;
    });
  }
});
