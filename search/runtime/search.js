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

  var FORMAT_VERSION = 2;
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

  function compareNumbers(a, b) {
    return a < b ? -1 : (a > b ? 1 : 0);
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

  function firstKeys(table) {
    return table.map(function (row) { return row[0]; });
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

  var ENTRY = /^([0-9a-z]+)((?:[A-Z][0-9a-z]*)+)$/;
  var FIELD_TF = /([A-Z])([0-9a-z]*)/g;

  /* Inverse of export.encode_postings: [{doc, tfs}] (client.decode_postings). */
  function decodePostings(value, letters) {
    var bar = value.indexOf("|");
    var dfText = bar < 0 ? value : value.slice(0, bar);
    var body = bar < 0 ? "" : value.slice(bar + 1);
    var postings = [];
    var doc = 0;
    var entries = body ? body.split(",") : [];
    for (var e = 0; e < entries.length; e++) {
      var match = ENTRY.exec(entries[e]);
      if (!match) throw new Error("KBSearch: bad posting " + JSON.stringify(entries[e]));
      doc += parseInt(match[1], 36);
      var tfs = [];
      for (var f = 0; f < letters.length; f++) tfs.push(0);
      FIELD_TF.lastIndex = 0;
      var part;
      while ((part = FIELD_TF.exec(match[2])) !== null) {
        var at = letters.indexOf(part[1]);
        if (at < 0) throw new Error("KBSearch: unknown field letter " + part[1]);
        tfs[at] = part[2] ? parseInt(part[2], 36) : 1;
      }
      postings.push({ doc: doc, tfs: tfs });
    }
    if (!/^[0-9a-z]+$/.test(dfText) || postings.length !== parseInt(dfText, 36)) {
      throw new Error("KBSearch: document frequency does not match the postings");
    }
    return postings;
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

  var TABLES = { terms: "terms-", surfaces: "surfaces-", buckets: "docs-", norms: "norms-" };

  /* A manifest chunk table [[key, …], "<12 hex>…"] as rows [key, "<prefix><hex>.js"]
   * (client.expand_table). */
  function expandTable(table, prefix) {
    var keys = table[0];
    var hashes = String(table[1]);
    if (hashes.length !== 12 * keys.length) {
      throw new Error("KBSearch: table of " + keys.length + " keys has " + hashes.length + " hash digits");
    }
    return keys.map(function (key, i) { return [key, prefix + hashes.slice(12 * i, 12 * i + 12) + ".js"]; });
  }

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
    this._scores = new Map();
    this._norms = new Map();
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
      // Tables [[key, …], "<hash>…"] → rows [key, file name] (a copy: DATA is shared).
      m = Object.assign({}, m);
      Object.keys(TABLES).forEach(function (table) { m[table] = expandTable(m[table], TABLES[table]); });
      self.manifest = m;
      self.fields = m.fields;
      self.letters = m.fields.map(function (f) { return f[1]; }).join("");
      self.queryOptions = m.query;
      self._termKeys = firstKeys(m.terms);
      self._surfaceKeys = firstKeys(m.surfaces);
      self._bucketKeys = firstKeys(m.buckets);
      self._normKeys = firstKeys(m.norms);
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
    var flat = await this._file(kind, name);
    if (this._pairs.has(name)) return this._pairs.get(name);
    var keys = [];
    var values = [];
    for (var i = 0; i + 1 < flat.length; i += 2) {
      keys.push(flat[i]);
      values.push(flat[i + 1]);
    }
    pairs = { keys: keys, values: values };
    this._pairs.set(name, pairs);
    return pairs;
  };

  Engine.prototype._chunkIndex = function (keys, key) {
    return Math.max(0, bisectRight(keys, key, compare) - 1);
  };

  /* The stem of an indexed surface form, or null (ClientIndex.stem_of). */
  Engine.prototype.stemOf = async function (surface) {
    var table = this.manifest.surfaces;
    if (!table.length) return null;
    var pairs = await this._pairsOf("surfaces", table[this._chunkIndex(this._surfaceKeys, surface)][1]);
    var at = bisectLeft(pairs.keys, surface, compare);
    if (at < pairs.keys.length && pairs.keys[at] === surface) return pairs.values[at] || surface;
    return null;
  };

  /* Every [surface, stem] with start ≤ surface < end, in order (ClientIndex.surfaces_from). */
  Engine.prototype.surfacesFrom = async function (start, end) {
    var table = this.manifest.surfaces;
    var out = [];
    for (var r = this._chunkIndex(this._surfaceKeys, start); r < table.length; r++) {
      if (compare(table[r][0], end) >= 0) break;
      var pairs = await this._pairsOf("surfaces", table[r][1]);
      for (var at = bisectLeft(pairs.keys, start, compare); at < pairs.keys.length; at++) {
        if (compare(pairs.keys[at], end) >= 0) break;
        out.push([pairs.keys[at], pairs.values[at] || pairs.keys[at]]);
      }
    }
    return out;
  };

  /* [{doc, tfs}] of a stem, [] when not indexed (ClientIndex.postings). */
  Engine.prototype.postings = async function (stem) {
    if (this._postings.has(stem)) return this._postings.get(stem);
    var table = this.manifest.terms;
    var found = [];
    if (table.length) {
      var pairs = await this._pairsOf("terms", table[this._chunkIndex(this._termKeys, stem)][1]);
      var at = bisectLeft(pairs.keys, stem, compare);
      if (at < pairs.keys.length && pairs.keys[at] === stem) {
        found = decodePostings(pairs.values[at], this.letters);
      }
    }
    this._postings.set(stem, found);
    return found;
  };

  /* Field lengths (flat, 5 per doc) of norms bucket `at` (ClientIndex.norm_bucket). */
  Engine.prototype.normBucket = async function (at) {
    if (this._norms.has(at)) return this._norms.get(at);
    var text = String(await this._file("norms", this.manifest.norms[at][1]));
    if (!this._norms.has(at)) {
      this._norms.set(at, text ? text.split(".").map(function (x) { return parseInt(x, 36); }) : []);
    }
    return this._norms.get(at);
  };

  /* doc → its field lengths for the (ascending) docs of `postings`; loads only their
   * buckets, all at once (ClientIndex.norms). */
  Engine.prototype.norms = async function (postings) {
    var keys = this._normKeys;
    var width = this.fields.length;
    var rows = [];
    var wanted = [];
    var at = -1;
    var p;
    for (p = 0; p < postings.length; p++) {
      var doc = postings[p].doc;
      if (at < 0 || (at + 1 < keys.length && doc >= keys[at + 1])) {
        at = bisectRight(keys, doc, compareNumbers) - 1;
        wanted.push(at);
      }
      rows.push(at);
    }
    var self = this;
    var buckets = await Promise.all(wanted.map(function (w) { return self.normBucket(w); }));
    var byRow = new Map();
    wanted.forEach(function (w, i) { byRow.set(w, buckets[i]); });
    var out = new Map();
    for (p = 0; p < postings.length; p++) {
      var values = byRow.get(rows[p]);
      var start = (postings[p].doc - keys[rows[p]]) * width;
      out.set(postings[p].doc, values.slice(start, start + width));
    }
    return out;
  };

  Engine.prototype.doc = async function (docnum) {
    var table = this.manifest.buckets;
    var at = bisectRight(this._bucketKeys, docnum, compareNumbers) - 1;
    var rows = await this._file("docs", table[at][1]);
    return rows[docnum - table[at][0]];
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
    for (var i = 0; i < words.length; i++) {
      var surface = words[i];
      var typing = i === words.length - 1 && typingLast &&
        codePoints(surface).length >= options.prefixMin;
      var exact = await this.stemOf(surface);
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
    var found = await this.surfacesFrom(surface, surface + MAX_CODE_POINT);
    var stems = [];
    var byStem = new Map();
    for (var i = 0; i < found.length; i++) {
      var stem = found[i][1];
      if (stem === exact) continue;
      var entry = byStem.get(stem);
      if (entry) {
        entry.surfaces.push(found[i][0]);
        continue;
      }
      entry = { stem: stem, surfaces: [found[i][0]] };
      byStem.set(stem, entry);
      stems.push(entry);
      if (stems.length >= this.queryOptions.prefixMax) break;
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
      if ((await this.postings(head)).length) return head;
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
      if (distance <= limit) candidates.push({ distance: distance, other: found[i][0], stem: found[i][1] });
    }
    candidates.sort(function (a, b) {
      return a.distance - b.distance || compare(a.other, b.other) || compare(a.stem, b.stem);
    });
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
        best.set(c.stem, entry);
        alternatives.push(entry);
      }
    });
    return { alternatives: alternatives, closest: candidates.length ? candidates[0].other : null };
  };

  /* doc → BM25F of one stem, fields in manifest order (ClientIndex.field_scores). */
  Engine.prototype.fieldScores = async function (stem) {
    if (this._scores.has(stem)) return this._scores.get(stem);
    var postings = await this.postings(stem);
    var scores = new Map();
    if (postings.length) {
      var m = this.manifest;
      var count = m.docs;
      var k1 = m.k1;
      var b = m.b;
      var norms = await this.norms(postings);
      var width = this.fields.length;
      var f;
      var dfs = [];
      var idfs = [];
      for (f = 0; f < width; f++) {
        var df = 0;
        for (var p = 0; p < postings.length; p++) if (postings[p].tfs[f]) df++;
        dfs.push(df);
        idfs.push(Math.log(count / (df + 1)) + 1);
      }
      for (f = 0; f < width; f++) {
        if (!dfs[f]) continue;
        var weight = this.fields[f][2];
        var average = this.fields[f][3];
        for (var q = 0; q < postings.length; q++) {
          var doc = postings[q].doc;
          var tf = postings[q].tfs[f];
          if (tf) {
            var length = norms.get(doc)[f] || 1;
            var norm = k1 * ((1 - b) + b * length / average);
            var part = idfs[f] * ((tf * (k1 + 1)) / (tf + norm));
            scores.set(doc, (scores.has(doc) ? scores.get(doc) : 0.0) + weight * part);
          }
        }
      }
    }
    this._scores.set(stem, scores);
    return scores;
  };

  /* Ranked results (ClientIndex.search), each {id, url, title, breadcrumb, kind, snippet,
   * score, terms, docnum}; `terms` = the surface forms that made the document match. */
  Engine.prototype.search = async function (query, options) {
    await this.ready;
    var limit = options && options.limit != null ? options.limit : 10;
    var words = (await this.analyse(query)).filter(function (w) { return w.alternatives.length; });
    var totals = new Map();
    var w;
    var a;
    for (w = 0; w < words.length; w++) {
      var best = new Map();
      var alternatives = words[w].alternatives;
      for (a = 0; a < alternatives.length; a++) {
        var factor = alternatives[a].factor;
        var scores = await this.fieldScores(alternatives[a].stem);
        scores.forEach(function (score, doc) {
          var value = factor * score;
          if (value > (best.has(doc) ? best.get(doc) : 0.0)) best.set(doc, value);
        });
      }
      best.forEach(function (value, doc) {
        totals.set(doc, (totals.has(doc) ? totals.get(doc) : 0.0) + value);
      });
    }
    var ranked = Array.from(totals.entries());
    ranked.sort(function (x, y) { return y[1] - x[1] || x[0] - y[0]; });
    // Python slices [:limit]: a negative limit drops from the end.
    ranked = limit < 0 ? ranked.slice(0, Math.max(0, ranked.length + limit)) : ranked.slice(0, limit);
    var results = [];
    for (var r = 0; r < ranked.length; r++) {
      var docnum = ranked[r][0];
      var row = await this.doc(docnum);
      var terms = [];
      for (w = 0; w < words.length; w++) {
        for (a = 0; a < words[w].alternatives.length; a++) {
          var alt = words[w].alternatives[a];
          if ((await this.fieldScores(alt.stem)).has(docnum)) {
            alt.surfaces.forEach(function (s) { if (terms.indexOf(s) < 0) terms.push(s); });
          }
        }
      }
      results.push({
        id: row[0], url: row[1], title: row[2], breadcrumb: row[3], kind: row[4],
        snippet: row[5], score: ranked[r][1], terms: terms, docnum: docnum
      });
    }
    return results;
  };

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
