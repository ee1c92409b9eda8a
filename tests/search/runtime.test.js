// node --test tests/search/runtime.test.js — the browser runtime (search/runtime/search.js)
// against the reference reader kb_search.client. Builds nothing: reads a built index
// directory (KB_SEARCH_FIXTURE, the directory holding search/<lang>/) and the expected
// results (KB_SEARCH_EXPECTED, written by tests/search/test_runtime_parity.py, which runs
// this file). Writes {agree, total, mismatches} to KB_SEARCH_REPORT when set.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const vm = require("node:vm");

const RUNTIME = path.join(__dirname, "..", "..", "search", "runtime");
const FIXTURE = process.env.KB_SEARCH_FIXTURE;
const EXPECTED = process.env.KB_SEARCH_EXPECTED;
const REPORT = process.env.KB_SEARCH_REPORT;
const skip = FIXTURE && EXPECTED ? false
  : "needs KB_SEARCH_FIXTURE and KB_SEARCH_EXPECTED (run tests/search/test_runtime_parity.py)";

require(path.join(RUNTIME, "analysis.js"));
const KBSearch = require(path.join(RUNTIME, "search.js"));
const expected = skip ? { indexes: [], cases: [] } : JSON.parse(fs.readFileSync(EXPECTED, "utf8"));

function manifestPath(entry) {
  return path.join(FIXTURE, entry.manifest);
}

function closeEnough(a, b) {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

function compareCase(c, got, expansion) {
  const problems = [];
  const want = c.results;
  const ids = (list) => list.map((r) => r.id);
  if (JSON.stringify(ids(got)) !== JSON.stringify(ids(want))) {
    problems.push(`ids ${JSON.stringify(ids(got))} != ${JSON.stringify(ids(want))}`);
  } else {
    want.forEach((w, i) => {
      const g = got[i];
      if (!closeEnough(g.score, w.score)) problems.push(`${w.id}: score ${g.score} != ${w.score}`);
      for (const key of ["url", "title", "breadcrumb", "kind", "snippet", "docnum"]) {
        if (g[key] !== w[key]) problems.push(`${w.id}: ${key} ${JSON.stringify(g[key])}`);
      }
      if (!Array.isArray(g.terms) || !g.terms.length) problems.push(`${w.id}: no terms`);
    });
  }
  if (JSON.stringify(expansion) !== JSON.stringify(c.expand)) {
    problems.push(`expand ${JSON.stringify(expansion)} != ${JSON.stringify(c.expand)}`);
  }
  return problems;
}

test("same results as kb_search.client for every query", { skip }, async () => {
  const engines = new Map();
  for (const entry of expected.indexes) {
    engines.set(entry.lang, await KBSearch.open(entry.lang, manifestPath(entry)).ready);
  }
  const mismatches = [];
  let agree = 0;
  for (const c of expected.cases) {
    const engine = engines.get(c.lang);
    const got = await engine.search(c.query, { limit: c.limit });
    const problems = compareCase(c, got, await engine.expand(c.query));
    if (problems.length) {
      mismatches.push({ lang: c.lang, note: c.note, query: c.query.slice(0, 80), problems });
    } else {
      agree++;
    }
  }
  const report = { agree, total: expected.cases.length, mismatches };
  if (REPORT) fs.writeFileSync(REPORT, JSON.stringify(report));
  console.log(`runtime parity: ${agree}/${expected.cases.length}`);
  assert.ok(expected.cases.length > 0);
  assert.deepStrictEqual(mismatches.slice(0, 5), []);
});

test("concurrent searches on a cold engine agree with the expected results", { skip }, async () => {
  const entry = expected.indexes[0];
  const engine = KBSearch.open(entry.lang, manifestPath(entry));
  const cases = expected.cases.filter((c) => c.lang === entry.lang);
  const all = await Promise.all(cases.map((c) => engine.search(c.query, { limit: c.limit })));
  cases.forEach((c, i) => {
    assert.deepStrictEqual(all[i].map((r) => r.id), c.results.map((r) => r.id), c.query.slice(0, 40));
  });
  assert.strictEqual(new Set(engine.filesLoaded).size, engine.filesLoaded.length);
});

test("loads only what a query needs", { skip }, async () => {
  for (const entry of expected.indexes) {
    const engine = KBSearch.open(entry.lang, manifestPath(entry));
    await engine.ready;
    assert.deepStrictEqual(engine.filesLoaded, [path.basename(entry.manifest)]);
    const c = expected.cases.find((x) => x.lang === entry.lang && x.note === "exact" && x.results.length);
    const got = await engine.search(c.query, { limit: 1 });
    const loaded = engine.filesLoaded.slice();
    const buckets = await engine.docsBuckets();
    const bucket = buckets.filter((row) => row[0] <= got[0].docnum).pop()[1];
    const docs = loaded.filter((name) => name.startsWith("docs-"));
    assert.deepStrictEqual(docs, [bucket]);
    // scores are stored in the postings: one terms chunk, nothing per document but the result
    assert.deepStrictEqual(loaded.filter((name) => name.startsWith("terms-")).length, 1, loaded.join());
    assert.ok(loaded.every((name) => /^(manifest\.|table-|surfaces-|terms-|docs-)/.test(name)), loaded.join());
    // one table page: the surfaces page of the word (its surfaces chunk names the terms
    // chunk; the result's docs file follows from its doc number)
    const pages = loaded.filter((name) => name.startsWith("table-"));
    const page = (table) => new Set(engine.tables[table].pages.map((row) => row[1]));
    assert.strictEqual(pages.length, 1, pages.join());
    assert.ok(page("surfaces").has(pages[0]), pages.join());
    assert.strictEqual((await engine.search("", { limit: 5 })).length, 0);
  }
});

test("suggest: the closest indexed surface of a word matched by typo tolerance", { skip }, async () => {
  let checked = 0;
  for (const entry of expected.indexes) {
    const engine = KBSearch.open(entry.lang, manifestPath(entry));
    for (const c of expected.cases.filter((x) => x.lang === entry.lang)) {
      const suggestion = await engine.suggest(c.query);
      const typo = c.expand.length === 1 && c.expand[0].every((alt) => alt[1] < 0.6);
      if (!typo) {
        if (c.expand.every((g) => g.some((alt) => alt[1] >= 0.6))) assert.strictEqual(suggestion, null, c.query);
        continue;
      }
      assert.ok(suggestion, c.query);
      // The closest surface's stem is the first typo alternative; in the suggestion it is exact.
      const exact = (await engine.expand(suggestion + " ")).flat().filter((alt) => alt[1] === 1);
      assert.ok(exact.some((alt) => alt[0] === c.expand[0][0][0]), `${c.query} → ${suggestion}`);
      checked++;
    }
  }
  assert.ok(checked >= 5, `only ${checked} typo queries`);
});

function copyIndex(entry) {
  const from = path.dirname(manifestPath(entry));
  const to = fs.mkdtempSync(path.join(os.tmpdir(), "kb-runtime-"));
  for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name));
  return to;
}

function writeManifest(dir, lang, name, change) {
  const text = fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((n) => n.startsWith("manifest.") && !n.startsWith("manifest.f0000"))), "utf8");
  const data = JSON.parse(text.slice(text.indexOf(",", text.indexOf(",", text.indexOf(",") + 1) + 1) + 1, text.lastIndexOf(");")));
  change(data);
  fs.writeFileSync(path.join(dir, name),
                   `KBSearch.register(${JSON.stringify(lang)},"manifest",${JSON.stringify(name)},${JSON.stringify(data)});\n`);
  return path.join(dir, name);
}

test("rejects another format, another pipeline, a wrong registration, a missing file", { skip }, async () => {
  const entry = expected.indexes[0];
  const dir = copyIndex(entry);
  const lang = entry.lang;
  const format = writeManifest(dir, lang, "manifest.f0000000000a.js", (m) => { m.format = 1; });
  await assert.rejects(KBSearch.open(lang, format).ready, /index format 1 != 5/);
  const pipeline = writeManifest(dir, lang, "manifest.f0000000000b.js", (m) => { m.pipeline = 99; });
  await assert.rejects(KBSearch.open(lang, pipeline).search("x"), /pipeline 99 != \d+: rebuild/);
  const renamed = path.join(dir, "manifest.f0000000000c.js");
  fs.copyFileSync(manifestPath(entry), renamed);
  await assert.rejects(KBSearch.open(lang, renamed).ready, /did not register/);
  await assert.rejects(KBSearch.open("xx", manifestPath(entry)).ready, /did not register xx\/manifest/);
  await assert.rejects(KBSearch.open(lang, path.join(dir, "manifest.missing.js")).ready, /ENOENT/);
  const broken = writeManifest(dir, lang, "manifest.f0000000000d.js", (m) => { m.docsFiles.hash = "000000000000"; m.terms[1] = m.terms[1].replace(/[0-9a-f]/g, "0"); });
  const engine = KBSearch.open(lang, broken);
  const c = expected.cases.find((x) => x.lang === lang && x.results.length);
  await assert.rejects(engine.search(c.query), /ENOENT/);
  fs.rmSync(dir, { recursive: true });
});

test("index files loaded before the runtime are queued by the stub and taken over", { skip }, async () => {
  const entry = expected.indexes[0];
  const context = vm.createContext({});
  vm.runInContext("var window = this; window.KBSearch = window.KBSearch || {}; KBSearch._pending = [];" +
                  "KBSearch.register = function () { KBSearch._pending.push(arguments); };", context);
  vm.runInContext(fs.readFileSync(manifestPath(entry), "utf8"), context);
  const data = fs.readdirSync(RUNTIME).filter((n) => n.startsWith("analysis-data"));
  for (const name of [...data, "analysis.js", "search.js"]) {
    vm.runInContext(fs.readFileSync(path.join(RUNTIME, name), "utf8"), context, { filename: name });
  }
  const ns = context.KBSearch;
  assert.strictEqual(ns._pending.length, 0);
  const name = path.basename(entry.manifest);
  assert.ok(ns.registered(entry.lang, "manifest", name));
  const requested = [];
  const load = (url) => {
    requested.push(path.basename(url));
    vm.runInContext(fs.readFileSync(url, "utf8"), context);
    return Promise.resolve();
  };
  const engine = ns.open(entry.lang, manifestPath(entry), { load });
  const c = expected.cases.find((x) => x.lang === entry.lang && x.results.length);
  const got = await engine.search(c.query, { limit: c.limit });
  assert.deepStrictEqual(Array.from(got, (r) => r.id), c.results.map((r) => r.id));
  assert.ok(!requested.includes(name), "the preloaded manifest is not loaded again");
  // Registered later than the wait began: whenRegistered resolves then.
  const later = ns.whenRegistered("xx", "terms", "t.js");
  ns.register("xx", "terms", "t.js", [1]);
  assert.deepStrictEqual(Array.from(await later), [1]);
});

test("code-point order, OSA distance, postings, URLs", () => {
  const { compare, editDistance, decodePostings, baseName, resolve } = KBSearch.internals;
  assert.ok(compare("\u{20BB7}", "\uFF21") > 0);  // astral after U+FF21, as in Python
  assert.ok(compare("\uD7FF", "\u{10000}") < 0);
  assert.ok(compare("ab", "abc") < 0 && compare("b", "abc") > 0 && compare("x", "x") === 0);
  const sorted = ["\uFFFD", "\u{1F600}", "a", "\uE000", "\u{10FFFF}", "z"].sort(compare);
  assert.deepStrictEqual(sorted, ["a", "z", "\uE000", "\uFFFD", "\u{1F600}", "\u{10FFFF}"]);
  assert.strictEqual(editDistance("printer", "pritner", 1), 1);
  assert.strictEqual(editDistance("printer", "printre", 2), 1);
  assert.strictEqual(editDistance("abc", "abcdef", 2), 3);
  assert.strictEqual(editDistance("𠮷野家", "𠮷家", 1), 1);
  assert.deepStrictEqual(decodePostings("3|A1kB2C3z"), [
    { doc: 0, score: 56 },
    { doc: 1, score: 2 },
    { doc: 3, score: 143 },
  ]);
  assert.deepStrictEqual(decodePostings("2|FBbaBAa"), [{ doc: 131, score: 11 * 36 + 10 }, { doc: 157, score: 10 }]);
  assert.throws(() => decodePostings("2|A1"), /document frequency/);
  assert.throws(() => decodePostings("1|a1"), /bad posting/);
  assert.throws(() => decodePostings("1|A"), /bad posting/);
  assert.strictEqual(baseName("https://x.test/a/search/en/manifest.0a.js?v=1#x"), "manifest.0a.js");
  assert.strictEqual(resolve("terms-1.js", "file:///site/search/en/manifest.0a.js"),
                     "file:///site/search/en/terms-1.js");
  assert.strictEqual(resolve("terms-1.js", "/site/search/en/manifest.0a.js"), "/site/search/en/terms-1.js");
  assert.strictEqual(resolve("terms-1.js", "manifest.0a.js"), "terms-1.js");
});
