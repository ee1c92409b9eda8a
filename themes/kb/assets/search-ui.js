/* kb help center: the search box (ARIA combobox with results as you type) and the results
   page. Progressive enhancement: the box ships hidden and is revealed here. The engine
   (KBSearch) and the language's index load on first use, through <script> tags, so search
   works from file:// as well as over http(s). Everything from a query is shown as text. */
(function (window, document) {
  "use strict";

  var KB = window.KB;
  if (!KB || !KB.register) { return; }

  var DEBOUNCE_MS = 120;
  var SUGGESTIONS = 8;
  var RESULTS = 30;
  var enginePromise = null;

  function settings() { return (KB.config && KB.config.search) || null; }

  function text(key, values) {
    var strings = settings().strings || {};
    var value = strings[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      value = value.split("{" + name + "}").join(values[name]);
    });
    return value;
  }

  /** Load one classic script; resolves when it has run. */
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  /** The engine for this page's language, loaded once, on first use. */
  KB.searchEngine = function () {
    if (enginePromise) { return enginePromise; }
    var conf = settings();
    enginePromise = conf.runtime.reduce(function (chain, src) {
      return chain.then(function () { return loadScript(src); });
    }, Promise.resolve()).then(function () {
      return window.KBSearch.open(KB.config.lang, conf.manifest);
    });
    return enginePromise;
  };

  function href(url) { return (settings().base || "") + url; }

  /** Events (events.js): the settled query, and a result opened (its page_view says "search"). */
  function searched(key, query, count) {
    if (KB.events) { KB.events.settle(key, "search", { query: query, results: count }); }
  }

  function opened(query, rank, result) {
    if (KB.events) {
      KB.events.emit("search_click", { query: query, rank: rank, target: result.id }, href(result.url));
    }
  }

  /** Fold one character as search does (accents, letter forms, Traditional Chinese …). */
  function folder() {
    var analysis = window.KBSearch && window.KBSearch.analysis;
    var lang = KB.config.lang;
    if (analysis && analysis.normalize) {
      return function (ch) { return analysis.normalize(ch, lang); };
    }
    return function (ch) { return ch.toLowerCase(); };
  }

  function sameStem(word, term) {
    if (word === term) { return true; }
    var shared = 0;
    while (shared < word.length && shared < term.length && word[shared] === term[shared]) {
      shared++;
    }
    return shared >= 4 && shared >= Math.min(word.length, term.length) - 2;
  }

  /** Where the matched words stand in `value`, found through its folded form. */
  function matches(value, terms) {
    var fold = folder();
    var folded = "";
    var starts = [];
    var ends = [];
    for (var i = 0; i < value.length;) {
      var ch = String.fromCodePoint(value.codePointAt(i));
      var piece = fold(ch);
      for (var k = 0; k < piece.length; k++) { starts.push(i); ends.push(i + ch.length); }
      folded += piece;
      i += ch.length;
    }
    var ranges = [];
    var wanted = (terms || []).filter(function (term) { return Array.from(term || "").length > 1; });
    // A word matches a term it shares all but its ending with (another inflection of the
    // same stem); scripts without spaces match the term itself, anywhere.
    var word = /[\p{L}\p{N}\p{M}]+/gu;
    for (var found = word.exec(folded); found; found = word.exec(folded)) {
      var w = found[0];
      if (wanted.some(function (t) { return sameStem(w, t); })) {
        ranges.push([starts[found.index], ends[found.index + w.length - 1]]);
      }
    }
    wanted.forEach(function (term) {
      if (!/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(term)) {
        return;
      }
      for (var at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + 1)) {
        ranges.push([starts[at], ends[at + term.length - 1]]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push(r); }
    });
    return merged;
  }

  /** `value` as text nodes, with the matched words wrapped in <mark>. */
  function highlighted(value, terms) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    matches(value, terms).forEach(function (range) {
      if (range[0] > last) {
        fragment.appendChild(document.createTextNode(value.slice(last, range[0])));
      }
      var mark = document.createElement("mark");
      mark.textContent = value.slice(range[0], range[1]);
      fragment.appendChild(mark);
      last = range[1];
    });
    if (last < value.length) { fragment.appendChild(document.createTextNode(value.slice(last))); }
    return fragment;
  }

  function resultItem(result, tag) {
    var item = document.createElement(tag);
    var link = document.createElement("a");
    link.href = href(result.url);
    link.className = "kb-result-title";
    link.appendChild(highlighted(result.title, result.terms));
    item.appendChild(link);
    if (result.breadcrumb) {
      var crumb = document.createElement("span");
      crumb.className = "kb-result-crumb";
      crumb.textContent = result.breadcrumb;
      item.appendChild(crumb);
    }
    if (result.snippet) {
      var snippet = document.createElement("span");
      snippet.className = "kb-result-snippet";
      snippet.appendChild(highlighted(result.snippet, result.terms));
      item.appendChild(snippet);
    }
    return item;
  }

  /* ---- the combobox in the header (and the home page hero) ---------------------------- */

  function Combobox(form) {
    this.form = form;
    this.input = form.querySelector("input[type=search]");
    this.list = form.querySelector("[role=listbox]");
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.seq = 0;
    var self = this;
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.list.id);
    this.input.addEventListener("focus", function () { KB.searchEngine().catch(self.fail); });
    this.input.addEventListener("input", function () { self.schedule(); });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
    this.input.addEventListener("blur", function () {
      window.setTimeout(function () { self.close(); }, 150);
    });
    form.hidden = false;
  }

  Combobox.prototype.fail = function (error) {
    if (window.console) { window.console.warn("kb search:", error && error.message); }
  };

  Combobox.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.run(); }, DEBOUNCE_MS);
  };

  Combobox.prototype.run = function () {
    var query = this.input.value;
    var seq = ++this.seq;
    var self = this;
    if (!query.trim()) { this.close(); return; }
    KB.searchEngine().then(function (engine) {
      return engine.search(query, { limit: SUGGESTIONS });
    }).then(function (results) {
      if (seq === self.seq) { self.show(results, query); }
    }).catch(this.fail);
  };

  Combobox.prototype.show = function (results, query) {
    this.results = results;
    this.active = -1;
    this.list.textContent = "";
    var self = this;
    results.forEach(function (result, i) {
      var option = resultItem(result, "li");
      option.id = self.list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function (event) {
        if (event.target.closest("a")) { opened(query, i + 1, result); }
      });
      self.list.appendChild(option);
    });
    var all = document.createElement("li");
    all.className = "kb-suggest-all";
    all.setAttribute("role", "option");
    all.id = this.list.id + "-all";
    all.setAttribute("aria-selected", "false");
    all.textContent = results.length ? text("search_all", { query: query }) :
      text("search_no_results", { query: query });
    all.addEventListener("mousedown", function (event) {
      event.preventDefault();
      self.form.submit();
    });
    this.list.appendChild(all);
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    searched("search:" + this.list.id, query, results.length);
  };

  Combobox.prototype.close = function () {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Combobox.prototype.move = function (step) {
    var options = this.list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    if (this.active >= 0) { options[this.active].setAttribute("aria-selected", "false"); }
    // Positions cycle through "nothing selected" (-1) and every option.
    var states = options.length + 1;
    this.active = ((this.active + 1 + step) % states + states) % states - 1;
    if (this.active < 0) { this.input.removeAttribute("aria-activedescendant"); return; }
    options[this.active].setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", options[this.active].id);
    options[this.active].scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.key = function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (this.list.hidden) { this.run(); return; }
      event.preventDefault();
      this.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Escape") {
      if (!this.list.hidden) { event.preventDefault(); this.close(); } else { this.input.value = ""; }
    } else if (event.key === "Enter" && this.active >= 0 && this.active < this.results.length) {
      event.preventDefault();
      opened(this.input.value, this.active + 1, this.results[this.active]);
      window.location.href = href(this.results[this.active].url);
    }
  };

  /* ---- the results page --------------------------------------------------------------- */

  function resultsPage(root) {
    var input = root.querySelector("input[type=search]");
    var status = root.querySelector("[data-kb-search-status]");
    var list = root.querySelector("[data-kb-search-list]");
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    root.querySelector("form").hidden = false;
    if (!query.trim()) { return; }
    status.textContent = text("search_loading");
    KB.searchEngine().then(function (engine) {
      return engine.search(query, { limit: RESULTS }).then(function (results) {
        list.textContent = "";
        results.forEach(function (result, i) {
          var item = list.appendChild(resultItem(result, "li"));
          item.addEventListener("click", function (event) {
            if (event.target.closest("a")) { opened(query, i + 1, result); }
          });
        });
        if (KB.events) { KB.events.emit("search", { query: query, results: results.length }); }
        if (KB.deflect) { KB.deflect.searchDone(root, query, results); }
        if (results.length) {
          status.textContent = text("search_count", { n: String(results.length), query: query });
          return null;
        }
        status.textContent = text("search_no_results", { query: query });
        return engine.suggest ? engine.suggest(query) : null;
      }).then(function (suggestion) {
        if (!suggestion || suggestion === query) { return; }
        var hint = root.querySelector("[data-kb-search-suggest]");
        var link = document.createElement("a");
        link.href = "?q=" + encodeURIComponent(suggestion);
        link.textContent = suggestion;
        hint.textContent = text("search_did_you_mean") + " ";
        hint.appendChild(link);
        hint.hidden = false;
      });
    }).catch(function (error) {
      status.textContent = text("search_failed");
      if (window.console) { window.console.warn("kb search:", error && error.message); }
    });
    root.querySelector("[data-kb-search-help]").hidden = false;
  }

  KB.register("search", function () {
    if (!settings() || !window.Promise) { return; }
    var forms = document.querySelectorAll("form[data-kb-search]");
    var boxes = [];
    for (var i = 0; i < forms.length; i++) { boxes.push(new Combobox(forms[i])); }
    var page = document.querySelector("[data-kb-search-page]");
    if (page) { resultsPage(page); }
    document.addEventListener("keydown", function (event) {
      var tag = (event.target && event.target.tagName) || "";
      if (event.key !== "/" || /^(INPUT|TEXTAREA|SELECT)$/.test(tag) ||
          (event.target && event.target.isContentEditable)) { return; }
      var first = boxes[0] || null;
      var input = page ? page.querySelector("input[type=search]") : first && first.input;
      if (input) { event.preventDefault(); input.focus(); }
    });
  });

  // Deferred scripts run once the document is parsed, and kb.js may have started its modules
  // already: start this one too (KB.start runs each module once).
  if (document.readyState !== "loading") { KB.start(); }
}(window, document));
