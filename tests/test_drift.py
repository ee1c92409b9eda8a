"""Translation drift: source revisions, translation statuses, stamping, `kb translate-stamp`."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from kb.cli import main
from kb.content.drift import (
    revision_of,
    source_revision,
    stamp_file,
    stamp_text,
    translation_status,
)
from kb.content.loader import load_content
from kb.content.model import Article
from kb.content.settings import load_kb_config
from kb.problems import KbError, ProblemLog
from tests.helpers import article, write_config, write_tree

BODY = "Intro line.\n\n## Symptoms\n\n- The light blinks.\n"


def make(title: str = "Offline", body: str = BODY) -> Article:
    return Article(lang="en", source="en/d/x.md", slugs=("d", "x"), id="x", title=title,
                   body=body)


def test_a_revision_is_ten_hex_digits_of_the_wording() -> None:
    rev = source_revision(make())
    assert re.fullmatch(r"[0-9a-f]{10}", rev)
    assert rev == revision_of("Offline", BODY)


@pytest.mark.parametrize("body", [
    BODY.replace("\n", "\r\n"),                              # CRLF
    BODY.replace("Intro line.", "Intro line.   \t"),         # trailing whitespace
    BODY.replace("\n\n## Symptoms", "\n\n\n\n## Symptoms"),  # extra blank lines
    "\n\n" + BODY + "\n\n\n",                                # blank lines at either end
])
def test_cosmetic_whitespace_does_not_change_the_revision(body: str) -> None:
    assert source_revision(make(body=body)) == source_revision(make())


def test_unicode_composition_does_not_change_the_revision() -> None:
    composed = make(title="Café", body="Θερμοστάτης ώρα\n")
    decomposed = make(title=unicodedata.normalize("NFD", "Café"),
                      body=unicodedata.normalize("NFD", "Θερμοστάτης ώρα\n"))
    assert source_revision(composed) == source_revision(decomposed)


@pytest.mark.parametrize(("title", "body"), [
    ("Offline!", BODY),                                  # the title
    ("Offline", BODY.replace("blinks", "flashes")),      # a word
    ("Offline", BODY.replace("- The", "-  The")),        # spacing inside a line
    ("Offline", BODY.replace("Intro line.\n\n", "Intro line.\n")),  # a paragraph joined
])
def test_any_wording_change_changes_the_revision(title: str, body: str) -> None:
    assert source_revision(make(title, body)) != source_revision(make())


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    write_tree(tmp_path / "content", files)
    return write_config(tmp_path, {"languages": ["en", "el", "fa"]})


def test_translation_statuses(tmp_path: Path) -> None:
    source = article("Offline", BODY)
    rev = revision_of("Offline", BODY)
    config_file = site(tmp_path, {
        "en/d/x.md": source,
        "el/d/x.md": article("Εκτός", "Κείμενο.\n", source_rev=rev),
        "fa/d/x.md": article("آفلاین", "متن.\n", source_rev="0000000000"),
        "el/d/moved.md": article("Μετακινήθηκε", "Κείμενο.\n", id="x2"),
        "fa/d/y.md": article("بدون", "متن.\n"),
        "en/d/y.md": article("Y"),
    })
    content = load_content(load_kb_config(config_file), ProblemLog(), with_dates=False)
    status = {a.source: translation_status(content, a) for a in content.articles}
    assert status == {"en/d/x.md": "source", "en/d/y.md": "source", "el/d/x.md": "current",
                      "fa/d/x.md": "outdated", "el/d/moved.md": "orphaned",
                      "fa/d/y.md": "unknown"}


FRONT = """\
---
# kept: a comment
title: Εκτός σύνδεσης   # trailing comment
tags: [a, b]
review_by: 2027-01-01
---

Body with --- inside.
"""


def test_stamp_adds_the_line_before_the_closing_dashes_and_keeps_every_other_byte() -> None:
    new = stamp_text(FRONT, "1a2b3c4d5e")
    lines, old = new.splitlines(keepends=True), FRONT.splitlines(keepends=True)
    assert lines[5] == "source_rev: 1a2b3c4d5e\n"
    assert lines[:5] + lines[6:] == old


def test_stamp_replaces_an_existing_line_in_place_keeping_its_comment_and_crlf() -> None:
    text = FRONT.replace("tags:", "source_rev: abc  # from en\ntags:").replace("\n", "\r\n")
    new = stamp_text(text, "1a2b3c4d5e")
    assert new == text.replace("source_rev: abc  #", "source_rev: 1a2b3c4d5e  #")
    assert stamp_text(new, "1a2b3c4d5e") == new


def test_stamp_keeps_a_byte_order_mark_and_quotes_a_revision_yaml_would_read_as_a_number(
        tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(("\ufeff" + FRONT).encode("utf-8"))
    stamp_file(path, "0123456701")  # an octal number to YAML 1.1
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff---\n") and 'source_rev: "0123456701"\n---\n' in text
    assert yaml.safe_load(text[1:].split("---")[1])["source_rev"] == "0123456701"
    assert 'source_rev: "1234567890"\n' in stamp_text(FRONT, "1234567890")
    assert "source_rev: 1e34567890\n" in stamp_text(FRONT, "1e34567890")


@pytest.mark.parametrize(("text", "message"), [
    ("Just a body.\n", "x.md has no front matter (expected '---' on its first line)"),
    ("---\ntitle: A\n", "x.md: front matter starts with '---' but never ends"),
])
def test_stamp_without_front_matter_is_an_error(tmp_path: Path, text: str,
                                                message: str) -> None:
    path = tmp_path / "x.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KbError) as info:
        stamp_file(path, "1a2b3c4d5e")
    assert info.value.message == f"{tmp_path}/{message}"
    assert path.read_text(encoding="utf-8") == text


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site(tmp_path, {
        "en/devices/x.md": article("Offline", BODY),
        "el/devices/x.md": FRONT,
        "fa/devices/x.md": article("آفلاین", "متن.\n"),
        "fa/devices/lost.md": article("گم", "متن.\n"),
    })
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_translate_stamp_stamps_and_check_reports(project: Path, capsys) -> None:
    rev = revision_of("Offline", BODY)
    assert main(["translate-stamp", "--check", "content/el/devices/x.md"]) == 1
    out = capsys.readouterr().out
    assert out == ("el/devices/x.md: unknown: no source_rev; check it against "
                   "en/devices/x.md, then run kb translate-stamp content/el/devices/x.md\n")
    assert main(["translate-stamp", "content/el/devices/x.md", "content/fa/devices/x.md"]) == 0
    assert capsys.readouterr().out == (
        f"el/devices/x.md: stamped source_rev {rev} (from en/devices/x.md)\n"
        f"fa/devices/x.md: stamped source_rev {rev} (from en/devices/x.md)\n")
    el = (project / "content/el/devices/x.md").read_text(encoding="utf-8")
    assert el == FRONT.replace("review_by: 2027-01-01\n",
                               f"review_by: 2027-01-01\nsource_rev: {rev}\n")
    assert main(["translate-stamp", "--check", "content/el/devices/x.md"]) == 0
    assert capsys.readouterr().out == f"el/devices/x.md: current (source_rev {rev}, " \
                                      "en/devices/x.md)\n"
    assert main(["translate-stamp", "content/el/devices/x.md"]) == 0
    assert "is already current" in capsys.readouterr().out

    source = project / "content/en/devices/x.md"
    source.write_text(article("Offline", BODY + "\nA new paragraph.\n"), encoding="utf-8")
    new_rev = revision_of("Offline", BODY + "\nA new paragraph.\n")
    assert main(["translate-stamp", "--check", "content/el/devices/x.md"]) == 1
    assert capsys.readouterr().out == (
        f"el/devices/x.md: outdated: made from {rev}, en/devices/x.md is now at {new_rev}; "
        "update the translation, then run kb translate-stamp content/el/devices/x.md\n")


def test_translate_stamp_takes_paths_as_kb_check_prints_them(project: Path, capsys) -> None:
    assert main(["translate-stamp", "fa/devices/x.md"]) == 0  # relative to docs_dir
    assert capsys.readouterr().out.startswith("fa/devices/x.md: stamped source_rev ")


def test_translate_stamp_runs_from_any_folder(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project / "content" / "fa")
    assert main(["translate-stamp", "-f", "../../mkdocs.yml", "devices/x.md"]) == 0
    assert capsys.readouterr().out.startswith("fa/devices/x.md: stamped source_rev ")


def test_translate_stamp_errors_name_the_file_and_what_to_do(project: Path, capsys) -> None:
    (project / "notes.md").write_text("x", encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.md")}
    code = main(["translate-stamp", "notes.md", "content/en/devices/x.md",
                 "content/fa/devices/lost.md", "content/el/devices/nope.md",
                 "content/el/devices/x.md"])
    assert code == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"kb translate-stamp: notes.md: not under the content folder {project / 'content'}\n"
        "  hint: pass articles inside docs_dir of mkdocs.yml\n"
        "kb translate-stamp: en/devices/x.md: is a source article; stamp its translations "
        "instead\n"
        "  hint: e.g. kb translate-stamp content/el/devices/x.md content/fa/devices/x.md\n"
        "kb translate-stamp: fa/devices/lost.md: no source article with id 'lost' in en\n"
        "  hint: a translation is linked by id: give it the id of its en article (id: …), "
        "or name the file like it\n"
        "kb translate-stamp: content/el/devices/nope.md: no such file\n")
    assert captured.out.startswith("el/devices/x.md: stamped source_rev ")  # the others go on
    changed = [p for p, data in before.items() if p.read_bytes() != data]
    assert changed == [project / "content/el/devices/x.md"]
