/* Links keep the place (a theme file, like history.js; nothing is requested, so it works from
   file:// too).

   A fragment may name a place inside one of a comparison's two views: a block of the inline view
   ("#redline-N") or a row of the 新旧対照表 ("#s-redline-N"), which the change summary's links put
   in the address bar. The view that holds it is opened and the place scrolled to, whatever view
   the reader last chose elsewhere (Material's linked tabs remember that choice in this browser's
   storage, which the person a link is sent to does not share). Choosing a view puts it in the
   address ("#view-side-by-side", Material's own anchor of a linked tab), so a copied address opens
   the same view.

   The language switcher carries the fragment, or the open view when the fragment names none, to
   the same page in the other language: revision anchors ("#rev-2009-02-10"), section ids and
   redline blocks are the same in every language. */
(function () {
  var VIEWS = ".tabbed-set.history-views";

  function openView(input) {
    // A click, not "checked = true": Material moves the tab indicator and stores the choice on
    // the change event, as when the reader clicks the label.
    if (!input.checked) input.click();
  }

  function openPlace(hash) {
    var id;
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch (error) {
      return;  // a malformed fragment names nothing
    }
    var target = id && document.getElementById(id);
    if (!target) return;
    var set = target.closest(VIEWS);
    if (!set) return;
    var inputs = set.querySelectorAll(":scope > input");
    if (target.parentNode === set && target.nodeName === "INPUT") {
      openView(target);  // "#view-side-by-side": the view itself
      return;
    }
    var block = target.closest(".tabbed-block");
    var blocks = Array.prototype.filter.call(block.parentNode.children, function (child) {
      return child.classList.contains("tabbed-block");
    });
    var input = inputs[blocks.indexOf(block)];
    if (!input) return;
    openView(input);
    target.scrollIntoView();
  }

  function currentFragment() {
    if (location.hash.length > 1) return location.hash;
    var open = document.querySelector(VIEWS + " > input:checked");
    var first = document.querySelector(VIEWS + " > input");
    return open && open !== first ? "#" + open.id : "";
  }

  function updateSwitcher() {
    var fragment = currentFragment();
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
      if (!link.hasAttribute("data-place-base")) link.setAttribute("data-place-base", link.getAttribute("href"));
      link.setAttribute("href", link.getAttribute("data-place-base").split("#")[0] + fragment);
    });
  }

  openPlace(location.hash);
  updateSwitcher();
  window.addEventListener("hashchange", function () {
    openPlace(location.hash);
    updateSwitcher();
  });
  // Material writes the view into the address (history.replaceState) before the input changes.
  document.querySelectorAll(VIEWS + " > input").forEach(function (input) {
    input.addEventListener("change", updateSwitcher);
  });
})();
