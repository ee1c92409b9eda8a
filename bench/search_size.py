"""Search index size, download per first query and query latency, in headless Chromium.

Usage: python bench/search_size.py [--sizes 1000 10000] [--workdir DIR]
For each size: builds a generated tree with kb (search on, then off, for the indexing cost),
then on the English search page measures the bytes a first one-word and a first three-word
query download (runtime included, the page itself excluded) and the latency of 200 queries
after the first (median, p95). Prints one JSON line per size.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _trees import generate_tree, write_mkdocs_yml  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def build(root: Path, search: bool) -> float:
    variant = write_mkdocs_yml(root, name="with.yml" if search else "without.yml",
                               search=search)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "build.py"), "-q", "-f", str(variant), "-d",
                    str(root / ("site" if search else "site-off"))], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def body_size(response) -> int:  # type: ignore[no-untyped-def]
    try:
        return len(response.body())
    except Exception:  # noqa: BLE001 - a response still arriving as the page closes
        return 0


def words_of(site: Path, lang: str) -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in (site / "content" / lang).rglob("*.md"))
    words = [w for w in text.split() if w.isalpha() and len(w) > 3]
    return sorted(set(words))


def measure(root: Path, lang: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    site = root / "site"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{lang}/search/index.html"
    rng = random.Random(7)
    vocabulary = words_of(root, lang)
    out: dict[str, object] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for label, count in (("first_query_1_word_bytes", 1), ("first_query_3_words_bytes", 3)):
            page = browser.new_page()
            page.goto(url)
            page.wait_for_load_state("networkidle")
            sizes: list[int] = []
            page.on("response", lambda r, s=sizes: s.append(body_size(r)))
            query = " ".join(rng.sample(vocabulary, count))
            page.evaluate("q => KB.searchEngine().then(e => e.search(q, {limit: 10}))", query)
            page.wait_for_load_state("networkidle")
            out[label] = sum(sizes)
            page.close()
        page = browser.new_page()
        page.goto(url)
        queries = [" ".join(rng.sample(vocabulary, rng.randint(1, 3))) for _ in range(201)]
        timings = page.evaluate("""async qs => {
            const e = await KB.searchEngine(); await e.search(qs[0]);
            const out = [];
            for (const q of qs.slice(1)) {
              const t = performance.now(); await e.search(q, {limit: 10});
              out.push(performance.now() - t);
            }
            return out; }""", queries)
        timings.sort()
        out["latency_ms_median"] = round(statistics.median(timings), 2)
        out["latency_ms_p95"] = round(timings[int(len(timings) * 0.95) - 1], 2)
        browser.close()
    server.shutdown()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kb-search-"))
    for size in args.sizes:
        root = workdir / f"n{size}"
        if not (root / "content").exists():
            generate_tree(root / "content", size)
            write_mkdocs_yml(root)
        with_search = build(root, True)
        without = build(root, False)
        index_bytes = sum(f.stat().st_size for f in (root / "site" / "search").rglob("*"))
        en_bytes = sum(f.stat().st_size for f in (root / "site" / "search" / "en").rglob("*"))
        print(json.dumps({"articles": size, "build_s": round(with_search, 2),
                          "build_without_search_s": round(without, 2),
                          "index_bytes_all_languages": index_bytes, "index_bytes_en": en_bytes,
                          **measure(root, "en")}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
