"""Preview mode (`kb serve`): problems shown on the pages they concern, never in a build."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from kb.mkdocs_adapter import preview
from tests.helpers import article, build

PANEL = 'aside.kb-preview[role="region"][aria-label="Problems in this article"]'
FILES = {
    # front matter: ---, title (2), sumary (3), <img…> (4), ---, blank; the body from line 7
    "en/a/broken.md": article("Broken", "Intro.\n\n[gone](missing.md)\n", sumary="typo",
                              **{"<img src=x onerror=alert(1)>": 1}),
    "en/a/fine.md": article("Fine"),
    "fa/a/fine.md": article("خوب"),
}
LANGS = {"languages": ["en", "fa"]}


def build_preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str = "1",
                  files: dict[str, str] = FILES, **site: object):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(preview.ENV_VAR, value)
    return build(tmp_path, files, LANGS, **site)


def items(panel) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(level, code, line) of the errors and warnings listed (info notes left out)."""
    found = []
    for li in panel.select("li.kb-preview-item:not(.kb-preview-info)"):
        line = li.select_one(".kb-preview-line")
        found.append((li.select_one(".kb-preview-level").get_text(),
                      li.select_one(".kb-preview-code").get_text(),
                      line.get_text() if line else ""))
    return found


def test_an_article_with_problems_shows_them_first_in_main(tmp_path, monkeypatch) -> None:
    built = build_preview(tmp_path, monkeypatch)
    page = built.page("en/a/broken/index.html")
    panel = page.select_one(f"main > {PANEL}")
    assert panel is not None and panel is page.main.find(True)
    assert panel["lang"] == "en" and panel["dir"] == "ltr"
    assert items(panel) == [("warning", "unknown-field", "line 3"),
                            ("warning", "unknown-field", "line 4"),
                            ("warning", "broken-link", "line 9, column 1")]
    text = panel.get_text(" ")
    assert "missing.md" in text and "did you mean 'summary'?" in text
    assert "<img src=x onerror=alert(1)>" in text and panel.find("img") is None  # escaped
    assert panel.select_one("a")["href"] == "../../../_preview/problems/index.html"


def test_pages_without_problems_have_no_panel_but_a_badge(tmp_path, monkeypatch) -> None:
    built = build_preview(tmp_path, monkeypatch)
    for path in ("en/a/fine/index.html", "fa/a/fine/index.html", "en/index.html"):
        page = built.page(path)
        assert page.select(".kb-preview") == [], path
        badges = page.select("aside.kb-preview-dock > a.kb-preview-badge")
        assert len(badges) == 1, path
        assert badges[0].get_text(strip=True).startswith("Preview: 3 warnings"), path
    assert built.page("en/index.html").select_one(".kb-preview-badge")["href"] == \
        "../_preview/problems/index.html"


def test_the_problems_page_lists_every_problem_by_file(tmp_path, monkeypatch) -> None:
    built = build_preview(tmp_path, monkeypatch)
    page = built.page(preview.PROBLEMS_PAGE)
    sections = [s for s in page.select("section.kb-preview-file") if items(s)]
    assert [s.h2.code.get_text() for s in sections] == ["en/a/broken.md"]
    assert sections[0].select_one("a.kb-preview-open")["href"] == \
        "../../en/a/broken/index.html"
    assert [code for _, code, _ in items(sections[0])] == \
        ["unknown-field", "unknown-field", "broken-link"]
    assert (built.site / page.select_one('link[rel="stylesheet"]')["href"].replace(
        "../../", "")).is_file()


def test_annotating_twice_leaves_one_panel_and_one_badge(tmp_path, monkeypatch) -> None:
    built = build_preview(tmp_path, monkeypatch)
    theme_dirs = tuple(Path(d) for d in load_config(str(tmp_path / "mkdocs.yml")).theme.dirs)
    preview.show(built.site, theme_dirs, built.result.page_of, built.problems)
    page = built.page("en/a/broken/index.html")
    assert len(page.select(".kb-preview")) == 1
    assert len(page.select(".kb-preview-badge")) == 1


def test_strict_preview_shows_warnings_as_errors(tmp_path, monkeypatch) -> None:
    built = build_preview(tmp_path, monkeypatch, "strict")
    panel = built.page("en/a/broken/index.html").select_one(PANEL)
    assert {level for level, _, _ in items(panel)} == {"error (strict)"}
    assert built.page("en/index.html").select_one(".kb-preview-badge").get_text(
        strip=True).startswith("Preview: 3 errors")


def test_content_errors_do_not_stop_the_preview(tmp_path, monkeypatch) -> None:
    files = {**FILES, "en/a/bad.md": "---\ntitle: [unclosed\n---\nText.\n"}
    built = build_preview(tmp_path, monkeypatch, files=files)  # raises on Abort
    assert "front-matter-yaml" in built.codes()
    sections = {s.h2.code.get_text(): s for s in
                built.page(preview.PROBLEMS_PAGE).select(".kb-preview-file")}
    assert sections["en/a/bad.md"].select("a.kb-preview-open") == []  # it has no page
    assert "1 error" in built.page("en/index.html").select_one(".kb-preview-badge").get_text()


def test_a_theme_error_is_shown_instead_of_stopping_the_preview(tmp_path, monkeypatch) -> None:
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides/article.html").write_text(
        "{% extends 'base.html' %}{% block content %}{{ broken( }}{% endblock %}",
        encoding="utf-8")
    build_preview(tmp_path, monkeypatch, theme={"name": "kb", "custom_dir": "overrides"})
    site = tmp_path / "site"
    failure = (site / preview.PROBLEMS_PAGE).read_text(encoding="utf-8")
    assert "The build failed" in failure and "article.html" in failure
    assert "_preview/problems/index.html" in (site / "index.html").read_text(encoding="utf-8")
    missing = (site / "404.html").read_text(encoding="utf-8")  # what MkDocs serves meanwhile
    assert 'http-equiv="refresh" content="2"' in missing
    assert 'href="/_preview/problems/index.html"' in missing


def test_a_normal_build_has_no_preview(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(preview.ENV_VAR, raising=False)
    built = build(tmp_path, FILES, LANGS)
    assert "unknown-field" in built.codes()
    assert not (built.site / "_preview").exists()
    for html in built.site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "kb-preview" not in text, html


def test_mode_is_read_from_the_environment() -> None:
    assert preview.mode({}) == ""
    assert preview.mode({"KB_PREVIEW": "1"}) == "on"
    assert preview.mode({"KB_PREVIEW": "strict"}) == "strict"
    assert preview.mode({"KB_PREVIEW": "0"}) == ""
