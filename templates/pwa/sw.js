{% autoescape off %}// The service worker of the installable app (served by stations.pwa.service_worker at /sw.js).
// It keeps: the site's own static files; the offline page; a copy of each offline-capable form the
// user opened (home visit, service record), so that a reload without signal shows the form with
// its draft. Everything else goes to the network, and a page that cannot be reached is answered
// with the offline page ("需要联网") instead of the browser's error.
"use strict";
const VERSION = "{{ version }}";
const STATIC_CACHE = "ss-static-" + VERSION;
const PAGES_CACHE = {{ pages_cache }};
const ASSETS = {{ assets }};
const OFFLINE_URL = {{ offline_url }};
const OFFLINE_FORMS = {{ offline_forms }}.map(function (source) { return new RegExp(source); });

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(ASSETS.concat([OFFLINE_URL])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("ss-static-") === 0 && key !== STATIC_CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isOfflineForm(url) {
  return OFFLINE_FORMS.some(function (pattern) { return pattern.test(url.pathname); });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") {
    return;  // a form post always goes to the server (offline.js keeps it in the outbox)
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (ASSETS.indexOf(url.pathname) !== -1 || url.pathname === OFFLINE_URL) {
    event.respondWith(caches.open(STATIC_CACHE).then(function (cache) {
      return cache.match(url.pathname).then(function (hit) { return hit || fetch(request); });
    }));
    return;
  }
  if (request.mode !== "navigate") {
    return;
  }
  const keep = isOfflineForm(url);
  const key = url.pathname + url.search;
  event.respondWith(
    fetch(request).then(function (response) {
      if (keep && response.ok && !response.redirected) {
        const copy = response.clone();
        event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) {
          return cache.put(key, copy);
        }));
      }
      return response;
    }).catch(function () {
      const kept = keep
        ? caches.open(PAGES_CACHE).then(function (cache) { return cache.match(key); })
        : Promise.resolve(undefined);
      return kept.then(function (hit) {
        return hit || caches.open(STATIC_CACHE).then(function (cache) {
          return cache.match(OFFLINE_URL);
        });
      });
    })
  );
});
{% endautoescape %}
