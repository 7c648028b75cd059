/* Search answers in the reader's language first, and Japanese and Chinese queries as phrases.
 *
 * The search index holds the pages of every language (static-i18n merges them). Material's
 * search worker ranks them by score alone, so from an English page an English query could list
 * Japanese pages first. This wraps the worker (loaded before Material's bundle, after the
 * offline iframe-worker shim if any) and reorders each result list: the pages of the page's
 * own language first, then the others, each group in the worker's order. Nothing is dropped.
 * A query in Japanese or Chinese is answered by search-phrases.js (loaded before this) instead.
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

  // Material's messages: {type: 0, data: index} sets the worker up, {type: 2, data: query} asks.
  var SETUP = 0, QUERY = 2;
  var phrases = window.PolicySitePhrases;  // search-phrases.js: Japanese and Chinese queries

  function LanguageFirstWorker(url, options) {
    var worker = new Native(url, options);
    var add = worker.addEventListener.bind(worker);
    var post = worker.postMessage.bind(worker);
    var index = null;
    // One entry per query sent, in order (the worker answers in order): the phrase search's own
    // result, or null for the worker's. A phrase query still goes to the worker, empty, so that its
    // answer comes after the answers to the queries before it.
    var pending = [];
    var answers = new WeakMap();
    worker.postMessage = function (message, transfer) {
      if (message && message.type === SETUP && message.data && phrases) index = phrases.prepare(message.data);
      if (message && message.type === QUERY) {
        var own = index && phrases.isPhraseQuery(message.data) ? phrases.search(index, message.data) : null;
        pending.push(own);
        if (own) message = {type: QUERY, data: ""};
      }
      return transfer === undefined ? post(message) : post(message, transfer);
    };
    add("message", function (event) {
      var data = event.data;
      if (data && data.type === 3 && pending.length) {
        var own = pending.shift();
        if (own) data = {type: 3, data: own};
      }
      answers.set(event, reorder(data));
    });
    worker.addEventListener = function (type, listener, opts) {
      if (type !== "message" || typeof listener !== "function") return add(type, listener, opts);
      return add(type, function (event) {
        var answer = answers.get(event);
        listener.call(worker, answer ? new MessageEvent("message", {data: answer}) : event);
      }, opts);
    };
    return worker;
  }
  LanguageFirstWorker.prototype = Native.prototype;
  window.Worker = LanguageFirstWorker;
})();
