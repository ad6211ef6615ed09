/* Xihu maps (Leaflet): the map picker of the proposal forms and the maps of points.
   Progressive: without JavaScript, or without Leaflet, the latitude and longitude fields and the
   lists under the maps stay as they are. No inline script or style (CSP script-src 'self'). */
(function () {
  "use strict";
  var PLACES = 6;

  function config() {
    var el = document.getElementById("xihu-map-config");
    return el ? el.dataset : null;
  }

  function newMap(container, cfg) {
    var map = L.map(container, {scrollWheelZoom: false, tap: true});
    var options = {maxZoom: Number(cfg.maxZoom) || 18, attribution: cfg.attribution,
                   subdomains: cfg.subdomains || "abc", key: cfg.key || ""};
    L.tileLayer(cfg.tiles, options).addTo(map);
    if (cfg.labels) { L.tileLayer(cfg.labels, options).addTo(map); }
    map.setView([Number(cfg.lat), Number(cfg.lng)], Number(cfg.zoom) || 14);
    return map;
  }

  function refreshWhenShown(container, map) {
    var details = container.closest("details");
    if (details) {
      details.addEventListener("toggle", function () { if (details.open) { map.invalidateSize(); } });
    }
  }

  /* --- the picker: a map above a form's latitude and longitude fields ------------------- */
  function pickerFor(form, cfg) {
    var lat = form.querySelector("input[name$=latitude]");
    var lng = form.querySelector("input[name$=longitude]");
    if (!lat || !lng || form.dataset.mapPicker === "on") { return; }
    form.dataset.mapPicker = "on";
    var box = document.createElement("div");
    box.className = "map-picker";
    var hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = cfg.pickHint;
    var canvas = document.createElement("div");
    canvas.className = "map map-pick";
    canvas.setAttribute("role", "application");
    canvas.setAttribute("aria-label", cfg.pickHint);
    var buttons = document.createElement("p");
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "map-clear";
    clear.textContent = cfg.clear;
    buttons.appendChild(clear);
    if (navigator.geolocation) {
      var here = document.createElement("button");
      here.type = "button";
      here.className = "map-here";
      here.textContent = cfg.here;
      buttons.appendChild(here);
    }
    box.appendChild(hint);
    box.appendChild(canvas);
    box.appendChild(buttons);
    var anchor = lat.closest("p") || lat;
    anchor.parentNode.insertBefore(box, anchor);

    var map = newMap(canvas, cfg);
    var marker = null;
    refreshWhenShown(canvas, map);

    function put(latlng, pan) {
      if (!marker) { marker = L.marker(latlng, {keyboard: false}).addTo(map); }
      else { marker.setLatLng(latlng); }
      if (pan) { map.panTo(latlng); }
    }
    var shown = null;
    function fromFields() {
      if (shown === lat.value + "," + lng.value) { return; }
      shown = lat.value + "," + lng.value;
      var a = parseFloat(lat.value), b = parseFloat(lng.value);
      if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) { put([a, b], true); }
      else if (marker) { map.removeLayer(marker); marker = null; }
    }
    function set(latlng) {
      var wrapped = latlng.wrap();
      lat.value = wrapped.lat.toFixed(PLACES);
      lng.value = wrapped.lng.toFixed(PLACES);
      put(wrapped, false);
      shown = lat.value + "," + lng.value;
      lat.dispatchEvent(new Event("change", {bubbles: true}));
    }
    map.on("click", function (e) { set(e.latlng); });
    lat.addEventListener("input", fromFields);
    lng.addEventListener("input", fromFields);
    clear.addEventListener("click", function () {
      lat.value = ""; lng.value = ""; fromFields();
      lat.dispatchEvent(new Event("change", {bubbles: true}));
    });
    if (here) {
      here.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          var p = L.latLng(pos.coords.latitude, pos.coords.longitude);
          set(p); map.setView(p, Math.max(map.getZoom(), 17));
        });
      });
    }
    form.addEventListener("reset", function () { setTimeout(fromFields, 0); });
    form.addEventListener("xihu:cleared", fromFields);
    form.addEventListener("focusin", fromFields);  // a script that cleared the fields quietly
    fromFields();
  }

  /* --- maps of points: <div data-map-list="ID"> shows the [data-lat] items of list #ID ---- */
  function pointsMap(canvas, cfg) {
    var list = document.getElementById(canvas.dataset.mapList);
    if (!list) { return; }
    var map = newMap(canvas, cfg);
    var bounds = [];
    list.querySelectorAll("[data-lat][data-lng]").forEach(function (item) {
      var p = [Number(item.dataset.lat), Number(item.dataset.lng)];
      var cls = "pt pt-" + item.dataset.kind + (item.dataset.status ? " st-" + item.dataset.status : " st-none");
      var mark = L.circleMarker(p, {radius: item.dataset.kind === "proposal" ? 6 : 9, className: cls});
      var label = item.querySelector(".pt-label");
      mark.bindPopup((label || item).textContent.trim());
      mark.addTo(map);
      bounds.push(p);
    });
    if (bounds.length) { map.fitBounds(bounds, {padding: [24, 24], maxZoom: 17}); }
    canvas.dataset.points = String(bounds.length);
  }

  function start() {
    var cfg = config();
    if (!cfg || typeof L === "undefined") { return; }
    document.querySelectorAll("form").forEach(function (form) { pickerFor(form, cfg); });
    document.querySelectorAll("[data-map-list]").forEach(function (canvas) { pointsMap(canvas, cfg); });
    document.documentElement.dataset.maps = "ready";
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
