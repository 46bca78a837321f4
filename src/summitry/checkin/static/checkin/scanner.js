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

  async function keepOffline(code) {
    const id = idField.value;
    idField.value = newId(); // the next scan is another scan
    field.value = "";
    if (!form.dataset.inPage) field.focus();
    const data = offlineData();
    const check = await checkHere(code, data).catch(function () { return null; });
    const items = queue();
    items.push({
      code: code,
      client_scan_id: id,
      zone: box.dataset.zone,
      direction: box.dataset.direction,
      door: box.dataset.door,
      at: new Date().toISOString(),
      // The device's own verdict (shown now; the server decides at the sync).
      local: check ? check.reason || "enter" : "",
      local_badge: check && check.badge ? check.badge : "",
      local_day: data ? today(data.time_zone) : "",
    });
    save(items);
    note(box.dataset.queued, "offline-queued");
    if (check) showHere(check);
    show();
  }

  /* The verdict on this device while offline, from the kept public key (Ed25519 in the
     browser's Web Crypto) and revocations: the code's signature, revoked or superseded, the
     zone and day of its category, and a badge let in here already since the network went.
     null when it cannot tell (no kept data, no Ed25519 in this browser, an exit door). */
  const verdicts = {};
  box.querySelectorAll(".offline-verdicts dd").forEach(function (item) {
    verdicts[item.dataset.verdict] = item.textContent;
  });
  const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const PAYLOAD = 15;
  const SIGNATURE = 64;

  function offlineData() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY + ":data") || "null");
    } catch (error) {
      return null;
    }
  }
  function today(timeZone) {
    try {
      return new Intl.DateTimeFormat("en-CA", {
        timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit",
      }).format(new Date());
    } catch (error) {
      return new Date().toISOString().slice(0, 10);
    }
  }
  function base32(text) {
    const out = [];
    let bits = 0;
    let value = 0;
    for (const letter of text) {
      const index = B32.indexOf(letter);
      if (index < 0) return null;
      value = ((value << 5) | index) & 0xffff;
      bits += 5;
      if (bits >= 8) {
        out.push((value >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return new Uint8Array(out);
  }
  async function checkHere(code, data) {
    if (!data || box.dataset.direction === "out" || !window.crypto || !window.crypto.subtle) return null;
    const text = code.trim().toUpperCase();
    const raw = text.startsWith(data.code_prefix) ? base32(text.slice(data.code_prefix.length)) : null;
    if (!raw || raw.length !== PAYLOAD + SIGNATURE) return { reason: "forged" };
    const payload = raw.slice(0, PAYLOAD);
    let genuine;
    try {
      const bytes = Uint8Array.from(window.atob(data.key), function (c) { return c.charCodeAt(0); });
      const key = await window.crypto.subtle.importKey("raw", bytes, { name: "Ed25519" }, false, ["verify"]);
      genuine = await window.crypto.subtle.verify({ name: "Ed25519" }, key, raw.slice(PAYLOAD), payload);
    } catch (error) {
      return null; // this browser cannot verify Ed25519: the server will
    }
    const view = new DataView(payload.buffer);
    const badge = view.getUint32(0);
    const version = view.getUint16(4);
    const first = view.getUint16(10);
    const mask = view.getUint16(12);
    if (!genuine || view.getUint8(14) !== 1) return { reason: "forged" };
    const current = data.versions[String(badge)];
    if (current !== undefined && version > current) return { badge: badge, reason: "forged" };
    if (data.revoked.indexOf(badge) >= 0) return { badge: badge, reason: "revoked" };
    if (current !== undefined && version < current) return { badge: badge, reason: "superseded" };
    const zones = data.zones[String(view.getUint32(6))] || [];
    if (zones.indexOf(Number(box.dataset.zone)) < 0) return { badge: badge, reason: "zone" };
    const day = today(data.time_zone);
    if (first) {
      const offset = Math.round(Date.parse(day) / 86400000) - first;
      if (offset < 0 || offset >= 16 || !((mask >> offset) & 1)) return { badge: badge, reason: "day" };
    }
    const inside = queue().some(function (item) {
      return item.local === "enter" && Number(item.local_badge) === badge &&
        item.zone === box.dataset.zone && item.local_day === day;
    });
    return { badge: badge, reason: inside ? "already_inside" : "" };
  }
  function showHere(check) {
    const section = document.createElement("section");
    section.className = "scan-result scan-offline " + (check.reason ? "scan-refused" : "scan-enter");
    section.setAttribute("role", "status");
    const verdict = document.createElement("p");
    verdict.className = "scan-verdict";
    verdict.textContent = verdicts[check.reason || "enter"] || "";
    const remark = document.createElement("p");
    remark.className = "scan-offline-note";
    remark.textContent = verdicts.note || "";
    section.append(verdict, remark);
    swap(".scanner .scan-result", section, form);
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
      if (!data) return;
      window.localStorage.setItem(KEY + ":data", JSON.stringify(data));
      box.dataset.kept = data.as_of;
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
