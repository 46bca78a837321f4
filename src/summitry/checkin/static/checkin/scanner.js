/* The scanner page without network: a scan made while the browser is offline is kept in
   localStorage with its own client_scan_id and the time it was made, the page shows how many
   wait, and they are sent (one by one, in order) as soon as the network returns. The server
   decides them as it would have online, at the time they were made; a scan sent twice counts
   once (client_scan_id), so a sync cut halfway is simply sent again. The signature is checked
   by the server, not here. Online, the form posts as usual; while the camera scans
   (camera.js sets the form's data-in-page), it posts from the page and shows the answer in
   place, so that the camera keeps running. The page registers its service worker, which keeps
   the page, its scripts, the public key and the revocations for opening it offline. */
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
  // Each page gets a new id (the page may come from the offline cache, with an id used).
  idField.value = newId();

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

  function keepOffline(code) {
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
    if (!form.dataset.inPage) field.focus();
    show();
  }

  function swap(selector, fresh, before) {
    const current = document.querySelector(selector);
    if (current && fresh) current.replaceWith(fresh);
    else if (current) current.remove();
    else if (fresh) before.parentNode.insertBefore(fresh, before);
  }

  async function sendInPage(code) {
    const body = new FormData(form);
    idField.value = newId(); // the next scan is another scan
    field.value = "";
    let response;
    try {
      response = await fetch(form.action, { method: "POST", body: body, credentials: "same-origin" });
    } catch (error) {
      idField.value = body.get("client_scan_id");
      keepOffline(code); // the network went: keep it as an offline scan
      return;
    }
    if (response.redirected && !response.url.includes(box.dataset.scanner)) {
      window.location.assign(response.url); // signed out: the sign-in page
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    swap("main .messages", page.querySelector("main .messages"), document.querySelector(".console"));
    swap(".scanner .scan-result", page.querySelector(".scanner .scan-result"), form);
  }

  form.addEventListener("submit", function (event) {
    const code = field.value.trim();
    if (navigator.onLine && !form.dataset.inPage) return; // the usual post
    event.preventDefault();
    if (!code) return;
    if (navigator.onLine) sendInPage(code);
    else keepOffline(code);
  });

  function fetchOfflineData() {
    // The service worker keeps the answer; the page keeps it too, to tell how old it is.
    if (!navigator.onLine || !box.dataset.offlineData) return;
    fetch(box.dataset.offlineData, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data) window.localStorage.setItem(KEY + ":data", JSON.stringify(data));
    }).catch(function () {});
  }
  if ("serviceWorker" in navigator && box.dataset.worker) {
    navigator.serviceWorker.register(box.dataset.worker).catch(function () {});
  }

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

  window.addEventListener("online", function () { show(); sync(); fetchOfflineData(); });
  window.addEventListener("offline", show);
  show();
  sync();
  fetchOfflineData();
})();
