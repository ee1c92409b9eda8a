"""Capture the README screenshots from a built site in headless Chromium.

Usage: python themes/screenshots/capture.py SITE_DIR  (e.g. after python build.py)
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

SHOTS = {
    "en-home": "en/index.html",
    "en-article": "en/devices/thermostat/thermostat-offline/index.html",
    "fa-home": "fa/index.html",
    "fa-article": "fa/devices/thermostat/thermostat-offline/index.html",
}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main(site: Path) -> None:
    out = Path(__file__).parent
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        for name, path in SHOTS.items():
            page.goto((site / path).resolve().as_uri())
            page.screenshot(path=str(out / f"{name}.png"))
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
