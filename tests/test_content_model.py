"""The content model: front matter, fields, categories and problems with their lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb.content.config import build_config, text_direction
from kb.content.frontmatter import split_front_matter
from kb.content.loader import load_content
from kb.problems import KbError, ProblemLog
from tests.helpers import article, write_tree


def load(tmp_path: Path, files: dict[str, str], **options: object):
    write_tree(tmp_path / "content", files)
    config = build_config(site_name="T", docs_dir=tmp_path / "content",
                          options={"languages": ["en"], **options})
    log = ProblemLog()
    return load_content(config, log, with_dates=False), log


def test_front_matter_body_starts_after_the_closing_line() -> None:
    fm = split_front_matter("---\ntitle: A\ntags: [x]\n---\nBody\n")
    assert fm.data == {"title": "A", "tags": ["x"]}
    assert fm.body == "Body\n"
    assert fm.body_line == 5
    assert fm.key_lines == {"title": 2, "tags": 3}


def test_front_matter_yaml_error_reports_the_file_line() -> None:
    fm = split_front_matter("---\ntitle: A\ntags: [x\nowner: b\n---\nBody\n")
    assert fm.error is not None
    line, _column, message = fm.error
    assert line in (4, 5)
    assert "not valid YAML" in message


def test_file_without_front_matter_is_all_body() -> None:
    fm = split_front_matter("# Hello\n")
    assert fm.data == {} and fm.body == "# Hello\n" and fm.error is None


def test_unclosed_front_matter_is_an_error() -> None:
    assert split_front_matter("---\ntitle: A\n").error is not None


def test_fields_are_typed_and_defaults_applied(tmp_path: Path) -> None:
    content, log = load(tmp_path, {
        "en/billing/_category.yml": "title: Billing\norder: 2\nicon: card\n",
        "en/billing/refunds.md": article("Refunds", type="faq", tags=["money"],
                                         review_by="2027-01-31", promoted=True, order=3),
    })
    assert not log.problems
    (a,) = content.articles
    assert (a.id, a.type, a.tags, a.promoted, a.order) == ("refunds", "faq", ("money",), True, 3)
    assert a.review_by == dt.date(2027, 1, 31)
    assert a.updated is not None  # from the file's modification time outside git
    assert a.slugs == ("billing", "refunds")
    assert content.categories[("en", ("billing",))].title == "Billing"


def test_unknown_field_suggests_the_near_miss(tmp_path: Path) -> None:
    _, log = load(tmp_path, {"en/c/a.md": "---\ntitle: A\nsumary: oops\n---\nx\n"})
    (problem,) = log.problems
    assert problem.code == "unknown-field"
    assert problem.line == 3
    assert problem.level == "warning"
    assert "did you mean 'summary'?" in problem.hint


def test_wrong_types_are_errors_naming_field_and_expectation(tmp_path: Path) -> None:
    _, log = load(tmp_path, {"en/c/a.md": "---\ntitle: A\ntype: faqq\nreview_by: soon\n"
                                           "promoted: yes please\n---\nx\n"})
    by_line = {p.line: p for p in log.problems}
    assert set(by_line) == {3, 4, 5}
    assert "expected one of faq, troubleshooting, howto, article" in by_line[3].message
    assert "did you mean 'faq'?" in by_line[3].message
    assert "expected a date like 2027-01-31, found 'soon'" in by_line[4].message
    assert "expected true or false" in by_line[5].message
    assert all(p.level == "error" and p.code == "front-matter-field" for p in log.problems)


def test_missing_title_and_bad_yaml_do_not_hide_other_files(tmp_path: Path) -> None:
    content, log = load(tmp_path, {
        "en/c/no-title.md": "---\nsummary: x\n---\nx\n",
        "en/c/bad-yaml.md": "---\ntitle: [unclosed\n---\nx\n",
        "en/c/good.md": article("Good"),
    })
    assert [a.id for a in content.articles] == ["good"]
    codes = sorted((p.file, p.code) for p in log.problems)
    assert codes == [("en/c/bad-yaml.md", "front-matter-yaml"),
                     ("en/c/no-title.md", "front-matter-field")]


def test_duplicate_id_in_one_language_is_an_error(tmp_path: Path) -> None:
    content, log = load(tmp_path, {"en/a/x.md": article("X"), "en/b/x.md": article("X2")})
    assert len(content.articles) == 1
    (problem,) = log.problems
    assert problem.code == "duplicate-id" and problem.level == "error"
    assert "en/a/x.md" in problem.message


def test_translations_are_linked_by_id(tmp_path: Path) -> None:
    content, log = load(tmp_path, {"en/a/x.md": article("X"),
                                   "fa/a/x.md": article("ایکس"),
                                   "fa/a/other.md": article("دیگر", id="y")},
                        languages=["en", "fa"])
    assert not log.problems
    assert set(content.translations("x")) == {"en", "fa"}
    assert content.article("fa", "y").source == "fa/a/other.md"


def test_drafts_are_left_out_unless_asked(tmp_path: Path) -> None:
    files = {"en/a/x.md": article("X", draft=True)}
    content, _ = load(tmp_path, files)
    assert content.articles == []
    content, _ = load(tmp_path, files, drafts=True)
    assert [a.id for a in content.articles] == ["x"]


def test_non_utf8_and_binary_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "content/en/a").mkdir(parents=True)
    (tmp_path / "content/en/a/latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    (tmp_path / "content/en/a/blob.md").write_bytes(b"\x00\x01\x02")
    _, log = load(tmp_path, {})
    assert sorted(p.code for p in log.problems) == ["binary-file", "encoding"]
    (enc,) = [p for p in log.problems if p.code == "encoding"]
    assert enc.line == 2


def test_folder_for_unconfigured_or_missing_language_is_reported(tmp_path: Path) -> None:
    _, log = load(tmp_path, {"en/a/x.md": article("X"), "fr/a/x.md": article("X")},
                  languages=["en", "fa"])
    assert sorted(p.code for p in log.problems) == ["missing-language", "unknown-language"]


def test_reserved_category_name_is_an_error(tmp_path: Path) -> None:
    _, log = load(tmp_path, {"en/tags/x.md": article("X")})
    assert "reserved-slug" in [p.code for p in log.problems]


def test_category_yaml_error_has_line(tmp_path: Path) -> None:
    _, log = load(tmp_path, {"en/a/_category.yml": "title: A\norder: [1\n",
                             "en/a/x.md": article("X")})
    (problem,) = log.problems
    assert problem.code == "category-yaml" and problem.line is not None


@pytest.mark.parametrize(("options", "message"), [
    ({"languages": ["en"], "default_language": "fr"}, "default_language 'fr' is not in"),
    ({"languages": ["english"]}, "not a BCP 47"),
    ({"untranslated": "hide"}, "untranslated must be"),
    ({"contact": ["chat"]}, "not a declared channel"),
    ({"channels": [{"id": "x", "kind": "pigeon", "label": "X"}]}, "kind must be one of"),
    ({"validation": {"stale": "loud"}}, "validation.stale must be"),
])
def test_bad_config_is_a_clear_error(options: dict, message: str) -> None:
    with pytest.raises(KbError, match=message):
        build_config(site_name="T", docs_dir="content", options=options)


def test_rtl_languages() -> None:
    assert [text_direction(x) for x in ("fa", "ar", "he", "ur", "en", "zh-TW")] == \
        ["rtl"] * 4 + ["ltr"] * 2
