"""`kb lifecycle`: review dates, owners and translation status."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kb.cli import main
from kb.content.drift import revision_of
from kb.content.lifecycle import add_months, parse_today, review_status
from kb.problems import KbError
from tests.helpers import article, write_config, write_tree

TODAY = dt.date(2027, 3, 1)


@pytest.mark.parametrize(("review_by", "status"), [
    (None, "no date"),
    (dt.date(2027, 2, 28), "overdue"),
    (dt.date(2027, 3, 1), "due soon"),
    (dt.date(2027, 3, 31), "due soon"),
    (dt.date(2027, 4, 1), "ok"),
])
def test_review_status(review_by: dt.date | None, status: str) -> None:
    assert review_status(review_by, TODAY) == status


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
    (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
    (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    (dt.date(2026, 1, 31), 24, dt.date(2028, 1, 31)),
])
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected) -> None:
    assert add_months(day, months) == expected


def test_today_from_the_option_then_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("KB_TODAY", "2030-01-02")
    assert parse_today(None) == dt.date(2030, 1, 2)
    assert parse_today("2031-05-06") == dt.date(2031, 5, 6)
    with pytest.raises(KbError) as info:
        parse_today("31/12/2030")
    assert info.value.message == "--today: expected a date like 2027-01-31, found '31/12/2030'"
    monkeypatch.delenv("KB_TODAY")
    assert parse_today(None) == dt.date.today()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    rev = revision_of("Offline", "Text.\n")
    write_tree(tmp_path / "content", {
        "en/devices/offline.md": article("Offline", "Text.\n", owner="maria",
                                         review_by="2027-02-01", updated="2026-10-01"),
        "en/devices/pairing.md": article("Pairing", owner="Ann", review_by="2027-03-20",
                                         updated="2026-10-02"),
        "en/app/about.md": article("About", updated="2026-10-03"),
        "en/app/draft.md": article("Draft", owner="Ann", draft=True, review_by="2028-01-01",
                                   updated="2026-10-04"),
        "el/devices/offline.md": article("Εκτός", owner="maria", source_rev=rev,
                                         updated="2026-10-05"),
        "fa/devices/offline.md": article("آفلاین", source_rev="0000000aaa",
                                         updated="2026-10-06"),
        "fa/devices/pairing.md": article("جفت", updated="2026-10-07"),
    })
    write_config(tmp_path, {"languages": ["en", "el", "fa"]})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def entry(lang, id_, title, file, updated, review_by, review, *, draft=False,
          status="source", translations=None):
    return {"lang": lang, "id": id_, "title": title, "file": file, "updated": updated,
            "review_by": review_by, "review": review, "draft": draft,
            "translation_status": status, "translations": translations or {}}


def test_json_report_groups_by_owner_with_no_owner_last(project: Path, monkeypatch,
                                                        capsys) -> None:
    monkeypatch.setenv("KB_TODAY", "2027-03-01")
    assert main(["lifecycle", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report) == ["today", "owners", "counts"]
    assert report["today"] == "2027-03-01"
    assert [g["owner"] for g in report["owners"]] == ["Ann", "maria", None]
    ann, maria, nobody = (g["articles"] for g in report["owners"])
    assert ann == [
        entry("en", "draft", "Draft", "en/app/draft.md", "2026-10-04", "2028-01-01", "ok",
              draft=True, translations={"el": "missing", "fa": "missing"}),
        entry("en", "pairing", "Pairing", "en/devices/pairing.md", "2026-10-02", "2027-03-20",
              "due soon", translations={"el": "missing", "fa": "unknown"}),
    ]
    assert maria == [
        entry("en", "offline", "Offline", "en/devices/offline.md", "2026-10-01", "2027-02-01",
              "overdue", translations={"el": "current", "fa": "outdated"}),
        entry("el", "offline", "Εκτός", "el/devices/offline.md", "2026-10-05", None,
              "no date", status="current"),
    ]
    assert [(e["lang"], e["id"], e["translation_status"]) for e in nobody] == [
        ("en", "about", "source"), ("fa", "offline", "outdated"), ("fa", "pairing", "unknown")]
    assert report["counts"] == {"overdue": 1, "due_soon": 1, "no_owner": 3,
                                "outdated_translations": 1, "missing_translations": 5}


def test_text_report_is_a_table_per_owner(project: Path, capsys) -> None:
    assert main(["lifecycle", "--today", "2027-03-01"]) == 0
    out = capsys.readouterr().out
    assert out.index("Ann (2 articles)") < out.index("maria (2 articles)") \
        < out.index("(no owner) (3 articles)")
    assert "  REVIEW    REVIEW BY   LANG  ID       TITLE\n" in out
    assert "  overdue   2027-02-01  en    offline  Offline\n" in out
    assert ("      en/devices/offline.md · updated 2026-10-01 · translations: el current, "
            "fa outdated\n") in out
    assert "      fa/devices/offline.md · updated 2026-10-06 · translation outdated\n" in out
    assert out.endswith("2027-03-01: 1 overdue, 1 due soon, 3 without owner, 1 outdated "
                        "translations, 5 missing translations\n")


def test_bad_today_and_unreadable_articles(project: Path, capsys) -> None:
    assert main(["lifecycle", "--today", "tomorrow"]) == 2
    assert capsys.readouterr().err == ("kb lifecycle: --today: expected a date like "
                                       "2027-01-31, found 'tomorrow'\n")
    (project / "content/en/app/broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    assert main(["lifecycle", "--today", "2027-03-01"]) == 0
    assert capsys.readouterr().err == ("note: 1 problem(s) kept some files out of this list; "
                                       "run kb check\n")


def test_an_empty_site(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "content" / "en").mkdir(parents=True)
    write_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["lifecycle", "--today", "2027-03-01"]) == 0
    assert capsys.readouterr().out == ("no articles\n2027-03-01: 0 overdue, 0 due soon, 0 "
                                       "without owner, 0 outdated translations, 0 missing "
                                       "translations\n")
