"""Lighthouse (mobile) scores and page weights for the sample site's key pages.

Usage: python bench/lighthouse.py [--site DIR] [--lighthouse PATH]
Needs the `lighthouse` npm package (npm install --prefix /tmp/lh lighthouse@13) and Debian's
chromium. Builds the sample site unless --site is given, serves it on a loopback port and
prints one line per page: performance, accessibility, best practices, SEO, transfer bytes.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = ["en/index.html", "en/devices/thermostat/thermostat-offline/index.html",
         "fa/index.html", "fa/devices/thermostat/thermostat-offline/index.html"]
FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
         "--disable-component-update --disable-sync --no-first-run")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path)
    parser.add_argument("--lighthouse", default="/tmp/lh/node_modules/.bin/lighthouse")
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp()) / "site"
        subprocess.run([sys.executable, "build.py", "-q", "-d", str(site)], cwd=REPO, check=True)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    for page in PAGES:
        out = subprocess.run(
            [args.lighthouse, base + page, "--quiet", "--output=json", "--output-path=stdout",
             f"--chrome-flags={FLAGS}"], capture_output=True, text=True, env=env)
        if out.returncode != 0:
            print(f"{page}: lighthouse failed: {out.stderr[-400:]}")
            continue
        report = json.loads(out.stdout)
        scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
        weight = report["audits"]["total-byte-weight"]["numericValue"]
        print(json.dumps({"page": page, **scores, "bytes": int(weight)}))
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
