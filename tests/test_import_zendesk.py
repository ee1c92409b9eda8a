"""The Zendesk Guide importer on a hand-made API export (tests/fixtures/zendesk)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from kb.importers.markdown_write import Report
from kb.importers.zendesk import import_zendesk, locale_score
from kb.importers.zendesk_html import html_to_markdown
from kb.problems import KbError
from tests.helpers import build

FIXTURES = Path(__file__).parent / "fixtures" / "zendesk"
EXPORT = FIXTURES / "export"
RESET = "account/sign-in-problems/reset-your-password.md"
PLAN = "billing/plans/change-your-plan.md"


def read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "\r" not in text
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


@pytest.fixture
def content(tmp_path: Path) -> tuple[Path, Report, Report]:
    en = import_zendesk(EXPORT, tmp_path / "content", "en")
    el = import_zendesk(EXPORT, tmp_path / "content", "el")
    return tmp_path / "content", en, el


@pytest.mark.parametrize(("locale", "lang", "score"), [
    ("en-us", "en", 2), ("EN-US", "en", 2), ("zh-tw", "zh-TW", 3), ("pt-br", "pt-BR", 3),
    ("el", "el", 3), ("zh-cn", "zh-TW", 0), ("en-gb", "en-US", 0), ("fa", "en", 0),
])
def test_locales_match_kb_languages(locale: str, lang: str, score: int) -> None:
    assert locale_score(locale, lang) == score


def test_paths_from_categories_and_sections(content: tuple[Path, Report, Report]) -> None:
    root, en, el = content
    assert sorted(en.written) == [f"en/{RESET}", f"en/{PLAN}"]
    # translations share the path made from the English title, whatever their own title is
    assert sorted(el.written) == [f"el/{RESET}", f"el/{PLAN}"]
    titles = {p.relative_to(root).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
              for p in root.rglob("_category.yml")}
    assert titles == {
        "en/account/_category.yml": {"title": "Account"},
        "en/account/sign-in-problems/_category.yml": {"title": "Sign-in problems"},
        "en/billing/_category.yml": {"title": "Billing"},
        "en/billing/plans/_category.yml": {"title": "Plans"},
        "el/account/_category.yml": {"title": "Λογαριασμός"},  # titles in the language
        "el/account/sign-in-problems/_category.yml": {"title": "Προβλήματα σύνδεσης"},
        "el/billing/_category.yml": {"title": "Billing"},  # no Greek name in the export
        "el/billing/plans/_category.yml": {"title": "Plans"},
    }


def test_front_matter(content: tuple[Path, Report, Report]) -> None:
    root, _, _ = content
    meta, _ = read(root / "en" / RESET)
    assert meta == {
        "title": "Reset your password",
        "id": "zd-360001",
        "tags": ["password", "login-help"],
        "updated": dt.date(2024, 4, 1),  # edited_at
        "promoted": True,
        "redirect_from": ["hc/en-us/articles/360001-Reset-your-password"],
        "order": 1,
    }
    assert read(root / "en" / PLAN)[0] == {
        "title": "Change your plan", "id": "zd-360002", "updated": dt.date(2024, 5, 10),
        "draft": True, "redirect_from": ["hc/en-us/articles/360002-Change-your-plan"],
        "order": 0,
    }


def test_translations_linked_by_id(content: tuple[Path, Report, Report]) -> None:
    root, _, _ = content
    meta, body = read(root / "el" / RESET)
    assert meta["id"] == "zd-360001" and meta["title"] == "Επαναφορά κωδικού πρόσβασης"
    assert meta["redirect_from"] == ["hc/el/articles/360001-Επαναφορά"]  # percent-decoded
    assert meta["updated"] == dt.date(2024, 4, 19)
    assert "## Βήματα {#h_steps}" in body
    # a {"translations": [...]} file: its section and order come from the article object
    meta, body = read(root / "el" / PLAN)
    assert meta == {"title": "Αλλαγή προγράμματος", "id": "zd-360002",
                    "updated": dt.date(2024, 5, 11), "redirect_from": ["hc/el/articles/360002"],
                    "order": 0}
    assert "[την επαναφορά](../../account/sign-in-problems/reset-your-password.md)" in body


def test_body_html_to_markdown(content: tuple[Path, Report, Report]) -> None:
    root, en, _ = content
    _, body = read(root / "en" / RESET)
    assert body.startswith("\nLocked out? Reset it in a minute.\n\n## Steps {#h_steps}\n\n"
                           "1. Open the app.\n2. Tap **Forgot password**.\n\n### Which email?\n\n"
                           "- Your sign-up address\n- Or your work address\n")
    assert "| Plan | Reset by |\n| --- | --- |\n| Home | Email |\n| Business | Admin |" in body
    assert "![The reset screen](https://help.lumen.example/hc/article_attachments/55/reset.png)" \
        in body
    assert "> [!WARNING]\n> Resetting signs you out everywhere." in body
    assert "trackPage" not in body and "color:red" not in body
    assert "[change your plan](../../billing/plans/change-your-plan.md)" in body
    _, body = read(root / "en" / PLAN)
    assert "[the reset steps](../../account/sign-in-problems/reset-your-password.md#h_steps)" \
        in body
    assert "> [!NOTE]\n> Plans change at the next invoice." in body
    assert [(f, m) for f, m in en.warnings] == [(
        "articles.json: articles[0]", "1 image(s) still served by the old help center; "
        "download them next to reset-your-password.md and change their paths")]


def test_html_details() -> None:
    html = ('<h1>Intro</h1><h2>Part</h2><p><a href="/hc/de/articles/9-Other">old</a></p>'
            "<ul><li>a<ul><li>b</li></ul></li></ul>"
            "<ol><li>run<pre><code>x = 1</code></pre></li></ol>"
            '<iframe src="//video.example/embed/1" title="Demo video"></iframe>'
            '<p class="callout callout--tip">Try it.</p>')
    result = html_to_markdown(html, lambda article_id, suffix: None)
    assert result.old_links == 1  # an article that is not in the export
    assert result.markdown == (
        "## Intro\n\n### Part\n\n[old](/hc/de/articles/9-Other)\n\n"  # H1 demoted, all with it
        "- a\n    - b\n\n1. run\n\n        x = 1\n\n"  # indented by 4 for Python-Markdown
        "[Demo video](https://video.example/embed/1)\n\n> [!TIP]\n> Try it.\n")


def test_unmapped_fields_counted(content: tuple[Path, Report, Report]) -> None:
    _, en, el = content
    assert dict(en.unmapped) == {"author_id": 2, "comments_disabled": 1, "created_at": 1,
                                 "outdated": 1, "url": 1, "vote_count": 1, "vote_sum": 1}
    assert dict(el.unmapped) == {"author_id": 1, "created_by_id": 1, "outdated": 2}


def test_no_overwrite_without_force(content: tuple[Path, Report, Report]) -> None:
    root, _, _ = content
    (root / "en" / RESET).write_text("---\ntitle: Mine\n---\n", encoding="utf-8")
    again = import_zendesk(EXPORT / "articles.json", root, "en")
    assert (again.imported, again.skipped_existing, again.categories_written) == (0, 2, 0)
    assert (root / "en" / RESET).read_text(encoding="utf-8") == "---\ntitle: Mine\n---\n"
    forced = import_zendesk(EXPORT / "articles.json", root, "en", force=True, limit=1)
    assert (forced.imported, forced.written) == (1, [f"en/{RESET}"])
    assert read(root / "en" / RESET)[0]["title"] == "Reset your password"


def test_bad_and_other_shapes(tmp_path: Path) -> None:
    report = import_zendesk(FIXTURES / "bad", tmp_path, "en")
    assert report.warnings == [
        ("broken.json", "line 4, column 5: invalid JSON (Expecting ',' delimiter); fix the "
                        "file or export it again"),
        ("list.json", "articles[0]: no title; that article is left out"),
    ]
    assert report.skipped_invalid == 2
    # {"article": {...}} and a bare list; en-gb is taken for en when there is no plain en
    assert sorted(report.written) == ["en/general/contact-us.md", "en/general/opening-hours.md"]
    assert read(tmp_path / "en/general/contact-us.md") == (
        {"title": "Contact us", "id": "zd-42"}, "\nWrite to us.\n")


def test_language_not_in_export(tmp_path: Path) -> None:
    with pytest.raises(KbError) as caught:
        import_zendesk(EXPORT, tmp_path, "de")
    assert "locales found: el, en-us" in caught.value.message
    assert "--lang" in caught.value.hint


def test_same_titles_get_distinct_slugs(tmp_path: Path) -> None:
    article = {"title": "Hello", "locale": "en-us", "body": "<p>x</p>"}
    (tmp_path / "a.json").write_text(json.dumps([{"id": 7, **article}, {"id": 1, **article}]),
                                     encoding="utf-8")
    report = import_zendesk(tmp_path / "a.json", tmp_path / "out", "en")
    assert report.written == ["en/general/hello.md", "en/general/hello-7.md"]  # by id
    assert read(tmp_path / "out/en/general/hello-7.md")[0]["id"] == "zd-7"


def test_imported_export_builds_with_hreflang(tmp_path: Path) -> None:
    import_zendesk(EXPORT, tmp_path / "content", "en")
    import_zendesk(EXPORT, tmp_path / "content", "el")
    built = build(tmp_path, {}, {"languages": ["en", "el"], "drafts": True},
                  site_url="https://x.example/")
    assert built.problems == []
    slug = RESET[:-3]
    for lang in ("en", "el"):
        assert (built.site / lang / slug / "index.html").is_file()
        assert (built.site / lang / PLAN[:-3] / "index.html").is_file()
    page = built.page(f"el/{slug}/index.html")
    alternates = {link["hreflang"]: link["href"]
                  for link in page.find_all("link", rel="alternate") if link.get("hreflang")}
    assert alternates["en"] == f"https://x.example/en/{slug}/"
    assert alternates["el"] == f"https://x.example/el/{slug}/"
    assert (built.site / "en/hc/en-us/articles/360001-Reset-your-password/index.html").is_file()
