/*
 * kb search — text analysis in the browser (KBSearch.analysis).
 *
 * The same pipeline as the Python package kb_search.analysis, up to the surface form:
 * normalize → segment → surface forms. Stems are decided at build time: the exporter ships
 * a surface form → stem table and the runtime looks a query word's stem up there.
 * search/vectors/analysis.json proves both sides agree (pytest and node --test).
 *
 * Needs runtime/analysis-data.js (KBSearch.analysisData.core: script ranges, the parts each
 * language needs) and the parts of the analysed language (analysis-data-han.js: Han fold
 * map for zh/ja/ko; analysis-data-<lang>.js: stop words, Persian affixes), loaded before or
 * after this file; kb_search.analysis.runtime_files(lang) lists them. Analysing a language
 * whose parts are missing throws. Classic script, no modules, no fetch: works from file://.
 * Under node, require() loads every part.
 */
(function (root) {
  "use strict";

  var MAX_QUERY_CHARS = 1000;
  var MAX_QUERY_TERMS = 32;
  var PIPELINE_VERSION = 2;

  var IGNORABLE = /[\u00ad\u034f\u061c\u180b-\u180f\u200d-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u20d0-\u20ff\ufe00-\ufe0f\ufeff\u{E0000}-\u{E0FFF}]/gu;
  var FOLD_MARK = /^[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\ufe20-\ufe2f]$/u;
  var ARABIC_DELETE = /[\u0640\u064b-\u065f\u0670]/g;
  var IS_LETTER = /^\p{L}$/u;
  var IS_NUMBER = /^\p{N}$/u;
  var IS_MARK = /^\p{M}$/u;
  var ASCII = /^[\x00-\x7f]*$/;
  var ZWNJ = "\u200c";
  var CONNECTORS = { "-": 1, "\u2010": 1, "'": 1, "\u2019": 1, "\u200c": 1 };
  var SPACES = { " ": 1, "\t": 1, "\n": 1, "\r": 1 };
  var BIGRAM_CLASSES = { cjk: 1, thai: 1, lao: 1, khmer: 1, myanmar: 1 };
  var LATIN_LETTERS = {
    "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe"
  };
  var ARABIC_LETTERS_DEFAULT = {
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
    "\u06c0": "\u0647", "\u0629": "\u0647",
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
    "\u0622": "\u0627"  // alef madda → alef (not for ar): see normalize.py
  };
  var ARABIC_LETTERS_AR = {
    "\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643",
    "\u06c0": "\u0647", "\u0629": "\u0647",
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627"
  };

  var nodeData = null;
  var tables = {};

  /* {core, parts}: the data files loaded so far (browser), or all of them (node). */
  function getData() {
    var d = (root.KBSearch || {}).analysisData;
    if (d && d.core) return d;
    if (typeof require === "function") {
      if (!nodeData) {
        var core = require("./analysis-data.js");
        var parts = {};
        core.parts.forEach(function (name) {
          parts[name] = require("./analysis-data-" + name + ".js");
        });
        nodeData = { core: core, parts: parts };
      }
      return nodeData;
    }
    throw new Error("KBSearch.analysis: load analysis-data.js first");
  }

  /* The data of a language, or a clear error naming the file the page did not load. */
  function requireLang(lang) {
    var d = getData();
    var needs = d.core.langParts[baseLang(lang)] || [];
    for (var i = 0; i < needs.length; i++) {
      if (!d.parts || !d.parts[needs[i]]) {
        throw new Error("KBSearch.analysis: language \"" + lang + "\" needs analysis-data-" +
                        needs[i] + ".js, which is not loaded");
      }
    }
    return d;
  }

  function baseLang(lang) {
    return String(lang || "").trim().toLowerCase().split(/[-_]/)[0];
  }

  /* Digit, Arabic-letter and Han folding. The Han map (analysis-data-han.js) is loaded on
     zh/ja/ko pages only; other pages leave Han characters unfolded (see ANALYSIS.md). */
  function charTable(lang) {
    var d = getData();
    var han = d.parts && d.parts.han;
    var key = (lang === "ar" ? "ar" : "") + (han ? "+han" : "");
    if (tables[key]) return tables[key];
    var table = {};
    var i;
    for (i = 0; i < 10; i++) {
      table[String.fromCharCode(0x0660 + i)] = String(i);
      table[String.fromCharCode(0x06f0 + i)] = String(i);
    }
    var letters = lang === "ar" ? ARABIC_LETTERS_AR : ARABIC_LETTERS_DEFAULT;
    for (var k in letters) table[k] = letters[k];
    if (han) {
      var from = Array.from(han.from);
      var to = Array.from(han.to);
      for (i = 0; i < from.length; i++) table[from[i]] = to[i];
    }
    tables[key] = table;
    return table;
  }

  function scriptOf(cp) {
    var ranges = getData().core.scripts;
    var lo = 0;
    var hi = ranges.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      var r = ranges[mid];
      if (cp < r[0]) hi = mid - 1;
      else if (cp > r[1]) lo = mid + 1;
      else return r[2];
    }
    return "other";
  }

  function foldLatinGreek(text) {
    var out = [];
    var folding = false;
    var chars = Array.from(text.normalize("NFD"));
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i];
      if (FOLD_MARK.test(ch)) {
        if (!folding) out.push(ch);
        continue;
      }
      if (!IS_MARK.test(ch)) {
        var s = scriptOf(ch.codePointAt(0));
        folding = s === "latin" || s === "greek";
      }
      out.push(LATIN_LETTERS.hasOwnProperty(ch) ? LATIN_LETTERS[ch] : ch);
    }
    return out.join("").normalize("NFC");
  }

  function normalize(text, lang) {
    requireLang(lang);
    var t = String(text || "").normalize("NFKC");
    t = t.replace(IGNORABLE, "");
    t = t.toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ");
    if (ASCII.test(t)) return t;
    t = foldLatinGreek(t);
    t = t.replace(ARABIC_DELETE, "");
    var table = charTable(baseLang(lang) === "ar" ? "ar" : "");
    var chars = Array.from(t);
    for (var i = 0; i < chars.length; i++) {
      var m = table[chars[i]];
      if (m !== undefined) chars[i] = m;
    }
    return chars.join("");
  }

  function wordClass(ch) {
    if (IS_LETTER.test(ch)) return scriptOf(ch.codePointAt(0));
    if (IS_NUMBER.test(ch)) return "num";
    if (IS_MARK.test(ch)) return "mark";
    return null;
  }

  function dropStrayZwnj(chars) {
    var out = [];
    for (var i = 0; i < chars.length; i++) {
      if (chars[i] === ZWNJ) {
        var prev = i > 0 ? chars[i - 1] : "";
        var next = i + 1 < chars.length ? chars[i + 1] : "";
        if (!(prev && next && wordClass(prev) === "arabic" && wordClass(next) === "arabic")) {
          continue;
        }
      }
      out.push(chars[i]);
    }
    return out;
  }

  function runsOf(chars) {
    var runs = [];
    var start = -1;
    var cls = "";
    for (var i = 0; i < chars.length; i++) {
      var k = wordClass(chars[i]);
      if (k === null) {
        if (start >= 0) {
          runs.push({ start: start, end: i, cls: cls });
          start = -1;
        }
        continue;
      }
      if (start >= 0) {
        if (k === "mark" || k === cls) continue;
        if (k === "num" && !BIGRAM_CLASSES[cls]) continue;
        if (cls === "num" && !BIGRAM_CLASSES[k]) {
          cls = k;
          continue;
        }
        runs.push({ start: start, end: i, cls: cls });
      }
      start = i;
      cls = k === "mark" ? "other" : k;
    }
    if (start >= 0) runs.push({ start: start, end: chars.length, cls: cls });
    return runs;
  }

  function bigrams(run) {
    var units = [];
    for (var i = 0; i < run.length; i++) {
      if (units.length && IS_MARK.test(run[i])) units[units.length - 1] += run[i];
      else units.push(run[i]);
    }
    if (units.length === 1) return units;
    var out = [];
    for (var j = 0; j + 1 < units.length; j++) out.push(units[j] + units[j + 1]);
    return out;
  }

  function persianJoins(chars, runs, simple) {
    var fa = getData().parts.fa;
    var joins = [];
    for (var i = 0; i + 1 < simple.length; i++) {
      var a = simple[i];
      var b = simple[i + 1];
      if (b.run !== a.run + 1 || b.pos !== a.pos + 1) continue;
      if (runs[a.run].cls !== "arabic" || runs[b.run].cls !== "arabic") continue;
      var gap = chars.slice(runs[a.run].end, runs[b.run].start);
      var spaced = gap.length > 0 && gap.every(function (c) { return SPACES[c] === 1; });
      if (spaced && (fa.prefixes.indexOf(a.text) >= 0 || fa.suffixes.indexOf(b.text) >= 0)) {
        joins.push({ pos: a.pos, kind: 0, text: a.text + b.text });
      }
    }
    return joins;
  }

  /* [{text, position}] — see kb_search.analysis.segment. */
  function segment(text, lang) {
    var chars = dropStrayZwnj(Array.from(normalize(text, lang)));
    var runs = runsOf(chars);
    var out = [];
    var simple = [];
    var pos = 0;
    var i = 0;
    while (i < runs.length) {
      var run = runs[i];
      if (BIGRAM_CLASSES[run.cls]) {
        var grams = bigrams(chars.slice(run.start, run.end));
        for (var g = 0; g < grams.length; g++) out.push({ pos: pos++, kind: 1, text: grams[g] });
        i++;
        continue;
      }
      var parts = [run];
      while (i + 1 < runs.length && !BIGRAM_CLASSES[runs[i + 1].cls] &&
             runs[i + 1].start === parts[parts.length - 1].end + 1 &&
             CONNECTORS[chars[parts[parts.length - 1].end]] === 1) {
        i++;
        parts.push(runs[i]);
      }
      var words = parts.map(function (p) { return chars.slice(p.start, p.end).join(""); });
      if (words.length > 1) out.push({ pos: pos, kind: 0, text: words.join("") });
      else simple.push({ run: i, pos: pos, text: words[0] });
      for (var w = 0; w < words.length; w++) out.push({ pos: pos++, kind: 1, text: words[w] });
      i++;
    }
    if (baseLang(lang) === "fa") out = out.concat(persianJoins(chars, runs, simple));
    out.sort(function (a, b) { return a.pos - b.pos || a.kind - b.kind; });
    return out.map(function (t) { return { text: t.text, position: t.pos }; });
  }

  function tokens(text, lang) {
    return segment(text, lang).map(function (t) { return t.text; });
  }

  /* [{surface, position}]: the Python terms() without the stem. */
  function surfaceTerms(text, lang) {
    return segment(text, lang).map(function (t) {
      return { surface: t.text, position: t.position };
    });
  }

  function stopwords(lang) {
    var part = (requireLang(lang).parts || {})[baseLang(lang)];
    return (part && part.stopwords) || [];
  }

  /* Distinct surface forms of a query; stop words dropped when other terms remain. */
  function queryTerms(text, lang) {
    var cut = Array.from(String(text || "")).slice(0, MAX_QUERY_CHARS).join("");
    var seen = Object.create(null);
    var words = [];
    segment(cut, lang).forEach(function (t) {
      if (!seen[t.text]) {
        seen[t.text] = true;
        words.push(t.text);
      }
    });
    var stop = {};
    stopwords(lang).forEach(function (s) { stop[s] = true; });
    var content = words.filter(function (w) { return !stop[w]; });
    return (content.length ? content : words).slice(0, MAX_QUERY_TERMS);
  }

  var api = {
    PIPELINE_VERSION: PIPELINE_VERSION,
    MAX_QUERY_CHARS: MAX_QUERY_CHARS,
    MAX_QUERY_TERMS: MAX_QUERY_TERMS,
    baseLang: baseLang,
    normalize: normalize,
    segment: segment,
    tokens: tokens,
    surfaceTerms: surfaceTerms,
    queryTerms: queryTerms,
    stopwords: stopwords
  };

  root.KBSearch = root.KBSearch || {};
  root.KBSearch.analysis = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
