// Summitry's own behaviour, loaded on every page (no inline scripts: the CSP forbids them).
// A form with data-confirm asks before it submits; its text names what will happen.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset ? form.dataset.confirm : null;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A button with data-print prints the page.
document.addEventListener("click", (event) => {
  const button = event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) {
    window.print();
  }
});
