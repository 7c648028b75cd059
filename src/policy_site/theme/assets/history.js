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
    var label = Array.prototype.filter.call(h.childNodes, function (node) {
      return !(node.classList && node.classList.contains("headerlink"));  // the heading's ¶ link
    }).map(function (node) { return node.textContent; }).join("").trim();
    return [h.id.slice(4), label];
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
    if (link) {
      window.location.href = link.href;
      return;
    }
    var steps = form.dataset.chain ? findSteps(older, newer) : null;  // only a long history has pairs without a page
    message.textContent = steps ? form.dataset.chain : form.dataset.missing;
    (steps || []).forEach(function (step, k) {
      message.appendChild(document.createTextNode(k ? ", " : " "));
      var a = document.createElement("a");
      a.href = step.href;
      a.textContent = labels[step.dataset.old] + " → " + labels[step.dataset["new"]];
      message.appendChild(a);
    });
  });

  // A long history has pages for some pairs only (policy_site.site.history.PairRule): any other
  // two are compared through the fewest pages between them, each from the newer side of the last.
  var labels = {};
  revisions.forEach(function (revision) { labels[revision[0]] = revision[1]; });
  function findSteps(older, newer) {
    var links = {};
    document.querySelectorAll("a[data-old][data-new]").forEach(function (a) {
      var from = a.dataset.old, to = a.dataset["new"];
      if (from >= older && to <= newer && !(links[from] && links[from][to])) {
        (links[from] = links[from] || {})[to] = a;
      }
    });
    var reached = {}, queue = [older];
    reached[older] = null;
    while (queue.length) {
      var date = queue.shift();
      if (date === newer) break;
      Object.keys(links[date] || {}).sort().reverse().forEach(function (to) {  // the farthest first
        if (!(to in reached)) { reached[to] = links[date][to]; queue.push(to); }
      });
    }
    if (!(newer in reached)) return null;
    var steps = [];
    for (var at = newer; reached[at]; at = reached[at].dataset.old) steps.unshift(reached[at]);
    return steps;
  }
});

/* "Show the full text" on a comparison page (policy_site.site.comparisons.Redlines.render_views). The inline view
   holds every block left out around the changes and shows them by CSS alone. The 新旧対照表 has
   one "（略）" row per run of them, whose data-redline-far gives the first and last block numbers:
   omitted blocks are unchanged, the same text on both sides, so their rows are built here from
   the inline view's blocks, exactly as policy_site.redline.render_html renders a full 新旧対照表
   (the new column left, with the id; a heading as <p class="redline-heading">; each list item in
   a list of its own, indented by its level; a table whole). The page carries no second copy of
   the text, and nothing is requested: it works from file:// as well. */
(function () {
  var LISTS = {UL: true, OL: true};

  // The unchanged whitespace change of a block (unmarked): the new whitespace in the new column,
  // the old one (its data-redline-old, a line break as <br>) in the old column.
  function settleSpaces(root, isNew) {
    Array.prototype.forEach.call(root.querySelectorAll("span.redline-space"), function (span) {
      var parent = span.parentNode;
      if (isNew) {
        while (span.firstChild) parent.insertBefore(span.firstChild, span);
      } else {
        span.getAttribute("data-redline-old").split("\n").forEach(function (text, k) {
          if (k) parent.insertBefore(document.createElement("br"), span);
          if (text) parent.insertBefore(document.createTextNode(text), span);
        });
      }
      parent.removeChild(span);
    });
    return root;
  }

  function buildRuns(inline, side) {
    var inlineStem = inline.getAttribute("data-redline-ids");
    var sideStem = side.getAttribute("data-redline-ids");
    var oldFirst = !!side.querySelector("table[data-redline-order='old-new']");  // the locale's column order
    // Block n is the inline view's n-th block (one per block, in reading order); found by its
    // place, not its id: Material renames the id of a <pre> ("__code_…").
    var blocks = inline.querySelectorAll(".redline-block");

    function copyAttributes(from, to, id, heading) {
      Array.prototype.forEach.call(from.attributes, function (attr) {
        if (attr.name === "class") {
          var classes = attr.value.split(" ").filter(function (c) { return c !== "redline-far"; }).join(" ");
          to.setAttribute("class", heading ? "redline-heading " + classes : classes);
        } else if (attr.name === "id") {
          if (id) to.setAttribute("id", id);
        } else if (attr.name !== "data-redline-level") {
          to.setAttribute(attr.name, attr.value);
        }
      });
      return to;
    }

    function level(item) {  // the list nesting of an inline item, unless the server had to say it
      var said = item.getAttribute("data-redline-level");
      if (said !== null) return +said;
      var depth = 0;
      for (var node = item.parentNode.parentNode; node && node !== inline; node = node.parentNode) {
        if (LISTS[node.nodeName]) depth++;
      }
      return depth;
    }

    function sideBlock(block, id) {  // id: the new column's; the old column has none
      var name = block.nodeName;
      var heading = /^H[1-6]$/.test(name);
      var copy = copyAttributes(block, document.createElement(heading ? "p" : name.toLowerCase()), id, heading);
      Array.prototype.forEach.call(block.childNodes, function (child) {
        if (!(name === "LI" && LISTS[child.nodeName])) copy.appendChild(child.cloneNode(true));  // not its sub-list
      });
      if (name !== "LI") return copy;
      var list = document.createElement(block.parentNode.nodeName.toLowerCase());
      var depth = level(block);
      if (depth) list.setAttribute("class", "redline-depth-" + depth);
      list.appendChild(copy);
      return list;
    }

    function sideTable(table, first, withId) {  // first: the number of the table's first row
      var copy = table.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("tr.redline-elided"), function (row) {
        row.parentNode.removeChild(row);
      });
      Array.prototype.forEach.call(copy.querySelectorAll("tr.redline-block"), function (row, k) {
        row.classList.remove("redline-far");
        if (withId) row.id = sideStem + (first + k);
        else row.removeAttribute("id");
      });
      return copy;
    }

    function rowsOf(elided) {
      var range = elided.getAttribute("data-redline-far").split("-");
      var rows = [];
      var table = null;
      for (var n = +range[0]; n <= +range[1]; n++) {
        var block = blocks[n - 1];
        var id = block && block.id;
        if (!id || id.slice(-(inlineStem + n).length) !== inlineStem + n) return null;  // the "（略）" row stays
        var pair;
        if (block.nodeName === "TR") {  // a table left out whole: one row, as the server renders it
          if (block.closest("table") === table) continue;
          table = block.closest("table");
          pair = [sideTable(table, n, true), sideTable(table, n, false)];
        } else {
          pair = [sideBlock(block, sideStem + n), sideBlock(block, null)];
        }
        var row = document.createElement("tr");
        var sides = [true, false];  // new column first (the 新旧対照表), unless the table says old first
        if (oldFirst) { pair.reverse(); sides.reverse(); }
        pair.forEach(function (content, k) {
          row.appendChild(document.createElement("td")).appendChild(settleSpaces(content, sides[k]));
        });
        rows.push(row);
      }
      return rows;
    }

    var runs = [];
    side.querySelectorAll("tr[data-redline-far]").forEach(function (elided) {
      var rows = rowsOf(elided);
      if (!rows) return;
      var next = elided.nextSibling;
      rows.forEach(function (row) {
        row.hidden = true;
        elided.parentNode.insertBefore(row, next);
      });
      runs.push([elided, rows]);
    });
    return runs;
  }

  document.querySelectorAll(".history-comparison").forEach(function (comparison) {
    var toggle = comparison.querySelector(".history-fulltext-toggle");
    var inline = comparison.querySelector(".redline-inline[data-redline-ids]");
    var side = comparison.querySelector(".redline-side-by-side[data-redline-ids]");
    if (!toggle || !inline || !side) return;
    var runs = null;  // built on first use: [the "（略）" row, the rows it stands for]
    function show() {
      if (toggle.checked && !runs) runs = buildRuns(inline, side);
      (runs || []).forEach(function (run) {
        run[0].hidden = toggle.checked;
        run[1].forEach(function (row) { row.hidden = !toggle.checked; });
      });
    }
    toggle.addEventListener("change", show);
    window.addEventListener("pageshow", show);  // a checkbox the browser restored (back, reload)
    show();
    comparison.setAttribute("data-fulltext-ready", "");
  });
})();
