"""Export a RecordIndex as the compact client index the browser loads (see FORMAT.md).

Everything is written from the Whoosh index (lexicon, postings, field lengths, stored
fields) plus the surface→stem table gathered while indexing. Output is deterministic:
same docs in → byte-identical files out.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from operator import sub
from pathlib import Path
from typing import Any

from kb_search.analysis import PIPELINE_VERSION
from kb_search.bulk_postings import FlatPostings, encoded_postings
from kb_search.index import BM25_B, BM25_K1, FIELDS, RecordIndex, cyclic_gc_paused
from whoosh.codec.whoosh3 import W3LeafMatcher

FORMAT_VERSION = 5
#: Stored per-posting scores are integers: BM25F × SCORE_SCALE, rounded (quantum 1e-4).
SCORE_SCALE = 10_000
#: Target upper size of a terms/surfaces file, in bytes (a single huge entry may exceed).
CHUNK_BYTES = 2 * 1024
#: Target mean size of a docs file (display data of a fixed number of documents), in bytes.
DOCS_BYTES = 1024
#: Target upper size of a table page (a slice of the rows of a chunk table), in bytes.
TABLE_BYTES = 1024

# Query-time behaviour, copied into the manifest so the browser and client.py share it.
PREFIX_MIN_CHARS = 2  # the last word is prefix-expanded only from this many characters on
PREFIX_MAX_EXPANSIONS = 30  # at most this many stems per prefix (smallest surfaces first)
PREFIX_FACTOR = 0.6  # score factor of a prefix-expanded (not exact) stem
TYPO1_MIN_CHARS = 5  # one edit allowed from this length on
TYPO2_MIN_CHARS = 9  # two edits allowed from this length on
TYPO_FACTOR = 0.5  # score factor of a typo-corrected stem, per edit
TYPO_MAX_EXPANSIONS = 10
STEM_GUESS_MIN_CHARS = 4  # unknown word: longest indexed stem that is a prefix of it, ≥ this
STEM_GUESS_RATIO = 0.6  # … and ≥ this share of the word's length

OUR_FILES = re.compile(
    r"^(manifest\.|table-|terms-|surfaces-|docs-|norms-)[0-9a-f]+(-[0-9]+)?\.js$")
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def in_base(number: int, digits: str) -> str:
    """`number` written with `digits` (its length is the base)."""
    if number < 0:
        raise ValueError(number)
    out = ""
    while True:
        number, rest = divmod(number, len(digits))
        out = digits[rest] + out
        if not number:
            return out


def _numerals(digits: str, places: int) -> list[str]:
    """Every number below base**places written with `digits`, by value (no leading zeros):
    the postings of an export need ~10⁵–10⁶ of them, a list index beats `in_base` ~10×."""
    out = list(digits)
    block = list(digits)
    for _ in range(places - 1):
        block = [high + low for high in block for low in digits]
        out += block[len(block) // len(digits):]  # drop the numbers with a leading zero
    return out


def _padded(digits: str) -> list[str]:
    """The two-digit strings `00`… of `digits`, by value: the low digits of larger numbers."""
    return [high + low for high in digits for low in digits]


# Doc deltas are below the document count, stored scores mostly below 36⁴ (a BM25F score of
# 168): three digits from a table, the larger numbers from two lookups.
_B26 = _numerals(LETTERS, 3)
_B36 = _numerals(DIGITS, 3)
_B26_LOW = _padded(LETTERS)
_B36_LOW = _padded(DIGITS)


def _numeral(number: int, digits: str, table: list[str], low: list[str]) -> str:
    """`in_base(number, digits)` from the tables: one lookup, two, else computed."""
    if 0 <= number < len(table):
        return table[number]
    if 0 <= number < len(table) * len(low):
        high, rest = divmod(number, len(low))
        return table[high] + low[rest]
    return in_base(number, digits)


def b26(number: int) -> str:
    """`number` in base 26 with the digits A–Z (the doc deltas of postings)."""
    return _numeral(number, LETTERS, _B26, _B26_LOW)


def b36(number: int) -> str:
    return _numeral(number, DIGITS, _B36, _B36_LOW)


#: What `to_json` escapes in a string (json.dumps with ensure_ascii=False, then U+2028/9).
_ESCAPED = re.compile(r'[\x00-\x1f\\"\u2028\u2029]')


def to_json(data: Any) -> str:
    # Most calls (a surface pair, a terms chunk, a file name) are strings or lists of strings
    # with nothing to escape: their JSON is the text in quotes, ~5× faster than json.dumps.
    if type(data) is str:
        if not _ESCAPED.search(data):
            return f'"{data}"'
    elif (type(data) in (list, tuple) and data and all(type(item) is str for item in data)
          and not _ESCAPED.search("".join(data))):
        return '["' + '","'.join(data) + '"]'
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def script(lang: str, kind: str, name: str, payload: str) -> str:
    return f"KBSearch.register({to_json(lang)},{to_json(kind)},{to_json(name)},{payload});\n"


def content_name(lang: str, kind: str, payload: str, prefix: str, suffix: str = ".js") -> str:
    digest = hashlib.sha256(f"{FORMAT_VERSION}\n{lang}\n{kind}\n{payload}".encode()).hexdigest()
    return f"{prefix}{digest[:12]}{suffix}"


PACKAGE = Path(__file__).resolve().parent


@functools.cache
def engine_fingerprint(package: Path = PACKAGE) -> str:
    """sha256 of the engine's code and data (this package's Python files, stop words, tables)
    and the versions of the libraries that analyse and index: whatever could make the same
    documents export differently."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if (path.is_file() and path.suffix in (".py", ".json", ".txt")
                and not relative.startswith(("runtime/", "vectors/"))
                and "__pycache__" not in relative):
            digest.update(f"{relative}\n".encode() + path.read_bytes() + b"\n")
    for library in ("whoosh-reloaded", "snowballstemmer", "PyStemmer", "jieba", "numpy"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{library} {metadata.version(library)}\n".encode())
    return digest.hexdigest()


def _tuning() -> str:
    """The export's sizes and query constants as they are now (tests change them)."""
    names = ("SCORE_SCALE", "CHUNK_BYTES", "DOCS_BYTES", "TABLE_BYTES", "PREFIX_MIN_CHARS",
             "PREFIX_MAX_EXPANSIONS", "PREFIX_FACTOR", "TYPO1_MIN_CHARS", "TYPO2_MIN_CHARS",
             "TYPO_FACTOR", "TYPO_MAX_EXPANSIONS", "STEM_GUESS_MIN_CHARS", "STEM_GUESS_RATIO")
    return json.dumps([globals()[name] for name in names])


def manifest_name(lang: str, inputs: str) -> str:
    """The manifest's file name, known before the index is built (pages name it while the
    index is still being made): a hash of all that determines every file of the index —
    the format, the engine (`engine_fingerprint`), its tuning, the language and the
    documents (`index.documents_digest`, `inputs`)."""
    key = f"{engine_fingerprint()}\n{_tuning()}\n{inputs}"
    return content_name(lang, "manifest", key, "manifest.")


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    manifest: str  # file name of the manifest, for the page's <script> tag
    files: dict[str, int]  # file name → size in bytes

    @property
    def total_bytes(self) -> int:
        return sum(self.files.values())


def encode_postings(postings: list[tuple[int, int]]) -> str:
    """`<df>|<entry><entry>…`: entry = doc delta in base 26 (`A`–`Z`), then the stored score
    in base 36 (`0`–`9a`–`z`); the two alphabets are disjoint, so no separators."""
    return _encoded([docnum for docnum, _ in postings], [units for _, units in postings])


def _encoded(docnums: list[int], units: list[int]) -> str:
    """`encode_postings` of docnums (ascending) and their stored scores, as two lists."""
    deltas = list(map(sub, docnums, [0, *docnums]))
    parts = [b36(len(docnums)), "|", *deltas, *deltas]
    parts[2::2] = [_B26[delta] if delta < len(_B26) else b26(delta) for delta in deltas]
    parts[3::2] = [_B36[score] if score < len(_B36) else b36(score) for score in units]
    return "".join(parts)


_WEIGHTS = tuple(weight for _, weight, _ in FIELDS)
_SATURATION = BM25_K1 + 1


def stem_scores(
    docs: dict[int, list[int]], count: int, lengths: list[list[int]], averages: list[float],
    norms: list[list[float]] | None = None,
) -> list[tuple[int, int]]:
    """(docnum, stored score) of one stem's postings, docs ascending: Whoosh's BM25F summed
    over the fields in FIELDS order (FORMAT.md, "Scoring"), × SCORE_SCALE, rounded."""
    if norms is None:
        norms = field_norms(lengths, averages)
    items = sorted(docs.items())
    docnums = [doc for doc, _ in items]
    units = _stored_scores(docnums, [tfs for _, tfs in items], count, _by_field(norms))
    return list(zip(docnums, units, strict=True))


def _by_field(norms: list[list[float]]) -> list[tuple[float, ...]]:
    """`field_norms` field by field: norm of (field, doc) = result[field][doc]."""
    return list(zip(*norms, strict=True)) if norms else [() for _ in FIELDS]


def _stored_scores(docnums: list[int], rows: list[list[int]], count: int,
                   norms: list[tuple[float, ...]]) -> list[int]:
    """The stored scores of one stem's postings (docnums ascending, rows = their per-field
    tfs): a column per field, in the arithmetic of FORMAT.md to the last bit (the scores sum
    in FIELDS order from 0.0, and 0.0 + x is x, so the first field's parts start the sums)."""
    scores: list[float] | None = None
    for column, weight, norm in zip(zip(*rows, strict=True), _WEIGHTS, norms, strict=True):
        df = len(column) - column.count(0)
        if not df:
            continue
        idf = math.log(count / (df + 1)) + 1
        if scores is None:
            scores = [weight * (idf * ((tf * _SATURATION) / (tf + norm[doc]))) if tf else 0.0
                      for tf, doc in zip(column, docnums, strict=True)]
        else:
            scores = [score + weight * (idf * ((tf * _SATURATION) / (tf + norm[doc])))
                      if tf else score
                      for score, tf, doc in zip(scores, column, docnums, strict=True)]
    if scores is None:
        return [0] * len(docnums)
    return [round(score * SCORE_SCALE) for score in scores]


def field_norms(lengths: list[list[int]], averages: list[float]) -> list[list[float]]:
    """Per document and field, BM25's length normalisation `k1 · (1 − b + b · len / avg)`
    (an empty field counts as length 1), computed once for all the stems of an export."""
    return [[BM25_K1 * ((1 - BM25_B) + BM25_B * (length or 1) / average)
             for length, average in zip(row, averages, strict=True)] for row in lengths]


def term_entries(flat: FlatPostings, count: int, norms: list[list[float]]
                 ) -> list[tuple[tuple[str, str], int]]:
    """((stem, postings), size) of every stem of `flat` in code-point order: postings =
    `encode_postings(stem_scores(…))`, size = what `chunked` counts for `to_json([stem,
    postings])`. The postings of all stems are scored and encoded at once
    (`bulk_postings`)."""
    stems = flat.stems
    values = encoded_postings(flat, count, norms, _WEIGHTS, _SATURATION, SCORE_SCALE)
    if not _ESCAPED.search("".join(stems)):  # `["<stem>","<postings>"]` and a comma
        return [((stem, value), len(stem.encode("utf-8")) + len(value) + 8)
                for stem, value in zip(stems, values, strict=True)]
    return [((stem, value), len(to_json([stem, value]).encode("utf-8")) + 1)
            for stem, value in zip(stems, values, strict=True)]


def posting_pairs(matcher: Any) -> Iterator[tuple[int, float]]:
    """(docnum, weight) of a Whoosh postings matcher; block by block for Whoosh 3's leaf
    matcher (3× faster than posting by posting), the public API otherwise."""
    if isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "_read_weights"):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            yield from zip(matcher._ids, matcher._weights, strict=True)
            matcher._next_block()
        return
    while matcher.is_active():
        yield matcher.id(), matcher.weight()
        matcher.next()


def _direct_matcher(reader: Any) -> Any:
    """A matcher factory from an already read term info (saves Whoosh a second lexicon
    lookup per term), for an undeleted Whoosh 3 segment; None where that does not apply."""
    terms_reader = getattr(reader, "_terms", None)
    codec = getattr(terms_reader, "_codec", None)
    postfile = getattr(terms_reader, "_postfile", None)
    if codec is None or postfile is None or reader.has_deletions():
        return None
    schema = reader.schema

    def make(terminfo: Any, fieldname: str, btext: bytes) -> Any:
        return codec.postings_reader(
            postfile, terminfo, schema[fieldname].format, term=(fieldname, btext)
        )

    return make


def collect_postings(record: RecordIndex) -> dict[str, dict[int, list[int]]]:
    """stem → docnum (ascending) → per-field term frequencies: as gathered while indexing
    (build_index writes exactly these postings to Whoosh; a test checks), else read from
    Whoosh."""
    if record.postings is not None:
        return record.postings
    return read_postings(record)


def read_postings(record: RecordIndex) -> dict[str, dict[int, list[int]]]:
    """stem → docnum → per-field term frequencies, from the Whoosh lexicon and postings.

    Walks each field's lexicon in order (`iter_field`); postings short enough for Whoosh to
    inline in the term info are read from there, the others through a postings matcher."""
    width = len(FIELDS)
    table: dict[str, dict[int, list[int]]] = {}
    with record.index.reader() as reader:
        indexed = set(reader.indexed_field_names())
        direct = _direct_matcher(reader)
        for column, (fieldname, _, _) in enumerate(FIELDS):
            if fieldname not in indexed:
                continue
            for btext, terminfo in reader.iter_field(fieldname):
                docs = table.setdefault(btext.decode("utf-8"), {})
                inlined = getattr(terminfo, "is_inlined", None)
                if inlined is not None and inlined():
                    ids, weights, _ = terminfo.inlined_postings()
                    pairs = zip(ids, weights, strict=True)
                elif direct is not None:
                    pairs = posting_pairs(direct(terminfo, fieldname, btext))
                else:
                    pairs = posting_pairs(reader.postings(fieldname, btext))
                for docnum, weight in pairs:
                    tfs = docs.get(docnum)
                    if tfs is None:
                        tfs = docs[docnum] = [0] * width
                    tfs[column] = int(round(weight))
    # docnums ascending, as gathered while indexing (a field's postings follow the last's)
    return {stem: dict(sorted(docs.items())) for stem, docs in table.items()}


def chunked(items: Iterable[tuple[Any, str]], limit: int | None = None) -> Iterator[list[Any]]:
    """Group (item, encoded) pairs into runs whose encoded size stays under `limit`
    (default: `CHUNK_BYTES`, read at call time)."""
    return sized_runs(((item, len(encoded.encode("utf-8")) + 1) for item, encoded in items),
                      limit)


def sized_runs(items: Iterable[tuple[Any, int]], limit: int | None = None) -> Iterator[list[Any]]:
    """`chunked` of (item, size) pairs, size = the encoded item's UTF-8 bytes + 1 (its comma)."""
    if limit is None:
        limit = CHUNK_BYTES
    run: list[Any] = []
    size = 0
    for item, cost in items:
        if run and size + cost > limit:
            yield run
            run, size = [], 0
        run.append(item)
        size += cost
    if run:
        yield run


def separator(previous: str, first: str) -> str:
    """The shortest prefix of `first` that is > `previous` (keys compare by code point): a
    chunk table key that still sends every key of the chunk before to that chunk."""
    for end in range(1, len(first) + 1):
        if first[:end] > previous:
            return first[:end]
    return first


def file_table(rows: list[tuple[Any, str, str]], prefix: str) -> list[Any]:
    """Table `[[key, …], "<hash><hash>…"]` of (key, file name, _) rows named
    `<prefix><12 hex>.js`."""
    hashes = []
    for _, name, _ in rows:
        digest = name[len(prefix) : -len(".js")]
        if not name.startswith(prefix) or len(digest) != 12:
            raise ValueError(name)
        hashes.append(digest)
    return [[key for key, _, _ in rows], "".join(hashes)]


def string_rows(runs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(first key, file name, last key) chunks as table rows keyed by separators."""
    return [
        ("" if i == 0 else separator(runs[i - 1][2], first), name, last)
        for i, (first, name, last) in enumerate(runs)
    ]


def string_table(runs: list[tuple[str, str, str]], prefix: str) -> list[Any]:
    """`file_table` of (first key, file name, last key) chunks, keys cut to separators."""
    return file_table(string_rows(runs), prefix)


def paged_table(
    writer: Writer, rows: list[tuple[Any, str, str]], prefix: str, limit: int | None = None
) -> list[Any]:
    """A two-level chunk table: the rows go, in runs of ≤ `limit` bytes (default
    `TABLE_BYTES`), into `table-<hash>.js` pages whose DATA is the `file_table` of the run;
    the manifest gets the `file_table` of the pages, keyed by the key of each page's first
    row (FORMAT.md, "Chunk tables")."""
    if limit is None:
        limit = TABLE_BYTES
    pages = []
    encoded = ((row, f"{to_json(row[0])}{row[1][len(prefix) : -3]}") for row in rows)
    for run in chunked(encoded, limit):
        name = writer.write("table", "table-", file_table(run, prefix))
        pages.append((run[0][0], name, ""))
    return file_table(pages, "table-")


def docs_per_file(rows: list[list[Any]]) -> int:
    """Documents per docs file: as many as fit `DOCS_BYTES` on average (at least one)."""
    if not rows:
        return 1
    mean = sum(len(to_json(row).encode("utf-8")) + 1 for row in rows) / len(rows)
    return max(1, int(DOCS_BYTES // mean))


def docs_file(docs_hash: str, number: int) -> str:
    """Name of docs file `number` (documents number·per … number·per + per − 1)."""
    return f"docs-{docs_hash}-{number}.js"


class Writer:
    """Writes index files; a file a previous export left with the same name and size is kept
    as it is (names hash the content), which spares a rebuild into the same site folder
    deleting and rewriting thousands of unchanged files."""

    def __init__(self, directory: Path, lang: str, existing: dict[str, int] | None = None) -> None:
        self.directory = directory
        self.lang = lang
        self.files: dict[str, int] = {}
        self.existing = existing or {}

    def write(self, kind: str, prefix: str, data: Any, suffix: str = ".js") -> str:
        payload = to_json(data)
        name = content_name(self.lang, kind, payload, prefix, suffix)
        self.write_payload(kind, name, payload)
        return name

    def write_payload(self, kind: str, name: str, payload: str) -> None:
        text = script(self.lang, kind, name, payload).encode("utf-8")
        if self.existing.get(name) != len(text):
            (self.directory / name).write_bytes(text)
        self.files[name] = len(text)


def client_directory(out: Path, lang: str) -> Path:
    """`<out>/search/<lang>/`, created if needed: where a language's client index goes."""
    directory = out / "search" / lang
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def existing_files(directory: Path) -> dict[str, int]:
    """Name → size of the index files a previous export left in `directory`."""
    return {old.name: old.stat().st_size for old in directory.iterdir()
            if old.is_file() and OUR_FILES.match(old.name)}


#: What export_index can be given instead of writing the terms files itself: it is called
#: with the writer and the statistics the scores need, and returns the terms chunks
#: (first stem, file name, last stem), their files added to the writer's.
TermsFiles = Callable[["Writer", list[list[int]], list[float]], list[tuple[str, str, str]]]


def write_terms(writer: Writer, postings: FlatPostings, count: int,
                lengths: list[list[int]], averages: list[float]) -> list[tuple[str, str, str]]:
    """The terms files: flat [stem, postings, stem, postings, …] per chunk, stems in
    code-point order; returns (first stem, file name, last stem) per chunk."""
    chunks = []
    for run in sized_runs(term_entries(postings, count, field_norms(lengths, averages))):
        flat = [value for pair in run for value in pair]
        chunks.append((run[0][0], writer.write("terms", "terms-", flat), run[-1][0]))
    return chunks


@cyclic_gc_paused()
def export_index(record: RecordIndex, out: Path, terms: TermsFiles | None = None
                 ) -> ExportResult:
    """Write the client index of `record` to `<out>/search/<lang>/` (stale files removed).
    `terms`: the terms files are written elsewhere (see `TermsFiles`)."""
    lang = record.lang
    directory = client_directory(out, lang)
    previous = existing_files(directory)
    writer = Writer(directory, lang, previous)

    # Per-document data, field lengths (as Whoosh scores them) and averages: the inputs of
    # the stored scores, which are all a query needs (no field lengths ship).
    names = [name for name, _, _ in FIELDS]
    with record.index.searcher() as searcher:
        reader = searcher.reader()
        count = searcher.doc_count_all()
        averages = [searcher.avg_field_length(name) or 1 for name in names]
        rows = []
        lengths = []
        for docnum in range(count):
            stored = reader.stored_fields(docnum)
            row = [
                stored["id"],
                stored["url"],
                stored["display_title"],
                stored.get("breadcrumb", ""),
                stored.get("kind", "article"),
                stored.get("snippet", ""),
            ]
            if stored.get("facets"):
                row.append(dict(sorted(stored["facets"].items())))
            rows.append(row)
            lengths.append([int(reader.doc_field_length(docnum, name, 0) or 0) for name in names])

    # the postings as arrays: as build_index made them, else from the table read from Whoosh
    postings = record.flat
    if postings is None:
        postings = FlatPostings.of_table(collect_postings(record), len(FIELDS))
    if terms is None:
        term_chunks = write_terms(writer, postings, count, lengths, averages)
    else:
        term_chunks = terms(writer, lengths, averages)

    # Surfaces: [[surface, stem-or-"", …], keys, hashes] ("" = the stem is the surface
    # itself); keys/hashes = the rows of the terms table that hold the chunk's stems, so a
    # word's stem leads to its terms chunk without a terms table page.
    indexed = set(postings.stems)
    pairs = sorted(
        (surface, "" if stem == surface else stem)
        for surface, stem in record.surfaces.items()
        if stem in indexed
    )
    term_rows = string_rows(term_chunks)
    term_keys = [row[0] for row in term_rows]
    surface_chunks = []
    for run in chunked(((pair, to_json(pair)) for pair in pairs), CHUNK_BYTES - 60):
        flat = [value for pair in run for value in pair]
        holding = [bisect.bisect_right(term_keys, stem or surface) - 1 for surface, stem in run]
        rows_of = term_rows[min(holding) : max(holding) + 1]
        data = [flat, *file_table(rows_of, "terms-")]
        surface_chunks.append((run[0][0], writer.write("surfaces", "surfaces-", data), run[-1][0]))

    # Docs files: display data of a fixed number of documents each, named by one hash of
    # all of them, so a result's file follows from its doc number (no table to look up).
    per = docs_per_file(rows)
    payloads = [to_json(rows[first : first + per]) for first in range(0, count, per)]
    docs_hash = content_name(lang, "docs", "\n".join(payloads), "", "")
    for number, payload in enumerate(payloads):
        writer.write_payload("docs", docs_file(docs_hash, number), payload)

    manifest = {
        "format": FORMAT_VERSION,
        "pipeline": PIPELINE_VERSION,
        "lang": lang,
        "docs": count,
        "fields": [
            [name, letter, weight, averages[i]] for i, (name, weight, letter) in enumerate(FIELDS)
        ],
        "k1": BM25_K1,
        "b": BM25_B,
        "terms": paged_table(writer, string_rows(term_chunks), "terms-"),
        "surfaces": paged_table(writer, string_rows(surface_chunks), "surfaces-"),
        "scale": SCORE_SCALE,
        "docsFiles": {"hash": docs_hash, "per": per},
        "query": {
            "prefixMin": PREFIX_MIN_CHARS,
            "prefixMax": PREFIX_MAX_EXPANSIONS,
            "prefixFactor": PREFIX_FACTOR,
            "typo1": TYPO1_MIN_CHARS,
            "typo2": TYPO2_MIN_CHARS,
            "typoFactor": TYPO_FACTOR,
            "typoMax": TYPO_MAX_EXPANSIONS,
            "stemMin": STEM_GUESS_MIN_CHARS,
            "stemRatio": STEM_GUESS_RATIO,
        },
    }
    if record.inputs:
        named = manifest_name(lang, record.inputs)
        writer.write_payload("manifest", named, to_json(manifest))
    else:
        named = writer.write("manifest", "manifest.", manifest)
    for stale in previous.keys() - writer.files.keys():
        (directory / stale).unlink()
    return ExportResult(directory, named, dict(sorted(writer.files.items())))
