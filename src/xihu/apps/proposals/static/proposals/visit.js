/* Visit form: the proposal fields open when the outcome is "proposals given". */
document.querySelectorAll("input[name=outcome]").forEach(function (radio) {
  radio.addEventListener("change", function () {
    document.getElementById("proposal-fields").open = radio.value === "proposals" && radio.checked;
  });
});
