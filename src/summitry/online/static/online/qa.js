// Live questions and polls. The region (#qa-live) polls every second with htmx and swaps the
// answer inside itself, so its timer keeps a steady one-second rhythm; each answer names the
// address of the next poll (data-live-url: the version it shows, so that the server answers
// 204 while nothing changes), which is given to htmx here. What every viewer sees alike is
// rendered once per change for all of them (core.live); what is the viewer's own comes as data
// on the answer (data-voted: the questions they voted for; data-answered: their poll answers)
// and is marked here. Without JavaScript the page is the viewer's own, whole, and does not move.
(function () {
  "use strict";

  function ids(value) {
    return (value || "").split(" ").filter(Boolean);
  }

  function mark(state) {
    ids(state.dataset.voted).forEach(function (id) {
      var button = state.querySelector("#question-" + id + " .votes button");
      if (button) {
        button.disabled = true;
        button.setAttribute("aria-pressed", "true");
        button.textContent = state.dataset.votedLabel;
      }
    });
    ids(state.dataset.answered).forEach(function (id) {
      state.querySelectorAll('input[name="option"][value="' + id + '"]').forEach(function (input) {
        input.checked = true;
      });
    });
  }

  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (!elt.querySelectorAll) {
      return;
    }
    if (elt.matches(".qa-live-state")) {
      mark(elt);
    }
    elt.querySelectorAll(".qa-live-state").forEach(mark);
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt.id !== "qa-live" || event.detail.verb !== "get") {
      return;
    }
    var state = elt.querySelector(".qa-live-state[data-live-url]");
    if (state) {
      event.detail.path = state.dataset.liveUrl;
    }
  });
})();
