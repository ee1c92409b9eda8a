"""The shipped sample help center: strict build, languages, SEO, determinism, safety."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.helpers import REPO, parse, tree_differences

LANGS = ["en", "el", "pl", "zh-TW", "fa"]
SITE_HOST = urlsplit(yaml.safe_load((REPO / "mkdocs.yml").read_text())["site_url"]).netloc
RESOURCE_ATTRS = [("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                  ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_language_has_home_categories_articles_tags_contact_and_404(
        sample_site: Path) -> None:
    for lang in LANGS:
        for page in ("index.html", "tags/index.html", "contact/index.html", "404.html",
                     "devices/thermostat/thermostat-offline/index.html"):
            assert (sample_site / lang / page).is_file(), f"{lang}/{page}"
    articles = list((sample_site / "en").glob("*/**/index.html"))
    assert len(articles) >= 25


def test_html_lang_and_direction(sample_site: Path) -> None:
    for lang in LANGS:
        soup = parse(sample_site / lang / "index.html")
        assert soup.html["lang"] == lang
        assert soup.html["dir"] == ("rtl" if lang == "fa" else "ltr")


def test_each_non_default_language_translates_at_least_ten_articles(sample_site: Path) -> None:
    content = REPO / "content"
    for lang in LANGS[1:]:
        translated = [p for p in (content / lang).rglob("*.md")]
        assert len(translated) >= 10, lang
        english = {p.relative_to(content / "en") for p in (content / "en").rglob("*.md")}
        assert len(english - {p.relative_to(content / lang) for p in translated}) > 0, \
            f"{lang} should leave some articles untranslated to show the fallback"


def test_untranslated_articles_are_marked_on_category_pages(sample_site: Path) -> None:
    soup = parse(sample_site / "el/devices/index.html")
    marked = soup.select("main .kb-untranslated")
    assert marked, "some Greek devices articles fall back to English"
    link = marked[0].find_parent("li").find("a", hreflang=True)
    assert link["hreflang"] == "en" and "/en/" in (
        (sample_site / "el/devices" / link["href"]).resolve().as_posix())


def test_canonical_alternates_and_jsonld_are_valid(sample_site: Path) -> None:
    soup = parse(sample_site / "fa/devices/thermostat/thermostat-offline/index.html")
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"https://{SITE_HOST}/fa/devices/thermostat/thermostat-offline/"
    hreflangs = {link["hreflang"] for link in soup.find_all("link", rel="alternate",
                                                            hreflang=True)}
    assert hreflangs == {*LANGS, "x-default"}
    types = set()
    for block in soup.find_all("script", type="application/ld+json"):
        data = json.loads(block.string)
        assert data["@context"] == "https://schema.org"
        types.add(data["@type"])
    assert {"TechArticle", "HowTo", "BreadcrumbList"} <= types
    faq = parse(sample_site / "en/account-billing/billing-faq/index.html")
    assert "FAQPage" in {json.loads(b.string)["@type"]
                         for b in faq.find_all("script", type="application/ld+json")}


def test_sitemap_lists_articles_with_alternates(sample_site: Path) -> None:
    sitemap = (sample_site / "sitemap.xml").read_text()
    import xml.etree.ElementTree as ET

    root = ET.fromstring(sitemap)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "x": "http://www.w3.org/1999/xhtml"}
    locs = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
    url = locs[f"https://{SITE_HOST}/el/devices/thermostat/reset-wifi/"]
    assert {link.get("hreflang") for link in url.findall("x:link", ns)} == set(LANGS)
    assert (sample_site / "robots.txt").read_text().endswith("sitemap.xml\n")


def test_no_inline_scripts_styles_or_handlers(sample_site: Path) -> None:
    for page in html_pages(sample_site):
        soup = parse(page)
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") in (
                "application/json", "application/ld+json"), f"inline script in {page}"
        assert soup.find("style") is None, page
        for tag in soup.find_all(True):
            assert "style" not in tag.attrs, f"style attribute in {page}"
            assert not [a for a in tag.attrs if a.startswith("on")], f"handler in {page}"
        assert len(soup.find_all("script", id="kb-config")) == 1, page


def test_no_page_requests_a_third_party_host(sample_site: Path) -> None:
    for page in html_pages(sample_site):
        soup = parse(page)
        urls = [tag.get(attr) for name, attr in RESOURCE_ATTRS for tag in soup.find_all(name)]
        urls += [link.get("href") for link in soup.find_all("link")
                 if set(link.get("rel", [])) & {"stylesheet", "icon", "preload", "modulepreload",
                                                "prefetch", "manifest"}]
        for url in filter(None, urls):
            assert not re.match(r"^(https?:)?//", url), f"{page} loads {url}"
    for css in sample_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css
        assert "@import" not in css.read_text()


def test_links_are_relative_and_point_at_files(sample_site: Path) -> None:
    missing = []
    for page in html_pages(sample_site):
        if page.name == "404.html":
            continue  # served at any depth: its links are absolute paths
        for a in parse(page).find_all("a", href=True):
            href = a["href"]
            if re.match(r"^[a-z]+:", href) or href.startswith("#"):
                continue
            assert not href.startswith("/"), f"{page}: {href}"
            path = href.split("#")[0]
            from urllib.parse import unquote

            target = (page.parent / unquote(path)).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(sample_site)} -> {href}")
    assert missing == []


def test_two_builds_are_byte_identical(sample_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    subprocess.run([sys.executable, "build.py", "-q", "-d", str(again)], cwd=REPO, check=True,
                   capture_output=True)
    assert tree_differences(sample_site, again) == []


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_mkdocs_and_properdocs_build_the_same_site(sample_site: Path, tmp_path: Path,
                                                   tool: str) -> None:
    out = tmp_path / tool
    proc = subprocess.run([sys.executable, "-m", tool, "build", "--strict", "-q", "-d",
                           str(out)], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert tree_differences(sample_site, out) == []


def test_build_py_prints_a_summary_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "build.py", "-q", "-d", str(tmp_path / "s")],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0
    assert re.fullmatch(r"kb: 5 languages, \d+ articles, \d+ pages in [\d.]+ s -> .*\n",
                        proc.stdout)


def test_strict_build_fails_on_a_warning_and_names_the_file(content_copy: Path) -> None:
    page = content_copy / "content/en/app/schedules-faq.md"
    page.write_text(page.read_text().replace("title:", "sumary: typo\ntitle:", 1))
    run = [sys.executable, str(REPO / "build.py"), "-d", str(content_copy / "site")]
    relaxed = subprocess.run(run, cwd=content_copy, capture_output=True, text=True)
    assert relaxed.returncode == 0
    strict = subprocess.run([*run, "--strict"], cwd=content_copy, capture_output=True,
                            text=True)
    assert strict.returncode == 1
    assert "en/app/schedules-faq.md:2: unknown field 'sumary'" in strict.stderr
    assert "did you mean 'summary'?" in strict.stderr
    assert "Traceback" not in strict.stderr


def test_bad_config_is_a_message_not_a_traceback(content_copy: Path) -> None:
    config = content_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("default_language: en",
                                                 "default_language: de"))
    proc = subprocess.run([sys.executable, str(REPO / "build.py")], cwd=content_copy,
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "default_language 'de' is not in languages" in proc.stderr
    assert "Traceback" not in proc.stderr
    missing = subprocess.run([sys.executable, str(REPO / "build.py"), "-f", "nope.yml"],
                             cwd=content_copy, capture_output=True, text=True)
    assert missing.returncode == 2 and "nope.yml" in missing.stderr
