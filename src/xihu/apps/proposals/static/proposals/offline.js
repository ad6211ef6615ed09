/* Collection with no signal (proposals/offline.html): records are kept in this phone's
   localStorage, each with a client id (a UUID made here), and sent to the sync endpoint when
   there is a signal. The server makes each record once: sending one again, because the answer
   was lost or the page sent twice, returns what the first send made. Once sent, a record keeps
   only its summary and receipt code on the phone (the proposer's name and phone are dropped). */
(function () {
  "use strict";
  var CACHE = "xihu-offline-v1";
  var box = document.getElementById("sync-box");
  var form = document.getElementById("offline-form");
  if (!box || !form) { return; }
  var t = {};  // the page's settings and texts: data-sync-url as t.syncUrl, data-t-sent as t.sent
  Object.keys(box.dataset).forEach(function (key) {
    var name = /^t[A-Z]/.test(key) ? key.charAt(1).toLowerCase() + key.slice(2) : key;
    t[name] = box.dataset[key];
  });
  var state = document.getElementById("sync-state");
  var list = document.getElementById("sync-list");
  var error = document.getElementById("offline-error");
  var household = document.getElementById("id_household");
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(t.store) || "[]"); } catch (e) { return []; }
  }
  function store(records) { localStorage.setItem(t.store, JSON.stringify(records)); }
  function fmt(text, n) { return text.replace("{n}", String(n)); }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function value(name) {
    var el = form.elements[name];
    if (!el) { return ""; }
    return (el.value === undefined ? "" : el.value).trim();
  }
  function checked(name) {
    var el = form.querySelector("input[name=" + name + "]:checked");
    return el ? el.value : "";
  }

  function render() {
    var records = load();
    var waiting = records.filter(function (r) { return r.state === "waiting"; }).length;
    var refused = records.filter(function (r) { return r.state === "refused"; }).length;
    var text;
    if (!records.length) { text = t.none; }
    else if (sending) { text = t.sending; }
    else if (waiting && !navigator.onLine) { text = fmt(t.offline, waiting); }
    else if (waiting) { text = fmt(t.waiting, waiting); }
    else { text = fmt(t.done, records.length - refused); }
    if (refused) { text += " " + fmt(t.refusedN, refused); }
    state.textContent = text;
    state.className = navigator.onLine ? "" : "offline";
    box.dataset.waiting = String(waiting);
    box.dataset.sent = String(records.length - waiting - refused);
    list.textContent = "";
    records.slice().reverse().forEach(function (r) {
      var li = document.createElement("li");
      li.dataset.clientId = r.client_id;
      li.dataset.state = r.state;
      var badge = document.createElement("span");
      badge.className = "state " + (r.state === "sent" ? "ok" : r.state);
      badge.textContent = r.state === "sent" ? t.sent : (r.state === "refused" ? t.refused : t.kept);
      li.appendChild(badge);
      li.appendChild(document.createTextNode(" " + r.summary));
      if (r.receipt) { li.appendChild(document.createTextNode(" · " + t.receipt + " " + r.receipt)); }
      if (r.errors && r.errors.length) { li.appendChild(document.createTextNode(" · " + r.errors.join(" "))); }
      list.appendChild(li);
    });
  }

  function csrf() { return form.elements.csrfmiddlewaretoken.value; }

  function sendOne(record) {
    return fetch(t.syncUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
      body: JSON.stringify(record.payload)
    }).then(function (response) {
      if (response.status >= 500) { throw new Error("server " + response.status); }
      return response.json().catch(function () {  // an error page, not the endpoint's answer
        return {ok: false, errors: [response.status + " " + response.statusText]};
      }).then(function (data) { return {status: response.status, data: data}; });
    });
  }

  function settle(clientId, answer) {
    var records = load();
    records.forEach(function (r) {
      if (r.client_id !== clientId) { return; }
      if (answer.data.ok) {
        r.state = "sent"; r.receipt = answer.data.receipt || ""; r.errors = [];
        delete r.payload;  // the proposer's name and phone leave the phone once they are sent
      } else {
        r.state = "refused"; r.errors = answer.data.errors || [];
      }
    });
    store(records);
  }

  function sync() {
    if (sending || !navigator.onLine) { render(); return Promise.resolve(); }
    var next = load().filter(function (r) { return r.state === "waiting"; })[0];
    if (!next) { render(); return Promise.resolve(); }
    sending = true; render();
    return sendOne(next).then(function (answer) {
      settle(next.client_id, answer);
      sending = false;
      return sync();
    }, function () {  // no signal after all, or a server error: keep it and try later
      sending = false; render();
    });
  }

  function summary(payload) {
    var parts = [];
    if (payload.household) {
      var option = household.querySelector("option[value='" + payload.household + "']");
      parts.push(t.visit + " " + (option ? option.textContent : payload.household));
    }
    if (payload.proposal) { parts.push(t.proposal + " " + payload.proposal.content.slice(0, 30)); }
    return parts.join(" · ");
  }

  function collect() {
    var payload = {client_id: uuid(), household: value("household") || null, collector_type: checked("collector_type"),
                   note: value("note"), channel: value("channel") || "booth"};
    var withProposal = true;
    if (payload.household) {
      payload.outcome = checked("outcome");
      if (!payload.outcome) { throw new Error(t.needOutcome); }
      withProposal = payload.outcome === "proposals";
    }
    if (withProposal) {
      var p = {};
      ["content", "title", "location_text", "category", "level", "latitude", "longitude",
       "proposer_name", "proposer_contact"].forEach(function (name) { p[name] = value("p-" + name); });
      if (p.content.length < 4) { throw new Error(t.needContent); }
      payload.proposal = p;
    }
    return payload;
  }

  function showParts() {
    var visit = !!household.value;
    document.getElementById("outcome-set").classList.toggle("is-hidden", !visit);
    document.getElementById("channel-set").classList.toggle("is-hidden", visit);
    document.getElementById("proposal-set").classList.toggle("is-hidden", visit && checked("outcome") !== "proposals");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var payload;
    try { payload = collect(); } catch (e) { error.textContent = e.message; return; }
    error.textContent = "";
    var records = load();
    records.push({client_id: payload.client_id, payload: payload, summary: summary(payload),
                  state: "waiting", kept_at: new Date().toISOString()});
    store(records);
    var keep = {collector_type: checked("collector_type"), channel: value("channel")};
    form.reset();
    form.querySelectorAll("input[name=collector_type]").forEach(function (r) { r.checked = r.value === keep.collector_type; });
    form.elements.channel.value = keep.channel;
    form.dispatchEvent(new Event("xihu:cleared"));
    showParts();
    render();
    sync();
  });
  form.addEventListener("change", showParts);
  document.getElementById("sync-now").addEventListener("click", function () {
    // refused records are tried again too (after logging in again, say): a record already made
    // is only found again, never made twice
    store(load().map(function (r) { if (r.state === "refused" && r.payload) { r.state = "waiting"; } return r; }));
    sync();
  });
  window.addEventListener("online", function () { sync(); });
  window.addEventListener("offline", render);
  setInterval(sync, 30000);

  /* Installable and usable with no signal: the service worker answers from the cache when the
     network fails; the page puts itself and its files in that cache. */
  function cacheThisPage() {
    var urls = [location.pathname];
    document.querySelectorAll("link[rel=stylesheet], link[rel=manifest]").forEach(function (l) { urls.push(l.href); });
    document.querySelectorAll("script[src]").forEach(function (s) { urls.push(s.src); });
    document.querySelectorAll("link[href$='leaflet/leaflet.css']").forEach(function (l) {  // the picker's pin
      ["marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"].forEach(function (name) {
        urls.push(l.href.replace(/leaflet\.css$/, "images/" + name));
      });
    });
    return caches.open(CACHE).then(function (cache) { return cache.addAll(urls); });
  }
  if ("serviceWorker" in navigator && window.caches && navigator.onLine) {
    navigator.serviceWorker.register(t.workerUrl, {scope: t.scope})
      .then(function () { return navigator.serviceWorker.ready; })
      .then(cacheThisPage)
      .then(function () {
        document.getElementById("offline-ready").textContent = t.ready;
        document.documentElement.dataset.offlineReady = "1";
      })
      .catch(function () { });
  }
  showParts();
  render();
  sync();
})();
