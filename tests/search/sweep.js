// Helper for test_analysis.py (not a test file): reads [[lang, text], …] as JSON on stdin and
// prints [[normalize(text), tokens(text)], …] computed by the browser runtime.
"use strict";
const path = require("node:path");
const analysis = require(path.join(__dirname, "..", "..", "search", "runtime", "analysis.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(([lang, text]) => [
    analysis.normalize(text, lang), analysis.tokens(text, lang)]);
  process.stdout.write(JSON.stringify(out));
});
