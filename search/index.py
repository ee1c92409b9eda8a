"""The index of record: Whoosh at build time, behind a small interface of our own.

Each searchable field is analysed by `kb_search.analysis.terms` (the same pipeline the
browser runs) and indexed as Snowball stems. Ranking is Whoosh's BM25F model: for every
query stem and every field, `weight(field) * bm25(idf_field, tf, fieldlen, avglen_field)`,
summed. The exported client index (export.py) carries exactly the statistics this uses, so
the browser (and client.py) reproduce the ranking.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from kb_search.analysis import query_terms, stem, terms
from kb_search.analysis.stem import surfaces_and_stems
from kb_search.bulk_postings import FlatPostings
from kb_search.whoosh_terms import write_field_terms, write_hashes
from whoosh import fields, query, scoring
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index
from whoosh.util.numeric import byte_to_length, length_to_byte

# --- Ranking constants: the one place they live (copied into every manifest) ---------------
#: Searchable fields in export order, with their BM25F weights and one-letter posting codes.
FIELDS: tuple[tuple[str, float, str], ...] = (
    ("title", 3.0, "T"),
    ("keywords", 2.5, "K"),
    ("headings", 1.5, "H"),
    ("summary", 1.2, "S"),
    ("body", 1.0, "B"),
)
FIELD_NAMES: tuple[str, ...] = tuple(name for name, _, _ in FIELDS)
FIELD_WEIGHTS: dict[str, float] = {name: weight for name, weight, _ in FIELDS}
BM25_K1 = 1.2
BM25_B = 0.75
#: Characters of summary/body kept as the result snippet.
SNIPPET_CHARS = 300

# --- Build tuning (measured, see FORMAT.md) -------------------------------------------------
WRITER_LIMITMB = 256
WRITER_PROCS = 1


def writer_codec() -> W3Codec:
    """Whoosh 3's codec without zlib: the index lives in memory for one build and is never
    shipped, so compressing its posting blocks only cost time (~15% of indexing)."""
    return W3Codec(compression=0)

Kind = Literal["article", "question"]
_BUILDS = itertools.count()


@dataclass(frozen=True)
class SearchDoc:
    """One search result: an article, or one FAQ question (kind "question", url with #anchor)."""

    id: str
    url: str
    title: str
    breadcrumb: str = ""
    keywords: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    summary: str = ""
    body: str = ""
    kind: Kind = "article"
    anchor: str = ""
    #: Labels the site attaches, passed through to results untouched (kb: the article's
    #: type and urgency where they are not the defaults), e.g. {"type": "troubleshooting"}.
    facets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordHit:
    id: str
    url: str
    title: str
    score: float
    docnum: int


class StemTokenizer(Tokenizer):
    """Whoosh tokenizer emitting the stems of `kb_search.analysis.terms(text, lang)`.

    Every (surface, stem) pair seen is recorded in `surfaces` (not pickled) so the exporter
    can write the surface→stem table the browser looks query words up in.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.surfaces: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"lang": self.lang}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lang = state["lang"]
        self.surfaces = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StemTokenizer) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash(("StemTokenizer", self.lang))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        surfaces = self.surfaces
        for term in terms(value, self.lang):
            if not term.surface:
                continue
            stem_text = term.stem or term.surface  # an empty stem would be unsearchable
            surfaces[term.surface] = stem_text
            token.text = stem_text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term.surface
            if positions:
                token.pos = start_pos + term.position
            yield token


def make_schema(tokenizer: StemTokenizer) -> fields.Schema:
    searchable = {
        name: fields.TEXT(analyzer=tokenizer, phrase=False, stored=False) for name in FIELD_NAMES
    }
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        url=fields.STORED(),
        display_title=fields.STORED(),
        breadcrumb=fields.STORED(),
        kind=fields.STORED(),
        anchor=fields.STORED(),
        facets=fields.STORED(),
        snippet=fields.STORED(),
        **searchable,
    )


def snippet_of(doc: SearchDoc) -> str:
    """The first ~SNIPPET_CHARS characters of summary (else body), cut at a word boundary."""
    text = " ".join((doc.summary or doc.body).split())
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS]
    space = cut.rfind(" ")
    return (cut[:space] if space > SNIPPET_CHARS // 2 else cut).rstrip(" ,;:") + "…"


class RecordIndex:
    """A built Whoosh index for one language; the reference ranking and export source."""

    def __init__(
        self,
        index: Index,
        lang: str,
        surfaces: dict[str, str],
        postings: dict[str, dict[int, list[int]]] | None = None,
        inputs: str = "",
        flat: FlatPostings | None = None,
    ) -> None:
        self.index = index
        self.lang = lang
        self.surfaces = surfaces
        self._postings = postings
        #: `documents_digest` of the indexed documents ("" when unknown)
        self.inputs = inputs
        #: the postings gathered while indexing, as arrays (None: not made)
        self.flat = flat

    @property
    def postings(self) -> dict[str, dict[int, list[int]]] | None:
        """stem → docnum → per-field tf, gathered while indexing (None: read from Whoosh)."""
        if self._postings is None and self.flat is not None:
            self._postings = self.flat.table()
        return self._postings

    @property
    def doc_count(self) -> int:
        return self.index.doc_count()

    def query_stems(self, text: str) -> list[str]:
        """Distinct stems of the query words (analysis.query_terms: stop words dropped when
        other words remain), in order: what the Python pipeline computes."""
        seen: dict[str, None] = {}
        for surface in query_terms(text, self.lang):
            seen.setdefault(stem(surface, self.lang) or surface, None)
        return list(seen)

    def search(self, text: str, limit: int = 10) -> list[RecordHit]:
        """BM25F over all fields: OR of (field, stem) terms, each boosted by its field weight.

        Ties are broken by document order (the order the docs were given to build_index).
        """
        stems = self.query_stems(text)
        if not stems:
            return []
        subqueries = [
            query.Term(name, stem, boost=FIELD_WEIGHTS[name])
            for stem in stems
            for name in FIELD_NAMES
        ]
        weighting = scoring.BM25F(B=BM25_B, K1=BM25_K1)
        with self.index.searcher(weighting=weighting) as searcher:
            results = searcher.search(query.Or(subqueries), limit=None)
            scored = [(hit.score, hit.docnum, hit.fields()) for hit in results]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [
            RecordHit(id=f["id"], url=f["url"], title=f["display_title"], score=s, docnum=n)
            for s, n, f in scored[:limit]
        ]


class Analysed:
    """The analysed documents of one build, gathered in one pass over them: per stem and
    document the term frequency in each field (`flat()`, what the export writes and what
    Whoosh gets), each document's token count per field, and the surface→stem table. Each
    document's text is analysed once, field by field."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lengths: list[list[int]] = [[] for _ in FIELD_NAMES]
        self.surfaces: dict[str, str] = {}
        # Each document's postings, in the order added: its number and stem count, then its
        # stems and their tfs per field (FIELDS order). Appending them is a few C-level
        # calls per document, where a stem → docnum → tfs table took one per posting.
        self._docnums: list[int] = []
        self._sizes: list[int] = []
        self._number: dict[str, int] = {}
        self._counter = itertools.count()
        self._numbers: list[int] = []
        self._tfs: list[list[int]] = []
        self._last_only: list[list[int]] = []
        self._flat: FlatPostings | None = None

    def add(self, docnum: int, values: dict[str, str]) -> None:
        """Analyse document `docnum` (`values`: field name → text); docnums must ascend."""
        if self._flat is not None:
            raise RuntimeError("the analysed documents were flattened already")
        lang = self.lang
        width = len(FIELD_NAMES)
        last = width - 1
        per_doc: dict[str, list[int]] = {}
        for column, name in enumerate(FIELD_NAMES):
            # self.surfaces is completed with the new words' stems (no word's stem is "")
            stems = surfaces_and_stems(values[name], lang, self.surfaces)[1]
            if "" in self.surfaces:  # as StemTokenizer: no empty term
                del self.surfaces[""]
                stems = [stem_text for stem_text in stems if stem_text]
            self.lengths[column].append(len(stems))
            counts = Counter(stems)
            if column != last:
                for stem_text, tf in counts.items():
                    tfs = per_doc.get(stem_text)
                    if tfs is None:
                        tfs = per_doc[stem_text] = [0] * width
                    tfs[column] = tf
                continue
            # The last field (body) holds most stems, most of them in no other field: those
            # share one list per tf (nothing changes the lists once the document is done).
            shared = self._last_only
            while len(shared) <= max(counts.values(), default=0):
                shared.append([0] * last + [len(shared)])
            for stem_text in counts.keys() & per_doc.keys():
                per_doc[stem_text][last] = counts[stem_text]
            merged = dict(zip(counts, map(shared.__getitem__, counts.values()), strict=True))
            merged.update(per_doc)
            per_doc = merged
        self._docnums.append(docnum)
        self._sizes.append(len(per_doc))
        # a stem's number: the count when it was first seen (setdefault keeps the first)
        self._numbers += map(self._number.setdefault, per_doc, self._counter)
        self._tfs += per_doc.values()

    def flat(self) -> FlatPostings:
        """The postings of every document added, by stem (made once; no `add` after)."""
        if self._flat is None:
            self._flat = FlatPostings.of_documents(self._docnums, self._sizes, self._number,
                                                   self._numbers, self._tfs, len(FIELD_NAMES))
            self._number, self._numbers, self._tfs = {}, [], []
        return self._flat


def stored_length(tokens: int) -> int:
    """A field length as Whoosh stores and reads it back (one byte, lossy); 0 stays 0."""
    return byte_to_length(length_to_byte(tokens)) if tokens else 0


def document_digest(doc: SearchDoc) -> bytes:
    """sha256 of everything the index keeps of a document."""
    values = [doc.id, doc.url, doc.title, doc.breadcrumb, doc.keywords, doc.headings,
              doc.summary, doc.body, doc.kind, doc.anchor, sorted(doc.facets.items())]
    return hashlib.sha256(json.dumps(values).encode("ascii")).digest()


def documents_digest(digests: Iterable[bytes]) -> str:
    """Hex sha256 of a sequence of documents (their `document_digest`s in order): it does
    not depend on how they were cut into parts."""
    return hashlib.sha256(b"".join(digests)).hexdigest()


def _field_values(doc: SearchDoc) -> dict[str, str]:
    """The searchable fields' texts."""
    return {
        "title": doc.title,
        "keywords": "\n".join(doc.keywords),
        "headings": "\n".join(doc.headings),
        "summary": doc.summary,
        "body": doc.body,
    }


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: indexing and export make millions of small
    objects without cycles (reference counting frees them), which the collector would only
    walk over and over (~20% of indexing, ~10% of the export)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def build_index(docs: Iterable[SearchDoc], lang: str, directory: Path | None = None,
                inputs: str | None = None,
                analysed: Callable[[Analysed], None] | None = None) -> RecordIndex:
    """Index `docs` (in their given order: doc number = position) for language `lang`.

    In memory by default; with `directory`, a Whoosh file index there (created if needed).
    `inputs`: their `documents_digest`, when the caller has computed it already.
    `analysed`: called with the analysed documents before Whoosh writes its postings.

    Each document is analysed once (not once per field by Whoosh's writer): its stored
    fields and field lengths go to Whoosh's per-document writer, its term frequencies into
    an in-memory inverted table, which then becomes the segment's postings and term index:
    the bytes Whoosh's field writer would write term by term, block by block, most of them
    made here (`whoosh_terms.write_field_terms`). The Whoosh segment is the one `add_document` +
    `commit` write (a test compares the files byte for byte), and the table is kept for
    the export.
    """
    docs = list(docs)
    if inputs is None:
        inputs = documents_digest(map(document_digest, docs))
    tokenizer = StemTokenizer(lang)
    schema = make_schema(tokenizer)
    if directory is None:
        storage: RamStorage | FileStorage = RamStorage()
        # Whoosh keeps a RamStorage index's temporary files in <tmp>/<indexname>.tmp and
        # deletes that folder at commit: a unique name keeps concurrent builds apart.
        indexname = f"kb-search-{os.getpid()}-{next(_BUILDS)}"
    else:
        directory.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(directory))
        indexname = "MAIN"
    index = storage.create_index(schema, indexname=indexname)
    writer = index.writer(limitmb=WRITER_LIMITMB, procs=WRITER_PROCS, codec=writer_codec())
    try:
        with cyclic_gc_paused():
            inverted = Analysed(lang)
            for docnum, doc in enumerate(docs):
                inverted.add(docnum, _field_values(doc))
            ids = _write_documents(writer, docs, inverted)
            flat = inverted.flat()
            if analysed is not None:
                analysed(inverted)
            _write_postings(writer, inverted, flat, ids)
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    return RecordIndex(index, lang, inverted.surfaces, None, inputs, flat)


def _write_documents(writer: Any, docs: list[SearchDoc], inverted: Analysed
                     ) -> dict[str, list[int]]:
    """Write each document's stored fields and field lengths (from its analysis) as
    `SegmentWriter.add_document` does (fields in name order). Returns id → docnums."""
    perdoc = writer.perdocwriter
    schema = writer.schema
    columns = {name: column for column, name in enumerate(FIELD_NAMES)}
    lengths = inverted.lengths
    values = dict.fromkeys(FIELD_NAMES, "")
    ids: dict[str, list[int]] = {}
    for docnum, doc in enumerate(docs, start=writer.docnum):
        ids.setdefault(doc.id, []).append(docnum)
        stored = {
            "id": doc.id,
            "url": doc.url,
            "display_title": doc.title,
            "breadcrumb": doc.breadcrumb,
            "kind": doc.kind,
            "anchor": doc.anchor,
            "facets": dict(doc.facets),
            "snippet": snippet_of(doc),
        }
        perdoc.start_doc(docnum)
        for name in sorted([*stored, *values]):
            if name in columns:
                perdoc.add_field(name, schema[name], None, lengths[columns[name]][docnum])
            else:
                perdoc.add_field(name, schema[name], stored[name], 0)
        perdoc.finish_doc()
        writer.docnum = docnum + 1
        writer._added = True
    return ids


def _write_postings(writer: Any, inverted: Analysed, flat: FlatPostings,
                    ids: dict[str, list[int]]) -> None:
    """Finish the segment as `SegmentWriter.commit` does, with the postings taken from the
    analysed documents instead of Whoosh's sorting pool: the same bytes, in the same order,
    as `FieldWriter.add_postings` writes for them (fields, then terms, in byte order)."""
    schema = writer.schema
    segments = writer._merge_segments(None, None, None)
    if not writer._added:
        writer._close_segment()
    else:
        writer.perdocwriter.close()
        fieldwriter = writer.fieldwriter
        for name in sorted([*FIELD_NAMES, "id"]):
            if name != "id" and not flat.tfs[:, FIELD_NAMES.index(name)].any():
                continue  # Whoosh starts only fields that have postings
            fieldwriter.start_field(name, schema[name])
            if name == "id":
                for text in sorted(ids):
                    fieldwriter.start_term(text.encode("utf-8"))
                    for docnum in ids[text]:
                        fieldwriter.add(docnum, 1.0, b"", 0)
                    fieldwriter.finish_term()
                fieldwriter.finish_field()
                continue
            column = FIELD_NAMES.index(name)
            # the field lengths as Whoosh stores and reads them back (one byte, lossy)
            lengths = [stored_length(n) or None for n in inverted.lengths[column]]
            write_field_terms(fieldwriter, flat, column, lengths)
            fieldwriter.finish_field()
        tindex = fieldwriter._tindex
        tindex._write_hashes = partial(write_hashes, tindex)
        fieldwriter.close()
        writer._close_segment()
        writer._assemble_segment()
        segments.append(writer.get_segment())
    writer._commit_toc(segments)
    writer._finish()
