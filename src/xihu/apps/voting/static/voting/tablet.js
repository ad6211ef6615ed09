/* The voter's tablet (voting/tablet.html). Loaded from a file, not inline, for a strict
   Content-Security-Policy. Warns as soon as a ballot has more marks than allowed, and shows the
   review in the page: "Review" lists the marked projects of each ballot in #check, whose "Cast"
   button posts the form with confirm=1 and whose "Change" goes back to the marks. Without this
   script "Review" posts the marks and the server shows the same review as a page of its own. */
(function () {
  var marking = document.getElementById('marking');
  var check = document.getElementById('check');
  var cards = document.querySelectorAll('#marking section[data-max]');

  function marked(card) {
    return card.querySelectorAll('input[type=checkbox]:checked');
  }

  function warn(card) {
    card.querySelector('.over').hidden = marked(card).length <= Number(card.dataset.max);
  }

  // Marks the browser restored (back to the page) or made before this script ran count too.
  cards.forEach(function (card) {
    warn(card);
    card.addEventListener('change', function () { warn(card); });
  });

  function showReview() {
    cards.forEach(function (card) {
      var review = document.getElementById('review-' + card.dataset.ballot);
      var list = review.querySelector('ol.chosen');
      var boxes = marked(card);
      list.replaceChildren();
      boxes.forEach(function (box) {
        var item = document.createElement('li');
        box.parentNode.querySelectorAll('span').forEach(function (span, i) {
          if (i) { item.append(' '); }
          item.append(span.cloneNode(true));
        });
        list.append(item);
      });
      list.hidden = boxes.length === 0;
      review.querySelector('.blank').hidden = boxes.length !== 0;
      review.querySelector('.over').hidden = boxes.length <= Number(card.dataset.max);
    });
    marking.hidden = true;
    check.hidden = false;
    window.scrollTo(0, 0);
    document.getElementById('check-title').focus();
  }

  if (!marking || !check) { return; }
  // A click, or Enter in the form (which clicks the first submit button, this one).
  document.getElementById('review').addEventListener('click', function (event) {
    event.preventDefault();
    showReview();
  });
  document.getElementById('change').addEventListener('click', function () {
    check.hidden = true;
    marking.hidden = false;
    document.getElementById('review').focus();
  });
}());
