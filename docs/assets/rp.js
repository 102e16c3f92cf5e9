// Reader-side behaviour of the republication site. No third-party code, nothing fetched.
(function () {
  "use strict";

  // ---------------------------------------------------------------------------
  // Tooltips for glossary terms and note markers (data-tip or aria-describedby) on hover, keyboard
  // focus and tap. One floating element, positioned inside the viewport.
  // ---------------------------------------------------------------------------
  var tip = null;
  var owner = null;
  var touchShown = null;

  function tipElement() {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "rp-tooltip";
      tip.id = "rp-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(el) {
    var t = tipElement();
    owner = el;
    t.textContent = tipText(el);
    t.hidden = false;
    var r = el.getBoundingClientRect();
    var width = Math.min(320, document.documentElement.clientWidth - 16);
    t.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX +
      document.documentElement.clientWidth - width - 8));
    t.style.left = left + "px";
    var below = r.bottom + window.scrollY + 6;
    t.style.top = below + "px";
    var tr = t.getBoundingClientRect();
    if (tr.bottom > window.innerHeight && r.top > tr.height + 12) {
      t.style.top = (r.top + window.scrollY - tr.height - 6) + "px";
    }
  }

  function hide() {
    if (tip) tip.hidden = true;
    owner = null;
    touchShown = null;
  }

  function tipOf(target) {
    return target && target.closest ? target.closest("[data-tip], a.rp-term[aria-describedby]") : null;
  }

  // A note marker carries its text; a glossary term points to its page's one description.
  function tipText(el) {
    var own = el.getAttribute("data-tip");
    if (own) return own;
    var described = document.getElementById(el.getAttribute("aria-describedby"));
    return described ? described.textContent : "";
  }

  document.addEventListener("mouseover", function (e) {
    var el = tipOf(e.target);
    if (el && el !== owner) show(el);
  });
  document.addEventListener("mouseout", function (e) {
    var el = tipOf(e.target);
    if (el && el === owner && !el.contains(e.relatedTarget) && document.activeElement !== el) hide();
  });
  document.addEventListener("focusin", function (e) {
    var el = tipOf(e.target);
    if (el) show(el); else hide();
  });
  document.addEventListener("focusout", function (e) {
    if (tipOf(e.target) === owner) hide();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
  // Touch: the first tap shows the explanation, a second tap on it follows the link.
  document.addEventListener("pointerdown", function (e) {
    if (e.pointerType !== "touch") return;
    var el = tipOf(e.target);
    if (!el) { hide(); return; }
    if (touchShown !== el) {
      e.preventDefault();
      show(el);
      touchShown = el;
      el.addEventListener("click", function once(ev) {
        ev.preventDefault();
        el.removeEventListener("click", once);
      });
    }
  });
  window.addEventListener("scroll", function () { if (owner && !touchShown) show(owner); }, { passive: true });
})();

// The 简/繁 switch keeps the reader's place (the URL fragment) and remembers the choice.
document.addEventListener("click", function (e) {
  var link = e.target.closest ? e.target.closest("a[data-rp-script]") : null;
  if (!link) return;
  try { localStorage.setItem("rp-script", link.getAttribute("data-rp-script")); } catch (err) { /* private mode */ }
  if (location.hash) {
    e.preventDefault();
    location.href = link.href.split("#")[0] + location.hash;
  }
});

// Search in either script: a query is turned into this page's script, character by character, with
// the map of the characters that occur on this site (assets/rp-script-map.js, generated). What is
// searched is converted where it goes to Material's worker (below); the box is converted on keyup
// too, so the reader sees the query the results and highlighting are for. Nothing happens while an
// IME is composing.
(function () {
  "use strict";
  var QUERY = "input[data-md-component=search-query]";
  var maps = window.rpScriptMap || {};
  var map = maps[document.documentElement.lang === "zh-Hant" ? "hant" : "hans"] || {};

  function toPageScript(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += map[text[i]] || text[i];
    return out;
  }

  function convertQuery(e) {
    var box = e.target;
    if (!box.matches || !box.matches(QUERY) || e.isComposing) return;
    var converted = toPageScript(box.value);
    if (converted === box.value) return;
    var start = box.selectionStart, end = box.selectionEnd;
    box.value = converted;               // same length: the caret stays where it was
    box.setSelectionRange(start, end);
  }
  window.rpToPageScript = toPageScript;   // for the chunked search (rp-search.js)
  document.addEventListener("keyup", convertQuery, true);
  document.addEventListener("compositionend", convertQuery, true);
  document.addEventListener("focusin", convertQuery, true);

  // Material cuts a Chinese query into words of the index, but never tries a word that ends where
  // the query ends (it may still be being typed): a query that is exactly one of the site's words
  // (紧密型医联体), and begins with another word of the index (紧密), is cut at that word and its
  // rest is then missing from most results. On its way to Material's search worker (whatever made
  // Material send it: a keyup, focus, the worker becoming ready), a query gets the page's script
  // and, after each run of Han text that is exactly a site word, one more Han character (〇),
  // which the cutter never keeps as a word: the run is then searched whole. The box is untouched.
  var SENTINEL = "\u3007";
  var HAN_RUN = /[\u3007\u3400-\u9fff\uf900-\ufaff]+/g;   // no \p{…}: older browsers would reject the file
  var QUERY_MESSAGE = 2;                                       // Material's SearchMessageType.QUERY
  var words = {};
  ((window.rpSearchWords || {})[document.documentElement.lang === "zh-Hant" ? "hant" : "hans"] || [])
    .forEach(function (w) { words[w] = true; });

  function searchedForm(query) {
    return toPageScript(query).replace(HAN_RUN, function (run) { return words[run] ? run + SENTINEL : run; });
  }
  if (window.Worker && Worker.prototype.postMessage) {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && message.type === QUERY_MESSAGE && typeof message.data === "string") {
        args[0] = { type: message.type, data: searchedForm(message.data) };
      }
      return post.apply(this, args);
    };
  }

  // Material's index separates jieba's words with U+200B; the result texts show them, and a
  // reader who copies a result would carry them along. Drop them from rendered results only.
  function dropSeparators(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeValue.indexOf("\u200b") >= 0) node.nodeValue = node.nodeValue.replace(/\u200b/g, "");
    }
  }
  var list = document.querySelector(".md-search-result__list");
  if (list && window.MutationObserver) {
    new MutationObserver(function () { dropSeparators(list); }).observe(list, { childList: true, subtree: true });
  }
})();

// ---------------------------------------------------------------------------
// Citations (republish/exports.py page_citation): the reader's browser supplies the access date and
// the URL; every citation line copies with one click; a paragraph's ¶ opens the same lines with the
// paragraph's URL. UI words come from the box's data attributes, so the /zh-Hant/ twin has its own.
// ---------------------------------------------------------------------------
(function () {
  "use strict";
  var box = document.getElementById("cite");
  if (!box || !box.classList.contains("rp-cite")) return;
  var pageUrl = location.href.split(/[?#]/)[0];
  var now = new Date();
  var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" +
    String(now.getDate()).padStart(2, "0");

  function fill(root, url) {
    root.querySelectorAll(".rp-cite-url").forEach(function (el) { el.textContent = url; });
    root.querySelectorAll(".rp-cite-accessed").forEach(function (el) { el.textContent = today; });
  }
  fill(box, pageUrl);

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(button) {
    var entry = button.closest(".rp-cite-entry");
    var text = entry.querySelector(".rp-cite-text").textContent;
    var status = button.closest(".rp-cite, .rp-cite-pop").querySelector(".rp-copy-status");
    var write = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); })
      : fallbackCopy(text);
    write.then(function () {
      button.textContent = box.getAttribute("data-rp-copied");
      status.textContent = box.getAttribute("data-rp-copied") + ":" + text;
      entry.classList.add("rp-copied");
      setTimeout(function () {
        button.textContent = box.getAttribute("data-rp-copy");
        entry.classList.remove("rp-copied");
      }, 2500);
    }, function () {
      status.textContent = box.getAttribute("data-rp-copy-failed");
    });
  }

  var pop = null;
  var opener = null;

  function closePop(restoreFocus) {
    if (!pop) return;
    pop.remove();
    pop = null;
    if (restoreFocus && opener) opener.focus();
    opener = null;
  }

  function openPop(mark) {
    closePop(false);
    var block = mark.closest("[id]");
    opener = mark;
    pop = document.createElement("div");
    pop.className = "rp-ed rp-cite-pop";
    pop.id = "rp-cite-pop";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", box.getAttribute("data-rp-pop"));
    var title = document.createElement("p");
    title.className = "rp-cite-title";
    title.textContent = box.getAttribute("data-rp-pop");
    pop.appendChild(title);
    var list = box.querySelector(".rp-cite-list").cloneNode(true);
    fill(list, pageUrl + "#" + block.id);
    var status = document.createElement("p");
    status.className = "rp-copy-status";
    status.setAttribute("role", "status");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "rp-cite-close";
    close.textContent = box.getAttribute("data-rp-close");
    pop.appendChild(list);
    pop.appendChild(status);
    pop.appendChild(close);
    document.body.appendChild(pop);
    var r = mark.getBoundingClientRect();
    var width = Math.min(480, document.documentElement.clientWidth - 16);
    pop.style.width = width + "px";
    pop.style.left = Math.max(8, Math.min(r.left + window.scrollX - width / 2,
      window.scrollX + document.documentElement.clientWidth - width - 8)) + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
    pop.querySelector(".rp-copy").focus();
  }

  document.addEventListener("click", function (e) {
    var target = e.target.closest ? e.target : null;
    if (!target) return;
    var button = target.closest(".rp-copy");
    if (button) { copy(button); return; }
    if (target.closest(".rp-cite-close")) { closePop(true); return; }
    var mark = target.closest(".rp-pilcrow");
    // The link still goes to the paragraph (its fragment); the popover opens once it has.
    if (mark) { setTimeout(function () { openPop(mark); }, 0); return; }
    if (pop && !target.closest(".rp-cite-pop")) closePop(false);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && pop) closePop(true);
  });
})();
