/* The registration desk: picking a register entry shows the name and sets the basis (the server
   does the same). Loaded from a file, not inline, for a strict Content-Security-Policy. */
document.querySelectorAll('input[name=resident]').forEach(function (radio) {
  radio.addEventListener('change', function () {
    document.getElementById('id_name').value = radio.dataset.name;
    document.getElementById('id_basis').value = 'register';
  });
});
