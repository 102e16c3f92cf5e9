// Material's search answered from the site's chunked index, on a served site (http/https) only.
//
// Material's search downloads its whole index (megabytes at a few hundred articles) and builds it in
// a worker before the first result. The chunked index (search/chunks/ under each script's root,
// written after the build by republish/chunkindex.py) holds where each pair of characters occurs:
// a query fetches the buckets of its characters, finds where its pairs follow each other, and
// fetches the texts of the pages it shows. This script is loaded before Material's bundle
// (overrides/main.html) and gives Material, in place of its search worker, an object that speaks
// the worker's messages (SETUP → READY, QUERY → RESULT), so the search box, the result list, the
// section results and the highlighting on the target page (?h=) stay Material's own. Opened from
// disk (file://), nothing here runs: the offline build keeps Material's index, and chunks could not
// be fetched there anyway.
(function () {
  "use strict";
  if (location.protocol === "file:" || !window.Worker || typeof EventTarget !== "function") return;

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;   // Material's SearchMessageType
  var SHOWN = 10;            // pages whose texts a query loads (a fragment each): Material's first screen
  var BEFORE = 16, AFTER = 44;   // characters of an excerpt around its first match
  var TITLE_WEIGHT = 5;      // a match in a title counts as this many in the text
  var MATERIAL_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var NativeWorker = window.Worker;
  var indexes = {};          // by index URL: {meta, buckets, fragments}

  // -------------------------------------------------------------------------
  // The index of this page's script
  // -------------------------------------------------------------------------

  function config() { return JSON.parse(document.getElementById("__config").textContent); }

  // The root of this page's script (Material's config.base: /zh-Hant/ on a traditional page).
  function scriptRoot() { return new URL(config().base.replace(/\/?$/, "/"), location.href); }

  // A file of the index that is gone: the table of pages read before a deploy names it.
  function Stale(url) { this.message = url + " is gone (the site was deployed again)"; }

  // Files are gzip-compressed; a server that sent them with Content-Encoding has unpacked them.
  function fetchJson(url, options) {
    return fetch(url, options).then(function (response) {
      if (response.status === 404) throw new Stale(url);
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).text();
    }).then(JSON.parse);
  }

  // The table is asked for again each time a page loads it (cache: no-cache), so it always
  // names the deployed files.
  function index() {
    var base = new URL("search/chunks/", scriptRoot()).href;
    if (!indexes[base]) {
      var ix = { base: base, buckets: {}, fragments: {}, decoded: {} };
      ix.meta = fetchJson(base + "meta.json.gz", { cache: "no-cache" }).then(function (meta) {
        ix.parts = base + meta.id + "/";
        return withStarts(meta);
      });
      ix.meta.catch(function () { if (indexes[base] === ix) delete indexes[base]; });
      indexes[base] = ix;
    }
    return indexes[base];
  }

  function forget(ix) { if (indexes[ix.base] === ix) delete indexes[ix.base]; }

  // Where each section begins in the index's text (sections follow each other).
  function withStarts(meta) {
    var starts = [], at = 0;
    meta.sections.forEach(function (s) { starts.push(at); at += s[3]; });
    meta.starts = starts;
    return meta;
  }

  // A file asked for once; a failed request is asked for again by the next query.
  function once(cache, key, url) {
    if (!cache[key]) {
      cache[key] = fetchJson(url);
      cache[key].catch(function () { delete cache[key]; });
    }
    return cache[key];
  }

  function bucketOf(ix, meta, character) {
    var k = character.codePointAt(0) % meta.buckets;
    return once(ix.buckets, k, ix.parts + "b/" + k + ".json.gz");
  }

  function fragment(ix, page) { return once(ix.fragments, page, ix.parts + "f/" + page + ".json.gz"); }

  // A pair's positions, from the gaps the bucket holds.
  function positions(ix, bucket, pair) {
    if (ix.decoded[pair]) return ix.decoded[pair];
    var gaps = bucket[pair] || [], found = new Array(gaps.length), at = 0;
    for (var i = 0; i < gaps.length; i++) { at += gaps[i]; found[i] = at; }
    ix.decoded[pair] = found;
    return found;
  }

  // -------------------------------------------------------------------------
  // Matching
  // -------------------------------------------------------------------------

  // As republish.chunkindex.normalised: lower case where that keeps the length.
  function normalised(term) {
    return Array.from(term).map(function (c) {
      var lower = c.toLowerCase();
      return Array.from(lower).length === 1 ? lower : c;
    });
  }

  // Where a term begins in the index's text (sorted): a one-character term wherever a pair begins
  // with it; a longer one where its pairs follow each other, checked from its rarest pair.
  function termPositions(ix, meta, chars) {
    var needed = chars.length === 1 ? chars : chars.slice(0, -1);
    return Promise.all(needed.map(function (c) { return bucketOf(ix, meta, c); })).then(function (buckets) {
      if (chars.length === 1) {
        var all = [];
        Object.keys(buckets[0]).forEach(function (pair) {
          if (Array.from(pair)[0] !== chars[0]) return;
          var list = positions(ix, buckets[0], pair);
          for (var i = 0; i < list.length; i++) all.push(list[i]);
        });
        return all.sort(function (a, b) { return a - b; });
      }
      var lists = needed.map(function (c, i) { return positions(ix, buckets[i], c + chars[i + 1]); });
      var rarest = 0;
      lists.forEach(function (list, i) { if (list.length < lists[rarest].length) rarest = i; });
      var sets = lists.map(function (list) { return new Set(list); });
      var found = [];
      lists[rarest].forEach(function (at) {
        var start = at - rarest;
        for (var i = 0; i < sets.length; i++) if (i !== rarest && !sets[i].has(start + i)) return;
        found.push(start);
      });
      return found;
    });
  }

  function sectionAt(starts, at) {
    var low = 0, high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= at) low = middle; else high = middle - 1;
    }
    return low;
  }

  // Each term's matches by page, then by section: {page: {section: [offsets in the section]}}.
  function matchesByPage(meta, found) {
    var pages = {};
    found.forEach(function (at) {
      var section = sectionAt(meta.starts, at), page = meta.sections[section][0];
      var sections = pages[page] || (pages[page] = {});
      (sections[section] || (sections[section] = [])).push(at - meta.starts[section]);
    });
    return pages;
  }

  // The pages holding every term, best first (BM25 over pages, title matches weighted).
  function ranked(meta, terms) {
    var pageCount = meta.pages.length, lengths = {}, total = 0;
    meta.sections.forEach(function (s) { lengths[s[0]] = (lengths[s[0]] || 0) + s[3]; total += s[3]; });
    var average = total / Math.max(pageCount, 1);
    var candidates = Object.keys(terms[0].pages).filter(function (page) {
      return terms.every(function (t) { return t.pages[page]; });
    });
    return candidates.map(function (page) {
      var score = 0;
      terms.forEach(function (t) {
        var frequency = 0;
        Object.keys(t.pages[page]).forEach(function (section) {
          var titleLength = meta.sections[section][2];
          t.pages[page][section].forEach(function (offset) { frequency += offset < titleLength ? TITLE_WEIGHT : 1; });
        });
        var known = Object.keys(t.pages).length;
        var idf = Math.log(1 + (pageCount - known + 0.5) / (known + 0.5));
        score += idf * frequency * 2.2 / (frequency + 1.2 * (0.25 + 0.75 * lengths[page] / average));
      });
      return { page: Number(page), score: score };
    }).sort(function (a, b) { return b.score - a.score || a.page - b.page; });
  }

  function find(ix, meta, words) {
    var terms = words.map(function (word) { return { word: word, chars: normalised(word) }; });
    return Promise.all(terms.map(function (t) { return termPositions(ix, meta, t.chars); })).then(function (found) {
      terms.forEach(function (t, i) { t.pages = matchesByPage(meta, found[i]); });
      return { terms: terms, pages: ranked(meta, terms) };
    });
  }

  // A query's terms are its parts between spaces, each found whole. When that finds nothing, a
  // part found nowhere is cut into the browser's words (Intl.Segmenter), each of which a page must
  // hold: 医院肿瘤 finds the pages with both 医院 and 肿瘤.
  function search(query, retried) {
    var ix = index();
    var words = unique(query.split(/\s+/).filter(Boolean));
    return ix.meta.then(function (meta) {
      return find(ix, meta, words).then(function (result) {
        if (result.pages.length || !window.Intl || !Intl.Segmenter) return result;
        var cut = unique([].concat.apply([], result.terms.map(function (t) {
          return Object.keys(t.pages).length ? [t.word] : segmented(t.word);
        })));
        if (cut.join("\u0000") === words.join("\u0000")) return result;
        return find(ix, meta, cut);
      }).then(function (result) { return { ix: ix, meta: meta, terms: result.terms, pages: result.pages }; });
    }).catch(function (error) {
      if (!(error instanceof Stale) || retried) throw error;
      forget(ix);                       // read the deployed table, then the files it names
      return search(query, true);
    });
  }

  function segmented(word) {
    var words = [];
    var segments = new Intl.Segmenter("zh", { granularity: "word" }).segment(word);
    for (var s of segments) if (s.isWordLike) words.push(s.segment);
    return words.length ? words : [word];
  }

  function unique(list) { return list.filter(function (w, i) { return list.indexOf(w) === i; }); }

  // -------------------------------------------------------------------------
  // Material's result items
  // -------------------------------------------------------------------------

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // A text (as code points) from `from` to `to`, the matched spans marked.
  function marked(chars, spans, from, to) {
    var out = "", open = 0;
    var starts = {}, ends = {};
    spans.forEach(function (s) { starts[s[0]] = (starts[s[0]] || 0) + 1; ends[s[1]] = (ends[s[1]] || 0) + 1; });
    for (var i = from; i < to; i++) {
      if (ends[i] && open) { open -= ends[i]; if (open <= 0) { open = 0; out += "</mark>"; } }
      if (starts[i]) { if (!open) out += "<mark>"; open += starts[i]; }
      out += escapeHtml(chars[i]);
    }
    return out + (open ? "</mark>" : "");
  }

  // A section's title and excerpt, with the spans each term matched in it.
  function shownSection(entry, offsets, titleLength) {
    var title = Array.from(entry[0]), text = Array.from(entry[1]);
    var inTitle = [], inText = [];
    offsets.forEach(function (o) {
      if (o[0] < titleLength) inTitle.push(o);
      else inText.push([o[0] - titleLength - 1, o[1] - titleLength - 1]);
    });
    inText.sort(function (a, b) { return a[0] - b[0]; });
    var from = inText.length ? Math.max(0, inText[0][0] - BEFORE) : 0;
    var to = Math.min(text.length, (inText.length ? inText[0][0] : 0) + AFTER);
    var excerpt = (from > 0 ? "…" : "") + marked(text, inText, from, to) + (to < text.length ? "…" : "");
    return { title: marked(title, inTitle, 0, title.length), text: excerpt, count: offsets.length };
  }

  // One result of Material's list: the page, then its sections (page/#s2). The sections with the
  // most matches score as the page does and are shown; the others fold into Material's
  // "在该页上还有 N 个符合条件的结果".
  function items(found, hit, entries) {
    var meta = found.meta, location = meta.pages[hit.page][0];
    var url = found.ix.base.replace(/search\/chunks\/$/, "") + location;
    var bySection = {};
    found.terms.forEach(function (t) {
      var length = t.chars.length;
      Object.keys(t.pages[hit.page] || {}).forEach(function (section) {
        var list = bySection[section] || (bySection[section] = []);
        t.pages[hit.page][section].forEach(function (o) { list.push([o, o + length]); });
      });
    });
    var own = null, shown = [];
    var firstOfPage = meta.sections.findIndex(function (s) { return s[0] === hit.page; });
    var terms = {};
    found.terms.forEach(function (t) { terms[t.word] = true; });
    Object.keys(bySection).map(Number).sort(function (a, b) { return a - b; }).forEach(function (s) {
      var section = meta.sections[s];
      var view = shownSection(entries[s - firstOfPage], bySection[s], section[2]);
      if (section[1]) shown.push({ anchor: section[1], view: view });
      else own = view;
    });
    // Material shows a page's sections in the order given, up to the first that scores below the
    // page: the most matched first.
    shown.sort(function (a, b) { return b.view.count - a.view.count; });
    var best = own && own.count ? own : shown.length ? shown[0].view : own;
    var page = { location: new URL(url).pathname, title: own ? own.title : escapeHtml(meta.pages[hit.page][1]),
                 text: best.text, score: hit.score, terms: terms };
    var most = Math.max.apply(null, shown.map(function (s) { return s.view.count; }).concat([1]));
    return [page].concat(shown.map(function (s) {
      return { location: page.location + "#" + s.anchor, title: s.view.title, text: s.view.text,
               score: hit.score * s.view.count / most, terms: terms };
    }));
  }

  // -------------------------------------------------------------------------
  // Material's search worker, played by this script
  // -------------------------------------------------------------------------

  // The query in the page's script (rp.js, assets/rp-script-map.js): 肿瘤 finds 腫瘤 on /zh-Hant/.
  function pageScript(text) {
    return typeof window.rpToPageScript === "function" ? window.rpToPageScript(text) : text;
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
    search(query)
      .then(function (found) {
        if (id !== self.latest) return null;      // a newer query has been sent
        var shown = found.pages.slice(0, SHOWN);
        return Promise.all(shown.map(function (hit) { return fragment(found.ix, hit.page); })).then(function (texts) {
          if (id !== self.latest) return;
          var list = shown.map(function (hit, i) { return items(found, hit, texts[i]); });
          self.reply({ type: RESULT, data: { items: list } });
          if (found.pages.length > list.length) self.countAll(found.pages.length);
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
      if (meta) meta.textContent = config().translations["search.result.other"].replace("#", String(total));
    });
  };

  // Material creates its worker as `new Worker(config.search)`; that one becomes the adapter.
  function Worker(url, options) {
    if (MATERIAL_WORKER.test(new URL(String(url), location.href).pathname)) return new SearchAdapter();
    return new NativeWorker(url, options);
  }
  Worker.prototype = NativeWorker.prototype;
  window.Worker = Worker;

  // Start loading the index's table of pages when the reader goes to the search box (a pointer
  // over it, or focus), before the first key; a reader who never searches downloads none of it.
  function warmUp(e) {
    if (e.target.closest && e.target.closest(".md-search, label[for=__search]")) index();
  }
  document.addEventListener("pointerover", warmUp);
  document.addEventListener("focusin", warmUp);
  window.rpSearch = search;   // for tests and the benchmark: the pages and matches of a query
})();
