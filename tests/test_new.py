"""`kb new`: a new article from its type's template, which then loads without problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.cli import main
from kb.cli import new as new_verb
from kb.content.fields import ARTICLE_TYPES
from kb.content.loader import load_content
from kb.content.settings import load_kb_config
from kb.problems import ProblemLog
from tests.helpers import article, build, write_config, write_tree

OPTIONS = {"languages": ["en", "fa", "pl"], "review_months": 3}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_tree(tmp_path / "content", {
        "en/devices/_category.yml": "title: Devices\n",
        "en/devices/offline.md": article("Offline"),
        "fa/devices/_category.yml": "title: دستگاه‌ها\n",
        "pl/devices/_category.yml": "title: Urządzenia\n",
    })
    write_config(tmp_path, OPTIONS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KB_TODAY", "2026-11-30")
    monkeypatch.setattr(new_verb, "git_user_name", lambda config_file: "Maria Lopez")
    return tmp_path


def loaded(project: Path):
    log = ProblemLog()
    content = load_content(load_kb_config(project / "mkdocs.yml"), log, with_dates=False)
    return content, [str(p) for p in log]


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("kind", ARTICLE_TYPES)
def test_each_type_makes_an_article_that_loads_without_problems(project: Path, capsys,
                                                                kind: str, lang: str) -> None:
    assert main(["new", f"{lang}/devices/wifi-drops", "--type", kind]) == 0
    out = capsys.readouterr().out
    assert f"created content/{lang}/devices/wifi-drops.md ({kind})\n" in out
    assert out.endswith("next: edit content/" + lang + "/devices/wifi-drops.md, then run kb "
                        "check\n")
    content, problems = loaded(project)
    assert problems == []
    new = content.article(lang, "wifi-drops")
    assert new is not None
    assert (new.type, new.title, new.owner, str(new.review_by)) == \
        (kind, "Wifi drops", "Maria Lopez", "2027-02-28")
    assert (new.summary, new.tags, new.keywords, new.source_rev) == ("", (), (), "")
    text = (project / "content" / lang / "devices" / "wifi-drops.md").read_text("utf-8")
    assert "updated: 2026-11-30\n" in text and '# summary: ""' in text


def test_template_bodies(project: Path, capsys) -> None:
    for target, kind in [("en/devices/a", "faq"), ("en/devices/b", "troubleshooting"),
                         ("fa/devices/c", "troubleshooting"), ("en/devices/d", "howto")]:
        assert main(["new", target, "--type", kind]) == 0
    content, _ = loaded(project)
    headings = {a.id: [line for line in a.body.splitlines() if line.startswith("## ")]
                for a in content.articles}
    assert len(headings["a"]) == 2 and all(h.endswith("?") for h in headings["a"])
    assert headings["b"] == ["## Symptoms", "## Cause", "## Resolution"]
    assert headings["c"] == ["## علائم", "## علت", "## راه‌حل"]
    assert headings["d"][0] == "## Before you start"
    for key in ("b", "c"):
        body = content.article("en" if key == "b" else "fa", key).body
        assert "\n1. " in body.split(headings[key][2])[1]


def test_troubleshooting_sections_are_recognised_in_the_target_language(project: Path,
                                                                        capsys) -> None:
    assert main(["new", "fa/devices/c", "--type", "troubleshooting"]) == 0
    assert main(["new", "pl/devices/c", "--type", "troubleshooting"]) == 0
    built = build(project, {}, OPTIONS)
    assert "troubleshooting-sections" not in built.codes()
    assert "Objawy" in (project / "content/pl/devices/c.md").read_text("utf-8")


def test_title_owner_and_review_months(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(new_verb, "git_user_name", lambda config_file: "")
    assert main(["new", "en/devices/x", "--type", "article", "--today", "2026-01-31",
                 "--title", 'Set up: a "mesh" network']) == 0
    text = (project / "content/en/devices/x.md").read_text("utf-8")
    assert 'title: "Set up: a \\"mesh\\" network"\n' in text
    assert "owner:" not in text and "review_by: 2026-04-30\n" in text
    content, problems = loaded(project)
    assert problems == [] and content.article("en", "x").title == 'Set up: a "mesh" network'


def test_new_category_and_section_folders_get_a_category_file(project: Path, capsys) -> None:
    assert main(["new", "en/smart-home/hubs/pair-hub", "--type", "howto"]) == 0
    assert capsys.readouterr().out.splitlines()[:3] == [
        "created category content/en/smart-home/ with _category.yml (title: Smart home; edit "
        "it to add a description and icon)",
        "created section content/en/smart-home/hubs/ with _category.yml (title: Hubs; edit it "
        "to add a description and icon)",
        "created content/en/smart-home/hubs/pair-hub.md (howto)",
    ]
    assert (project / "content/en/smart-home/_category.yml").read_text() == "title: Smart home\n"
    content, problems = loaded(project)
    assert problems == []
    assert content.categories[("en", ("smart-home", "hubs"))].title == "Hubs"


def test_a_translation_points_at_translate_stamp(project: Path, capsys) -> None:
    assert main(["new", "fa/devices/offline", "--type", "troubleshooting"]) == 0
    assert ("translating en/devices/offline.md: when done, run kb translate-stamp "
            "content/fa/devices/offline.md\n") in capsys.readouterr().out
    assert main(["new", "fa/devices/only-here", "--type", "faq"]) == 0
    assert "note: no en article has the id 'only-here'" in capsys.readouterr().out


def test_overwrite_only_with_force(project: Path, capsys) -> None:
    target = project / "content/en/devices/offline.md"
    before = target.read_text("utf-8")
    assert main(["new", "en/devices/offline", "--type", "faq"]) == 2
    assert capsys.readouterr().err == ("kb new: content/en/devices/offline.md already exists\n"
                                       "  hint: pick another slug, or pass --force to "
                                       "overwrite it\n")
    assert target.read_text("utf-8") == before
    assert main(["new", "en/devices/offline.md", "--type", "faq", "--force"]) == 0
    assert "type: faq" in target.read_text("utf-8")


@pytest.mark.parametrize(("argv", "error"), [
    (["en/other/offline", "--type", "faq"],
     "kb new: id 'offline' is already used in en by en/devices/offline.md\n  hint: pick another "
     "slug: ids link translations, so they are unique within a language\n"),
    (["pll/devices/x", "--type", "faq"],
     "kb new: 'pll' is not a configured language (en, fa, pl)\n  hint: did you mean 'pl'?\n"),
    (["en/devices/Wifi_Drops", "--type", "faq"],
     "kb new: slug 'Wifi_Drops': expected lowercase letters, digits and hyphens\n"
     "  hint: e.g. 'wifi-drops'\n"),
    (["en/New Things/x", "--type", "faq"],
     "kb new: folder 'New Things': expected lowercase letters, digits and hyphens\n"
     "  hint: e.g. 'new-things'\n"),
    (["en/x", "--type", "faq"],
     "kb new: expected <lang>/<category>/[<section>/]<slug>, found 'en/x'\n"
     "  hint: e.g. kb new en/devices/wifi-drops --type troubleshooting\n"),
    (["en/tags/x", "--type", "faq"],
     "kb new: folder 'tags' is reserved for a page kb makes itself\n"
     "  hint: reserved: 404, assets, contact, search, tags\n"),
    (["en/devices/x", "--type", "troubleshoot"],
     "kb new: --type: expected one of faq, troubleshooting, howto, article, found "
     "'troubleshoot'\n  hint: did you mean 'troubleshooting'?\n"),
])
def test_refusals(project: Path, capsys, argv: list[str], error: str) -> None:
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert main(["new", *argv]) == 2
    assert capsys.readouterr().err == error
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_git_user_name_outside_git_is_empty(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert new_verb.git_user_name(tmp_path / "mkdocs.yml") == ""
