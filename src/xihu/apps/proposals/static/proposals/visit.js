/* Visit form: the proposal fields open when the outcome is "proposals given". A choice made
   before this script ran (a slow phone, a quick hand) counts too: it is read once at start. */
(function () {
  var fields = document.getElementById("proposal-fields");
  var chosen = document.querySelector("input[name=outcome][value=proposals]:checked");
  if (chosen) fields.open = true;
  document.querySelectorAll("input[name=outcome]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      fields.open = radio.value === "proposals" && radio.checked;
    });
  });
})();
