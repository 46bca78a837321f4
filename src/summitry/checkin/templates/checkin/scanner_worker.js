/* The scanner page's service worker (scope: the scanner's own path). The page opens without
   network after a first visit: its scripts and styles come from a cache filled at install
   (named after their contents, so a release replaces it); the page itself and the offline
   data (public key, revocations) are asked from the network first and kept, and served
   from the cache when the network is away. Scans are not here: the page queues them
   (scanner.js) and sends them when the network returns. */
"use strict";
const SETTINGS = {{ settings }};
const SHELL = SETTINGS.cache;
const LAST_DOOR = SETTINGS.scanner + "?last-door";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return cache.addAll(SETTINGS.assets);
    }).then(keepOpenPages).then(function () { return self.skipWaiting(); })
  );
});

function keepOpenPages() {
  // The scanner pages open now were loaded before this worker: keep them as they load now.
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (pages) {
    return Promise.all(pages.filter(function (page) {
      return new URL(page.url).pathname === SETTINGS.scanner;
    }).map(function (page) {
      const request = new Request(page.url, { credentials: "same-origin" });
      return fetch(request).then(function (response) {
        return keep(request, response, true);
      }).catch(function () {});
    }));
  });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.startsWith(SETTINGS.prefix) && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keep(request, response, isPage) {
  // Only a real answer (not the sign-in page a lapsed session is sent to) is kept.
  if (!response || response.status !== 200 || response.redirected) return response;
  const copy = response.clone();
  const kept = caches.open(SHELL).then(function (cache) {
    const puts = [cache.put(request, copy.clone())];
    if (isPage || request.mode === "navigate") puts.push(cache.put(LAST_DOOR, copy));
    return Promise.all(puts);
  });
  return kept.then(function () { return response; });
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    return keep(request, response);
  }).catch(function () {
    return caches.open(SHELL).then(function (cache) {
      return cache.match(request, { ignoreVary: true }).then(function (found) {
        if (found) return found;
        // Another door chosen offline: the page of the last door, whose form still works.
        if (request.mode === "navigate") return cache.match(LAST_DOOR, { ignoreVary: true });
        return undefined;
      });
    }).then(function (found) { return found || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return; // scans go to the network (or the page's queue)
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(SETTINGS.static)) {
    event.respondWith(
      caches.open(SHELL).then(function (cache) {
        return cache.match(request, { ignoreVary: true }).then(function (found) {
          return found || fetch(request).then(function (response) {
            if (response.ok) cache.put(request, response.clone());
            return response;
          });
        });
      })
    );
    return;
  }
  if (request.mode === "navigate" && url.pathname === SETTINGS.scanner) {
    event.respondWith(networkFirst(request));
    return;
  }
  if (url.pathname === SETTINGS.offline) event.respondWith(networkFirst(request));
});
