/*
 * kb search — the browser search runtime (KBSearch.register, KBSearch.open).
 *
 * A port of the reference reader/scorer kb_search.client.ClientIndex over the client index
 * files of search/FORMAT.md: same query expansion (exact surface → stem, prefix expansion of
 * the word being typed, stem guess, typo tolerance), same BM25F arithmetic in the same
 * order, same tie-breaks. tests/search/test_runtime_parity.py checks both agree.
 *
 * Load order: analysis-data.js, analysis.js and this file in any order among themselves;
 * index files (KBSearch.register(...) scripts) after this file — or, when the page puts the
 * manifest's <script> before the runtime, after the stub of FORMAT.md ("Browser runtime"),
 * whose queued registrations this file takes over. Classic script, no modules, no fetch:
 * works from file:// and http(s). Under node, require() works too (files load by fs + vm).
 */
(function (root) {
  "use strict";

  var FORMAT_VERSION = 5;
  // Python's str.isspace() (JS \s differs: it has U+FEFF, lacks U+001C–U+001F and U+0085).
  var PY_SPACE = /[\t\n\u000b\u000c\r\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  var MAX_CODE_POINT = "\u{10FFFF}";

  var ns = root.KBSearch = root.KBSearch || {};
  // Loaded twice: keep the first copy (its registry is the one engines wait on).
  if (ns.register && ns.register.kbRuntime && ns.Engine) {
    if (typeof module !== "undefined" && module.exports) module.exports = ns;
    return;
  }

  // --- registry: KBSearch.register(lang, kind, name, DATA) ------------------------------------
  var registry = new Map();
  var waiters = new Map();

  function keyOf(lang, kind, name) {
    return lang + "\n" + kind + "\n" + name;
  }

  function register(lang, kind, name, data) {
    var key = keyOf(String(lang), String(kind), String(name));
    registry.set(key, data);
    var list = waiters.get(key);
    if (list) {
      waiters.delete(key);
      list.forEach(function (resolve) { resolve(data); });
    }
  }
  register.kbRuntime = true;

  function registered(lang, kind, name) {
    return registry.get(keyOf(lang, kind, name));
  }

  function isRegistered(lang, kind, name) {
    return registry.has(keyOf(lang, kind, name));
  }

  /* A Promise of the DATA of (lang, kind, name), resolved when (or if already) registered. */
  function whenRegistered(lang, kind, name) {
    var key = keyOf(lang, kind, name);
    if (registry.has(key)) return Promise.resolve(registry.get(key));
    return new Promise(function (resolve) {
      var list = waiters.get(key);
      if (!list) waiters.set(key, (list = []));
      list.push(resolve);
    });
  }

  // Registrations queued by a stub before this file ran (see FORMAT.md, "Browser runtime").
  var queued = Array.isArray(ns._pending) ? ns._pending : [];
  ns.register = register;
  ns._pending = [];
  queued.forEach(function (args) { register(args[0], args[1], args[2], args[3]); });

  // --- helpers ------------------------------------------------------------------------------
  /* Python str order (by code point) — JS `<` compares UTF-16 units, which differs when one
   * side has an astral character and the other a BMP character ≥ U+E000. */
  function unitKey(c) {
    return c >= 0xe000 ? c - 0x800 : (c >= 0xd800 ? c + 0x2000 : c);
  }

  function compare(a, b) {
    if (a === b) return 0;
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i);
      var y = b.charCodeAt(i);
      if (x !== y) {
        if (x >= 0xd800 && y >= 0xd800) return unitKey(x) < unitKey(y) ? -1 : 1;
        return x < y ? -1 : 1;
      }
    }
    return a.length < b.length ? -1 : (a.length > b.length ? 1 : 0);
  }

  /* bisect.bisect_left / bisect_right over a sorted array. */
  function bisectLeft(keys, x, cmp) {
    var lo = 0;
    var hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(keys[mid], x) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function bisectRight(keys, x, cmp) {
    var lo = 0;
    var hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(x, keys[mid]) < 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  function codePoints(text) {
    return Array.from(text);
  }

  /* Optimal-string-alignment distance over code points; limit + 1 when over the limit
   * (client.edit_distance). */
  function editDistance(a, b, limit) {
    if (typeof a === "string") a = codePoints(a);
    if (typeof b === "string") b = codePoints(b);
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var previous2 = [];
    var previous = [];
    var j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        current.push(value);
        if (value < low) low = value;
      }
      if (low > limit) return limit + 1;
      previous2 = previous;
      previous = current;
    }
    return previous[previous.length - 1];
  }

  /* Base 26 with the digits A–Z (doc deltas), base 36 with 0–9a–z (stored scores): the
   * value of character code `c`, or -1 when it is not of that alphabet. */
  function digit26(c) {
    return c >= 65 && c <= 90 ? c - 65 : -1;
  }

  function digit36(c) {
    return c >= 48 && c <= 57 ? c - 48 : (c >= 97 && c <= 122 ? c - 87 : -1);
  }

  /* Inverse of export.encode_postings: {docs: Int32Array ascending, units: Float64Array of
   * stored scores} (client.decode_postings). */
  function decodeCompact(value) {
    value = String(value);
    var bar = value.indexOf("|");
    var dfText = bar < 0 ? "" : value.slice(0, bar);
    var count = /^[0-9a-z]+$/.test(dfText) ? parseInt(dfText, 36) : -1;
    if (count < 0) throw new Error("KBSearch: document frequency does not match the postings");
    var docs = new Int32Array(count);
    var units = new Float64Array(count);
    var n = 0;
    var doc = 0;
    var i = bar + 1;
    var end = value.length;
    while (i < end && n < count) {
      var delta = 0;
      var c = value.charCodeAt(i);
      var d = digit26(c);
      if (d < 0) throw new Error("KBSearch: bad posting at " + i);
      do {
        delta = delta * 26 + d;
        d = digit26(c = value.charCodeAt(++i));
      } while (d >= 0);
      var score = 0;
      d = digit36(c);
      if (d < 0) throw new Error("KBSearch: bad posting at " + i);
      do {
        score = score * 36 + d;
        d = digit36(c = value.charCodeAt(++i));
      } while (d >= 0);
      doc += delta;
      docs[n] = doc;
      units[n] = score;
      n++;
    }
    if (n !== count || i < end) throw new Error("KBSearch: document frequency does not match the postings");
    return { docs: docs, units: units };
  }

  /* [{doc, score}] (stored score, an integer): client.decode_postings. */
  function decodePostings(value) {
    var p = decodeCompact(value);
    var out = [];
    for (var i = 0; i < p.docs.length; i++) out.push({ doc: p.docs[i], score: p.units[i] });
    return out;
  }

  // --- loading ------------------------------------------------------------------------------
  function baseName(url) {
    var path = String(url).split("#")[0].split("?")[0];
    var name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
    try {
      return decodeURIComponent(name);
    } catch (e) {
      return name;
    }
  }

  function defaultResolve(name, manifestUrl) {
    if (typeof document !== "undefined" && typeof URL === "function") {
      return new URL(name, new URL(manifestUrl, document.baseURI)).href;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(manifestUrl) && !/^[a-z]:[\\/]/i.test(manifestUrl)) {
      return new URL(name, manifestUrl).href;
    }
    return String(manifestUrl).replace(/[^/\\]*$/, "") + name;
  }

  /* Browser loader: a <script src> per file, resolved once it has run. */
  function scriptLoader(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      function done(error) {
        tag.onload = tag.onerror = null;
        if (tag.parentNode) tag.parentNode.removeChild(tag);
        if (error) reject(error);
        else resolve();
      }
      tag.onload = function () { done(null); };
      tag.onerror = function () { done(new Error("KBSearch: could not load " + url)); };
      tag.async = true;
      tag.charset = "utf-8";
      tag.src = url;
      (document.head || document.documentElement).appendChild(tag);
    });
  }

  /* Node loader: read the file (path or file: URL) and run it with this KBSearch in scope. */
  function nodeLoader() {
    var fs = require("fs");
    var vm = require("vm");
    var urls = require("url");
    var context = vm.createContext({ KBSearch: ns });
    return function (url) {
      var file = /^file:/i.test(url) ? urls.fileURLToPath(url) : url;
      return fs.promises.readFile(file, "utf8").then(function (text) {
        vm.runInContext(text, context, { filename: file });
      });
    };
  }

  function defaultLoader() {
    if (typeof document !== "undefined" && document.createElement) return scriptLoader;
    if (typeof require === "function") return nodeLoader();
    throw new Error("KBSearch.open: no document and no require(): pass options.load");
  }

  function analysisApi() {
    if (ns.analysis) return ns.analysis;
    if (typeof require === "function") {
      try {
        return require("./analysis.js");
      } catch (e) {
        // fall through
      }
    }
    throw new Error("KBSearch: load analysis.js (and analysis-data.js) first");
  }

  var TABLES = { terms: "terms-", surfaces: "surfaces-" };

  /* A chunk table [[key, …], "<12 hex>…"] as {keys, names: ["<prefix><hex>.js", …]}
   * (client.expand_table). */
  function expandTable(table, prefix) {
    var keys = table[0];
    var hashes = String(table[1]);
    if (hashes.length !== 12 * keys.length) {
      throw new Error("KBSearch: table of " + keys.length + " keys has " + hashes.length + " hash digits");
    }
    return { keys: keys, names: keys.map(function (key, i) { return prefix + hashes.slice(12 * i, 12 * i + 12) + ".js"; }) };
  }

  /* A two-level chunk table (client.Table): the manifest names the table pages, a page names
   * the chunk files of its rows; pages load when a lookup needs them. */
  function Table(engine, top, prefix, cmp) {
    var pages = expandTable(top, "table-");
    this.engine = engine;
    this.prefix = prefix;
    this.cmp = cmp;
    this.pageKeys = pages.keys;
    this.pageNames = pages.names;
    this.pages = pages.keys.map(function (key, i) { return [key, pages.names[i]]; });
    this._pages = [];
    this._rows = [];
  }

  Table.prototype.pageIndex = function (key) {
    return Math.max(0, bisectRight(this.pageKeys, key, this.cmp) - 1);
  };

  /* A Promise of {keys, names} of page `at`, loaded once. */
  Table.prototype.page = function (at) {
    var self = this;
    var pending = this._pages[at];
    if (!pending) {
      pending = this._pages[at] = this.engine._file("table", this.pageNames[at]).then(function (data) {
        var rows = expandTable(data, self.prefix);
        if (!rows.keys.length || rows.keys[0] !== self.pageKeys[at]) {
          throw new Error("KBSearch: " + self.pageNames[at] + " does not start at its key");
        }
        self._rows[at] = rows;
        return rows;
      });
      pending.catch(function () { self._pages[at] = undefined; });
    }
    return pending;
  };

  /* {key, name, next (the following row's key or null)} of row `r` of loaded page `at`. */
  Table.prototype.row = function (rows, at, r) {
    var next = r + 1 < rows.keys.length ? rows.keys[r + 1]
      : (at + 1 < this.pageKeys.length ? this.pageKeys[at + 1] : null);
    return { key: rows.keys[r], name: rows.names[r], next: next };
  };

  /* The row of the chunk holding `key` (last row whose key ≤ key, else the first), null when
   * the table is empty. */
  Table.prototype.find = async function (key) {
    if (!this.pageKeys.length) return null;
    var at = this.pageIndex(key);
    var rows = this._rows[at] || await this.page(at);
    return this.row(rows, at, Math.max(0, bisectRight(rows.keys, key, this.cmp) - 1));
  };

  /* Every row from the one holding `start` while its key < `end` (code-point order). */
  Table.prototype.rowsBetween = async function (start, end) {
    var out = [];
    if (!this.pageKeys.length) return out;
    var at = this.pageIndex(start);
    var rows = await this.page(at);
    var r = Math.max(0, bisectRight(rows.keys, start, this.cmp) - 1);
    for (;;) {
      for (; r < rows.keys.length; r++) {
        if (out.length && this.cmp(rows.keys[r], end) >= 0) return out;
        out.push(this.row(rows, at, r));
      }
      if (++at >= this.pageKeys.length || this.cmp(this.pageKeys[at], end) >= 0) return out;
      rows = await this.page(at);
      r = 0;
    }
  };

  /* Every row [key, file name] (loads every page). */
  Table.prototype.rows = async function () {
    var self = this;
    var pages = await Promise.all(this.pageKeys.map(function (_, at) { return self.page(at); }));
    var out = [];
    pages.forEach(function (rows) {
      rows.keys.forEach(function (key, r) { out.push([key, rows.names[r]]); });
    });
    return out;
  };

  var EMPTY = { docs: new Int32Array(0), units: new Float64Array(0) };

  // --- the engine (client.ClientIndex) ------------------------------------------------------
  function Engine(lang, manifestUrl, options) {
    options = options || {};
    this.lang = String(lang);
    this.manifestUrl = String(manifestUrl);
    this.manifestName = baseName(manifestUrl);
    this.filesLoaded = [];
    this._load = options.load || defaultLoader();
    this._resolve = options.resolve || defaultResolve;
    this._files = new Map();
    this._pairs = new Map();
    this._postings = new Map();
    this._termHints = new Map();
    this._scores = new Map();
    this.manifest = null;
    var self = this;
    this.ready = this._file("manifest", this.manifestName, this.manifestUrl).then(function (m) {
      if (!m || typeof m !== "object") throw new Error("KBSearch: " + self.manifestName + " is not a manifest");
      if (m.format !== FORMAT_VERSION) {
        throw new Error("KBSearch: index format " + m.format + " != " + FORMAT_VERSION +
                        " (this runtime reads format " + FORMAT_VERSION + ")");
      }
      var pipeline = analysisApi().PIPELINE_VERSION;
      if (m.pipeline !== pipeline) {
        throw new Error("KBSearch: analysis pipeline " + m.pipeline + " != " + pipeline +
                        ": rebuild the index");
      }
      // Two-level chunk tables (FORMAT.md, "Chunk tables"): pages load on demand.
      self.tables = {};
      Object.keys(TABLES).forEach(function (table) {
        self.tables[table] = new Table(self, m[table], TABLES[table], compare);
      });
      self.manifest = m;
      self.fields = m.fields;
      self.scale = m.scale;
      self.queryOptions = m.query;
      return self;
    });
    // An unobserved rejection here is reported again by search(): do not warn twice.
    this.ready.catch(function () {});
  }

  /* DATA of one index file, loaded once (shared by concurrent callers). */
  Engine.prototype._file = function (kind, name, url) {
    var self = this;
    var lang = this.lang;
    var pending = this._files.get(name);
    if (pending) return pending;
    var promise;
    if (isRegistered(lang, kind, name)) {
      promise = Promise.resolve(registered(lang, kind, name));
    } else {
      var address = url || this._resolve(name, this.manifestUrl);
      promise = Promise.resolve()
        .then(function () { return self._load(address, { lang: lang, kind: kind, name: name }); })
        .then(function () {
          if (!isRegistered(lang, kind, name)) {
            throw new Error("KBSearch: " + address + " did not register " + lang + "/" + kind + "/" + name);
          }
          return registered(lang, kind, name);
        });
    }
    promise = promise.then(function (data) {
      self.filesLoaded.push(name);
      return data;
    });
    promise.catch(function () { self._files.delete(name); });
    this._files.set(name, promise);
    return promise;
  };

  Engine.prototype._pairsOf = async function (kind, name) {
    var pairs = this._pairs.get(name);
    if (pairs) return pairs;
    var data = await this._file(kind, name);
    if (this._pairs.has(name)) return this._pairs.get(name);
    var flat = kind === "surfaces" ? data[0] : data;
    var keys = [];
    var values = [];
    for (var i = 0; i + 1 < flat.length; i += 2) {
      keys.push(flat[i]);
      values.push(flat[i + 1]);
    }
    pairs = { keys: keys, values: values };
    // a surfaces chunk names the terms chunks of its stems
    if (kind === "surfaces") pairs.terms = expandTable([data[1], data[2]], "terms-");
    this._pairs.set(name, pairs);
    return pairs;
  };

  /* Remember the terms chunk of `stem`, read from the surfaces chunk `pairs` it came from:
   * its postings then load without a terms table page. */
  Engine.prototype._hint = function (pairs, stem) {
    if (this._termHints.has(stem) || !pairs.terms.keys.length) return;
    var at = Math.max(0, bisectRight(pairs.terms.keys, stem, compare) - 1);
    this._termHints.set(stem, pairs.terms.names[at]);
  };

  /* The stem of an indexed surface form, or null (ClientIndex.stem_of). */
  Engine.prototype.stemOf = async function (surface) {
    var row = await this.tables.surfaces.find(surface);
    if (!row) return null;
    var pairs = await this._pairsOf("surfaces", row.name);
    var at = bisectLeft(pairs.keys, surface, compare);
    if (at < pairs.keys.length && pairs.keys[at] === surface) {
      this._hint(pairs, pairs.values[at] || surface);
      return pairs.values[at] || surface;
    }
    return null;
  };

  /* Every [surface, stem, its chunk] with start ≤ surface < end, in order
   * (ClientIndex.surfaces_from). */
  Engine.prototype.surfacesFrom = async function (start, end) {
    var self = this;
    var rows = await this.tables.surfaces.rowsBetween(start, end);
    var chunks = await Promise.all(rows.map(function (row) { return self._pairsOf("surfaces", row.name); }));
    var out = [];
    for (var r = 0; r < chunks.length; r++) {
      var pairs = chunks[r];
      for (var at = bisectLeft(pairs.keys, start, compare); at < pairs.keys.length; at++) {
        if (compare(pairs.keys[at], end) >= 0) break;
        out.push([pairs.keys[at], pairs.values[at] || pairs.keys[at], pairs]);
      }
    }
    return out;
  };

  /* {docs, units} of a stem (docs ascending, stored scores), docs.length 0 when not indexed. */
  Engine.prototype._compact = async function (stem) {
    var found = this._postings.get(stem);
    if (found) return found;
    var name = this._termHints.get(stem);
    if (!name) {
      var row = await this.tables.terms.find(stem);
      name = row ? row.name : null;
    }
    found = this._postings.get(stem);
    if (found) return found;
    found = EMPTY;
    if (name) {
      var pairs = await this._pairsOf("terms", name);
      var at = bisectLeft(pairs.keys, stem, compare);
      if (at < pairs.keys.length && pairs.keys[at] === stem) {
        found = this._postings.get(stem) || decodeCompact(pairs.values[at]);
      }
    }
    this._postings.set(stem, found);
    return found;
  };

  /* [{doc, score}] of a stem (stored scores), [] when not indexed (ClientIndex.postings). */
  Engine.prototype.postings = async function (stem) {
    var p = await this._compact(stem);
    var out = [];
    for (var i = 0; i < p.docs.length; i++) out.push({ doc: p.docs[i], score: p.units[i] });
    return out;
  };

  /* Name of docs file `number` (FORMAT.md, "docs DATA"). */
  function docsFile(hash, number) {
    return "docs-" + hash + "-" + number + ".js";
  }

  /* Display data of a document, from its docs file (named by its doc number). */
  Engine.prototype.doc = async function (docnum) {
    var files = this.manifest.docsFiles;
    if (!(docnum >= 0 && docnum < this.manifest.docs)) throw new Error("KBSearch: no document " + docnum);
    var rows = await this._file("docs", docsFile(files.hash, Math.floor(docnum / files.per)));
    return rows[docnum % files.per];
  };

  /* Every docs file [first doc, file name]. */
  Engine.prototype.docsBuckets = async function () {
    await this.ready;
    var files = this.manifest.docsFiles;
    var out = [];
    for (var first = 0; first < this.manifest.docs; first += files.per) {
      out.push([first, docsFile(files.hash, first / files.per)]);
    }
    return out;
  };

  // --- query processing ---------------------------------------------------------------------
  /* Per query word: {word, source, alternatives: [{stem, factor, surfaces}], closest}, words
   * with no alternative included (source null). ClientIndex.expand keeps the words with
   * alternatives, in the same order and with the same stems and factors. */
  Engine.prototype.analyse = async function (query) {
    var analysis = analysisApi();
    var text = query == null ? "" : String(query);
    var words = analysis.queryTerms(text, this.lang);
    var options = this.queryOptions;
    var raw = analysis.surfaceTerms(text, this.lang);
    var typingLast = words.length > 0 && !PY_SPACE.test(text.charAt(text.length - 1)) &&
      raw.length > 0 && raw[raw.length - 1].surface === words[words.length - 1];
    var out = [];
    var used = new Set();
    var self = this;
    // every word's surfaces chunk at once
    var exacts = await Promise.all(words.map(function (word) { return self.stemOf(word); }));
    for (var i = 0; i < words.length; i++) {
      var surface = words[i];
      var typing = i === words.length - 1 && typingLast &&
        codePoints(surface).length >= options.prefixMin;
      var exact = exacts[i];
      var source = exact === null ? null : "exact";
      var prefixed = typing ? await this.prefixed(surface, exact) : [];
      if (exact === null && !prefixed.length) {
        exact = await this.guessStem(surface);
        if (exact !== null) source = "guess";
      }
      var alternatives = [];
      if (exact !== null && !used.has(exact)) {
        alternatives.push({
          stem: exact, factor: 1.0, surfaces: source === "guess" ? [surface, exact] : [surface]
        });
      }
      if (exact !== null) used.add(exact);
      prefixed.forEach(function (p) {
        alternatives.push({ stem: p.stem, factor: options.prefixFactor, surfaces: p.surfaces });
      });
      if (source === null && prefixed.length) source = "prefix";
      var closest = null;
      if (exact === null && !alternatives.length) {
        var typos = await this.typos(surface);
        alternatives = typos.alternatives;
        closest = typos.closest;
        if (alternatives.length) source = "typo";
      }
      out.push({ word: surface, source: source, alternatives: alternatives, closest: closest });
    }
    return out;
  };

  /* [[stem, factor], …] per word with alternatives: ClientIndex.expand. */
  Engine.prototype.expand = async function (query) {
    await this.ready;
    var words = await this.analyse(query);
    return words.filter(function (w) { return w.alternatives.length; }).map(function (w) {
      return w.alternatives.map(function (a) { return [a.stem, a.factor]; });
    });
  };

  /* Stems of the surfaces starting with `surface`, in order, up to prefixMax, other than
   * `exact`: [{stem, surfaces}] (ClientIndex.prefixed). */
  Engine.prototype.prefixed = async function (surface, exact) {
    var end = surface + MAX_CODE_POINT;
    var rows = await this.tables.surfaces.rowsBetween(surface, end);
    var stems = [];
    var byStem = new Map();
    var max = this.queryOptions.prefixMax;
    // chunk by chunk, and no further than the chunk that completes prefixMax stems
    for (var r = 0; r < rows.length; r++) {
      var pairs = await this._pairsOf("surfaces", rows[r].name);
      for (var at = bisectLeft(pairs.keys, surface, compare); at < pairs.keys.length; at++) {
        var other = pairs.keys[at];
        if (compare(other, end) >= 0) return stems;
        var stem = pairs.values[at] || other;
        if (stem === exact) continue;
        var entry = byStem.get(stem);
        if (entry) {
          entry.surfaces.push(other);
          continue;
        }
        entry = { stem: stem, surfaces: [other] };
        this._hint(pairs, stem);
        byStem.set(stem, entry);
        stems.push(entry);
        if (stems.length >= max) return stems;
      }
    }
    return stems;
  };

  /* The longest indexed stem that is a prefix of an unknown word (ClientIndex.guess_stem). */
  Engine.prototype.guessStem = async function (surface) {
    var options = this.queryOptions;
    var chars = codePoints(surface);
    var shortest = Math.max(options.stemMin, Math.ceil(options.stemRatio * chars.length));
    for (var end = chars.length - 1; end > shortest - 1; end--) {
      var head = chars.slice(0, end).join("");
      if ((await this._compact(head)).docs.length) return head;
    }
    return null;
  };

  /* Surfaces within 1 (≥ typo1 chars) or 2 (≥ typo2) edits with the same first character:
   * {alternatives: [{stem, factor, surfaces}], closest: surface or null} (ClientIndex.typos). */
  Engine.prototype.typos = async function (surface) {
    var options = this.queryOptions;
    var chars = codePoints(surface);
    if (chars.length < options.typo1) return { alternatives: [], closest: null };
    var limit = chars.length >= options.typo2 ? 2 : 1;
    var first = chars[0];
    var next = String.fromCodePoint(first.codePointAt(0) + 1);
    var found = await this.surfacesFrom(first, next);
    var candidates = [];
    for (var i = 0; i < found.length; i++) {
      var distance = editDistance(chars, codePoints(found[i][0]), limit);
      if (distance <= limit) {
        candidates.push({ distance: distance, other: found[i][0], stem: found[i][1], pairs: found[i][2] });
      }
    }
    candidates.sort(function (a, b) {
      return a.distance - b.distance || compare(a.other, b.other) || compare(a.stem, b.stem);
    });
    var self = this;
    var best = new Map();
    var alternatives = [];
    candidates.forEach(function (c) {
      var entry = best.get(c.stem);
      if (entry) {
        if (entry.factor === Math.pow(options.typoFactor, c.distance)) entry.surfaces.push(c.other);
        return;
      }
      if (best.size < options.typoMax) {
        entry = { stem: c.stem, factor: Math.pow(options.typoFactor, c.distance), surfaces: [c.other] };
        self._hint(c.pairs, c.stem);
        best.set(c.stem, entry);
        alternatives.push(entry);
      }
    });
    return { alternatives: alternatives, closest: candidates.length ? candidates[0].other : null };
  };

  /* BM25F of one stem per document = its stored score / scale (ClientIndex.field_scores):
   * {docs: Int32Array ascending, scores: Float64Array}, cached per stem. */
  Engine.prototype.fieldScores = function (stem) {
    var self = this;
    var cached = this._scores.get(stem);
    if (!cached) {
      cached = this._compact(stem).then(function (p) {
        var scores = new Float64Array(p.docs.length);
        var scale = self.scale;
        for (var q = 0; q < scores.length; q++) scores[q] = p.units[q] / scale;
        var out = { docs: p.docs, scores: scores };
        self._scores.set(stem, out);
        return out;
      });
      cached.catch(function () { self._scores.delete(stem); });
      this._scores.set(stem, cached);
    }
    return cached;
  };

  function hasDoc(scored, doc) {
    var docs = scored.docs;
    var lo = 0;
    var hi = docs.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (docs[mid] < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo < docs.length && docs[lo] === doc;
  }

  /* Ranked results (ClientIndex.search), each {id, url, title, breadcrumb, kind, snippet, facets,
   * score, terms, docnum}; `terms` = the surface forms that made the document match. */
  Engine.prototype.search = async function (query, options) {
    await this.ready;
    var self = this;
    var limit = options && options.limit != null ? options.limit : 10;
    var words = (await this.analyse(query)).filter(function (w) { return w.alternatives.length; });
    // every stem's scores at once (files load in parallel), then combined in query order
    var scored = await Promise.all(words.map(function (w) {
      return Promise.all(w.alternatives.map(function (a) { return self.fieldScores(a.stem); }));
    }));
    var size = this.manifest.docs;
    var totals = new Float64Array(size);
    var best = new Float64Array(size);
    var seen = new Uint8Array(size);
    var touched = [];
    var w;
    var a;
    var i;
    for (w = 0; w < words.length; w++) {
      var marked = [];
      var alternatives = words[w].alternatives;
      for (a = 0; a < alternatives.length; a++) {
        var factor = alternatives[a].factor;
        var docs = scored[w][a].docs;
        var scores = scored[w][a].scores;
        for (i = 0; i < docs.length; i++) {
          var doc = docs[i];
          var value = factor * scores[i];
          if (value > best[doc]) {
            if (best[doc] === 0) marked.push(doc);
            best[doc] = value;
          }
        }
      }
      for (i = 0; i < marked.length; i++) {
        var d = marked[i];
        totals[d] = totals[d] + best[d];
        best[d] = 0;
        if (!seen[d]) {
          seen[d] = 1;
          touched.push(d);
        }
      }
    }
    // Python slices [:limit]: a negative limit drops from the end.
    var keep = limit < 0 ? Math.max(0, touched.length + limit) : Math.min(limit, touched.length);
    var ranked = topK(touched, totals, keep);
    var rows = await Promise.all(ranked.map(function (docnum) { return self.doc(docnum); }));
    var results = [];
    for (var r = 0; r < ranked.length; r++) {
      var docnum = ranked[r];
      var row = rows[r];
      var terms = [];
      for (w = 0; w < words.length; w++) {
        for (a = 0; a < words[w].alternatives.length; a++) {
          if (hasDoc(scored[w][a], docnum)) {
            words[w].alternatives[a].surfaces.forEach(function (s) { if (terms.indexOf(s) < 0) terms.push(s); });
          }
        }
      }
      results.push({
        id: row[0], url: row[1], title: row[2], breadcrumb: row[3], kind: row[4],
        snippet: row[5], facets: row[6] || {}, score: totals[docnum], terms: terms, docnum: docnum
      });
    }
    return results;
  };

  /* The first `k` of `docs` by score descending, then doc number ascending. */
  function topK(docs, totals, k) {
    function before(x, y) { return totals[x] > totals[y] || (totals[x] === totals[y] && x < y); }
    if (k <= 0) return [];
    if (k * 4 >= docs.length) {
      return docs.slice().sort(function (x, y) { return totals[y] - totals[x] || x - y; }).slice(0, k);
    }
    // a bounded min-heap (the worst kept at the root), then sorted
    var heap = [];
    for (var i = 0; i < docs.length; i++) {
      var doc = docs[i];
      if (heap.length < k) {
        heap.push(doc);
        for (var c = heap.length - 1; c > 0;) {
          var up = (c - 1) >> 1;
          if (!before(heap[up], heap[c])) break;
          var t = heap[up]; heap[up] = heap[c]; heap[c] = t;
          c = up;
        }
      } else if (before(doc, heap[0])) {
        heap[0] = doc;
        for (var at = 0; ;) {
          var l = 2 * at + 1;
          var r = l + 1;
          var worst = at;
          if (l < k && before(heap[worst], heap[l])) worst = l;
          if (r < k && before(heap[worst], heap[r])) worst = r;
          if (worst === at) break;
          var u = heap[at]; heap[at] = heap[worst]; heap[worst] = u;
          at = worst;
        }
      }
    }
    return heap.sort(function (x, y) { return totals[y] - totals[x] || x - y; });
  }

  /* Did-you-mean (client.py has none): the query's words (normalised), each word that search
   * could only match by typo tolerance replaced by its closest indexed surface (fewest edits,
   * then code-point order), joined by spaces; null when no word was replaced. */
  Engine.prototype.suggest = async function (query) {
    await this.ready;
    var words = await this.analyse(query);
    var changed = false;
    var out = words.map(function (w) {
      if (w.source === "typo" && w.closest !== null && w.closest !== w.word) {
        changed = true;
        return w.closest;
      }
      return w.word;
    });
    return changed ? out.join(" ") : null;
  };

  function open(lang, manifestUrl, options) {
    return new Engine(lang, manifestUrl, options);
  }

  ns.FORMAT_VERSION = FORMAT_VERSION;
  ns.registered = registered;
  ns.whenRegistered = whenRegistered;
  ns.open = open;
  ns.Engine = Engine;
  ns.nodeLoader = typeof require === "function" && typeof document === "undefined" ? nodeLoader : undefined;
  ns.scriptLoader = scriptLoader;
  ns.internals = {
    compare: compare,
    editDistance: editDistance,
    decodePostings: decodePostings,
    baseName: baseName,
    resolve: defaultResolve
  };
  if (typeof module !== "undefined" && module.exports) module.exports = ns;
})(typeof window !== "undefined" ? window : globalThis);
