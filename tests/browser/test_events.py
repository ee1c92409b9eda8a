"""Events in the browser (themes/kb/assets/events.js): delivery to a local collector started
here (exactly once across offline spells and a failing endpoint), Do Not Track and Global
Privacy Control, PII scrubbing, page_view's `via`, the schema, and file:// pages."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.events import errors
from tests.browser.conftest import CSP, PageProblems
from tests.helpers import REPO

ENDPOINT_LINE = "      events: {endpoint: /collect, site: brightwave}\n"
SERVER_500 = "the server responded with a status of 500"


class Collector:
    """What the test endpoint received: accepted bodies, and how many POSTs it refused."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.bodies: list[dict[str, Any]] = []
            self.raw: list[str] = []
            self.types: list[str] = []
            self.refused = 0
            self.status = 204

    def events(self) -> list[dict[str, Any]]:
        with self.lock:
            return [e for body in self.bodies for e in body["events"]]

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events() if e["type"] == kind]

    def check(self) -> None:
        """Every body fits the schema and no event arrived twice."""
        for body in self.bodies:
            assert errors(body) == [], body
        ids = [e["id"] for e in self.events()]
        assert len(ids) == len(set(ids)), "an event was delivered twice"


def handler_for(collector: Collector, root: Path) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def end_headers(self) -> None:
            if not self.path.startswith("/collect"):
                self.send_header("Content-Security-Policy", CSP)
            super().end_headers()

        def cors(self) -> None:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "content-type")
            self.send_header("Access-Control-Allow-Methods", "POST")

        def do_OPTIONS(self) -> None:  # noqa: N802
            self.send_response(204)
            self.cors()
            self.end_headers()

        def do_POST(self) -> None:  # noqa: N802
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            with collector.lock:
                status = collector.status
                if status < 300:
                    collector.bodies.append(json.loads(raw))
                    collector.raw.append(raw)
                    collector.types.append(self.headers.get("Content-Type", ""))
                else:
                    collector.refused += 1
            self.send_response(status)
            self.cors()
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture(scope="module")
def events_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample help center built with `events: {endpoint: /collect, site: brightwave}`."""
    root = tmp_path_factory.mktemp("events")
    shutil.copytree(REPO / "content", root / "content")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("  - kb:\n") == 1
    (root / "mkdocs.yml").write_text(config.replace("  - kb:\n", "  - kb:\n" + ENDPOINT_LINE),
                                     encoding="utf-8")
    proc = subprocess.run([sys.executable, "build.py", "--strict", "-q", "-f",
                           str(root / "mkdocs.yml"), "-d", str(root / "site")],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


@pytest.fixture(scope="module")
def server(events_site: Path) -> Iterator[tuple[str, Collector]]:
    collector = Collector()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(collector, events_site))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", collector
    httpd.shutdown()


@pytest.fixture
def collector(server: tuple[str, Collector]) -> Iterator[Collector]:
    server[1].reset()
    yield server[1]
    server[1].check()


@pytest.fixture
def base(server: tuple[str, Collector]) -> str:
    return server[0]


def wait_until(page, condition: Callable[[], Any], timeout: float = 10.0) -> Any:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError("timed out waiting")


def queued(page) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    raw = page.evaluate("localStorage.getItem('kb.events.queue.brightwave')")
    return json.loads(raw)["events"] if raw else []


HIDE = """Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
document.dispatchEvent(new Event('visibilitychange'));"""
SHOW = "delete document.visibilityState"


def emit(page, kind: str, fields: dict[str, Any]) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    return page.evaluate("([t, f]) => KB.events.emit(t, f)", [kind, fields])


# -- delivery ------------------------------------------------------------------------------


def test_page_view_says_how_the_page_was_reached(page, base: str, collector: Collector) -> None:
    page.goto(f"{base}en/index.html")
    wait_until(page, lambda: collector.of("page_view"))
    first = collector.of("page_view")[0]
    assert first["via"] == "direct" and first["page"] == "/en/" and first["lang"] == "en"
    assert collector.bodies[0]["site"] == "brightwave" and collector.bodies[0]["v"] == 1

    with page.expect_navigation():
        page.locator(".kb-main a[href$='index.html']").first.click()
    wait_until(page, lambda: len(collector.of("page_view")) == 2)
    assert collector.of("page_view")[1]["via"] == "browse"

    page.goto(f"{base}en/devices/thermostat/reset-wifi/index.html",
              referer="https://elsewhere.example/")
    wait_until(page, lambda: len(collector.of("page_view")) == 3)
    view = collector.of("page_view")[2]
    assert view["via"] == "external"
    assert view["page"] == "reset-wifi"  # an article is named by its id
    assert page.evaluate("KB.config.events.page") == "reset-wifi"

    # Typed slowly: suggestions follow every pause, but one search is recorded.
    box = page.locator("#kb-q")
    box.click()
    box.press_sequentially("wifi password", delay=150)
    page.wait_for_selector("#kb-q-list li a")
    wait_until(page, lambda: collector.of("search"), timeout=6)
    first_link = page.locator("#kb-q-list li a").first
    title = first_link.inner_text()
    with page.expect_navigation():
        first_link.click()
    wait_until(page, lambda: len(collector.of("page_view")) == 4)
    searches = collector.of("search")
    assert [(s["query"], s["results"] > 0) for s in searches] == [("wifi password", True)]
    click = collector.of("search_click")
    assert len(click) == 1 and click[0]["rank"] == 1 and click[0]["query"] == "wifi password"
    assert collector.of("page_view")[3]["via"] == "search"
    assert collector.of("page_view")[3]["page"] == click[0]["target"]
    assert page.locator("h1").inner_text() == title

    # A link from the results page: the referrer says search too.
    page.goto(f"{base}en/search/index.html?q=offline")
    page.wait_for_selector("[data-kb-search-list] li a")
    with page.expect_navigation():
        page.locator("[data-kb-search-list] li a").nth(1).click()
    wait_until(page, lambda: len(collector.of("page_view")) == 6)
    assert [v["via"] for v in collector.of("page_view")][4:] == ["direct", "search"]
    results_click = collector.of("search_click")[-1]
    assert results_click["rank"] == 2 and results_click["query"] == "offline"
    assert page.problems.messages == []


def test_offline_events_are_kept_and_delivered_once_back_online(page, context, base: str,
                                                               collector: Collector) -> None:
    page.goto(f"{base}en/devices/index.html")
    wait_until(page, lambda: collector.of("page_view"))
    context.set_offline(True)
    sent = [emit(page, "flow_step", {"step": 1, "outcome": "not_fixed"}),
            emit(page, "vote", {"value": "no", "reason": "outdated"})]
    page.wait_for_timeout(2500)  # well past the batching delay
    assert len(collector.events()) == 1
    assert [e["id"] for e in queued(page)] == [e["id"] for e in sent]
    context.set_offline(False)  # the `online` event sends the queue
    wait_until(page, lambda: len(collector.events()) == 3)
    # the queue empties once the browser has the collector's answer, a moment after the
    # collector has the events
    wait_until(page, lambda: queued(page) == [])
    received = {e["id"]: e for e in collector.events()}
    assert all(received[e["id"]] == e for e in sent)
    assert collector.types[-1].startswith("application/json")

    # Hidden while offline: nothing is handed to a beacon, the queue stays.
    context.set_offline(True)
    late = emit(page, "vote", {"value": "yes"})
    page.evaluate(HIDE)
    assert [e["id"] for e in queued(page)] == [late["id"]]
    page.evaluate(SHOW)
    context.set_offline(False)
    wait_until(page, lambda: len(collector.events()) == 4)

    # Hidden while online: the batch leaves at once by sendBeacon (text/plain).
    gone = emit(page, "vote", {"value": "no"})
    page.evaluate(HIDE)
    assert queued(page) == []
    wait_until(page, lambda: len(collector.events()) == 5)
    assert collector.events()[-1] == gone and collector.types[-1].startswith("text/plain")
    page.evaluate(SHOW)

    # A new page sends nothing again.
    with page.expect_navigation():
        page.locator(".kb-main a[href$='index.html']").first.click()
    wait_until(page, lambda: len(collector.of("page_view")) == 2)
    page.wait_for_timeout(1500)
    assert len(collector.events()) == 6
    assert [e["id"] for e in collector.events()].count(late["id"]) == 1
    assert page.problems.messages == []


def test_a_failing_endpoint_keeps_events_until_it_recovers(page, base: str,
                                                           collector: Collector) -> None:
    collector.status = 500
    page.goto(f"{base}en/app/index.html")
    wait_until(page, lambda: collector.refused >= 1)
    view = queued(page)
    assert [e["type"] for e in view] == ["page_view"]
    collector.status = 204  # recovers: the retry (a few seconds later) delivers it
    wait_until(page, lambda: collector.events())
    assert [e["id"] for e in collector.events()] == [view[0]["id"]]
    assert queued(page) == []

    # Failing again; the next page load sends what the last page kept.
    collector.status = 500
    kept = emit(page, "contact_click", {"channel": "email", "query": "refund"})
    wait_until(page, lambda: collector.refused >= 2)
    with page.expect_navigation():
        page.locator(".kb-main a[href$='index.html']").first.click()
    collector.status = 204
    wait_until(page, lambda: len(collector.events()) == 3)
    assert [e["type"] for e in collector.events()] == ["page_view", "contact_click", "page_view"]
    assert collector.events()[1] == kept
    page.wait_for_timeout(2500)
    assert len(collector.events()) == 3
    assert [m for m in page.problems.messages if SERVER_500 not in m] == []


def test_the_queue_is_bounded_and_counts_what_it_dropped(page, context, base: str,
                                                         collector: Collector) -> None:
    page.goto(f"{base}en/index.html")
    wait_until(page, lambda: collector.events())
    context.set_offline(True)
    for step in range(1, 231):
        emit(page, "flow_step", {"step": step, "outcome": "not_fixed"})
    kept = queued(page)
    assert len(kept) == 200 and kept[0]["step"] == 31  # the oldest 30 went first
    context.set_offline(False)
    wait_until(page, lambda: len(collector.events()) == 201)
    dropped = [b.get("dropped") for b in collector.bodies]
    assert dropped == [None, 30, None, None, None]  # once, in the first batch after the drop
    assert [e["step"] for e in collector.of("flow_step")] == list(range(31, 231))
    assert page.problems.messages == []


# -- privacy ----------------------------------------------------------------------------------

SPY = """
window.__kbEvents = [];
document.addEventListener('kb:event', function (e) { window.__kbEvents.push(e.detail); });
"""


@pytest.mark.parametrize("signal", [
    "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'});",
    "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});",
], ids=["dnt", "gpc"])
def test_do_not_track_and_global_privacy_control_mean_nothing_at_all(
        browser, base: str, collector: Collector, signal: str) -> None:
    context = browser.new_context(locale="en-US")
    try:
        context.add_init_script(signal + SPY)
        page = context.new_page()
        problems = PageProblems(page)
        page.goto(f"{base}en/index.html")
        page.locator("#kb-q").fill("thermostat")
        page.wait_for_selector("#kb-q-list li a")
        assert emit(page, "vote", {"value": "yes"}) is None
        assert page.evaluate("KB.events.enabled()") is False
        with page.expect_navigation():
            page.locator("#kb-q-list li a").first.click()
        page.wait_for_timeout(2500)
        assert page.evaluate("window.__kbEvents") == []
        assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kb.events'))") \
            == []
        assert page.evaluate("sessionStorage.getItem('kb.session')") is None
        assert collector.bodies == [] and collector.refused == 0
        assert problems.messages == []
    finally:
        context.close()


PII_QUERY = "refund jane.doe@example.com call +30 210 123 4567 card 4111 1111 1111 1111"
PII_SCRUBBED = "refund [email] call [phone] card [number]"


def test_personal_data_is_scrubbed_before_it_leaves(page, base: str, collector: Collector) -> None:
    page.add_init_script(SPY)
    page.goto(f"{base}en/account-billing/index.html")
    page.locator("#kb-q").fill(PII_QUERY)
    page.wait_for_selector("#kb-q-list li")
    wait_until(page, lambda: collector.of("search"), timeout=6)
    assert collector.of("search")[0]["query"] == PII_SCRUBBED
    # The results page (a different query: the same one again within a minute is not new).
    page.goto(f"{base}en/search/index.html?q=invoice%20for%20jane.doe@example.com%20"
              "%2B30%20210%20123%204567")
    page.wait_for_selector("[data-kb-search-status]:not(:empty)")
    emit(page, "vote", {"value": "no", "comment": "mail me at jane@example.com or 6912345678"})
    wait_until(page, lambda: len(collector.of("search")) == 2 and collector.of("vote"))
    assert collector.of("search")[1]["query"] == "invoice for [email] [phone]"
    assert collector.of("vote")[0]["comment"] == "mail me at [email] or [phone]"
    everything = " ".join(collector.raw) + json.dumps(page.evaluate("window.__kbEvents"))
    for secret in ("jane", "example.com", "4111", "123 4567", "6912345678"):
        assert secret not in everything
    assert page.problems.messages == []


@pytest.mark.parametrize(("text", "expected"), [
    ("reset password for a.b+c@mail.example.org", "reset password for [email]"),
    ("call (555) 123-4567 now", "call [phone] now"),
    ("+48 600 700 800", "[phone]"),
    ("card 4111-1111-1111-1111 declined", "card [number] declined"),
    ("iban 12345678901234567890123456", "iban [number]"),
    ("invoice 2024-01-15 error 404", "invoice 2024-01-15 error 404"),
    ("paid on 15.01.2024", "paid on 15.01.2024"),
    ("firmware 2.14.3 on 5 GHz", "firmware 2.14.3 on 5 GHz"),
    ("order 1234", "order 1234"),
    ("θερμοστάτης maria@παράδειγμα.ελ", "θερμοστάτης [email]"),
])
def test_scrub(page, base: str, text: str, expected: str) -> None:
    page.goto(f"{base}en/404.html")
    assert page.evaluate("t => KB.events.scrub(t)", text) == expected


# -- schema, API and file:// -----------------------------------------------------------------


def test_events_follow_the_schema_and_bad_ones_are_refused(page, base: str,
                                                           collector: Collector) -> None:
    page.goto(f"{base}en/contact/index.html")
    good = [
        ("search", {"query": "wifi", "results": 0}),
        ("search_click", {"query": "wifi", "rank": 3, "target": "wifi-setup#faq"}),
        ("vote", {"value": "no", "reason": "outdated", "comment": "old", "question": "q1"}),
        ("contact_shown", {"channels": ["chat", "email"]}),
        ("contact_click", {"channel": "email"}),
        ("flow_step", {"step": 2, "outcome": "fixed"}),
    ]
    for kind, fields in good:
        event = emit(page, kind, {**fields, "extra": "left out"})
        assert event is not None and "extra" not in event
    bad = [("vote", {"value": "maybe"}), ("flow_step", {"step": 0, "outcome": "fixed"}),
           ("search", {"results": 1}), ("unknown", {})]
    page.problems.messages.clear()
    assert [emit(page, kind, fields) for kind, fields in bad] == [None] * 4
    assert len(page.problems.messages) == 4  # each one warns the developer
    page.problems.messages.clear()
    assert page.evaluate("KB.events.flush()") is True
    kinds = [e["type"] for e in collector.events()]
    assert sorted(kinds) == sorted(["page_view", *(k for k, _ in good)])
    assert all(re.fullmatch(r"[0-9a-f-]{36}", e["session"]) for e in collector.events())
    assert len({e["session"] for e in collector.events()}) == 1
    assert page.problems.messages == []


def test_from_disk_events_reach_an_http_endpoint(page, events_site: Path, base: str,
                                                 collector: Collector,
                                                 tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(events_site, copy)
    for html in copy.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        html.write_text(text.replace('"endpoint":"/collect"', f'"endpoint":"{base}collect"'),
                        encoding="utf-8")
    page.goto((copy / "en/index.html").as_uri())
    wait_until(page, lambda: collector.of("page_view"))
    with page.expect_navigation():
        page.locator(".kb-main a[href$='index.html']").first.click()
    wait_until(page, lambda: len(collector.of("page_view")) == 2)
    assert [v["via"] for v in collector.of("page_view")] == ["direct", "browse"]
    assert page.problems.messages == []


def test_from_disk_a_site_path_endpoint_sends_nothing(page, events_site: Path,
                                                      collector: Collector) -> None:
    page.add_init_script(SPY)
    page.goto((events_site / "en/index.html").as_uri())
    page.locator("#kb-q").fill("offline")
    page.wait_for_selector("#kb-q-list li a")
    page.wait_for_timeout(2000)
    assert [e["type"] for e in page.evaluate("window.__kbEvents")] == ["page_view", "search"]
    assert collector.bodies == []
    assert page.problems.messages == []
