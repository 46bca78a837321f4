// The console's floor plan: drag an exhibitor waiting for a booth onto a booth shape, and the
// page posts the exhibitor's usual "assign" action (the same form the exhibitor's page has,
// with the booth's id) and comes back to the plan with the server's message. The server keeps
// the rules (one booth never holds two exhibitors; one booth per exhibitor unless allowed):
// a booth already taken is refused there with its clear message. Without JavaScript, staff
// click a booth or open the exhibitor and choose its booth from a list.
(() => {
  "use strict";

  const form = () => document.getElementById("booth-drop");
  let dragged = null;

  function boothOf(target) {
    return target && target.closest ? target.closest("g[data-booth-id]") : null;
  }

  function clearMarks() {
    for (const g of document.querySelectorAll(".floor-plan .booth-drop-target")) {
      g.classList.remove("booth-drop-target");
    }
  }

  document.addEventListener("dragstart", (event) => {
    const item = event.target.closest && event.target.closest(".waiting-exhibitor");
    if (!item) return;
    dragged = item;
    item.classList.add("is-dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.name || "");
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragged");
    dragged = null;
    clearMarks();
  });

  document.addEventListener("dragover", (event) => {
    const booth = boothOf(event.target);
    if (!dragged || !booth) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!booth.classList.contains("booth-drop-target")) {
      clearMarks();
      booth.classList.add("booth-drop-target");
    }
  });

  document.addEventListener("dragleave", (event) => {
    const booth = boothOf(event.target);
    if (booth && !booth.contains(event.relatedTarget)) booth.classList.remove("booth-drop-target");
  });

  document.addEventListener("drop", (event) => {
    const booth = boothOf(event.target);
    if (!dragged || !booth) return;
    event.preventDefault();
    const post = form();
    post.action = dragged.dataset.assign;
    post.elements.booth.value = booth.dataset.boothId;
    dragged = null;
    post.submit();
  });
})();
