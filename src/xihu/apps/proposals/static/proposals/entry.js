/* Entry screen: saves one proposal per screen without reloading, keeps the shared fields,
   Ctrl+Enter saves. Without JavaScript the form posts as usual. */
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
          count.textContent = String(Number(count.textContent) + 1);
          Array.prototype.forEach.call(form.elements, function (el) {
            if (el.name && keep.indexOf(el.name) < 0 && el.type !== "submit") { el.value = ""; }
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
