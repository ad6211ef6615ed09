/* The voter's tablet: warn as soon as a ballot has more marks than allowed. Loaded from a file,
   not inline, for a strict Content-Security-Policy. */
document.querySelectorAll('section[data-max]').forEach(function (card) {
  card.addEventListener('change', function () {
    var n = card.querySelectorAll('input:checked').length;
    card.querySelector('.over').hidden = n <= Number(card.dataset.max);
  });
});
