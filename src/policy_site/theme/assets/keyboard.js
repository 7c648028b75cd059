/* Keyboard access to what Material's header and tables leave to the mouse (a theme file, like
   place.js; nothing is requested, so it works from file:// too).

   - The navigation drawer (narrow screens): site.css takes the closed drawer out of the focus
     order, so its button must be a real one: Material's is a <label> that no key reaches. It gets
     the name of the navigation it opens, tells whether it is open, answers Enter and Space, moves
     the focus into the drawer it opened, and Escape closes the drawer and gives the focus back.
   - The colour-scheme toggle answers Space as it answers Enter (Material listens to Enter only;
     Space on its radio button, already checked, does nothing).
   - A table wider than the page scrolls inside Material's wrapper: the wrapper is then focusable
     (arrow keys scroll it) and is a region named by the table's section heading, so that a
     keyboard reader reaches the columns out of view (axe: scrollable-region-focusable). Whether
     it scrolls is asked again whenever the wrapper or its table changes size, not only when the
     window does: a table in a view shown after load (a comparison's side-by-side columns, hidden
     until chosen) has no width at load, and scrolls only once it is shown. */
(function () {
  var drawer = document.getElementById("__drawer");
  var button = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
  var sidebar = document.querySelector(".md-sidebar--primary");

  function isActivation(event) {
    return event.key === "Enter" || event.key === " ";
  }

  function syncExpanded() {
    button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
  }

  if (drawer && button && sidebar) {
    var nav = sidebar.querySelector("nav[aria-label]");
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    if (nav) button.setAttribute("aria-label", nav.getAttribute("aria-label"));
    syncExpanded();
    drawer.addEventListener("change", syncExpanded);
    button.addEventListener("keydown", function (event) {
      if (!isActivation(event)) return;
      event.preventDefault();
      drawer.checked = !drawer.checked;
      drawer.dispatchEvent(new Event("change", {bubbles: true}));
      if (drawer.checked) {
        // The drawer becomes visible at once when opened (site.css): focus its first link.
        var first = sidebar.querySelector("a[href], label[tabindex]");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !drawer.checked) return;
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change", {bubbles: true}));
      button.focus();
    });
  }

  var palette = document.querySelector('form[data-md-component="palette"]');
  if (palette) {
    palette.addEventListener("keydown", function (event) {
      if (event.key !== " " || !event.target.matches("input.md-option")) return;
      event.preventDefault();
      // What Material does on Enter: the next scheme's radio button is clicked and focused.
      var options = Array.prototype.slice.call(palette.querySelectorAll("input.md-option"));
      var next = options[(options.indexOf(event.target) + 1) % options.length];
      next.click();
      next.focus();
    });
  }

  // The heading shown last before an element: of the page, or of a comparison's side-by-side
  // table (its headings are rows). A heading of a view not shown (the inline view, above the
  // side-by-side one) names nothing the reader sees beside the table.
  function headingBefore(element) {
    var headings = document.querySelectorAll(".md-content h1[id], .md-content h2[id], .md-content h3[id], " +
                                             ".md-content h4[id], .md-content h5[id], .md-content h6[id], " +
                                             ".md-content .redline-heading[id]");
    var found = null;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getClientRects().length &&
          headings[i].compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) found = headings[i];
    }
    return found;
  }

  // In a comparison's side-by-side table, the header of the column an element is in (the new or
  // the old text): the two columns' scroll areas are then named apart (axe: landmark-unique).
  var headerCount = 0;
  function columnHeader(element) {
    var cell = element.closest("td");
    var table = cell && cell.closest("table.redline-sbs");
    var header = table && table.querySelectorAll(":scope > thead > tr > th")[cell.cellIndex];
    if (!header) return null;
    if (!header.id) header.id = "scroll-area-column-" + (++headerCount);
    return header;
  }

  function markScrollArea(area) {
    var scrolls = area.scrollWidth > area.clientWidth + 1;
    if (scrolls && !area.hasAttribute("tabindex")) {
      area.setAttribute("tabindex", "0");
      area.setAttribute("role", "region");
      var heading = headingBefore(area);
      var column = columnHeader(area);
      if (heading) {
        area.setAttribute("aria-labelledby", heading.id + (column ? " " + column.id : ""));
      } else {
        area.setAttribute("aria-label", document.title);
      }
    } else if (!scrolls && area.getAttribute("role") === "region") {
      ["tabindex", "role", "aria-labelledby", "aria-label"].forEach(function (name) {
        area.removeAttribute(name);
      });
    }
  }

  function markScrollAreas() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(markScrollArea);
  }

  // Each wrapper and its table are watched for a change of size: a wrapper shown, hidden or
  // narrowed, or a table that grows, is marked again (a ResizeObserver reports each element once
  // when it starts watching it, and again on every change of its size).
  function watchScrollAreas() {
    markScrollAreas();
    if (typeof ResizeObserver !== "function") {  // a browser without it: the window's size only
      window.addEventListener("resize", markScrollAreas);
      return;
    }
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        var area = entry.target.closest(".md-typeset__scrollwrap");
        if (area) markScrollArea(area);
      });
    });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (area) {
      observer.observe(area);
      if (area.firstElementChild) observer.observe(area.firstElementChild);
    });
  }

  // Material wraps the tables when its own script starts (after this one): mark them once the
  // page is loaded, and again whenever a wrapper's size changes (above), which a narrower window
  // does too (a table scrolls on a phone, not at 1280 px).
  if (document.readyState === "complete") {
    watchScrollAreas();
  } else {
    window.addEventListener("load", watchScrollAreas);
  }
})();
