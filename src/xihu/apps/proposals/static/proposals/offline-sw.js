/* Xihu service worker (served at /editions/<slug>/proposals/offline-sw.js): the collection page
   and its files come from the network when there is one, from the cache when there is none.
   Map tiles seen before are kept too (the last 600), so the picker still shows the streets. */
"use strict";
var CACHE = "xihu-offline-v1";
var TILES = "xihu-tiles-v1";
var TILE_LIMIT = 600;
var STATIC = "__STATIC__";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function keep(cacheName, request, response) {
  var copy = response.clone();
  return caches.open(cacheName).then(function (cache) { return cache.put(request, copy); });
}

function trimTiles() {
  return caches.open(TILES).then(function (cache) {
    return cache.keys().then(function (keys) {
      return Promise.all(keys.slice(0, Math.max(0, keys.length - TILE_LIMIT)).map(function (k) { return cache.delete(k); }));
    });
  });
}

function networkFirst(request, cacheName, worthKeeping) {
  return fetch(request).then(function (response) {
    if (worthKeeping(response)) { keep(cacheName, request, response); }
    return response;
  }).catch(function () {
    return caches.match(request, {ignoreSearch: request.mode === "navigate"}).then(function (hit) {
      return hit || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    if (request.destination === "image") {  // a map tile
      event.respondWith(networkFirst(request, TILES, function (r) {
        trimTiles();
        return r.ok || r.type === "opaque";
      }));
    }
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, CACHE, function (r) {
      return r.ok && !r.redirected && /\/offline\/$/.test(url.pathname);
    }));
  } else if (url.pathname.indexOf(STATIC) === 0) {
    event.respondWith(networkFirst(request, CACHE, function (r) { return r.ok; }));
  }
});
