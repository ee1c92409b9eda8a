"""`kb build` (and build.py): build the site described by mkdocs.yml."""

from __future__ import annotations

import argparse
import contextlib
import http.server
import logging
import os
import sys
import time
from functools import partial
from pathlib import Path


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description="Build the help center.")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs config file")
    p.add_argument("-d", "--site-dir", help="where to write the site (default: site_dir)")
    p.add_argument("--strict", action="store_true", help="fail on any warning")
    p.add_argument("--drafts", action="store_true", help="include articles with draft: true")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    p.add_argument("--serve", action="store_true",
                   help="after building, serve the site on http://127.0.0.1:PORT/")
    p.add_argument("--port", type=int, default=8000)
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    config_file = Path(args.config_file)
    if not config_file.is_file():
        print(f"build: config file '{config_file}' not found; run from the folder that holds "
              "mkdocs.yml or pass -f path/to/mkdocs.yml", file=sys.stderr)
        return 2
    if args.drafts:
        os.environ["KB_DRAFTS"] = "1"
    from mkdocs import exceptions
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    logging.basicConfig(format="%(levelname)-7s -  %(message)s",
                        level=logging.WARNING if args.quiet else logging.INFO)
    logging.getLogger("mkdocs").setLevel(logging.WARNING if args.quiet else logging.INFO)
    started = time.perf_counter()
    try:
        overrides = {"strict": args.strict}
        if args.site_dir:
            overrides["site_dir"] = args.site_dir
        config = load_config(str(config_file), **overrides)
        mkdocs_build.build(config)
    except (exceptions.Abort, exceptions.ConfigurationError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    plugin = config.plugins.get("kb")
    result = getattr(plugin, "result", None)
    seconds = time.perf_counter() - started
    if result is None:
        print("build: the kb plugin did not run; add '- kb' under plugins in "
              f"{config_file}", file=sys.stderr)
        return 1
    print(f"kb: {result.languages} languages, {result.articles} articles, {result.pages} pages "
          f"in {seconds:.2f} s -> {config.site_dir}")
    if args.serve:
        serve(Path(config.site_dir), args.port)
    return 0


def serve(site_dir: Path, port: int) -> None:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving the help center at http://127.0.0.1:{port}/ (Ctrl+C to stop)",
              flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
