"""The generic Markdown importer (MkDocs, Jekyll, Hugo) on hand-made fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from kb.importers.markdown import import_markdown
from kb.importers.markdown_write import Report
from tests.helpers import tree_differences, write_tree

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"


def read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "\r" not in text
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def warnings_for(report: Report, name: str) -> list[str]:
    return [message for file, message in report.warnings if file == name]


@pytest.fixture
def mkdocs(tmp_path: Path) -> tuple[Report, Path]:
    report = import_markdown(FIXTURES / "mkdocs", tmp_path / "content", "en")
    return report, tmp_path / "content" / "en"


# --- MkDocs ------------------------------------------------------------------------------

def test_layout_categories_sections_and_ignored_files(mkdocs: tuple[Report, Path]) -> None:
    report, en = mkdocs
    assert sorted(report.written) == [
        "en/account/no-heading-here.md",
        "en/account/reset-password.md",
        "en/general/faq.md",  # top-level files go to "general"
        "en/general/overview.md",  # the top index.md
        "en/getting-started/advanced/advanced.md",  # advanced/index.md takes its folder name
        "en/getting-started/advanced/tuning.md",  # advanced/deep/ flattened into the section
        "en/getting-started/install.md",
    ]
    assert report.imported == 7 and report.skipped_invalid == 1
    assert not any("ignored" in p for p in report.written)  # _snippets/, .github/
    assert yaml.safe_load((en / "getting-started/_category.yml").read_text()) == {
        "title": "Getting started"}
    assert yaml.safe_load((en / "getting-started/advanced/_category.yml").read_text()) == {
        "title": "Advanced"}
    assert yaml.safe_load((en / "general/_category.yml").read_text()) == {"title": "General"}
    assert report.categories_written == 4


def test_front_matter_mapping(mkdocs: tuple[Report, Path]) -> None:
    report, en = mkdocs
    meta, _ = read(en / "getting-started/install.md")
    assert meta == {
        "title": "Install the Lumen app",
        "type": "howto",
        "summary": "Get the app onto your phone and pair your first lamp.",
        "tags": ["setup", "first-steps"],
        "updated": dt.date(2024, 5, 2),  # the latest of date and lastmod
        "owner": "Ana Ruiz",
        "redirect_from": ["old/install/"],
        "order": 2,
    }
    assert list(meta) == ["title", "type", "summary", "tags", "updated", "owner",
                          "redirect_from", "order"]  # kb's documented field order
    assert read(en / "general/faq.md")[0] == {"title": "Frequently asked questions",
                                              "type": "faq", "order": 1}
    assert dict(report.unmapped) == {"hide": 1}


def test_titles_from_heading_or_file_name(mkdocs: tuple[Report, Path]) -> None:
    _, en = mkdocs
    meta, body = read(en / "account/reset-password.md")
    assert meta == {"title": "Reset your password"}
    assert body.startswith("\n## Steps {#steps}\n")  # the H1 is removed: kb renders the title
    meta, body = read(en / "getting-started/advanced/tuning.md")
    assert meta == {"title": "Colour tuning"}  # the first `# ` heading, even after text
    assert body == "\nTune the lamp colours.\n\nBack to [install](../install.md).\n"
    assert read(en / "account/no-heading-here.md")[0] == {"title": "No heading here"}
    assert read(en / "general/overview.md")[0] == {"title": "Welcome to Lumen help"}


def test_links_follow_articles_and_files_are_copied(mkdocs: tuple[Report, Path]) -> None:
    report, en = mkdocs
    _, body = read(en / "getting-started/install.md")
    assert "[resetting your password](../account/reset-password.md#steps)" in body
    assert "[tuning](advanced/tuning.md)" in body
    assert "![Lamp and router](img/router.svg)" in body
    assert '<img src="img/router.svg" alt="Router again">' in body
    assert "[terms](files/terms.pdf)" in body  # outside the article's folder → files/
    assert (en / "getting-started/img/router.svg").read_text().startswith("<svg")
    assert (en / "getting-started/files/terms.pdf").is_file()
    assert report.assets_copied == 2
    assert "Links in code stay: `[x](../account/reset-password.md)`" in body
    assert "```markdown\n[reset](../account/reset-password.md)\n```" in body
    assert "[old page](gone.md)" in body
    assert warnings_for(report, "getting-started/install.md") == [
        "link to gone.md matches no imported article; kept as written"]
    assert read(en / "general/overview.md")[1].strip() == \
        "Start with [installing the app](../getting-started/install.md)."
    assert "[tuning](tuning.md)" in read(en / "getting-started/advanced/advanced.md")[1]


def test_admonitions_and_alerts_stay(mkdocs: tuple[Report, Path]) -> None:
    _, en = mkdocs
    _, body = read(en / "getting-started/install.md")
    assert '!!! note "Before you start"\n    Charge the lamp.\n' in body
    assert "> [!TIP]\n> Keep your phone close to the lamp.\n" in body


def test_bad_yaml_names_file_and_line(mkdocs: tuple[Report, Path]) -> None:
    report, en = mkdocs
    [message] = warnings_for(report, "account/bad-yaml.md")
    assert message.startswith("line 4: ")
    assert "invalid YAML front matter" in message and "fix it and import again" in message
    assert not (en / "account/bad-yaml.md").exists()


# --- Jekyll ------------------------------------------------------------------------------

def test_jekyll_posts(tmp_path: Path) -> None:
    report = import_markdown(FIXTURES / "jekyll", tmp_path, "en")
    assert sorted(report.written) == ["en/general/about.md", "en/posts/leap-day-update.md",
                                      "en/posts/router-lights.md"]
    meta, body = read(tmp_path / "en/posts/router-lights.md")
    assert meta == {
        "title": "What the router lights mean",
        "summary": "Green, amber and red explained.",
        "tags": ["router", "network", "wifi"],  # tags, then the space-separated categories
        "updated": dt.date(2024, 1, 10),  # last_modified_at is later than the file name's date
        "owner": "Bo Chen",
        "draft": True,  # published: false
        "redirect_from": ["2023/11/router-lights.html"],
    }
    assert body == "\nThe router has three lights.\n"
    assert read(tmp_path / "en/posts/leap-day-update.md")[0] == {
        "title": "Leap day update", "updated": dt.date(2024, 2, 29)}
    assert dict(report.unmapped) == {"layout": 1, "permalink": 1}
    assert yaml.safe_load((tmp_path / "en/posts/_category.yml").read_text()) == {
        "title": "Posts"}


# --- Hugo --------------------------------------------------------------------------------

def test_hugo_toml_front_matter_and_page_bundle(tmp_path: Path) -> None:
    report = import_markdown(FIXTURES / "hugo", tmp_path, "en")
    assert sorted(report.written) == ["en/billing/invoice-explained.md", "en/billing/refunds.md",
                                      "en/tags-topics/tags-article.md"]  # kb's reserved names
    meta, body = read(tmp_path / "en/billing/refunds.md")
    assert meta == {
        "title": "Ask for a refund",
        "summary": "How refunds work and how long they take.",
        "tags": ["refund", "money-back", "billing"],
        "updated": dt.date(2024, 2, 3),
        "draft": True,
        "redirect_from": ["refund-policy/"],
        "order": 5,
    }
    assert "See [the invoice guide](invoice-explained.md)." in body
    # index.md alone in its folder is a page bundle: the folder is the article
    meta, body = read(tmp_path / "en/billing/invoice-explained.md")
    assert meta == {"title": "Your invoice explained"}
    assert "![Invoice chart](chart.svg)" in body
    assert (tmp_path / "en/billing/chart.svg").is_file()
    assert dict(report.unmapped) == {"params": 1}
    assert warnings_for(report, "billing/bad-toml.md") == [
        "line 2, column 16: Illegal character '\\n' (invalid TOML front matter); "
        "not imported: fix it and import again"]
    assert report.skipped_invalid == 1


# --- rules that apply everywhere ---------------------------------------------------------

def test_no_overwrite_without_force(tmp_path: Path) -> None:
    first = import_markdown(FIXTURES / "jekyll", tmp_path, "en")
    target = tmp_path / "en/posts/leap-day-update.md"
    target.write_text("---\ntitle: Edited by hand\n---\n", encoding="utf-8")
    second = import_markdown(FIXTURES / "jekyll", tmp_path, "en")
    assert (second.imported, second.skipped_existing) == (0, first.imported)
    assert second.categories_written == 0
    assert target.read_text(encoding="utf-8") == "---\ntitle: Edited by hand\n---\n"
    forced = import_markdown(FIXTURES / "jekyll", tmp_path, "en", force=True)
    assert forced.imported == first.imported
    assert read(target)[0]["title"] == "Leap day update"


def test_deterministic_and_limit(tmp_path: Path) -> None:
    import_markdown(FIXTURES / "mkdocs", tmp_path / "a", "en")
    import_markdown(FIXTURES / "mkdocs", tmp_path / "b", "en")
    assert tree_differences(tmp_path / "a", tmp_path / "b") == []
    limited = import_markdown(FIXTURES / "mkdocs", tmp_path / "c", "en", limit=2)
    assert limited.skipped_invalid == 1  # bad-yaml.md sorts first and counts
    assert limited.written == ["en/account/no-heading-here.md"]


def test_ids_stay_unique_and_tags_are_capped(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {
        "one/setup.md": "# One\n",
        "two/setup.md": "---\ntags: [a, b, c, d, e, f, g, h, i, j]\n---\n# Two\n",
        "odd.md": "---\ntitle: Odd\nweight: heavy\ndate: someday\ntype: post\n---\n",
    })
    (tmp_path / "src/latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    report = import_markdown(tmp_path / "src", tmp_path / "out", "EN")
    assert "id" not in read(tmp_path / "out/en/one/setup.md")[0]
    meta, _ = read(tmp_path / "out/en/two/setup.md")
    assert meta["id"] == "two-setup" and len(meta["tags"]) == 8
    assert warnings_for(report, "two/setup.md") == ["2 tags left out (kb keeps the first 8)"]
    assert read(tmp_path / "out/en/general/odd.md")[0] == {"title": "Odd"}
    assert warnings_for(report, "odd.md") == ["date 'someday' is not a date; left out",
                                              "weight 'heavy' is not a whole number; left out"]
    assert report.unmapped["type"] == 1  # not one of kb's types
    [message] = warnings_for(report, "latin1.md")
    assert message.startswith("not UTF-8 text") and "save it as UTF-8" in message
