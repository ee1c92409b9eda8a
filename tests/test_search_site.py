"""The build writes each language's search index; `kb search` queries it as the browser will."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from kb_search.analysis import runtime_files

from kb.cli import main
from tests.helpers import REPO, article, build, parse


def search(site: Path, lang: str, query: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["search", query, "--lang", lang, "--json", "-f", str(REPO / "mkdocs.yml"),
                 "-d", str(site)]) == 0
    return json.loads(capsys.readouterr().out)["results"]


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("en", "wifi password changed", "reset-wifi"),
    ("en", "thermostat ofline", "thermostat-offline"),  # a typo
    ("el", "θερμοστατης εκτος συνδεσης", "thermostat-offline"),  # no tonos
    ("pl", "ogrzewanie nie dziala", "heating-not-working"),  # no diacritics
    ("fa", "ترموستات آفلاين", "thermostat-offline"),  # Arabic yeh
    ("zh-TW", "离线", "thermostat-offline"),  # Simplified characters
])
def test_customers_phrasings_find_the_article(sample_site: Path, capsys, lang: str,
                                              query: str, expected: str) -> None:
    ids = [r["id"].split("#")[0] for r in search(sample_site, lang, query, capsys)[:3]]
    assert expected in ids


def test_each_faq_question_is_its_own_result(sample_site: Path, capsys) -> None:
    results = search(sample_site, "en", "charged twice", capsys)
    top = results[0]
    assert top["id"].startswith("billing-faq#") and "#" in top["url"]
    anchor = top["url"].split("#", 1)[1]
    page = parse(sample_site / top["url"].split("#")[0])
    assert page.find(id=anchor) is not None


def test_stdin_gives_one_json_line_per_query(sample_site: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from kb.cli import main; raise SystemExit(main(['search', "
         f"'--lang', 'en', '-n', '2', '-d', {str(sample_site)!r}]))"],
        cwd=REPO, input="wifi\n\n<script>alert(1)</script>\n", capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["wifi", "", "<script>alert(1)</script>"]
    assert len(lines[0]["results"]) == 2 and lines[1]["results"] == []
    assert set(lines[0]["results"][0]) == {"id", "url", "title", "score"}


def test_pages_name_their_index_manifest(sample_site: Path) -> None:
    for lang in ("en", "fa", "zh-TW"):
        page = sample_site / lang / "devices/index.html"
        config = json.loads(parse(page).find("script", id="kb-config").string)
        assert (page.parent / config["search"]["manifest"]).is_file()
        # Only this language's runtime files, in order (content-hashed names).
        runtime = config["search"]["runtime"]
        assert all((page.parent / src).is_file() for src in runtime)
        names = [re.sub(r"\.[0-9a-f]+\.js$", ".js", src.rsplit("/", 1)[-1]) for src in runtime]
        assert names == runtime_files(lang)


def test_search_can_be_switched_off(tmp_path: Path) -> None:
    built = build(tmp_path, {"en/a/x.md": article("X")}, {"languages": ["en"], "search": False})
    assert not (built.site / "search").exists()
    config = json.loads(built.page("en/index.html").find("script", id="kb-config").string)
    assert "search" not in config


def test_searching_an_unbuilt_site_says_what_to_do(tmp_path: Path, capsys) -> None:
    assert main(["search", "x", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "build the site first" in err and "Traceback" not in err


SEARCH_FIXTURE = {
    "en/a/_category.yml": "title: A\n",
    "en/a/router.md": article("Change your router", "Pick a new Wi-Fi network.\n",
                              owner="A", keywords=["modem"]),
    "en/a/billing.md": article("Invoices and refunds", "Download an invoice.\n", owner="A"),
    "en/_search-tests.yml": "- query: new modem\n  expect: router\n"
                            "- query: download invoice\n  expect: router\n  top: 1\n"
                            "- query: anything\n  expect: no-such-article\n",
}


def test_search_tests_report_the_query_the_article_and_its_rank(tmp_path: Path) -> None:
    built = build(tmp_path, SEARCH_FIXTURE, expect_ok=False)  # an unknown article is an error
    found = {(p.line, p.code, p.level): p for p in built.problems}
    assert set(found) == {(3, "search-test", "warning"), (6, "search-test", "error")}
    assert found[(3, "search-test", "warning")].message.startswith(
        "'download invoice' should find 'router' in the first 1; it ")
    assert "(first: billing)" in found[(3, "search-test", "warning")].message
    assert found[(3, "search-test", "warning")].file == "en/_search-tests.yml"


def test_kb_check_search_fails_when_a_test_drops_out(tmp_path: Path, monkeypatch,
                                                     capsys) -> None:
    import yaml

    from tests.helpers import write_tree

    write_tree(tmp_path / "content", {k: v for k, v in SEARCH_FIXTURE.items()
                                      if "no-such" not in v})
    (tmp_path / "content/en/_search-tests.yml").write_text(
        "- query: new modem\n  expect: router\n- query: download invoice\n  expect: router\n"
        "  top: 1\n")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "T", "docs_dir": "content", "plugins": [{"kb": {"languages": ["en"]}}]}))
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert main(["check", "--search"]) == 1
    out = capsys.readouterr().out
    assert "'download invoice' should find 'router' in the first 1" in out
