"""What one index file costs the browser: <script> loads of docs files, in headless Chromium.

Usage: python bench/script_load.py SITE [--lang en] [--rounds 40]
SITE is a built site (e.g. `<workdir>/n50000/site` of bench/search_size.py). From file://,
on a blank page in the site and on the language's search page, it loads docs files by
`<script>` tags (as the runtime does), 1, 3 and 10 at a time in parallel, then the largest
terms files (~10× a docs file) 1 and 10 at a time, and prints the median and p95
milliseconds per batch as JSON lines. A query's latency cannot be lower than the loads it
needs: this is that floor, and the large files show whether it is the bytes or the files.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_size import ARGS, percentile95  # noqa: E402

LOAD = """async ([names, size]) => {
  window.KBSearch = window.KBSearch || { register: function () {} };
  const base = document.documentElement.dataset.base;
  function load(url) {
    return new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.onload = () => { tag.remove(); resolve(); };
      tag.onerror = reject;
      tag.src = url;
      document.head.appendChild(tag);
    });
  }
  const out = [];
  for (let at = 0; at + size <= names.length; at += size) {
    const started = performance.now();
    await Promise.all(names.slice(at, at + size).map((name) => load(base + name)));
    out.push(performance.now() - started);
  }
  return out;
}"""


def _report(page: object, label: str, files: str, names: list[str], size: int,
            mean_kb: float) -> None:
    timings = sorted(page.evaluate(LOAD, [names, size]))  # type: ignore[attr-defined]
    print(json.dumps({"page": label, "files": files, "mean_kB": round(mean_kb, 1),
                      "parallel": size, "batches": len(timings),
                      "median_ms": round(statistics.median(timings), 1),
                      "p95_ms": round(percentile95(timings), 1)}), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = args.site.resolve() / "search" / args.lang
    docs = sorted(p.name for p in folder.iterdir() if p.name.startswith("docs-"))
    by_size = sorted((p for p in folder.iterdir() if p.name.startswith("terms-")),
                     key=lambda p: -p.stat().st_size)
    large = [p.name for p in by_size[: 11 * args.rounds]]
    docs_kb = sum((folder / n).stat().st_size for n in docs) / max(1, len(docs)) / 1000
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.html"
        blank.write_text("<!doctype html><html><head><meta charset='utf-8'><title>x</title>"
                         "</head><body></body></html>", encoding="utf-8")
        pages = {"blank": blank.as_uri(),
                 "search": (args.site.resolve() / args.lang / "search" / "index.html").as_uri()}
        used = 0
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for label, url in pages.items():
                page = browser.new_page()
                page.goto(url)
                page.evaluate("base => { document.documentElement.dataset.base = base; }",
                              folder.as_uri() + "/")
                for size in (1, 3, 10):
                    names = docs[used : used + size * args.rounds]  # files not loaded before
                    used += len(names)
                    _report(page, label, "docs", names, size, docs_kb)
                if label == "blank":  # the large files once: a second page would have them
                    mean_kb = sum((folder / n).stat().st_size for n in large) / 1000
                    mean_kb /= max(1, len(large))
                    _report(page, label, "large terms", large[: args.rounds], 1, mean_kb)
                    _report(page, label, "large terms", large[args.rounds :], 10, mean_kb)
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
