"""`kb serve` in a real browser: a problem shows on its page, and goes away on fixing the file."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import article, write_config, write_tree

BROKEN = article("Broken", "Intro.\n\nSee [the other one](missing.md).\n")
FIXED = article("Broken", "Intro.\n\nSee [the other one](other.md).\n")
KB = "import sys; from kb.cli import main; sys.exit(main(sys.argv[1:]))"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`kb serve` on a small site copied to tmp: (base URL, the broken article's file)."""
    write_tree(tmp_path / "content", {"en/a/broken.md": BROKEN, "en/a/other.md": article("Other")})
    config = write_config(tmp_path)
    port = free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", KB, "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"

    def output() -> str:
        log.flush()
        return (tmp_path / "serve.log").read_text(encoding="utf-8")

    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None:
                pytest.fail(f"kb serve exited with {proc.returncode}:\n{output()}")
            try:
                with urllib.request.urlopen(url + "en/index.html", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"kb serve did not answer on {url}:\n{output()}")
                time.sleep(0.1)
        yield url, tmp_path / "content/en/a/broken.md"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_a_problem_shows_on_its_page_until_the_file_is_fixed(page, served) -> None:
    from playwright.sync_api import expect

    url, source = served
    page.goto(url + "en/a/broken/index.html")
    panel = page.get_by_role("region", name="Problems in this article")
    expect(panel).to_be_visible()
    expect(panel.locator("li.kb-preview-warning")).to_contain_text("broken-link")
    expect(panel).to_contain_text("missing.md")
    expect(page.locator(".kb-preview-badge")).to_contain_text("1 warning")

    source.write_text(FIXED, encoding="utf-8")
    # MkDocs notices the change, rebuilds, and its live-reload script reloads the page.
    expect(page.locator(".kb-preview")).to_have_count(0, timeout=20_000)
    expect(page.locator(".kb-body a", has_text="the other one")).to_have_attribute(
        "href", "../other/index.html")
    expect(page.locator(".kb-preview-badge")).not_to_contain_text("warning")
    errors = [m for m in page.problems.messages
              if m.startswith("pageerror") and "livereload" not in m]
    assert errors == []
