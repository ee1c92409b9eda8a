"""Real-browser fixtures: Debian's chromium driven by Playwright, and a local static server."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = REPO / "tests/.cache/node_modules/axe-core/axe.min.js"
# The strictest policy a static host would send: the site must work under it.
CSP = "default-src 'self'; base-uri 'none'; object-src 'none'"


class QuietCSPHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium is missing: run sh tests/setup.sh"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The sample site over http on a free loopback port, with a strict CSP header."""
    handler = functools.partial(QuietCSPHandler, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class PageProblems:
    """Console errors, page errors and CSP violations seen by a page."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.messages: list[str] = []
        page.on("console", lambda m: m.type in ("error", "warning") and
                self.messages.append(f"console.{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.messages.append(f"pageerror: {e}"))
        # A request cut short by the page navigating away (ERR_ABORTED) is not a fault.
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and
                self.messages.append(f"failed: {r.url} ({r.failure})"))


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(locale="en-US")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.problems = PageProblems(page)
    return page
