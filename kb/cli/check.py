"""`kb check`: validate the whole content tree without rendering the site."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from kb.checks import run_checks
from kb.checks.report import as_github, as_json, as_text, repository_paths
from kb.checks.search_tests import run_search_tests, site_searcher
from kb.content.settings import load_kb_config
from kb.problems import ProblemLog
from kb.site.listing import Listing
from kb.site.search import write_search_indexes


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb check", description="Check the help center's content.")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--drafts", action="store_true", help="check draft articles too")
    p.add_argument("--search", action="store_true",
                   help="also run the writers' search tests (content/<lang>/_search-tests.yml)")
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    started = time.perf_counter()
    config = load_kb_config(args.config_file, drafts=args.drafts)
    log = ProblemLog(levels=config.validation)
    result = run_checks(config, log)
    if args.search:
        with tempfile.TemporaryDirectory(prefix="kb-check-") as folder:
            listing = Listing(result.content, config)
            write_search_indexes(result.content, result.scans, listing, Path(folder))
            run_search_tests(config, result.content, log, site_searcher(Path(folder)))
    problems = [p for p in log if p.code != "no-site-url"]
    seconds = time.perf_counter() - started
    if args.format == "json":
        print(as_json(problems))
    elif args.format == "github":
        if problems:
            print(as_github(problems, repository_paths(problems, config.docs_dir,
                                                       config.theme_dirs)))
    else:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        summary = (f"{len(result.content.articles)} articles in "
                   f"{len(config.languages)} languages checked in {seconds:.2f} s")
        print(as_text(problems, colour=colour, summary=summary))
    failing = {"error", "warning"} if args.strict else {"error"}
    return 1 if any(p.level in failing or p.code == "search-test" for p in problems) else 0
