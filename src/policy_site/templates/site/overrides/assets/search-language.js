/* Search answers in the reader's language first.
 *
 * The search index holds the pages of every language (static-i18n merges them). Material's
 * search worker ranks them by score alone, so from an English page an English query could list
 * Japanese pages first. This wraps the worker (loaded before Material's bundle, after the
 * offline iframe-worker shim if any) and reorders each result list: the pages of the page's
 * own language first, then the others, each group in the worker's order. Nothing is dropped.
 */
(function () {
  "use strict";
  var Native = window.Worker;
  if (typeof Native !== "function") return;
  var script = document.currentScript;
  // {"": "ja", "en/": "en", ...}: each language's folder, from the plugin (the default one is the root).
  var folders = JSON.parse((script && script.getAttribute("data-locale-prefixes")) || "{}");
  var lang = document.documentElement.getAttribute("lang") || folders[""];

  function languageOf(location) {
    var head = String(location || "").replace(/^\.?\//, "").split("/")[0] + "/";
    return Object.prototype.hasOwnProperty.call(folders, head) ? folders[head] : folders[""];
  }

  function firstDocument(group) {
    return Array.isArray(group) ? group[0] : group;
  }

  function reorder(message) {
    // Material's result message: {type: 3, data: {items: [[page, ...sections], ...]}}
    if (!message || message.type !== 3 || !message.data || !Array.isArray(message.data.items)) return null;
    var own = [], other = [];
    message.data.items.forEach(function (group) {
      var doc = firstDocument(group);
      (doc && languageOf(doc.location) === lang ? own : other).push(group);
    });
    var data = {};
    for (var key in message.data) data[key] = message.data[key];
    data.items = own.concat(other);
    return {type: message.type, data: data};
  }

  function LanguageFirstWorker(url, options) {
    var worker = new Native(url, options);
    var add = worker.addEventListener.bind(worker);
    worker.addEventListener = function (type, listener, opts) {
      if (type !== "message" || typeof listener !== "function") return add(type, listener, opts);
      return add(type, function (event) {
        var reordered = reorder(event.data);
        listener.call(worker, reordered ? new MessageEvent("message", {data: reordered}) : event);
      }, opts);
    };
    return worker;
  }
  LanguageFirstWorker.prototype = Native.prototype;
  window.Worker = LanguageFirstWorker;
})();
