"""The sample site in headless Chromium: language choice, RTL, file://, CSP, accessibility."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import AXE

ARTICLE = "devices/thermostat/thermostat-offline/index.html"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.mark.parametrize(("locale", "expected"), [
    ("el-GR", "el"), ("pl", "pl"), ("zh-TW", "zh-TW"), ("fa-IR", "fa"), ("de-DE", "en")])
def test_root_picks_the_visitors_language(browser, site_url: str, locale: str,
                                          expected: str) -> None:
    ctx = browser.new_context(locale=locale)
    page = ctx.new_page()
    page.goto(site_url)
    page.wait_for_url(f"{site_url}{expected}/index.html")
    assert page.locator("html").get_attribute("lang") == expected
    ctx.close()


def test_a_chosen_language_is_remembered(page, site_url: str) -> None:
    page.goto(f"{site_url}en/index.html")
    page.locator('a[data-kb-lang="pl"]').first.click()
    page.wait_for_url(f"{site_url}pl/index.html")
    page.goto(site_url)
    page.wait_for_url(f"{site_url}pl/index.html")
    assert page.problems.messages == []


def test_without_javascript_the_chooser_lists_every_language(browser, site_url: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(site_url)
    codes = page.locator("main a[data-kb-lang]").evaluate_all(
        "links => links.map(a => a.getAttribute('hreflang'))")
    assert sorted(codes) == ["el", "en", "fa", "pl", "zh-TW"]
    page.locator('main a[hreflang="fa"]').click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    ctx.close()


@pytest.mark.parametrize(("lang", "side"), [("en", "left"), ("fa", "right")])
def test_sidebar_sits_at_the_reading_start(page, site_url: str, lang: str, side: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}{lang}/{ARTICLE}")
    nav = page.locator("#kb-nav").bounding_box()
    main = page.locator("main").bounding_box()
    assert nav and main and nav["width"] > 0
    if side == "left":
        assert nav["x"] + nav["width"] <= main["x"] + 1
    else:
        assert nav["x"] >= main["x"] + main["width"] - 1
    assert page.problems.messages == []


def test_navigation_works_from_disk(page, sample_site: Path) -> None:
    page.goto((sample_site / "index.html").as_uri())
    page.wait_for_url("**/en/index.html")
    page.locator("main a[href$='devices/index.html']").first.click()
    assert page.url.endswith("/en/devices/index.html")
    page.locator(f"main a[href$='{ARTICLE.split('/', 1)[1]}']").first.click()
    assert page.url.endswith(f"/en/{ARTICLE}")
    assert "Offline" in page.locator("h1").inner_text()
    page.locator('a[data-kb-lang="fa"]').first.click()
    assert page.url.endswith(f"/fa/{ARTICLE}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator(".kb-crumbs a").first.click()
    assert page.url.endswith("/fa/index.html")
    assert page.problems.messages == []


PAGES = ["index.html", "devices/index.html", ARTICLE, "404.html",
         "account-billing/billing-faq/index.html"]


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors_under_a_strict_csp(page, site_url: str, lang: str,
                                              path: str) -> None:
    page.goto(f"{site_url}{lang}/{path}")
    page.wait_for_load_state("load")
    assert page.problems.messages == []


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(browser, site_url: str, lang: str, path: str) -> None:
    assert AXE.is_file(), "axe-core is missing: run sh tests/setup.sh"
    ctx = browser.new_context(bypass_csp=True)  # axe itself is injected as a script
    page = ctx.new_page()
    page.goto(f"{site_url}{lang}/{path}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           AXE_TAGS)
    assert len(result["passes"]) > 10, "axe ran too few rules to be meaningful"
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                  for v in result["violations"]]
    ctx.close()
    assert violations == []


def test_phone_layout_has_no_horizontal_scroll(browser, site_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = ctx.new_page()
    for lang in ("en", "fa"):
        for path in PAGES:
            page.goto(f"{site_url}{lang}/{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{lang}/{path} scrolls sideways by {overflow}px"
    ctx.close()
