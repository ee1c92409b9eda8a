"""The reference client (kb_search.client) over the exported files: what the browser does."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb_search.client import ClientIndex, edit_distance
from kb_search.export import SCORE_SCALE, export_index
from kb_search.index import RecordIndex, SearchDoc, build_index

from tests.search.test_index import CORPORA, article

QUERIES = {
    "en": [
        "router",
        "printer",
        "connections",
        "billing invoices",
        "password reset",
        "account",
        "email notifications",
        "cable",
        "refund",
        "the app",
        "data export",
        "subscription billing page",
        "devices connections account",
        "restart router",
    ],
    "el": [
        "εκτυπωτή",
        "τιμολόγια",
        "λογαριασμού",
        "κωδικού",
        "επιστροφή χρημάτων",
        "δρομολογητή καλώδιο",
    ],
    "fa": ["چاپگر", "فاکتور", "گذرواژه", "حساب", "روتر کابل", "پول"],
}


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[RecordIndex, ClientIndex]]:
    out = tmp_path_factory.mktemp("export")
    built = {}
    for lang, corpus in CORPORA.items():
        record = build_index(corpus(), lang)
        export_index(record, out)
        built[lang] = (record, ClientIndex(out, lang))
    return built


def top(hits: list, n: int = 5) -> list[tuple[str, float]]:
    return [(hit.id, round(hit.score, 9)) for hit in hits[:n]]


def assert_same_top(client_hits: list, record_hits: list, stems: int, n: int = 5) -> None:
    """The client's top `n` is the record index's, up to the quantisation of stored scores
    (format 4: each stem's score is stored rounded to 1/SCORE_SCALE): every score within
    `stems` half-quanta of the reference's at that rank, and a document may differ from the
    reference's only where their reference scores are that close (a genuine near-tie)."""
    tolerance = stems * 0.5 / SCORE_SCALE + 1e-9
    reference = {hit.id: hit.score for hit in record_hits}
    expected = record_hits[:n]
    got = client_hits[:n]
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert abs(mine.score - theirs.score) <= tolerance, (mine, theirs)
        if mine.id != theirs.id:
            assert abs(reference[mine.id] - theirs.score) <= 2 * tolerance, (mine, theirs)


@pytest.mark.parametrize("lang", sorted(QUERIES))
def test_client_matches_record_top5(indexes: dict, lang: str) -> None:
    record, client = indexes[lang]
    for query in QUERIES[lang]:
        expected = record.search(query, 50)
        assert expected, query
        # A trailing space says the last word is complete: no prefix expansion.
        stems = sum(len(group) for group in client.expand(query + " "))
        assert_same_top(client.search(query + " ", 5), expected, stems)


def test_surface_to_stem_lookup(indexes: dict) -> None:
    record, client = indexes["en"]
    assert client.stem_of("connections") == client.stem_of("connected") == "connect"
    assert client.stem_of("nosuchword") is None
    found = [hit.id for hit in client.search("connections ")]
    assert "printer-connect" in found  # its body says "connected"


def test_prefix_of_last_word(indexes: dict) -> None:
    _, client = indexes["en"]
    assert client.search("passw")[0].id == "password"
    assert client.search("invoi")[0].id in {"billing", "account-delete", "faq#cancel"}
    assert client.search("printe")[0].id in {"printer-connect", "printer-ink"}
    assert client.search("passw ") == []  # a finished word is not expanded
    assert client.search("p") == []  # shorter than prefixMin


def test_exact_beats_prefix_expansion(indexes: dict) -> None:
    _, client = indexes["en"]
    # "app" is a word; "apps" (headings of two-factor) is only a prefix expansion
    hits = client.search("app")
    assert hits[0].id == "mobile-app"


def test_typo_tolerance(indexes: dict) -> None:
    _, client = indexes["en"]
    assert client.search("pasword ")[0].id == "password"  # one deletion (8 chars)
    assert client.search("rotuer ")[0].id == "router-setup"  # one transposition
    assert client.search("notfications ")[0].id == "notifications"
    assert client.search("autenticatr ")[0].id == "two-factor"  # two edits, ≥ 9 chars
    assert client.search("ruoter")[0].id == "router-setup"
    assert client.search("lnk ") == []  # under 5 chars: no typo tolerance


def test_greek_and_persian_prefix_and_typo(indexes: dict) -> None:
    _, el = indexes["el"]
    assert el.search("εκτυπ")[0].id == "el-printer"
    _, fa = indexes["fa"]
    assert fa.search("چاپگ")[0].id == "fa-printer"


def test_unknown_inflection_finds_indexed_stem(indexes: dict) -> None:
    record, client = indexes["en"]
    # "printers" appears nowhere; its stem "printer" is indexed
    assert client.stem_of("printers") is None
    assert_same_top(client.search("printers "), record.search("printers", 50), 1)


def test_only_result_buckets_are_loaded(tmp_path: Path) -> None:
    docs = [article(f"d{i}", f"Topic {i}", "filler " * 60 + f"needle{i}") for i in range(200)]
    result = export_index(build_index(docs, "en"), tmp_path)
    client = ClientIndex(tmp_path, "en", manifest=result.manifest)
    hits = client.search("needle150 ")
    assert [hit.id for hit in hits] == ["d150"]
    loaded = [name for name in client.files_loaded if name.startswith("docs-")]
    assert len(loaded) == 1 < sum(1 for name in result.files if name.startswith("docs-"))


def test_a_query_loads_no_per_document_statistics(tmp_path: Path, monkeypatch) -> None:
    import kb_search.export as export

    monkeypatch.setattr(export, "TABLE_BYTES", 200)
    docs = [article(f"d{i}", f"Topic {i}", "filler " * 20 + f"needle{i}") for i in range(200)]
    result = export_index(build_index(docs, "en"), tmp_path)
    assert not any(name.startswith("norms-") for name in result.files)
    client = ClientIndex(tmp_path, "en", manifest=result.manifest)
    assert [hit.id for hit in client.search("needle150 ")] == ["d150"]
    # one terms chunk and one docs file (plus the surfaces lookup); the docs file follows
    # from the doc number, no table page leads to it
    kinds = [name.split("-")[0] for name in client.files_loaded]
    assert kinds.count("docs") == 1 and kinds.count("terms") == 1, client.files_loaded
    pages = {row[1] for table in client.tables.values() for row in table.pages}
    assert {n for n in client.files_loaded if n.startswith("table-")} <= pages
    # a word in every document: scores equal the record index's up to quantisation
    assert_same_top(client.search("filler "), build_index(docs, "en").search("filler", 50), 1)


def test_ties_broken_by_doc_order(tmp_path: Path) -> None:
    docs = [SearchDoc(id=f"d{i}", url=f"/d{i}/", title="Same", body="same") for i in range(4)]
    export_index(build_index(docs, "en"), tmp_path)
    assert [hit.id for hit in ClientIndex(tmp_path, "en").search("same")] == [
        "d0",
        "d1",
        "d2",
        "d3",
    ]


def test_edit_distance() -> None:
    assert edit_distance("printer", "printer", 1) == 0
    assert edit_distance("printer", "pritner", 1) == 1
    assert edit_distance("printer", "prynter", 1) == 1
    assert edit_distance("printer", "prnter", 1) == 1
    assert edit_distance("printer", "xxxxxxx", 2) == 3


def test_facets_pass_through_to_results(tmp_path: Path) -> None:
    docs = [article("plain", "Router lights", "the router blinks"),
            article("urgent", "Router fire", "the router smokes",
                    facets={"urgency": "high", "type": "troubleshooting"})]
    result = export_index(build_index(docs, "en"), tmp_path)
    hits = {h.id: h for h in ClientIndex(tmp_path, "en", manifest=result.manifest).search("router")}
    assert hits["urgent"].facets == {"type": "troubleshooting", "urgency": "high"}
    assert hits["plain"].facets == {}
