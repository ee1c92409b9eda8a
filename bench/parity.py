"""Browser vs `kb search`: the same top 10 for every query? (headless Chromium)

Usage: python bench/parity.py WORKDIR   (a --workdir of bench/relevance.py, after it ran)
For every set and language there, runs each query of the set through the search engine in
a real page (the site's own runtime and index, loaded as the search box loads them) and
through `kb search`, and prints {set, lang, n, agree, agreement}.
"""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval-dev"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
BATCH = 200


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def kb_top10(root: Path, lang: str, queries: list[str]) -> list[list[str]]:
    proc = subprocess.run([sys.executable, "-c", "from kb.cli import main; raise SystemExit("
                           f"main(['search', '--lang', '{lang}', '-n', '10']))"],
                          cwd=root, input="\n".join(queries) + "\n", text=True,
                          capture_output=True, check=True)
    return [[r["id"] for r in json.loads(line)["results"]] for line in proc.stdout.splitlines()]


def browser_top10(page, queries: list[str]) -> list[list[str]]:  # type: ignore[no-untyped-def]
    out: list[list[str]] = []
    for start in range(0, len(queries), BATCH):
        out += page.evaluate(
            "qs => KB.searchEngine().then(e => Promise.all(qs.map(q => e.search(q, {limit: 10})"
            ".then(rs => rs.map(r => r.id)))))", queries[start:start + BATCH])
    return out


def main() -> int:
    from playwright.sync_api import sync_playwright

    workdir = Path(sys.argv[1])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for set_dir in sorted(d for d in workdir.iterdir() if (d / "kb" / "site").is_dir()):
            site = set_dir / "kb" / "site"
            queries = [json.loads(line) for line in
                       (EVAL / set_dir.name / "queries.jsonl").read_text().splitlines() if line]
            server = http.server.ThreadingHTTPServer(
                ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            for lang in sorted({q["lang"] for q in queries}):
                if not (site / lang / "search").is_dir():
                    continue
                texts = [" ".join(q["text"].split()) for q in queries if q["lang"] == lang]
                page = browser.new_page()
                page.goto(f"{base}{lang}/search/index.html")
                in_browser = browser_top10(page, texts)
                page.close()
                expected = kb_top10(set_dir / "kb", lang, texts)
                agree = sum(a == b for a, b in zip(in_browser, expected, strict=True))
                print(json.dumps({"set": set_dir.name, "lang": lang, "n": len(texts),
                                  "agree": agree, "agreement": round(agree / len(texts), 4)}),
                      flush=True)
            server.shutdown()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
