"""Search index size, download per first query and query latency, in headless Chromium.

Usage: python bench/search_size.py [--sizes 1000 10000] [--workdir DIR] [--samples 15]
                                   [--english-only] [--reuse]
For each size: builds a generated tree with kb (search on, then off, for the indexing cost),
then on the English search page measures the bytes a first one-word and a first three-word
query download (runtime included, the page itself excluded) and the latency of 200 queries
after the first (median, p95). Prints one JSON line per size.

Bytes: every URL the page requests after it loaded is mapped to its file in the site and
counted at its size on disk (the body as served, no compression); each figure is the median
(and mean) over `--samples` fresh pages with one random query each (words of the English
articles, typed without a final space: the last word is prefix-expanded), with the median
bytes per file kind (runtime, manifest, table, terms, surfaces, norms, docs); and the same for a
misspelt word (one inner letter of a 6+-letter word changed, final space: typo tolerance).

Latency: 200 random 1–3-word queries after the first on one engine, over http and from
file://, each including the index files it loads (and, from file://, how many); then the
same queries again with every file loaded ("warm": the engine's own time); and "typing":
30 other queries typed a character at a time, one search per keystroke (8 results, as the
search box asks), each including the files it loads.

`--english-only` generates and builds only the English fifth of a `size`-article site
(size / 5 English articles, the share a 5-language site of that size has): the English
search figures are those of the full site, the build is 5× cheaper (build figures and
`index_bytes_all_languages` are then of English only). `--reuse` measures an already built
`<workdir>/n<size>/site` without rebuilding (no build times).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _trees import LANGUAGES, generate_tree, write_mkdocs_yml  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
KINDS = re.compile(r"^(manifest|table|terms|surfaces|norms|docs)[.-]")


class Quiet(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as every production web server does (HTTP/1.0 opened a connection per
    # file), and no Nagle delay: the handler writes headers and body separately, which with
    # delayed ACKs stalls each response by ~40 ms on a kept-alive connection.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args: object) -> None:
        pass


def build(root: Path, search: bool, languages: tuple[str, ...]) -> float:
    variant = write_mkdocs_yml(root, languages, name="with.yml" if search else "without.yml",
                               search=search)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "build.py"), "-q", "-f", str(variant), "-d",
                    str(root / ("site" if search else "site-off"))], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def words_of(site: Path, lang: str) -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in (site / "content" / lang).rglob("*.md"))
    words = [w for w in text.split() if w.isalpha() and len(w) > 3]
    return sorted(set(words))


def kind_of(path: str) -> str:
    """runtime (a script of the engine), a kind of index file, or other, by URL path."""
    parts = path.strip("/").split("/")
    if "search" not in parts[:-1]:
        return "other"
    match = KINDS.match(parts[-1])
    return match.group(1) if match else "runtime"


def percentile95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(len(ordered) * 0.95) - 1]


def measure(root: Path, lang: str, samples: int) -> dict[str, object]:
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
        known = set(vocabulary)
        long_words = [w for w in vocabulary if len(w) >= 6]

        def misspelt() -> str:
            """A word of 6+ letters with one inner letter changed into an unknown word, and a
            final space: search takes it to typo tolerance."""
            while True:
                word = rng.choice(long_words)
                at = rng.randrange(1, len(word) - 1)
                typo = word[:at] + rng.choice("aeiourstn".replace(word[at], "")) + word[at + 1:]
                if typo not in known:
                    return typo + " "

        for label, count in (("first_query_1_word_bytes", 1), ("first_query_3_words_bytes", 3),
                             ("first_query_typo_bytes", 0)):
            totals: list[int] = []
            kinds: dict[str, list[int]] = {}
            for _ in range(samples):
                page = browser.new_page()
                page.goto(url)
                page.wait_for_load_state("networkidle")
                paths: list[str] = []
                page.on("request", lambda r, s=paths: s.append(unquote(urlparse(r.url).path)))
                query = " ".join(rng.sample(vocabulary, count)) if count else misspelt()
                page.evaluate("q => KB.searchEngine().then(e => e.search(q, {limit: 10}))",
                              query)
                page.close()
                by_kind: dict[str, int] = dict.fromkeys(
                    ("runtime", "manifest", "table", "terms", "surfaces", "norms", "docs"), 0)
                for path in paths:
                    file = site / path.lstrip("/")
                    size = file.stat().st_size if file.is_file() else 0
                    kind = kind_of(path)
                    by_kind[kind] = by_kind.get(kind, 0) + size
                totals.append(sum(by_kind.values()))
                for kind, size in by_kind.items():
                    kinds.setdefault(kind, []).append(size)
            out[label] = round(statistics.median(totals))
            out[label.replace("_bytes", "_bytes_mean")] = round(statistics.mean(totals))
            out[label.replace("_bytes", "_bytes_by_kind")] = {
                kind: round(statistics.median(sizes)) for kind, sizes in kinds.items()}
        queries = [" ".join(rng.sample(vocabulary, rng.randint(1, 3))) for _ in range(201)]
        typing = [" ".join(rng.sample(vocabulary, rng.randint(1, 3))) for _ in range(31)]
        # Over http (Python's threaded http.server) and from disk (file://, where a script
        # loads without a server in between): each query after the first with the files it
        # needs (files = index files it loaded), then the same queries again once every file
        # is loaded (warm: the engine alone — analysis, scoring, ranking, display rows).
        for prefix, page_url in (("latency_ms", url),
                                 ("latency_file_ms", (site / lang / "search/index.html").as_uri())):
            page = browser.new_page()
            page.goto(page_url)
            timings, files, warm = page.evaluate("""async qs => {
                const e = await KB.searchEngine(); await e.search(qs[0]);
                const cold = [], files = [], warm = [];
                for (const q of qs.slice(1)) {
                  const n = e.filesLoaded.length, t = performance.now();
                  await e.search(q, {limit: 10});
                  cold.push(performance.now() - t); files.push(e.filesLoaded.length - n);
                }
                for (const q of qs.slice(1)) {
                  const t = performance.now(); await e.search(q, {limit: 10});
                  warm.push(performance.now() - t);
                }
                return [cold, files, warm]; }""", queries)
            page.close()
            out[f"{prefix}_median"] = round(statistics.median(timings), 2)
            out[f"{prefix}_p95"] = round(percentile95(timings), 2)
            if prefix == "latency_file_ms":
                out["files_per_query_median"] = statistics.median(files)
                out["files_per_query_p95"] = percentile95(files)
                out["latency_warm_ms_median"] = round(statistics.median(warm), 2)
                out["latency_warm_ms_p95"] = round(percentile95(warm), 2)
            # As a customer types: 30 other queries, one search per keystroke from the second
            # character on, as the search box asks for them (8 results; the box debounces,
            # so it asks for fewer), each with the files it loads.
            page = browser.new_page()
            page.goto(page_url)
            typed = page.evaluate("""async qs => {
                const e = await KB.searchEngine(); await e.search(qs[0]);
                const out = [];
                for (const q of qs.slice(1)) {
                  for (let k = 2; k <= q.length; k++) {
                    const t = performance.now(); await e.search(q.slice(0, k), {limit: 8});
                    out.push(performance.now() - t);
                  }
                }
                return out; }""", typing)
            page.close()
            typing_key = prefix.replace("latency", "typing")
            out[f"{typing_key}_median"] = round(statistics.median(typed), 2)
            out[f"{typing_key}_p95"] = round(percentile95(typed), 2)
        browser.close()
    server.shutdown()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--samples", type=int, default=15,
                        help="first queries (fresh pages) per figure; median reported")
    parser.add_argument("--english-only", action="store_true",
                        help="generate/build only the English fifth of each size")
    parser.add_argument("--reuse", action="store_true",
                        help="measure an already built site, do not rebuild")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kb-search-"))
    languages = ("en",) if args.english_only else LANGUAGES
    for size in args.sizes:
        root = workdir / f"n{size}"
        if not (root / "content").exists():
            articles = -(-size // len(LANGUAGES)) if args.english_only else size
            generate_tree(root / "content", articles, languages=languages)
            write_mkdocs_yml(root, languages)
        line: dict[str, object] = {"articles": size, "english_only": args.english_only}
        if not (args.reuse and (root / "site" / "search").is_dir()):
            line["build_s"] = round(build(root, True, languages), 2)
            line["build_without_search_s"] = round(build(root, False, languages), 2)
        search = root / "site" / "search"
        line["index_bytes_all_languages"] = sum(f.stat().st_size for f in search.rglob("*")
                                                if f.is_file() and f.parent != search)
        line["index_bytes_en"] = sum(f.stat().st_size for f in (search / "en").rglob("*"))
        line["index_files_en"] = sum(1 for _ in (search / "en").iterdir())
        line.update(measure(root, "en", args.samples))
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
