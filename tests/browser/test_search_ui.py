"""Search in the browser: as-you-type suggestions, keyboard, the results page, file://."""

from __future__ import annotations

from pathlib import Path

import pytest


def suggestions(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#kb-q-list li a")
    return page.locator("#kb-q-list li a").all_inner_texts()


def test_results_as_you_type_with_the_combobox_pattern(page, site_url: str) -> None:
    page.goto(f"{site_url}en/devices/index.html")
    box = page.locator("#kb-q")
    assert box.is_visible()
    box.fill("wifi pass")
    titles = suggestions(page)
    assert any("Wi-Fi" in t for t in titles)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    with page.expect_navigation():
        box.press("Enter")
    assert "/en/devices/thermostat/" in page.url
    assert page.problems.messages == []


def test_escape_closes_and_slash_focuses(page, site_url: str) -> None:
    page.goto(f"{site_url}en/account-billing/index.html")
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "kb-q"
    page.keyboard.type("refund")
    suggestions(page)
    page.keyboard.press("Escape")
    assert page.locator("#kb-q-list").is_hidden()
    assert page.locator("#kb-q").get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("el", "θερμοστατης", "θερμοστάτη"),
    ("fa", "ترموستات", "ترموستات"),
    ("zh-TW", "离线", "離線"),
    ("pl", "ogrzewanie", "ogrzewanie"),
])
def test_the_results_page_in_every_language(page, site_url: str, lang: str, query: str,
                                            expected: str) -> None:
    page.goto(f"{site_url}{lang}/search/index.html?q={query}")
    page.wait_for_selector("[data-kb-search-list] li")
    first = page.locator("[data-kb-search-list] li").first
    assert expected.casefold() in first.inner_text().casefold()
    assert first.locator("mark").count() >= 1
    assert page.problems.messages == []


@pytest.mark.parametrize(("lang", "query"), [
    ("en", "offline"), ("el", "συνδεσης"), ("pl", "polaczenia"), ("zh-TW", "離線"),
    ("fa", "آفلاین")])
def test_search_works_from_disk_in_every_language(page, sample_site: Path, lang: str,
                                                 query: str) -> None:
    page.goto((sample_site / lang / "search/index.html").as_uri() + f"?q={query}")
    page.wait_for_selector("[data-kb-search-list] li a")
    link = page.locator("[data-kb-search-list] li a").first
    link.click()
    assert page.url.startswith(f"file://{sample_site}/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.problems.messages == []


def test_markup_in_a_query_is_text(page, site_url: str) -> None:
    query = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    page.goto(f"{site_url}en/search/index.html?q={query}")
    page.wait_for_selector("[data-kb-search-status]:not(:empty)")
    assert page.locator("[data-kb-search-page] img, [data-kb-search-page] script").count() == 0
    assert query in page.locator("[data-kb-search-status]").inner_text()
    assert page.locator("[data-kb-search-help] a").is_visible()
