"""Build small fixture sites through MkDocs and read the pages back with an HTML parser."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import article, build, tree_differences

TWO_LANGS = {"languages": ["en", "fa"], "default_language": "en"}


def jsonld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def test_links_between_articles_are_relative_and_end_in_index_html(tmp_path: Path) -> None:
    built = build(tmp_path, {
        "en/a/one.md": article("One", "See [two](../b/two.md#setup) and [cat](../b/).\n"),
        "en/b/two.md": article("Two", "## Setup\n\nText.\n"),
    })
    assert built.problems == []
    links = {a.get_text(): a["href"] for a in built.page("en/a/one/index.html")
             .select(".kb-body a")}
    assert links == {"two": "../../b/two/index.html#setup", "cat": "../../b/index.html"}


def test_broken_links_anchors_and_images_are_reported_with_lines(tmp_path: Path) -> None:
    built = build(tmp_path, {
        "en/a/one.md": article("One", """
            Intro.

            [gone](missing.md)

            [bad anchor](two.md#nowhere)

            ![](pic.png)

            ![Diagram](nothere.png)
            """),
        "en/a/two.md": article("Two", "## Somewhere\n"),
        "en/a/pic.png": "not really a png",
    })
    found = {(p.code, p.line) for p in built.problems}
    # front matter is 3 lines (---, title, ---), a blank line, then the body from line 5
    assert found == {("broken-link", 7), ("broken-anchor", 9), ("missing-alt", 11),
                     ("missing-image", 13)}
    assert all(p.file == "en/a/one.md" for p in built.problems)
    hint = next(p.hint for p in built.problems if p.code == "broken-anchor")
    assert "did you mean 'somewhere'?" in hint


def test_images_are_copied_and_their_paths_rewritten(tmp_path: Path) -> None:
    built = build(tmp_path, {
        "en/a/one.md": article("One", "![A red square](img/sq.svg)\n"),
        "en/a/img/sq.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
    })
    img = built.page("en/a/one/index.html").select_one(".kb-body img")
    assert img["src"] == "../img/sq.svg" and img["alt"] == "A red square"
    assert (built.site / "en/a/img/sq.svg").is_file()


def test_faq_questions_are_linkable_sections_with_faqpage_jsonld(tmp_path: Path) -> None:
    built = build(tmp_path, {"en/a/faq.md": article("Questions", """
        Intro.

        ## Can I pause it?

        Yes, from **Settings**.

        ## Is it free? {#price}

        No.
        """, type="faq")}, site_url="https://help.example.com/")
    soup = built.page("en/a/faq/index.html")
    sections = soup.select("section.kb-qa")
    assert [s.h2["id"] for s in sections] == ["can-i-pause-it", "price"]
    faq = next(d for d in jsonld(soup) if d["@type"] == "FAQPage")
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in faq["mainEntity"]] == [
        ("Can I pause it?", "Yes, from Settings."), ("Is it free?", "No.")]
    assert faq["mainEntity"][1]["url"] == "https://help.example.com/en/a/faq/#price"


def test_troubleshooting_sections_and_howto_steps_in_any_language(tmp_path: Path) -> None:
    body = "## علائم\n\nx\n\n## علت\n\ny\n\n## راه‌حل\n\n1. گام یک\n2. گام دو\n"
    built = build(tmp_path, {"en/a/x.md": article("X", "## Symptoms\n\n## Cause\n\n"
                                                       "## Resolution\n\n1. One\n",
                                                  type="troubleshooting"),
                             "fa/a/x.md": article("ایکس", body, type="troubleshooting")},
                  TWO_LANGS)
    soup = built.page("fa/a/x/index.html")
    assert [s["class"][1] for s in soup.select("section.kb-ts")] == [
        "kb-ts-symptoms", "kb-ts-cause", "kb-ts-resolution"]
    howto = next(d for d in jsonld(soup) if d["@type"] == "HowTo")
    assert [s["text"] for s in howto["step"]] == ["گام یک", "گام دو"]
    assert next(d for d in jsonld(soup) if d["@type"] == "TechArticle")["inLanguage"] == "fa"


def test_troubleshooting_without_its_sections_is_reported(tmp_path: Path) -> None:
    built = build(tmp_path, {"en/a/x.md": article("X", "## Symptoms\n\nx\n",
                                                  type="troubleshooting")})
    (problem,) = built.problems
    assert problem.code == "troubleshooting-sections"
    assert "cause, resolution" in problem.message


def test_github_alerts_and_admonitions_render_titled_in_the_page_language(
        tmp_path: Path) -> None:
    body = "> [!WARNING]\n> Turn off the power.\n\n!!! tip\n    Shortcut.\n\n" \
           "```\n> [!NOTE]\n> literal\n```\n"
    built = build(tmp_path, {"en/a/x.md": article("X", body), "fa/a/x.md": article("X", body)},
                  TWO_LANGS)
    en = built.page("en/a/x/index.html")
    warning = en.select_one("div.admonition.warning")
    assert warning.select_one(".admonition-title").get_text() == "Warning"
    assert "Turn off the power." in warning.get_text()
    assert en.select_one("div.admonition.tip") is not None
    assert "[!NOTE]" in en.select_one("pre code").get_text()
    fa = built.page("fa/a/x/index.html").select_one("div.admonition.warning .admonition-title")
    assert fa.get_text() not in ("", "Warning")


def test_untranslated_articles_fall_back_with_a_visible_note(tmp_path: Path) -> None:
    files = {"en/a/_category.yml": "title: Account\n",
             "fa/a/_category.yml": "title: حساب\n",
             "en/a/x.md": article("Translated", promoted=True),
             "fa/a/x.md": article("ترجمه شده", "[y](y.md)\n"),
             "en/a/y.md": article("Only English")}
    built = build(tmp_path, files, TWO_LANGS)
    assert built.problems == []
    category = built.page("fa/a/index.html")
    links = {a.get_text(" ", strip=True): a for a in category.select("main a[hreflang]")}
    english = next(a for text, a in links.items() if "Only English" in text)
    assert english["href"] == "../../en/a/y/index.html" and english["hreflang"] == "en"
    item = english.find_parent("li")
    assert item is not None and item.select_one(".kb-untranslated") is not None
    # a translated article links to the English page of an untranslated sibling
    body_link = built.page("fa/a/x/index.html").select_one(".kb-body a")
    assert body_link["href"] == "../../../en/a/y/index.html"

    omitted = build(tmp_path / "omit", files, {**TWO_LANGS, "untranslated": "omit"})
    titles = omitted.page("fa/a/index.html").select_one("main").get_text()
    assert "Only English" not in titles and "ترجمه شده" in titles


def test_seo_alternates_canonical_sitemap_and_robots(tmp_path: Path) -> None:
    built = build(tmp_path, {"en/a/x.md": article("X", summary="About X."),
                             "fa/a/x.md": article("ایکس"), "en/a/y.md": article("Y")},
                  TWO_LANGS, site_url="https://help.example.com/docs/")
    soup = built.page("fa/a/x/index.html")
    assert soup.html["lang"] == "fa" and soup.html["dir"] == "rtl"
    assert soup.find("link", rel="canonical")["href"] == "https://help.example.com/docs/fa/a/x/"
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all(
        "link", rel="alternate", hreflang=True)}
    assert alternates == {"en": "https://help.example.com/docs/en/a/x/",
                          "fa": "https://help.example.com/docs/fa/a/x/",
                          "x-default": "https://help.example.com/docs/en/a/x/"}
    en = built.page("en/a/x/index.html")
    assert en.find("meta", attrs={"name": "description"})["content"] == "About X."
    only_en = built.page("en/a/y/index.html")
    assert only_en.find_all("link", rel="alternate", hreflang=True) == []
    sitemap = (built.site / "sitemap.xml").read_text()
    assert "<loc>https://help.example.com/docs/fa/a/x/</loc>" in sitemap
    assert 'hreflang="en" href="https://help.example.com/docs/en/a/x/"' in sitemap
    robots = (built.site / "robots.txt").read_text()
    assert "Sitemap: https://help.example.com/docs/sitemap.xml" in robots
    crumbs = next(d for d in jsonld(en) if d["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][-1]["item"] == "https://help.example.com/docs/en/a/x/"


def test_without_site_url_there_is_no_canonical_and_no_sitemap(tmp_path: Path) -> None:
    built = build(tmp_path, {"en/a/x.md": article("X")})
    assert built.page("en/a/x/index.html").find("link", rel="canonical") is None
    assert not (built.site / "sitemap.xml").exists()
    assert "Sitemap" not in (built.site / "robots.txt").read_text()


def test_redirect_pages_and_collisions(tmp_path: Path) -> None:
    built = build(tmp_path, {
        "en/a/x.md": article("X", redirect_from=["old/x-help.md", "a/y.md"]),
        "en/a/y.md": article("Y"),
    })
    page = built.page("en/old/x-help/index.html")
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=../../a/x/index.html"
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    (problem,) = built.problems
    assert problem.code == "redirect-collision" and problem.file == "en/a/x.md"
    assert built.page("en/a/y/index.html").h1.get_text() == "Y"


def test_sidebar_navigation_is_pruned_to_a_window(tmp_path: Path) -> None:
    files = {f"en/a/n{i:02}.md": article(f"N{i:02}", order=i) for i in range(40)}
    built = build(tmp_path, files)
    nav = built.page("en/a/n20/index.html").select("#kb-nav a")
    titles = [a.get_text(strip=True) for a in nav]
    assert "N20" in titles and "N00" not in titles and "N39" not in titles
    assert len([t for t in titles if t.startswith("N")]) == 12


def test_unknown_related_and_channel_are_reported(tmp_path: Path) -> None:
    built = build(tmp_path, {"en/a/x.md": article("X", related=["y"], contact=["chatt"]),
                             "en/a/yy.md": article("YY")},
                  {"languages": ["en"], "channels": [{"id": "chat", "kind": "chat",
                                                      "label": "Chat"}]})
    problems = {p.code: p for p in built.problems}
    assert set(problems) == {"unknown-related", "unknown-channel"}
    assert problems["unknown-channel"].hint == "did you mean 'chat'?"
    assert problems["unknown-channel"].line == 5  # title, related (2 lines), contact


def test_parallel_build_writes_the_same_site_as_a_serial_one(tmp_path: Path,
                                                             monkeypatch) -> None:
    files = {f"en/c{i % 3}/a{i:03}.md": article(f"A{i}", f"[next](a{i + 3:03}.md)\n",
                                                tags=[f"t{i % 5}"]) for i in range(60)}
    files["en/c0/bad.md"] = article("Bad", "[gone](nowhere.md)\n")
    monkeypatch.setenv("KB_WORKERS", "1")
    serial = build(tmp_path / "serial", files)
    monkeypatch.setenv("KB_WORKERS", "3")
    parallel = build(tmp_path / "parallel", files)
    assert sorted(map(str, serial.problems)) == sorted(map(str, parallel.problems))
    assert len([p for p in serial.problems if p.code == "broken-link"]) == 4  # a057..a059 + bad
    assert serial.result.pages == parallel.result.pages
    assert tree_differences(serial.site, parallel.site) == []


def test_search_indexes_and_pages_share_the_pool(tmp_path: Path, monkeypatch) -> None:
    """With several languages the indexes are written in the page pool, each language's
    pages once its manifest is known: the site is the serial one, every page names its own
    language's manifest and the writers' search tests still run."""
    files = {f"{lang}/c{i % 2}/a{i:03}.md": article(f"{lang} {i} word{i}", f"Text {i}.\n")
             for lang in ("en", "de", "fr") for i in range(30 if lang == "de" else 12)}
    files["de/_search-tests.yml"] = ("- {query: word7, expect: a007}\n"
                                     "- {query: word5, expect: a001}\n")  # fails: a warning
    options = {"languages": ["en", "de", "fr"]}
    monkeypatch.setenv("KB_WORKERS", "1")
    serial = build(tmp_path / "serial", files, options)
    monkeypatch.setenv("KB_WORKERS", "3")
    parallel = build(tmp_path / "parallel", files, options)
    assert sorted(map(str, serial.problems)) == sorted(map(str, parallel.problems))
    assert any(p.file == "de/_search-tests.yml" for p in parallel.problems)
    assert tree_differences(serial.site, parallel.site) == []
    for lang in ("en", "de", "fr"):
        (manifest,) = (parallel.site / "search" / lang).glob("manifest.*.js")
        assert f"search/{lang}/{manifest.name}" in str(parallel.page(f"{lang}/c0/a000/index.html"))


def test_the_site_build_forks_no_terms_helper(tmp_path: Path, monkeypatch) -> None:
    """The pages fill every core while the indexes are built: a terms helper would only
    compete with them (build_and_export's `helper`)."""
    from kb_search import build_export

    def no_helper(*args: object) -> None:
        raise AssertionError("a terms helper was forked")

    monkeypatch.setattr(build_export, "HELPER_MIN_DOCS", 1)
    monkeypatch.setattr(build_export, "TermsHelper", no_helper)
    monkeypatch.setenv("KB_WORKERS", "2")
    files = {f"en/c{i % 2}/a{i:03}.md": article(f"A {i}", f"Text {i}.\n") for i in range(12)}
    built = build(tmp_path, files)
    assert built.problems == []
    assert list((built.site / "search" / "en").glob("terms-*.js"))


def test_missing_ui_strings_fall_back_to_english_and_are_reported(tmp_path: Path) -> None:
    (tmp_path / "overrides/locales").mkdir(parents=True)
    (tmp_path / "overrides/locales/de.yml").write_text("home: Startseite\n", encoding="utf-8")
    built = build(tmp_path, {"en/a/x.md": article("X"), "de/a/x.md": article("X")},
                  {"languages": ["en", "de"]},
                  theme={"name": "kb", "custom_dir": "overrides"})
    missing = [p for p in built.problems if p.code == "missing-ui-string"]
    assert missing and all(p.file == "locales/de.yml" for p in missing)
    assert any("'skip_to_content'" in p.message for p in missing)
    soup = built.page("de/a/x/index.html")
    assert soup.select_one(".kb-crumbs a").get_text() == "Startseite"
    assert soup.select_one("a[href='#main']").get_text(strip=True) == "Skip to content"


def test_404_pages_link_by_absolute_path_so_they_work_at_any_depth(tmp_path: Path) -> None:
    built = build(tmp_path, {"en/a/x.md": article("X")},
                  site_url="https://help.example.com/support/")
    soup = built.page("404.html")
    hrefs = [a["href"] for a in soup.find_all("a", href=True) if not a["href"].startswith("#")]
    hrefs += [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert hrefs and all(h.startswith("/support/") for h in hrefs)
    for href in hrefs:
        assert (built.site / href.removeprefix("/support/")).is_file(), href


def test_an_outdated_translation_tells_readers_and_links_the_source(tmp_path: Path) -> None:
    built = build(tmp_path, {"en/a/x.md": article("X", "New wording.\n"),
                             "fa/a/x.md": article("ایکس", source_rev="0123456789"),
                             "fa/a/y.md": article("ایگرگ"), "en/a/y.md": article("Y")},
                  TWO_LANGS)
    assert [p.code for p in built.problems] == ["translation-outdated"]
    note = built.page("fa/a/x/index.html").select_one(".kb-note")
    assert note is not None and "English" in note.get_text()
    assert note.a["href"] == "../../../en/a/x/index.html"
    assert built.page("fa/a/y/index.html").select_one(".kb-note") is None


def test_the_help_center_name_can_differ_per_language(tmp_path: Path) -> None:
    built = build(tmp_path, {"en/a/x.md": article("X"), "fa/a/x.md": article("ایکس")},
                  {**TWO_LANGS, "site_names": {"fa": "مرکز راهنما"}})
    assert built.page("fa/index.html").title.get_text() == "مرکز راهنما"
    assert built.page("fa/a/x/index.html").title.get_text().endswith("مرکز راهنما")
    assert built.page("en/index.html").title.get_text() == "Test Help"
