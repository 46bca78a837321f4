/* The scanner page without network: a scan made while the browser is offline is kept in
   localStorage with its own client_scan_id and the time it was made, the page shows how many
   wait, and they are sent (one by one, in order) as soon as the network returns. The server
   decides them as it would have online, at the time they were made; a scan sent twice counts
   once (client_scan_id), so a sync cut halfway is simply sent again. The signature is checked
   by the server, not here. Online, the form posts as usual. */
(function () {
  "use strict";
  const form = document.querySelector("form.scanner-scan");
  const box = document.getElementById("scanner-offline");
  if (!form || !box) return;
  const KEY = "summitry-checkin-queue:" + box.dataset.summit;
  const field = form.querySelector("#code");
  const idField = form.querySelector("input[name=client_scan_id]");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const count = box.querySelector(".offline-count");
  const state = box.querySelector(".offline-state");
  const log = box.querySelector(".offline-log");
  let sending = false;

  function queue() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
  }
  function save(items) {
    window.localStorage.setItem(KEY, JSON.stringify(items));
  }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(16) + Math.random().toString(16).slice(2);
  }
  function show() {
    const waiting = queue().length;
    count.textContent = String(waiting);
    box.hidden = waiting === 0 && navigator.onLine && !log.childElementCount;
    box.classList.toggle("is-offline", !navigator.onLine);
    state.textContent = navigator.onLine ? box.dataset.online : box.dataset.offline;
  }
  function note(text, kind) {
    const item = document.createElement("li");
    item.textContent = text;
    item.className = kind;
    log.prepend(item);
    while (log.childElementCount > 20) log.lastElementChild.remove();
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) return; // the usual post
    event.preventDefault();
    const code = field.value.trim();
    if (!code) return;
    const items = queue();
    items.push({
      code: code,
      client_scan_id: idField.value,
      zone: box.dataset.zone,
      direction: box.dataset.direction,
      door: box.dataset.door,
      at: new Date().toISOString(),
    });
    save(items);
    note(box.dataset.queued, "offline-queued");
    idField.value = newId(); // the next scan is another scan
    field.value = "";
    field.focus();
    show();
  });

  async function sync() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      let items = queue();
      while (items.length && navigator.onLine) {
        const item = items[0];
        const body = new FormData();
        Object.keys(item).forEach(function (key) { body.append(key, item[key]); });
        let response;
        try {
          response = await fetch(box.dataset.sync, {
            method: "POST",
            body: body,
            headers: { "X-CSRFToken": token },
            credentials: "same-origin",
          });
        } catch (error) {
          break; // the network went again: keep the queue
        }
        if (response.status >= 500) break;
        const answer = await response.json().catch(function () { return {}; });
        if (response.ok) {
          const who = answer.name ? answer.name + ": " : "";
          note(who + answer.message, answer.result === "refused" ? "offline-refused" : "offline-enter");
        } else {
          note(answer.error || String(response.status), "offline-refused");
        }
        items = queue().filter(function (other) { return other.client_scan_id !== item.client_scan_id; });
        save(items);
        show();
      }
    } finally {
      sending = false;
      show();
    }
  }

  window.addEventListener("online", function () { show(); sync(); });
  window.addEventListener("offline", show);
  show();
  sync();
})();
