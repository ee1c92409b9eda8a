// node --test tests/search/ — the JS runtime against the shared golden vectors.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const RUNTIME = path.join(__dirname, "..", "..", "search", "runtime");
const VECTORS = path.join(__dirname, "..", "..", "search", "vectors", "analysis.json");
const analysis = require(path.join(RUNTIME, "analysis.js"));
const cases = JSON.parse(fs.readFileSync(VECTORS, "utf8"));

test("golden vectors: surface forms and positions", () => {
  assert.ok(cases.length >= 40);
  for (const c of cases) {
    const got = analysis.surfaceTerms(c.text, c.lang);
    assert.deepStrictEqual(got.map((t) => t.surface), c.surface, `${c.lang} ${c.note}`);
    assert.deepStrictEqual(got.map((t) => t.position), c.positions, `${c.lang} ${c.note}`);
    assert.deepStrictEqual(analysis.tokens(c.text, c.lang), c.surface);
  }
});

test("golden vectors: query terms", () => {
  for (const c of cases) {
    assert.deepStrictEqual(analysis.queryTerms(c.text, c.lang), c.query, `${c.lang} ${c.note}`);
  }
});

test("normalize is idempotent on the vectors", () => {
  for (const c of cases) {
    const once = analysis.normalize(c.text, c.lang);
    assert.strictEqual(analysis.normalize(once, c.lang), once, c.note);
  }
});

test("Persian ZWNJ, solid and spaced forms share tokens", () => {
  const forms = ["همه\u200cکانالی", "همهکانالی", "همه کانالی"].map(
    (t) => new Set(analysis.queryTerms(t, "fa")));
  for (const a of forms) {
    for (const b of forms) assert.ok([...a].some((t) => b.has(t)));
  }
});

test("Traditional and Simplified queries give the same terms", () => {
  assert.deepStrictEqual(analysis.queryTerms("藍牙耳機連線", "zh-TW"),
                         analysis.queryTerms("蓝牙耳机连线", "zh"));
});

test("a 10 kB query is fast and bounded", () => {
  const text = "réinitialiser le mot de passe 密碼重設 ".repeat(400).slice(0, 10240);
  const start = process.hrtime.bigint();
  const terms = analysis.queryTerms(text, "fr");
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(terms.length <= analysis.MAX_QUERY_TERMS);
  assert.ok(ms < 500, `took ${ms} ms`);
});

test("empty and markup queries", () => {
  assert.deepStrictEqual(analysis.queryTerms("", "en"), []);
  assert.deepStrictEqual(analysis.queryTerms(null, "en"), []);
  assert.deepStrictEqual(analysis.queryTerms("<script>alert(1)</script>", "en"),
                         ["script", "alert", "1"]);
});

function browser(names) {
  const window = {};
  const context = vm.createContext({ window });
  for (const name of names) {
    vm.runInContext(fs.readFileSync(path.join(RUNTIME, name), "utf8"), context);
  }
  return window.KBSearch.analysis;
}

test("works as classic browser scripts (window.KBSearch, no require)", () => {
  // Either order works. Arrays from another realm: compare their contents.
  const el = browser(["analysis.js", "analysis-data-el.js", "analysis-data.js"]);
  assert.strictEqual(typeof el.queryTerms, "function");
  assert.deepStrictEqual(Array.from(el.tokens("Προϊόν Wi-Fi", "el")),
                         ["προιον", "wifi", "wi", "fi"]);
  const all = fs.readdirSync(RUNTIME).filter((n) => n.startsWith("analysis-data"));
  const full = browser(["analysis.js", ...all]);
  for (const c of cases) {
    assert.deepStrictEqual(Array.from(full.queryTerms(c.text, c.lang)), c.query, c.note);
  }
});

test("a page loads only its language's data; other languages throw", () => {
  const en = browser(["analysis-data.js", "analysis-data-en.js", "analysis.js"]);
  assert.deepStrictEqual(Array.from(en.queryTerms("how do I reset it", "en")), ["reset"]);
  assert.deepStrictEqual(Array.from(en.tokens("Straße", "de")), ["strasse"]);  // no data
  assert.throws(() => en.queryTerms("台灣", "zh-TW"), /analysis-data-han\.js/);
  assert.throws(() => en.tokens("همه کانالی", "fa"), /"fa" needs analysis-data-fa\.js/);
  assert.throws(() => en.stopwords("el"), /analysis-data-el\.js/);
  const zh = browser(["analysis-data.js", "analysis-data-han.js", "analysis-data-zh.js",
                      "analysis.js"]);
  assert.deepStrictEqual(Array.from(zh.queryTerms("如何重設密碼", "zh-TW")),
                         analysis.queryTerms("如何重設密碼", "zh-TW"));
  assert.throws(() => zh.queryTerms("x", "en"), /analysis-data-en\.js/);
  const fa = browser(["analysis-data.js", "analysis-data-fa.js", "analysis.js"]);
  assert.deepStrictEqual(Array.from(fa.queryTerms("همه کانالی", "fa")),
                         analysis.queryTerms("همه کانالی", "fa"));
  const core = browser(["analysis.js", "analysis-data.js"]);
  assert.deepStrictEqual(Array.from(core.queryTerms("wie geht das", "de")), ["wie", "geht", "das"]);
  assert.deepStrictEqual(Array.from(core.stopwords("de")), []);
  const none = browser(["analysis.js"]);
  assert.throws(() => none.tokens("x", "en"), /load analysis-data\.js first/);
});
