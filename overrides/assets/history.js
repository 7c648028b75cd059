/* "Compare any two revisions" on a policy's history page (a theme file, not under docs/: the
   docs tree holds only policy sources and stylesheets).

   The form is hidden in the HTML and shown here; it opens one of the links listed below it
   (what a reader without JavaScript uses), so the URL style of the build (directories online,
   .html files offline) and file:// need nothing special. */
document.querySelectorAll("form[data-history-compare]").forEach(function (form) {
  var message = form.querySelector(".history-compare-message");
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
