/* Plenary vote: counts the typed and ticked numbers against the assembly's maximum. */
(function () {
  var form = document.getElementById("plenary-form");
  if (!form) { return; }
  var max = +form.dataset.max, out = document.getElementById("ticked-count");
  function count() {
    var typed = (form.numbers.value.match(/\d+/g) || []).length;
    var ticked = form.querySelectorAll("input[name=item]:checked").length;
    var n = typed + ticked;
    out.textContent = n + " / " + max + (n > max ? " ⚠" : "");
    out.className = n > max ? "hint over" : "hint";
  }
  form.addEventListener("input", count); count();
})();
