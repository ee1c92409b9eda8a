"""`kb check`: one of each mistake in a fixture tree, found with its file, line and code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from kb.cli import main
from kb.content.drift import source_revision
from kb.content.frontmatter import split_front_matter
from kb.content.model import Article
from tests.helpers import write_tree

CONFIG = {
    "site_name": "Check fixture", "docs_dir": "content", "theme": {"name": "kb"},
    "plugins": [{"kb": {"languages": ["en", "fa"], "channels": [
        {"id": "email", "kind": "email", "label": "Email", "url": "mailto:x@example.com"}]}}],
}

SOURCE = """---
title: Reset the router
owner: Ana
review_by: 2030-01-01
---

Unplug it.

## Before you start

Have the password ready.
"""

FILES = {
    "en/basics/_category.yml": "title: Basics\n",
    "en/basics/reset.md": SOURCE,
    "en/basics/yaml-error.md": "---\ntitle: Broken\ntags: [a, b\nowner: Ana\n---\nText\n",
    "en/basics/unknown-field.md": "---\ntitle: Typo\nsumary: x\nowner: Ana\n---\nText\n",
    "en/basics/bad-type.md": "---\ntitle: Bad\nreview_by: tomorrow\nowner: Ana\n---\nText\n",
    "en/basics/dup.md": "---\ntitle: One\nid: same\nowner: Ana\n---\nText\n",
    "en/other/dup.md": "---\ntitle: Two\nid: same\nowner: Ana\n---\nText\n",
    "en/basics/links.md": """---
title: Links
owner: Ana
related: [resett]
contact: [emial]
---

See [gone](missing.md) and [reset](reset.md#before-you-strat).

Compare [the Persian page](../../fa/basics/reset.md).

![](pic.png)

![A diagram](nothere.png)

```
[not a link](inside-code.md)
```
""",
    "en/basics/pic.png": "png",
    "en/basics/redirects.md": """---
title: Redirects
owner: Ana
redirect_from: [basics/redirects.md, basics/reset.md]
---
Text
""",
    "en/basics/stale.md": "---\ntitle: Old\nreview_by: 2020-01-31\n---\nText\n",
    "en/basics/broken-ts.md": "---\ntitle: TS\ntype: troubleshooting\nowner: Ana\n---\n"
                              "## Symptoms\n\nx\n",
    "en/orphan.md": "---\ntitle: Orphan\nowner: Ana\n---\nText\n",
    "fa/basics/_category.yml": "title: مبانی\n",
    "fa/basics/reset.md": "---\ntitle: بازنشانی\nowner: Ana\nsource_rev: \"0000000000\"\n---\n"
                          "متن\n",
    "fa/basics/links.md": "---\ntitle: پیوندها\nowner: Ana\n---\nمتن\n",
}

EXPECTED = {
    ("en/basics/yaml-error.md", 4, "front-matter-yaml", "error"),
    ("en/basics/unknown-field.md", 3, "unknown-field", "warning"),
    ("en/basics/bad-type.md", 3, "front-matter-field", "error"),
    ("en/other/dup.md", 3, "duplicate-id", "error"),
    ("en/basics/links.md", 4, "unknown-related", "warning"),
    ("en/basics/links.md", 5, "unknown-channel", "warning"),
    ("en/basics/links.md", 8, "broken-link", "warning"),
    ("en/basics/links.md", 8, "broken-anchor", "warning"),
    ("en/basics/links.md", 10, "cross-language-link", "warning"),
    ("en/basics/links.md", 12, "missing-alt", "warning"),
    ("en/basics/links.md", 14, "missing-image", "warning"),
    ("en/basics/redirects.md", 4, "redirect-loop", "error"),
    ("en/basics/redirects.md", 4, "redirect-collision", "warning"),
    ("en/basics/stale.md", 3, "stale", "warning"),
    ("en/basics/stale.md", None, "no-owner", "info"),
    ("en/basics/broken-ts.md", None, "troubleshooting-sections", "info"),
    ("en/orphan.md", None, "orphan", "warning"),
    ("fa/basics/reset.md", 4, "translation-outdated", "warning"),
    ("fa/basics/links.md", None, "translation-unknown", "info"),
    ("en/basics/latin1.md", 2, "encoding", "error"),
    ("en/basics/blob.md", None, "binary-file", "error"),
    ("en/basics/huge.md", None, "file-too-large", "error"),
}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_tree(tmp_path / "content", FILES)
    (tmp_path / "content/en/basics/latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    (tmp_path / "content/en/basics/blob.md").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "content/en/basics/huge.md").write_text("---\ntitle: Huge\n---\n"
                                                       + "x" * 1_100_000)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(CONFIG, allow_unicode=True))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KB_TODAY", "2026-12-01")
    return tmp_path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = main(["check", "--format", "json", *args])
    return status, json.loads(capsys.readouterr().out)


def test_every_mistake_is_found_with_file_line_code_and_level(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, report = run_json(capsys)
    found = {(p["file"], p["line"], p["code"], p["level"]) for p in report["problems"]}
    assert found == EXPECTED
    assert status == 1
    assert report["counts"] == {
        level: sum(1 for e in EXPECTED if e[3] == level) for level in ("error", "warning",
                                                                      "info")}


def test_columns_messages_and_hints(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = run_json(capsys)
    by_code = {p["code"]: p for p in report["problems"] if p["file"] == "en/basics/links.md"}
    assert by_code["broken-link"]["column"] == 5
    assert by_code["broken-link"]["message"] == \
        "link to 'missing.md': no such file (en/basics/missing.md)"
    assert by_code["broken-anchor"]["column"] == 28
    assert by_code["broken-anchor"]["hint"] == "did you mean 'before-you-start'?"
    assert by_code["unknown-related"]["hint"] == "did you mean 'reset'?"
    assert by_code["unknown-channel"]["hint"] == "did you mean 'email'?"
    assert all(set(p) == {"file", "line", "column", "level", "code", "message", "hint"}
               for p in report["problems"])


def test_code_blocks_are_not_checked(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = run_json(capsys)
    assert not any("inside-code" in p["message"] for p in report["problems"])


def test_exit_status_only_errors_unless_strict(tmp_path: Path, monkeypatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path / "content", {"en/a/x.md": "---\ntitle: X\nowner: A\nsumary: y\n---\n"})
    config = {**CONFIG, "plugins": [{"kb": {"languages": ["en"]}}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 1
    capsys.readouterr()


def test_levels_come_from_the_validation_setting(tree: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    config = yaml.safe_load((tree / "mkdocs.yml").read_text())
    config["plugins"][0]["kb"]["validation"] = {"stale": "error", "no-owner": "ignore"}
    (tree / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    _, report = run_json(capsys)
    levels = {p["code"]: p["level"] for p in report["problems"]}
    assert levels["stale"] == "error" and "no-owner" not in levels


def test_github_format_annotates_files_from_the_working_directory(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert "::warning file=content/en/basics/links.md,line=8,col=5,title=broken-link::" \
           "link to 'missing.md'%3A no such file (en/basics/missing.md) — the path is " \
           "relative to this article's file" not in lines  # ':' is only escaped in properties
    assert "::warning file=content/en/basics/links.md,line=8,col=5,title=broken-link::" \
           "link to 'missing.md': no such file (en/basics/missing.md) — the path is " \
           "relative to this article's file" in lines
    assert any(line.startswith("::error file=content/en/basics/yaml-error.md,line=4,col=6,")
               for line in lines)
    assert any(line.startswith("::warning file=content/en/orphan.md,title=orphan::")
               for line in lines)
    assert len(lines) == len(EXPECTED)


def test_text_format_groups_by_file_without_colour_off_a_terminal(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "\033[" not in out
    block = out.split("en/basics/links.md\n", 1)[1].split("\n\n", 1)[0]
    assert "      8:5  warning  link to 'missing.md': no such file" in block
    assert "hint: did you mean 'before-you-start'?" in block
    assert out.rstrip().splitlines()[-1].startswith("7 errors, 12 warnings, 3 info — ")


def test_a_current_stamp_is_not_reported(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = split_front_matter(SOURCE)
    revision = source_revision(Article(lang="en", source="", slugs=("x",), id="reset",
                                       title=source.data["title"], body=source.body))
    page = tree / "content/fa/basics/reset.md"
    page.write_text(page.read_text().replace("0000000000", revision))
    _, report = run_json(capsys)
    assert "translation-outdated" not in {p["code"] for p in report["problems"]}


def test_missing_config_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "mkdocs.yml" in err and "Traceback" not in err
