// node --test tests/routing.test.js — themes/kb/assets/routing.js against the answers of
// kb.routing (Python) in kb/routing/vectors.json (regenerate: python -m kb.routing.make_vectors).
// tests/test_routing.py runs this file, so `python -m pytest` covers it.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const fs = require("node:fs");

const { routing, handoff } = require(path.join(__dirname, "..", "themes", "kb", "assets",
  "routing.js"));
const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "kb", "routing",
  "vectors.json"), "utf8"));

test("the vectors are there", () => {
  assert.ok(vectors.route.length >= 50, "route cases");
  assert.ok(vectors.handoff.length >= 20, "handoff cases");
});

for (const c of vectors.route) {
  test(`route: ${c.name}`, () => {
    const channels = vectors.channels[c.channels];
    assert.deepStrictEqual(routing.route(channels, c.page, c.now), c.expect);
  });
}

for (const c of vectors.handoff) {
  test(`handoff: ${c.name}`, () => {
    assert.strictEqual(handoff.build(c.template, c.kind, c.context, c.limit), c.expect);
  });
}

test("handoff.url takes the channel's url, kind and max_length", () => {
  const c = vectors.handoff.find((v) => v.name === "channel max_length");
  const url = handoff.url({ url: c.template, kind: c.kind, max_length: c.limit }, c.context);
  assert.strictEqual(url, c.expect);
  assert.ok(url.length <= c.limit);
});

test("handoff.ref is KB- and six Crockford base32 characters", () => {
  const seen = new Set();
  for (let i = 0; i < 200; i++) {
    const ref = handoff.ref();
    assert.match(ref, /^KB-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
    seen.add(ref);
  }
  assert.ok(seen.size > 190);
});

test("route tolerates a missing page and channels", () => {
  assert.deepStrictEqual(routing.route([], {}, Date.now()), []);
  assert.deepStrictEqual(routing.route(undefined, undefined, null), []);
});
