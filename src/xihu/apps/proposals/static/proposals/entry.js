/* The proposal entry screen: saves without a reload, keeps the channel, collector, category,
   level and building for the next proposal, and shows the server's count of saved proposals.
   Ctrl+Enter saves (the hint is hidden on touch screens). Loaded from a file, not inline, for a
   strict Content-Security-Policy. */
(function () {
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var status = document.getElementById("entry-status");
  var count = document.getElementById("entry-count");
  var keep = ["channel", "collector_type", "category", "level", "building", "csrfmiddlewaretoken"];
  function first() { form.querySelector("textarea, input:not([type=hidden])").focus(); }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(window.location.href, {method: "POST", body: new FormData(form),
      headers: {"X-Requested-With": "fetch"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.ok) {
          status.className = "ok"; status.textContent = data.message;
          count.textContent = String(data.saved);
          Array.prototype.forEach.call(form.elements, function (el) {
            if (el.name && keep.indexOf(el.name) < 0 && el.type !== "submit" && !el.disabled) { el.value = ""; }
          });
        } else { status.className = "bad"; status.textContent = data.errors.join(" "); }
        first();
      })
      .catch(function () { form.submit(); });
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { form.requestSubmit(); }
  });
  first();
})();
