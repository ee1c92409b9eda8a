"""`kb import`: exit codes and the summary it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main(["import", *(str(a) for a in argv)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_zendesk_summary_and_rerun(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "zendesk", FIXTURES / "zendesk/export", tmp_path, "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("kb import zendesk: 2 article(s) imported from ")
    assert lines[1:4] == ["  account: 1", "  billing: 1", "skipped: none"]
    assert "fields not imported: author_id (2), comments_disabled (1)," in out
    assert "  articles.json: articles[0]: 1 image(s) still served by the old help center" in out
    assert out.rstrip().endswith("next: run `kb check`, then `python build.py` to see the "
                                 "imported pages")
    code, out, _ = run(capsys, "zendesk", FIXTURES / "zendesk/export", tmp_path, "--lang", "en")
    assert code == 0
    assert "0 article(s) imported" in out
    assert "skipped: 2 exist already (--force overwrites them)" in out
    code, out, _ = run(capsys, "zendesk", FIXTURES / "zendesk/export", tmp_path, "--lang", "en",
                       "--force", "--limit", "1")
    assert code == 0 and "1 article(s) imported" in out


def test_markdown_with_a_bad_file_exits_1(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "markdown", FIXTURES / "markdown/mkdocs", tmp_path, "--lang", "en")
    assert code == 1  # the other articles are imported all the same
    assert "7 article(s) imported" in out
    assert "  getting-started: 3\n" in out
    assert "skipped: 1 could not be imported (see warnings)" in out
    assert "2 linked file(s) copied" in out
    assert "fields not imported: hide (1)" in out
    assert "  account/bad-yaml.md: line 4: " in out
    assert (tmp_path / "en/getting-started/install.md").is_file()


def test_bad_json_names_file_line_and_column(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "zendesk", FIXTURES / "zendesk/bad/broken.json", tmp_path,
                       "--lang", "en")
    assert code == 1
    assert "  broken.json: line 4, column 5: invalid JSON (Expecting ',' delimiter)" in out


def test_docfx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "docfx", FIXTURES / "docfx/src", tmp_path, "--lang", "en")
    assert code == 1  # the fixture has an article without any title
    assert "8 article(s) imported" in out and "  widgets: 8" in out
    assert "DocFX directives removed or converted:" in out
    assert (tmp_path / "en/widgets/faq.md").is_file()


@pytest.mark.parametrize(("argv", "expected"), [
    (["zendsk", "x", "out", "--lang", "en"], "unknown format 'zendsk'"),
    (["wordpress", "x", "out", "--lang", "en"], "formats: docfx, markdown, zendesk"),
    (["markdown", "no/such/folder", "out", "--lang", "en"], "no/such/folder: no such file"),
    (["markdown", "{zendesk}/export/articles.json", "out", "--lang", "en"], "reads a folder"),
    (["zendesk", "{zendesk}/export", "out", "--lang", "english!"], "is not a language code"),
    (["zendesk", "{zendesk}/export", "out", "--lang", "en", "--limit", "-1"], "--limit -1"),
    (["zendesk", "{zendesk}/export", "out", "--lang", "de"], "locales found: el, en-us"),
    (["markdown", "{zendesk}", "{zendesk}/out", "--lang", "en"], "is inside"),
    (["zendesk", "{zendesk}/export", "out"], "--lang"),  # argparse: required
    (["zendesk", "{zendesk}/export", "out", "--lang", "en", "--limit", "x"], "invalid int"),
])
def test_usage_errors_exit_2(argv: list[str], expected: str, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    argv = [a.replace("{zendesk}", str(FIXTURES / "zendesk")) for a in argv]
    argv = [str(tmp_path / a) if a == "out" else a for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert expected in err
    if "unknown format 'zendsk'" in err:
        assert "did you mean 'zendesk'?" in err
    assert not (tmp_path / "out").exists()


def test_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    code, out, _ = run(capsys, "markdown", tmp_path / "empty", tmp_path / "content/en",
                       "--lang", "en")
    assert code == 0
    assert "note: nothing to import found in " in out
    assert "if " + str(tmp_path / "content/en") + " is already a language folder" in out


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "docfx" in out and "--force" in out
