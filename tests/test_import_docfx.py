"""The DocFX importer: hand-made fixtures (tests/fixtures/docfx) and, when ../shared is there,
a sample of the real Microsoft corpora imported and built as one five-language site."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from kb.importers import ImportReport, import_docfx, normalize_lang

FIXTURES = Path(__file__).parent / "fixtures" / "docfx" / "src"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = SHARED / "corpora"


def read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


@pytest.fixture
def imported(tmp_path: Path) -> tuple[ImportReport, Path]:
    report = import_docfx(FIXTURES, tmp_path / "content", "en")
    return report, tmp_path / "content" / "en"


def warnings_for(report: ImportReport, name: str) -> list[str]:
    return [message for file, message in report.warnings if file.endswith(name)]


# --- layout ------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "lang"), [
    ("el-GR", "el"), ("pl-PL", "pl"), ("zh-TW", "zh-TW"), ("zh-CN", "zh-CN"), ("en", "en"),
    ("en-us", "en"), ("zh_tw", "zh-TW"),
])
def test_language_codes(code: str, lang: str) -> None:
    assert normalize_lang(code) == lang


def test_layout_categories_sections_and_slugs(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    assert sorted(report.written) == [
        "en/widgets/faq.md",
        "en/widgets/setup/connect-widget.md",
        "en/widgets/setup/deep-connect-widget.md",  # flattened from setup/deep/, collided
        "en/widgets/setup/nested-topic.md",  # setup/deep/ flattened into the section
        "en/widgets/troubleshoot/bad-front-matter.md",
        "en/widgets/troubleshoot/cycle.md",
        "en/widgets/troubleshoot/missing-include.md",
        "en/widgets/troubleshoot/widget-wont-start.md",  # "Widget Wont Start.md"
    ]
    assert report.imported == 8
    assert not (en / "includes").exists()
    assert not (en / "widgets" / "setup" / "deep").exists()
    assert yaml.safe_load((en / "widgets" / "_category.yml").read_text()) == {"title": "Widgets"}
    assert yaml.safe_load((en / "widgets/setup/_category.yml").read_text()) == {"title": "setup"}
    assert report.categories_written == 3


def test_ids_stay_unique_when_stems_repeat(imported: tuple[ImportReport, Path]) -> None:
    _, en = imported
    assert read(en / "widgets/setup/connect-widget.md")[0]["id"] == "connect-widget"
    assert read(en / "widgets/setup/deep-connect-widget.md")[0]["id"] == "setup-connect-widget"


def test_article_without_any_title_is_skipped(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    assert report.skipped_invalid == 1
    assert warnings_for(report, "Widgets/no-title.md") == [
        "no title (neither front matter 'title' nor an H1); skipped"]
    assert not (en / "widgets" / "no-title.md").exists()


# --- front matter ------------------------------------------------------------------------

def test_front_matter_mapping(imported: tuple[ImportReport, Path]) -> None:
    _, en = imported
    meta, _ = read(en / "widgets/setup/connect-widget.md")
    assert meta == {
        "title": "Connect a widget",
        "id": "connect-widget",
        "type": "howto",
        "summary": "How to pair a widget with the hub over the local network.",
        "tags": ["widget-hub", "widget-hub-2", "widget-hub-mini"],
        "updated": dt.date(2024, 3, 5),
        "owner": "widget-docs",
    }
    assert list(meta) == ["title", "id", "type", "summary", "tags", "updated", "owner"]
    assert read(en / "widgets/troubleshoot/widget-wont-start.md")[0]["updated"] == dt.date(
        2023, 7, 4)
    assert read(en / "widgets/troubleshoot/widget-wont-start.md")[0]["type"] == "troubleshooting"
    assert read(en / "widgets/setup/nested-topic.md")[0]["type"] == "article"  # conceptual
    assert read(en / "widgets/faq.md")[0]["type"] == "faq"


def test_unmapped_fields_are_counted_not_written(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    assert dict(report.unmapped) == {
        "ROBOTS": 1, "ms.author": 1, "ms.custom": 1, "ms.locfileid": 1,
        "ms.translationtype": 1,
    }
    for path in en.rglob("*.md"):
        meta, _ = read(path)
        assert not [key for key in meta if "." in key or key.isupper()], path


def test_front_matter_is_valid_for_kb(imported: tuple[ImportReport, Path]) -> None:
    from kb.content.fields import FIELDS, validate_fields
    from kb.problems import ProblemLog

    _, en = imported
    log = ProblemLog()
    for path in sorted(en.rglob("*.md")):
        meta, _ = read(path)
        validate_fields(meta, FIELDS, file=str(path), key_lines={}, log=log,
                        required=("title",))
    assert [str(p) for p in log.problems] == []


def test_invalid_date_is_reported_and_left_out(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    assert "ms.date '31/12/2024' is not a date; 'updated' left out" in warnings_for(
        report, "missing-include.md")
    assert "updated" not in read(en / "widgets/troubleshoot/missing-include.md")[0]


def test_bad_yaml_is_reported_and_imported_without_metadata(
    imported: tuple[ImportReport, Path],
) -> None:
    report, en = imported
    assert warnings_for(report, "Widgets/troubleshoot/bad-front-matter.md") == [
        "invalid YAML front matter (line 2: mapping values are not allowed in this context);"
        " imported without metadata"]
    meta, body = read(en / "widgets/troubleshoot/bad-front-matter.md")
    assert meta == {"title": "Reset the widget", "id": "bad-front-matter"}  # title from H1
    assert body.strip() == "Hold the reset button for ten seconds."


# --- body --------------------------------------------------------------------------------

def test_h1_removed_and_heading_anchors_become_ids(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    _, body = read(en / "widgets/setup/connect-widget.md")
    assert not [line for line in body.splitlines() if line.startswith("# ")]
    assert "## Before you start {#before-you-start}" in body
    assert "<a name" not in body.split("```")[0]
    html = markdown.markdown(body, extensions=["attr_list", "toc", "fenced_code"])
    assert '<h2 id="before-you-start">Before you start</h2>' in html
    _, body = read(en / "widgets/troubleshoot/widget-wont-start.md")
    assert "## Fix {#fix}" in body
    # "Widget won't start" (title) vs "Widget will not start after an update" (H1)
    assert report.h1_differs == 1


def test_title_from_h1(tmp_path: Path) -> None:
    import_docfx(FIXTURES, tmp_path, "en", title_from="h1")
    meta, _ = read(tmp_path / "en/widgets/troubleshoot/widget-wont-start.md")
    assert meta["title"] == "Widget will not start after an update"


def test_includes_are_inlined_with_the_lines_prefix(imported: tuple[ImportReport, Path]) -> None:
    _, en = imported
    _, body = read(en / "widgets/setup/connect-widget.md")
    assert "## Before you start {#before-you-start}\n\n> [!IMPORTANT]\n" \
           "> Do not open the widget's battery case.\n>\n> It contains no " in body
    assert "1. Unpack the widget.\n\n   > [!IMPORTANT]\n   > Do not open" in body
    assert "   >\n   > It contains no user-serviceable parts." in body
    assert "ms.topic" not in body and "someone" not in body  # the include's front matter


def test_missing_include_leaves_a_comment(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    _, body = read(en / "widgets/troubleshoot/missing-include.md")
    assert "<!-- kb import: include not found ../../includes/does-not-exist.md -->" in body
    assert "include not found: ../../includes/does-not-exist.md" in warnings_for(
        report, "missing-include.md")


def test_include_cycle_is_cut(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    _, body = read(en / "widgets/troubleshoot/cycle.md")
    assert body.strip() == ("Before the loop.\n\nLoop A text.\n\nLoop B text.\n\n"
                            "<!-- kb import: include cycle loop-a.md -->\n\nAfter the loop.")
    assert warnings_for(report, "cycle.md") == [
        "include cycle: loop-a.md includes itself (via includes/loop-b.md); left out"]


def test_image_and_no_loc_directives(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    _, body = read(en / "widgets/setup/connect-widget.md")
    assert "![The pair button on the back of the widget.](media/pair-button.png)" in body
    assert "![Hub status lights.](media/hub-lights.png)" in body
    assert "A longer description" not in body
    assert "Press the Pair button." in body
    assert sorted(report.missing_images) == [
        ("Widgets/setup/connect-widget.md", "media/hub-lights.png"),
        ("Widgets/setup/connect-widget.md", "media/pair-button.png"),
    ]


def test_other_directives_removed_and_counted(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    _, body = read(en / "widgets/troubleshoot/widget-wont-start.md")
    assert ":::" not in body and "[!div" not in body
    assert "> [Run the diagnostic](https://example.com/diag)" in body
    assert "Restart the hub.  Then wait." in body
    assert dict(report.directives_removed) == {"div": 1, "row": 1, "zone": 1, "zone-end": 1}


def test_code_is_left_alone(imported: tuple[ImportReport, Path]) -> None:
    _, en = imported
    _, body = read(en / "widgets/setup/connect-widget.md")
    assert "`:::image type=\"icon\":::`" in body  # inline code
    assert ('```text\n:::image type="content" source="kept.png" alt-text="kept":::\n'
            '<a name="kept"></a>\n[!INCLUDE [kept](../../includes/safety-note.md)]\n```') in body


def test_alerts_are_kept(imported: tuple[ImportReport, Path]) -> None:
    _, en = imported
    _, body = read(en / "widgets/setup/connect-widget.md")
    assert "> [!NOTE]\n> Keep the widget within three metres" in body
    assert "> [!TIP]\n>Charge the widget first." in body  # `>[!TIP]` spaced like GitHub's


def test_relative_md_links_follow_the_moved_files(imported: tuple[ImportReport, Path]) -> None:
    report, en = imported
    _, body = read(en / "widgets/setup/connect-widget.md")
    assert "[Widget won't start](../troubleshoot/widget-wont-start.md#fix)" in body
    assert "[FAQ](../faq.md)" in body
    assert "[Widgets](https://example.com/widgets.md)" in body
    _, body = read(en / "widgets/setup/nested-topic.md")
    assert "[Connect a widget](connect-widget.md)" in body
    assert not [m for _, m in report.warnings if m.startswith("link to")]


# --- files -------------------------------------------------------------------------------

def test_no_overwrite_without_force(tmp_path: Path) -> None:
    first = import_docfx(FIXTURES, tmp_path, "en")
    article = tmp_path / "en/widgets/faq.md"
    category = tmp_path / "en/widgets/_category.yml"
    article.write_text("---\ntitle: Edited\n---\n", encoding="utf-8")
    category.write_text("title: Edited widgets\nicon: widget\n", encoding="utf-8")
    again = import_docfx(FIXTURES, tmp_path, "en")
    assert (again.imported, again.skipped_existing) == (0, first.imported)
    assert again.categories_written == 0
    assert article.read_text(encoding="utf-8") == "---\ntitle: Edited\n---\n"
    assert category.read_text(encoding="utf-8").startswith("title: Edited widgets")
    forced = import_docfx(FIXTURES, tmp_path, "en", force=True)
    assert (forced.imported, forced.skipped_existing) == (first.imported, 0)
    assert read(article)[0]["title"] == "Widget questions"
    assert yaml.safe_load(category.read_text(encoding="utf-8")) == {"title": "Widgets"}


def test_output_is_deterministic_utf8_lf(tmp_path: Path) -> None:
    import_docfx(FIXTURES, tmp_path / "a", "en")
    import_docfx(FIXTURES, tmp_path / "b", "en")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.*"))
    assert files_a == files_b
    for rel in files_a:
        data = (tmp_path / "a" / rel).read_bytes()
        assert data == (tmp_path / "b" / rel).read_bytes()
        assert b"\r" not in data
        data.decode("utf-8")


def test_limit(tmp_path: Path) -> None:
    report = import_docfx(FIXTURES, tmp_path, "el-GR", limit=3)  # the 2nd has no title
    assert report.lang == "el"
    assert report.skipped_invalid == 1
    assert report.written == ["el/widgets/faq.md", "el/widgets/setup/connect-widget.md"]
    # links still point where the rest of the tree will go
    _, body = read(tmp_path / "el/widgets/setup/connect-widget.md")
    assert "(../troubleshoot/widget-wont-start.md#fix)" in body


def test_importer_does_not_import_mkdocs() -> None:
    code = ("import sys, kb.importers; "
            "sys.exit(1 if any(m.split('.')[0] == 'mkdocs' for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# --- the real corpora --------------------------------------------------------------------

needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
SAMPLE = 40
CORPUS_LANGS = [
    ("ms-officedocs-support/en", "en"),
    ("ms-alchemyinsights/el-GR", "el"),
    ("ms-alchemyinsights/pl-PL", "pl"),
    ("ms-alchemyinsights/zh-TW", "zh-TW"),
    ("ms-alchemyinsights/zh-CN", "zh-CN"),
]


def import_corpus_sample(content: Path) -> dict[str, ImportReport]:
    return {lang: import_docfx(CORPORA / folder, content, lang, limit=SAMPLE)
            for folder, lang in CORPUS_LANGS}


@needs_corpora
def test_corpus_sample_imports(tmp_path: Path) -> None:
    reports = import_corpus_sample(tmp_path / "content")
    for lang, report in reports.items():
        assert report.imported == SAMPLE, (lang, report.summary())
        assert report.skipped_invalid == 0, report.summary()
        for rel in report.written:
            meta, body = read(tmp_path / "content" / rel)
            assert meta["title"] and meta["id"]
            assert "[!INCLUDE" not in body and ":::image" not in body
            assert "<a name=" not in "\n".join(
                line for line in body.splitlines() if line.startswith("#"))
    # aligned file names give the same ids in every alchemy language, so translations link up
    ids = {lang: {read(tmp_path / "content" / rel)[0]["id"] for rel in r.written}
           for lang, r in reports.items() if lang != "en"}
    assert ids["el"] == ids["pl"]
    assert len(ids["el"] & ids["zh-TW"]) >= SAMPLE // 2


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1[-1] += data


@needs_corpora
def test_corpus_sample_builds(tmp_path: Path) -> None:
    """Build the five-language sample with MkDocs + the kb plugin and theme.

    Not skipped when the build tooling is missing: it must fail until the core is there.
    """
    content = tmp_path / "content"
    reports = import_corpus_sample(content)
    langs = [lang for _, lang in CORPUS_LANGS]
    config = {
        "site_name": "Corpus",
        "docs_dir": "content",
        "theme": {"name": "kb"},
        "plugins": [{"kb": {"languages": langs, "default_language": "en"}}],
    }
    yml = tmp_path / "mkdocs.yml"
    yml.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(yml), "-d", str(out)],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    for lang, report in reports.items():
        assert (out / lang / "index.html").is_file(), lang
        folders = {p.parent.relative_to(content)
                   for p in (content / lang).rglob("_category.yml")}
        pages = {p.parent.relative_to(out) for p in (out / lang).rglob("index.html")
                 if len(p.relative_to(out / lang).parts) > 1}
        pages = {p for p in pages if p.parts[1] in {f.parts[1] for f in folders}}
        expected = {Path(rel).with_suffix("") for rel in report.written}
        assert pages - folders == expected, lang
        assert len(expected) == report.imported
    first = reports["zh-TW"].written[0]
    title = read(content / first)[0]["title"]
    parser = _Headings()
    parser.feed((out / Path(first).with_suffix("") / "index.html").read_text(encoding="utf-8"))
    assert [" ".join(h.split()) for h in parser.h1] == [title]
