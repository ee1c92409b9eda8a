"""The exported client index (kb_search.export): files, encoding, determinism, sizes."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from kb_search.bulk_postings import FlatPostings
from kb_search.client import ClientIndex, FormatError, decode_postings, parse_script
from kb_search.export import (
    CHUNK_BYTES,
    DIGITS,
    FORMAT_VERSION,
    LETTERS,
    SCORE_SCALE,
    b26,
    b36,
    collect_postings,
    encode_postings,
    engine_fingerprint,
    export_index,
    field_norms,
    in_base,
    manifest_name,
    read_postings,
    separator,
    stem_scores,
    term_entries,
    to_json,
)
from kb_search.index import FIELDS, SearchDoc, build_index, document_digest, documents_digest

from tests.helpers import REPO
from tests.search.test_index import CORPORA


def synthetic(count: int, seed: int = 7) -> list[SearchDoc]:
    rng = random.Random(seed)
    vocab = [
        "".join(rng.choice("abcdefgiklmnoprstu") for _ in range(rng.randint(3, 9)))
        for _ in range(3000)
    ]

    def text(n: int) -> str:
        return " ".join(rng.choice(vocab) for _ in range(n))

    return [
        SearchDoc(
            id=f"d{i}",
            url=f"/d{i}/",
            title=text(5),
            keywords=[text(1)],
            headings=[text(3), text(3)],
            summary=text(20),
            body=text(120),
        )
        for i in range(count)
    ]


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("lang", sorted(CORPORA))
def test_export_is_deterministic(tmp_path: Path, lang: str) -> None:
    one = export_index(build_index(CORPORA[lang](), lang), tmp_path / "a")
    two = export_index(build_index(CORPORA[lang](), lang), tmp_path / "b")
    assert one.manifest == two.manifest
    assert files(one.directory) == files(two.directory)
    assert one.directory == tmp_path / "a" / "search" / lang


def test_docs_file_names_hash_every_documents_display_data(tmp_path: Path) -> None:
    docs = synthetic(60)
    one = export_index(build_index(docs, "en"), tmp_path / "a")
    moved = [replace(docs[0], breadcrumb="Elsewhere"), *docs[1:]]  # display data only
    two = export_index(build_index(moved, "en"), tmp_path / "b")

    def names(result, prefix: str) -> set[str]:
        return {name for name in result.files if name.startswith(prefix)}

    assert names(one, "terms-") == names(two, "terms-")
    assert names(one, "docs-") and names(one, "docs-").isdisjoint(names(two, "docs-"))
    client = ClientIndex(tmp_path / "b", "en", manifest=two.manifest)
    assert client.doc(0)[3] == "Elsewhere" and client.doc(59)[0] == "d59"
    with pytest.raises(IndexError):
        client.doc(60)


def test_manifest_is_named_before_the_index_by_all_it_depends_on(tmp_path: Path,
                                                                  monkeypatch) -> None:
    import kb_search.export as export

    docs = synthetic(60)

    def planned(documents: list[SearchDoc]) -> str:
        return manifest_name("en", documents_digest(map(document_digest, documents)))

    result = export_index(build_index(docs, "en"), tmp_path / "a")
    assert result.manifest == planned(docs) and (result.directory / result.manifest).is_file()
    assert parse_script(result.directory / result.manifest, "en", "manifest")["docs"] == 60
    names = {planned(docs)}
    for changed in ([replace(docs[5], body=docs[5].body + " extra")],  # indexed text
                    [replace(docs[5], breadcrumb="Elsewhere")],  # display data only
                    [replace(docs[5], facets={"type": "faq"})]):
        names.add(planned([*docs[:5], *changed, *docs[6:]]))
    names.add(planned(docs[:59]))
    monkeypatch.setattr(export, "DOCS_BYTES", 300)  # the engine's tuning
    tuned = export_index(build_index(docs, "en"), tmp_path / "b")
    names.add(tuned.manifest)
    assert len(names) == 6
    assert manifest_name("el", documents_digest(map(document_digest, docs))) not in names


def test_engine_fingerprint_covers_code_and_data(tmp_path: Path) -> None:
    package = tmp_path / "kb_search"
    shutil.copytree(REPO / "search", package,
                    ignore=shutil.ignore_patterns("__pycache__", "*.md"))
    first = engine_fingerprint(package)
    assert first == engine_fingerprint()  # the content counts, not where it is
    (package / "runtime" / "search.js").write_text("// the browser's, not the index's")
    (package / "FORMAT.md").write_text("prose")
    assert engine_fingerprint.__wrapped__(package) == first
    stopwords = package / "analysis" / "stopwords" / "en.txt"
    stopwords.write_text(stopwords.read_text(encoding="utf-8") + "printer\n", encoding="utf-8")
    assert engine_fingerprint.__wrapped__(package) != first


def test_every_file_registers_itself(tmp_path: Path) -> None:
    result = export_index(build_index(CORPORA["el"](), "el"), tmp_path)
    kinds = {
        "manifest.": "manifest",
        "table-": "table",
        "terms-": "terms",
        "surfaces-": "surfaces",
        "docs-": "docs",
    }
    assert set(result.files) == {p.name for p in result.directory.iterdir()}
    for name in result.files:
        kind = next(k for prefix, k in kinds.items() if name.startswith(prefix))
        text = (result.directory / name).read_text(encoding="utf-8")
        assert text.startswith(f'KBSearch.register("el","{kind}","{name}",')
        parse_script(result.directory / name, "el", kind)
    manifest = parse_script(result.directory / result.manifest, "el", "manifest")
    assert manifest["format"] == FORMAT_VERSION
    assert manifest["docs"] == len(CORPORA["el"]())
    assert [f[0] for f in manifest["fields"]] == [
        "title",
        "keywords",
        "headings",
        "summary",
        "body",
    ]


def test_chunks_are_bounded_and_names_hashed(tmp_path: Path, monkeypatch) -> None:
    import kb_search.export as export

    monkeypatch.setattr(export, "TABLE_BYTES", 200)
    result = export_index(build_index(synthetic(400), "en"), tmp_path)
    client = ClientIndex(tmp_path, "en", manifest=result.manifest)
    tables = {name: client.tables[name].all_rows() for name in client.tables}
    assert set(tables) == {"terms", "surfaces"}
    assert len(tables["terms"]) > 3 and len(tables["surfaces"]) > 1
    # docs files: a fixed number of documents each, named by one hash of all of them
    buckets = client.docs_buckets()
    per = client.manifest["docsFiles"]["per"]
    assert len(buckets) == -(-400 // per) > 1
    assert [first for first, _ in buckets] == list(range(0, 400, per))
    assert all(len(parse_script(result.directory / name, "en", "docs")) == min(per, 400 - first)
               for first, name in buckets)
    for name, size in result.files.items():
        if not name.startswith("manifest."):
            assert size <= CHUNK_BYTES + 200, name
    # chunk tables are sorted ranges; terms and surfaces in pages of ≤ TABLE_BYTES
    for name, rows in tables.items():
        firsts = [row[0] for row in rows]
        assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts), name
        assert firsts[0] == ""
    for table in client.tables.values():
        assert [p[0] for p in table.pages] == sorted(p[0] for p in table.pages)
    assert len(client.tables["terms"].pages) > 1
    assert all(size <= 200 + 80 for name, size in result.files.items()
               if name.startswith("table-")), result.files
    raw = parse_script(result.directory / result.manifest, "en", "manifest")
    assert raw["terms"][0] == [row[0] for row in client.tables["terms"].pages]
    pages = {row[1] for table in client.tables.values() for row in table.pages}
    named = {row[1] for rows in tables.values() for row in rows}
    assert named | pages | {name for _, name in buckets} == set(result.files) - {result.manifest}
    # every table page is a [keys, hashes] slice starting at its manifest key
    for table in client.tables.values():
        for key, name in table.pages:
            keys, hashes = parse_script(result.directory / name, "en", "table")
            assert keys[0] == key and len(hashes) == 12 * len(keys)
    assert not any(name.startswith("norms-") for name in result.files)


def test_separator_keys() -> None:
    assert separator("abc", "abd") == "abd"
    assert separator("abc", "b") == "b"
    assert separator("abcz", "abd") == "abd"
    assert separator("ab", "abc") == "abc"
    assert separator("printer", "printing") == "printi"
    assert separator("a\ue000x", "a\U0001f600") == "a\U0001f600"  # code-point order


def test_reexport_replaces_stale_files(tmp_path: Path) -> None:
    export_index(build_index(CORPORA["en"](), "en"), tmp_path)
    (tmp_path / "search" / "en" / "keep.txt").write_text("not ours")
    result = export_index(build_index(CORPORA["en"]()[:5], "en"), tmp_path)
    names = {p.name for p in result.directory.iterdir()}
    assert names == set(result.files) | {"keep.txt"}


def test_reexport_keeps_unchanged_files_and_repairs_damaged_ones(tmp_path: Path) -> None:
    first = export_index(build_index(CORPORA["en"](), "en"), tmp_path)
    folder = first.directory
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    damaged = next(name for name in first.files if name.startswith("terms-"))
    (folder / damaged).write_text("KBSearch.register(", encoding="utf-8")
    os.utime(folder / damaged, ns=(1, 1))
    again = export_index(build_index(CORPORA["en"](), "en"), tmp_path)
    assert again.files == first.files
    after = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert set(after) == set(before)
    assert all(after[n] == before[n] for n in after if n != damaged)
    assert (folder / damaged).stat().st_size == first.files[damaged]
    ClientIndex(tmp_path, "en").search("printer ")


def test_postings_encoding_roundtrip() -> None:
    postings = [(0, 56), (1, 2), (3, 143), (134, 0), (20000, 2_000_000)]
    text = encode_postings(postings)
    assert text.startswith("5|A1kB2C3zFB0") and decode_postings(text) == postings
    for bad in ("2|A1", "1|a1", "1|A", "1A1", "1|A1,"):
        with pytest.raises(FormatError):
            decode_postings(bad)


def test_base_digits_match_in_base() -> None:
    """The digit tables (one and two lookups) write what the plain conversion writes."""
    numbers = [*range(30_000), *random.Random(3).sample(range(10**9), 3000),
               26**3 - 1, 26**3, 26**5 - 1, 26**5, 36**3 - 1, 36**3, 36**5 - 1, 36**5]
    for number in numbers:
        assert b26(number) == in_base(number, LETTERS)
        assert b36(number) == in_base(number, DIGITS)


@pytest.mark.parametrize("odd_stem", ["", 'quo"te', "back\\slash", "line\u2028sep", "tab\tx"])
def test_term_entries_equal_the_plain_encoding(odd_stem: str) -> None:
    """The export's one-pass terms loop gives encode_postings(stem_scores(…)) and the size
    `chunked` counts for to_json([stem, postings]), with or without stems JSON escapes."""
    record = build_index(synthetic(150), "en")
    table = dict(read_postings(record))
    if odd_stem:
        table[odd_stem] = {3: [1, 0, 0, 0, 2], 140: [0, 0, 0, 0, 1]}
        table[odd_stem + "é"] = {7: [0, 0, 0, 0, 1]}
    rng = random.Random(5)
    lengths = [[rng.randint(0, 40) for _ in FIELDS] for _ in range(150)]
    averages = [sum(column) / 150 or 1 for column in zip(*lengths, strict=True)]
    norms = field_norms(lengths, averages)
    expected = []
    for stem in sorted(table):
        value = encode_postings(stem_scores(table[stem], 150, lengths, averages))
        expected.append(((stem, value), len(to_json([stem, value]).encode("utf-8")) + 1))
    assert term_entries(FlatPostings.of_table(table, len(FIELDS)), 150, norms) == expected
    assert any(len(docs) == 1 for docs in table.values())


@pytest.mark.parametrize("data", [
    "", "plain", "é中文", 'quo"te', "back\\slash", "a\u2028b\u2029", "\x01", [], [""],
    ["a", "b"], ("a", ""), ["a", 1], ['a"', "b"], ["x\u2029y"], [["a"]], {"a": "b"}, 5, None,
])
def test_to_json_fast_path_is_json_dumps(data: object) -> None:
    """to_json's shortcut for strings and lists of strings writes what json.dumps writes."""
    expected = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert to_json(data) == expected.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def test_stored_scores_are_quantised_bm25f() -> None:
    """A stem's stored score is Whoosh's BM25F of (stem, doc), × SCORE_SCALE, rounded."""
    docs = synthetic(60)
    record = build_index(docs, "en")
    table = collect_postings(record)
    with record.index.searcher() as searcher:
        reader = searcher.reader()
        names = [name for name, _, _ in FIELDS]
        averages = [searcher.avg_field_length(name) or 1 for name in names]
        lengths = [[int(reader.doc_field_length(d, n, 0) or 0) for n in names] for d in range(60)]
    checked = 0
    for stem in sorted(table)[::97]:
        hits = {hit.docnum: hit.score for hit in record.search(stem, 100)}
        for doc, units in stem_scores(table[stem], 60, lengths, averages):
            if doc in hits and record.query_stems(stem) == [stem]:
                assert abs(units / SCORE_SCALE - hits[doc]) <= 0.5 / SCORE_SCALE + 1e-9
                checked += 1
    assert checked > 10


def test_format_version_checked(tmp_path: Path) -> None:
    result = export_index(build_index(CORPORA["en"](), "en"), tmp_path)
    path = result.directory / result.manifest
    path.write_text(path.read_text().replace(f'"format":{FORMAT_VERSION}', '"format":99'))
    with pytest.raises(FormatError):
        ClientIndex(tmp_path, "en")


def test_pipeline_version_checked(tmp_path: Path) -> None:
    result = export_index(build_index(CORPORA["en"](), "en"), tmp_path)
    path = result.directory / result.manifest
    text = path.read_text()
    assert '"pipeline":' in text
    path.write_text(text.replace('"pipeline":', '"pipeline":9', 1))
    with pytest.raises(FormatError):
        ClientIndex(tmp_path, "en")


def test_postings_read_equal_public_api() -> None:
    """collect_postings' fast paths (inlined, block-wise) agree with Whoosh's public API."""
    docs = [replace(doc, body=doc.body + " shared") for doc in synthetic(150)]
    record = build_index(docs, "en")
    table = collect_postings(record)
    names = [name for name, _, _ in FIELDS]
    expected: dict[str, dict[int, list[int]]] = {}
    with record.index.reader() as reader:
        for fieldname, btext in reader.all_terms():
            if fieldname in names:
                docs = expected.setdefault(btext.decode(), {})
                for docnum, weight in reader.postings(fieldname, btext).items_as("weight"):
                    docs.setdefault(docnum, [0] * len(names))[names.index(fieldname)] = int(weight)
    assert table == expected
    assert any(len(docs) > 128 for docs in table.values())  # more than one Whoosh block


def test_export_is_identical_across_processes(tmp_path: Path) -> None:
    """No dependence on string hashing (PYTHONHASHSEED) or process state."""
    code = (
        "import sys; from pathlib import Path; from tests.search.test_index import CORPORA; "
        "from kb_search.index import build_index; from kb_search.export import export_index; "
        "export_index(build_index(CORPORA['fa'](), 'fa'), Path(sys.argv[1]))"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / seed)], check=True, env=env, cwd=REPO
        )
    assert files(tmp_path / "1" / "search" / "fa") == files(tmp_path / "2" / "search" / "fa")
