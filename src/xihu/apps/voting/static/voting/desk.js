/* Registration desk: picking a register entry shows the name and sets the basis (the server does
   the same). */
document.querySelectorAll('input[name=resident]').forEach(function (radio) {
  radio.addEventListener('change', function () {
    document.getElementById('id_name').value = radio.dataset.name;
    document.getElementById('id_basis').value = 'register';
  });
});
