// Material's search answered from Pagefind's chunked index, on a served site (http/https) only.
//
// Material's search downloads its whole index (megabytes at a few hundred articles) and builds it in
// a worker before the first result. Pagefind's index (pagefind/, one per <html lang>, written after
// the build by republish/searchindex.py) is cut into chunks: a query fetches the few that hold its
// words and the excerpts of the pages it shows. This script is loaded before Material's bundle
// (overrides/main.html) and gives Material, in place of its search worker, an object that speaks
// the worker's messages (SETUP → READY, QUERY → RESULT), so the search box, the result list, the
// section results and the highlighting on the target page (?h=) stay Material's own. Pagefind runs
// its own worker. Opened from disk (file://), nothing here runs: the offline build keeps Material's
// index, and chunks could not be fetched there anyway.
(function () {
  "use strict";
  if (location.protocol === "file:" || !window.Worker || typeof EventTarget !== "function") return;

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;   // Material's SearchMessageType
  var SHOWN = 10;            // pages whose excerpts a query loads (a fragment each): Material's first screen
  var MATERIAL_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var root = new URL("..", document.currentScript.src);   // this file is <site root>/assets/
  var NativeWorker = window.Worker;
  var loading = null;

  // Pagefind's API, loaded once; result URLs come back absolute from the site root.
  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (api) {
        return Promise.resolve(api.options({ baseUrl: root.pathname, excerptLength: 40 }))
          .then(function () { return api.init(); })
          .then(function () { return api; });
      });
    }
    return loading;
  }

  // The query in the page's script (rp.js, assets/rp-script-map.js): 肿瘤 finds 腫瘤 on /zh-Hant/.
  function pageScript(text) {
    return typeof window.rpToPageScript === "function" ? window.rpToPageScript(text) : text;
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // Pagefind cuts a Chinese query into its words and matches each as a prefix (医联体 → 医, 联, 体 →
  // 医院, 联合…), and marks what it matched. Where the query's own words occur whole in a text,
  // those are what the result marks and what ?h= highlights on the page (as Material's search
  // does); elsewhere Pagefind's marks stay.
  var MARK = /<mark>([^<]*)<\/mark>/g;

  function unmarked(html) { return (html || "").replace(MARK, "$1"); }

  function wholeWords(texts, query) {
    var plain = texts.map(unmarked).join("\n");
    return query.split(/\s+/).filter(function (w) { return w && plain.indexOf(escapeHtml(w)) >= 0; });
  }

  function withMarks(html, words) {
    if (!words.length) return html || "";
    var text = unmarked(html);
    words.forEach(function (w) { text = text.split(escapeHtml(w)).join("\u0000" + escapeHtml(w) + "\u0001"); });
    return text.replace(/\u0000/g, "<mark>").replace(/\u0001/g, "</mark>");
  }

  function foundTerms(texts, words) {
    var terms = {};
    if (words.length) words.forEach(function (w) { terms[w] = true; });
    else texts.forEach(function (html) { (html || "").replace(MARK, function (m, w) { terms[w] = true; return m; }); });
    return terms;
  }

  // One result of Material's list: the page, then its sections (page/#s2). The sections with the
  // most matches score as the page does and are shown; the others fold into Material's
  // "在该页上还有 N 个符合条件的结果".
  function item(result, data, query) {
    var sections = (data.sub_results || []).filter(function (s) { return s.url.indexOf("#") >= 0; });
    var title = escapeHtml(data.meta && data.meta.title || "");
    var texts = [title, data.excerpt].concat(sections.map(function (s) { return s.excerpt; }));
    var words = wholeWords(texts, query);
    var terms = foundTerms(texts, words);
    var page = { location: data.url.split("#")[0], title: withMarks(title, words),
                 text: withMarks(data.excerpt, words), score: result.score, terms: terms };
    var most = Math.max.apply(null, sections.map(function (s) { return (s.locations || []).length; }).concat([1]));
    return [page].concat(sections.map(function (s) {
      return { location: s.url, title: withMarks(escapeHtml(s.title || ""), words), text: withMarks(s.excerpt, words),
               score: result.score * (s.locations || []).length / most, terms: terms };
    }));
  }

  function SearchAdapter() {
    var events = new EventTarget();
    this.addEventListener = events.addEventListener.bind(events);
    this.removeEventListener = events.removeEventListener.bind(events);
    this.dispatchEvent = events.dispatchEvent.bind(events);
    this.latest = 0;
  }

  // Answer asynchronously, as a worker does.
  SearchAdapter.prototype.reply = function (message) {
    var self = this;
    Promise.resolve().then(function () { self.dispatchEvent(new MessageEvent("message", { data: message })); });
  };

  SearchAdapter.prototype.postMessage = function (message) {
    if (!message) return;
    if (message.type === SETUP) this.reply({ type: READY });
    else if (message.type === QUERY) this.query(String(message.data || ""));
  };

  SearchAdapter.prototype.terminate = function () { this.latest = -1; };

  SearchAdapter.prototype.query = function (value) {
    var self = this;
    var id = ++this.latest;
    var query = pageScript(value).trim();
    if (!query) { this.reply({ type: RESULT, data: { items: [] } }); return; }
    pagefind()
      .then(function (api) { return api.search(query); })
      .then(function (search) {
        if (id !== self.latest || !search) return null;      // a newer query has been sent
        var shown = search.results.slice(0, SHOWN);
        return Promise.all(shown.map(function (r) { return r.data(); })).then(function (datas) {
          if (id !== self.latest) return;
          var items = datas.map(function (data, i) { return item(shown[i], data, query); });
          self.reply({ type: RESULT, data: { items: items } });
          if (search.results.length > items.length) self.countAll(search.results.length);
        });
      })
      .catch(function (error) {
        console.error("search: " + error);
        if (id === self.latest) self.reply({ type: RESULT, data: { items: [] } });
      });
  };

  // Material counts the results it was given; the list shows the best SHOWN, the count says all.
  SearchAdapter.prototype.countAll = function (total) {
    Promise.resolve().then(function () {
      var meta = document.querySelector(".md-search-result__meta");
      var config = JSON.parse(document.getElementById("__config").textContent);
      if (meta) meta.textContent = config.translations["search.result.other"].replace("#", String(total));
    });
  };

  // Material creates its worker as `new Worker(config.search)`; that one becomes the adapter.
  function Worker(url, options) {
    if (MATERIAL_WORKER.test(new URL(String(url), location.href).pathname)) return new SearchAdapter();
    return new NativeWorker(url, options);
  }
  Worker.prototype = NativeWorker.prototype;
  window.Worker = Worker;

  // Start loading Pagefind when the reader goes to the search box (a pointer over it, or focus),
  // before the first key; a reader who never searches downloads none of it.
  function warmUp(e) {
    if (e.target.closest && e.target.closest(".md-search, label[for=__search]")) pagefind();
  }
  document.addEventListener("pointerover", warmUp);
  document.addEventListener("focusin", warmUp);
})();
