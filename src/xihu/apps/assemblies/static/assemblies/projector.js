/* The projector's live count reloads itself every data-refresh seconds: a script, not a
   <meta http-equiv="refresh">, so that it can be paused (WCAG 2.2.1/2.2.2). The pause is kept
   in the address (#paused), so a paused board stays paused. */
(function () {
  var seconds = Number(document.body.dataset.refresh);
  var button = document.getElementById("projector-pause");
  var timer = null;
  function paused() { return window.location.hash === "#paused"; }
  function show() {
    window.clearTimeout(timer);
    timer = null;
    if (!paused() && seconds > 0) {
      timer = window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
    }
    if (button) { button.textContent = paused() ? button.dataset.resume : button.dataset.pause; }
  }
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (paused()) { history.replaceState(null, "", window.location.pathname + window.location.search); }
      else { window.location.hash = "paused"; }
      show();
    });
  }
  window.addEventListener("hashchange", show);
  show();
})();
