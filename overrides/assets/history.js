/* "Compare any two revisions" on a policy's history page (a theme file, not under docs/: the
   docs tree holds only policy sources and stylesheets).

   The form is hidden in the HTML and shown here; it opens one of the links listed below it
   (what a reader without JavaScript uses), so the URL style of the build (directories online,
   .html files offline) and file:// need nothing special. */
document.querySelectorAll("form[data-history-compare]").forEach(function (form) {
  var message = form.querySelector(".history-compare-message");
  // The choices are the page's revisions (its "rev-<date>" headings, newest first): written once
  // in the page, not once per select.
  var revisions = Array.prototype.map.call(document.querySelectorAll('article h2[id^="rev-"]'), function (h) {
    return [h.id.slice(4), h.childNodes[0].textContent.trim()];
  });
  form.querySelectorAll("select").forEach(function (select) {
    revisions.forEach(function (revision) {
      var option = new Option(revision[1], revision[0]);
      option.selected = revision[0] === select.dataset.default;
      select.add(option);
    });
  });
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var older = form.elements.old.value;
    var newer = form.elements["new"].value;
    if (older === newer) {
      message.textContent = form.dataset.same;
      return;
    }
    if (older > newer) {  // ISO dates: string order is date order
      var swap = older; older = newer; newer = swap;
    }
    var link = document.querySelector('a[data-old="' + older + '"][data-new="' + newer + '"]');
    if (!link) {
      message.textContent = form.dataset.missing;
      return;
    }
    window.location.href = link.href;
  });
});
