/* Search for Japanese and Chinese queries: the words as written, found where they are written.
 *
 * Material's lunr index cuts Japanese and Chinese text into the words of a Japanese segmenter
 * (TinySegmenter), and a query into the index words it contains. A phrase with particles or a date
 * (個人情報の第三者提供, 2023年6月15日) then asks for words the index cut otherwise, and finds
 * nothing; Chinese text cut by the Japanese segmenter gives words across word boundaries (个人信息
 * searched and highlighted 人信). Japanese and Chinese write no spaces between words, so the one
 * reading that never cuts a word wrongly is the query's own: each space-separated part of a query
 * that holds Japanese or Chinese characters is a phrase, found as a substring of a section's title
 * or text, and highlighted whole.
 *
 * The index is small (a few hundred sections), so scanning it for each query takes milliseconds.
 * Ranking follows lunr's (BM25 with b = 0 over fields normalised by their length, each field's boost
 * from the index's configuration, and Material's boost of pages and of sections holding every part), and the result has the shape
 * Material's worker answers with, so the theme renders it as its own and search-language.js puts
 * the reader's language first as for any other query.
 */
(function () {
  "use strict";

  // Hiragana, katakana, CJK ideographs (with extension A and compatibility), half-width katakana.
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/;

  function isPhraseQuery(query) {
    return typeof query === "string" && CJK.test(query);
  }

  // One UTF-16 unit for one: full-width ASCII as ASCII, Latin letters in lower case (offsets stay).
  function fold(text) {
    return text.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).toLowerCase();
  }

  function escapeHTML(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // The query's phrases: split at spaces (an ideographic space too), lunr's operators dropped.
  function phrasesOf(query) {
    var seen = {}, phrases = [];
    query.replace(/"/g, " ").split(/[\s\u3000]+/).forEach(function (part) {
      var phrase = part.replace(/^[+\-]+/, "").replace(/[*~^]+\d*$/, "");
      if (phrase && !seen[phrase]) {
        seen[phrase] = true;
        phrases.push(phrase);
      }
    });
    return phrases;
  }

  // A field's HTML as its top-level blocks (<p>, <ul>, ...; text between them is a block too), each
  // a list of parts: tags kept as they are, text folded for matching.
  function blocksOf(html) {
    var blocks = [], block = null, depth = 0;
    html.split(/(<[^>]*>)/).forEach(function (part) {
      if (!part) return;
      var tag = part.charAt(0) === "<";
      if (depth === 0 && (tag || !block || !block.loose)) blocks.push(block = {parts: [], loose: !tag});
      block.parts.push({value: part, tag: tag, folded: tag ? "" : fold(part)});
      if (!tag || part.charAt(part.length - 2) === "/") return;
      depth += part.charAt(1) === "/" ? -1 : 1;
      if (depth <= 0) {
        depth = 0;
        block = null;
      }
    });
    return blocks;
  }

  function lengthOf(html) {
    return html.replace(/<[^>]*>/g, "").length;
  }

  function prepare(index) {
    var config = index.config || {}, fields = config.fields || {};
    var boost = function (name) { return fields[name] && fields[name].boost || 1; };
    var docs = index.docs.map(function (doc) {
      return {doc: doc, article: doc.location.split("#")[0], parent: doc.location.indexOf("#") !== -1,
              title: blocksOf(String(doc.title || "")), text: blocksOf(String(doc.text || "")),
              titleLength: lengthOf(String(doc.title || "")), textLength: lengthOf(String(doc.text || ""))};
    });
    return {docs: docs, titleBoost: boost("title"), textBoost: boost("text")};
  }

  function count(blocks, needle) {
    var n = 0;
    blocks.forEach(function (block) {
      block.parts.forEach(function (part) {
        for (var at = part.folded.indexOf(needle); at !== -1; at = part.folded.indexOf(needle, at + needle.length)) n++;
      });
    });
    return n;
  }

  // The blocks with <mark> around every occurrence of a phrase; all blocks (title) or the first two
  // that hold one (text, as Material's teaser).
  function highlight(blocks, needles, all) {
    var out = [];
    blocks.forEach(function (block) {
      if (!all && out.length === 2) return;
      var found = false;
      var html = block.parts.map(function (part) {
        if (part.tag) return part.value;
        var marks = [];
        needles.forEach(function (needle) {
          for (var at = part.folded.indexOf(needle); at !== -1; at = part.folded.indexOf(needle, at + needle.length)) {
            marks.push([at, at + needle.length]);
          }
        });
        if (!marks.length) return part.value;
        found = true;
        marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
        var result = "", cursor = 0;
        marks.forEach(function (mark) {
          if (mark[1] <= cursor) return;  // inside a longer phrase already marked
          var start = Math.max(mark[0], cursor);
          result += part.value.slice(cursor, start) + "<mark>" + part.value.slice(start, mark[1]) + "</mark>";
          cursor = mark[1];
        });
        return result + part.value.slice(cursor);
      }).join("");
      if (all || found) out.push(html);
    });
    return out.join("");
  }

  function search(prepared, query) {
    var phrases = phrasesOf(query);
    if (!phrases.length) return {items: []};
    // The index text is HTML: a phrase is looked for as the page writes it (& as &amp;).
    var needles = phrases.map(function (phrase) { return fold(escapeHTML(phrase)); });
    var total = prepared.docs.length;
    var counts = prepared.docs.map(function (entry) {
      return needles.map(function (needle) { return [count(entry.title, needle), count(entry.text, needle)]; });
    });
    var idf = needles.map(function (_, p) {
      var df = counts.filter(function (c) { return c[p][0] + c[p][1] > 0; }).length;
      return Math.log(1 + Math.abs((total - df + 0.5) / (df + 0.5)));
    });
    var saturate = function (tf) { return tf ? tf * 2.2 / (tf + 1.2) : 0; };
    // lunr scores by cosine similarity, so a phrase weighs more in a short field (a heading that is
    // the phrase itself first): the field's length in phrases stands in for its vector's norm.
    var norm = function (length, p) { return Math.sqrt(Math.max(length / needles[p].length, 1)); };
    var hits = [];
    prepared.docs.forEach(function (entry, i) {
      var terms = {}, score = 0, present = [];
      phrases.forEach(function (phrase, p) {
        var c = counts[i][p];
        terms[phrase] = c[0] + c[1] > 0;
        if (terms[phrase]) present.push(needles[p]);
        score += idf[p] * (prepared.titleBoost * saturate(c[0]) / norm(entry.titleLength, p) +
                           prepared.textBoost * saturate(c[1]) / norm(entry.textLength, p));
      });
      if (!present.length) return;
      var boost = +!entry.parent + present.length / phrases.length;  // as Material's worker
      var doc = {};
      for (var key in entry.doc) doc[key] = entry.doc[key];
      doc.title = highlight(entry.title, present, true);
      doc.text = highlight(entry.text, present, false);
      doc.score = score * (1 + boost * boost);
      doc.terms = terms;
      hits.push({doc: doc, position: i});
    });
    // Scores equal to three digits are ties, kept in the index's order (the site's order of its
    // documents): the same heading in two policies must not be ranked by a word more in one text.
    hits.sort(function (a, b) {
      return Number(b.doc.score.toPrecision(3)) - Number(a.doc.score.toPrecision(3)) || a.position - b.position;
    });
    hits = hits.map(function (hit) { return hit.doc; });
    var groups = {}, order = [];
    hits.forEach(function (hit) {
      var article = hit.location.split("#")[0];
      if (!groups[article]) { groups[article] = []; order.push(article); }
      groups[article].push(hit);
    });
    // Every group holds its page (Material renders the page above its sections).
    var pages = {};
    prepared.docs.forEach(function (entry) { if (!entry.parent && !(entry.article in pages)) pages[entry.article] = entry.doc; });
    return {items: order.map(function (article) {
      var group = groups[article];
      if (!group.some(function (hit) { return hit.location === article; }) && pages[article]) {
        var page = {};
        for (var key in pages[article]) page[key] = pages[article][key];
        page.score = 0;
        page.terms = {};
        group.push(page);
      }
      return group;
    })};
  }

  window.PolicySitePhrases = {isPhraseQuery: isPhraseQuery, prepare: prepare, search: search};
})();
