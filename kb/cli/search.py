"""`kb search`: run the browser's search from the terminal over a built site."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb.content.settings import load_kb_config, read_mkdocs_yml
from kb.problems import KbError, did_you_mean


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kb search", description="Search a built help center, as the browser does. "
        "Without a query, reads one query per line from stdin and prints one JSON line each.")
    p.add_argument("query", nargs="?")
    p.add_argument("--lang", help="language to search (default: the default language)")
    p.add_argument("-n", "--limit", type=int, default=10)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    p.add_argument("-d", "--site-dir", type=Path, help="the built site (default: site_dir)")
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    from kb_search.client import ClientIndex, FormatError

    config = load_kb_config(args.config_file)
    lang = args.lang or config.default_language
    if lang not in config.languages:
        raise KbError(f"language '{lang}' is not configured ({', '.join(config.languages)})",
                      hint=did_you_mean(lang, config.languages) or "pick one of them")
    site = args.site_dir or args.config_file.parent / str(
        read_mkdocs_yml(args.config_file).get("site_dir", "site"))
    try:
        index = ClientIndex(site, lang)
    except (FormatError, OSError) as exc:
        raise KbError(f"no search index for '{lang}' in {site} ({exc})",
                      hint="build the site first: python build.py") from None

    def answer(query: str) -> dict[str, object]:
        hits = index.search(query, args.limit)
        return {"query": query, "results": [
            {"id": h.id, "url": h.url, "title": h.title, "score": round(h.score, 4)}
            for h in hits]}

    if args.query is None:
        for line in sys.stdin:
            print(json.dumps(answer(line.rstrip("\n")), ensure_ascii=False), flush=True)
        return 0
    result = answer(args.query)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    hits = result["results"]
    if not hits:
        print(f"no results for '{args.query}' in {lang}")
    for rank, hit in enumerate(hits, start=1):  # type: ignore[arg-type]
        print(f"{rank:>2}. {hit['title']}  ({hit['score']:.2f})\n    {hit['url']}")
    return 0
