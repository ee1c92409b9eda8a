"""The index of record: Whoosh at build time, behind a small interface of our own.

Each searchable field is analysed by `kb_search.analysis.terms` (the same pipeline the
browser runs) and indexed as Snowball stems. Ranking is Whoosh's BM25F model: for every
query stem and every field, `weight(field) * bm25(idf_field, tf, fieldlen, avglen_field)`,
summed. The exported client index (export.py) carries exactly the statistics this uses, so
the browser (and client.py) reproduce the ranking.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kb_search.analysis import query_terms, stem, terms
from whoosh import fields, query, scoring
from whoosh.analysis import Token, Tokenizer
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index

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

    def __init__(self, index: Index, lang: str, surfaces: dict[str, str]) -> None:
        self.index = index
        self.lang = lang
        self.surfaces = surfaces

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


def build_index(docs: Iterable[SearchDoc], lang: str, directory: Path | None = None) -> RecordIndex:
    """Index `docs` (in their given order: doc number = position) for language `lang`.

    In memory by default; with `directory`, a Whoosh file index there (created if needed).
    """
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
    writer = index.writer(limitmb=WRITER_LIMITMB, procs=WRITER_PROCS)
    try:
        for doc in docs:
            writer.add_document(
                id=doc.id,
                url=doc.url,
                display_title=doc.title,
                breadcrumb=doc.breadcrumb,
                kind=doc.kind,
                anchor=doc.anchor,
                snippet=snippet_of(doc),
                title=doc.title,
                keywords="\n".join(doc.keywords),
                headings="\n".join(doc.headings),
                summary=doc.summary,
                body=doc.body,
            )
    except BaseException:
        writer.cancel()
        raise
    # The writer works on its own (unpickled) copy of the schema: collect what its
    # tokenizer saw, not what `tokenizer` above saw.
    surfaces: dict[str, str] = {}
    for name in FIELD_NAMES:
        analyzer = writer.schema[name].analyzer
        if isinstance(analyzer, StemTokenizer):
            surfaces.update(analyzer.surfaces)
    writer.commit()
    return RecordIndex(index, lang, surfaces)
