/* Voting tablet: warns when a ballot has more marks than it allows. */
document.querySelectorAll('section[data-max]').forEach(function (card) {
  card.addEventListener('change', function () {
    var n = card.querySelectorAll('input:checked').length;
    card.querySelector('.over').hidden = n <= Number(card.dataset.max);
  });
});
