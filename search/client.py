"""Reference reader/scorer over the EXPORTED client index: what the browser runtime does.

Query processing (FORMAT.md, "Query processing"): analysis.query_terms on the query →
surface forms → stems looked up in the exported surface table (the browser has no stemmer)
→ for the last word, prefix expansion (search-as-you-type) → for unknown words, a stem
guess, then typo tolerance → BM25F with the exported statistics → score desc, then doc
order.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb_search.analysis import PIPELINE_VERSION, query_terms, surface_terms
from kb_search.export import FORMAT_VERSION, docs_file

WRAPPER = re.compile(
    r'^KBSearch\.register\(("(?:[^"\\]|\\.)*"),("(?:[^"\\]|\\.)*"),("(?:[^"\\]|\\.)*"),(.*)\);\n?$',
    re.DOTALL,
)
ENTRY = re.compile(r"([A-Z]+)([0-9a-z]+)")


class FormatError(ValueError):
    """The files are not a client index this reader understands."""


@dataclass(frozen=True)
class Result:
    id: str
    url: str
    title: str
    score: float
    docnum: int = -1
    breadcrumb: str = ""
    kind: str = "article"
    snippet: str = ""
    facets: dict[str, str] = field(default_factory=dict)


def parse_script(path: Path, lang: str, kind: str) -> Any:
    """DATA of a `KBSearch.register(lang, kind, name, DATA);` file, checked against its name."""
    match = WRAPPER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise FormatError(f"{path.name}: not a KBSearch.register(...) script")
    got_lang, got_kind, name = (json.loads(match.group(i)) for i in (1, 2, 3))
    if (got_lang, got_kind, name) != (lang, kind, path.name):
        raise FormatError(f"{path.name}: registers {got_lang}/{got_kind}/{name}")
    return json.loads(match.group(4))


TABLES = {"terms": "terms-", "surfaces": "surfaces-"}


def expand_table(table: Any, prefix: str) -> list[list[Any]]:
    """A chunk table `[[key, …], "<12 hex>…"]` as rows `[key, "<prefix><hex>.js"]`."""
    keys, hashes = table
    if len(hashes) != 12 * len(keys):
        raise FormatError(f"table of {len(keys)} keys has {len(hashes)} hash digits")
    return [[key, f"{prefix}{hashes[12 * i : 12 * i + 12]}.js"] for i, key in enumerate(keys)]


class Table:
    """A two-level chunk table (FORMAT.md, "Chunk tables"): the manifest's rows name table
    pages, each page's rows name the chunk files; pages load when a lookup needs them."""

    def __init__(self, index: ClientIndex, top: Any, prefix: str) -> None:
        self.index = index
        self.prefix = prefix
        self.pages = expand_table(top, "table-")
        self.page_keys = [row[0] for row in self.pages]
        self._rows: dict[int, tuple[list[Any], list[str]]] = {}

    def __len__(self) -> int:
        return len(self.pages)

    def page(self, at: int) -> tuple[list[Any], list[str]]:
        """(keys, file names) of page `at`."""
        if at not in self._rows:
            rows = expand_table(self.index.load("table", self.pages[at][1]), self.prefix)
            if not rows or rows[0][0] != self.pages[at][0]:
                raise FormatError(f"{self.pages[at][1]}: page does not start at its key")
            self._rows[at] = ([row[0] for row in rows], [row[1] for row in rows])
        return self._rows[at]

    def locate(self, key: Any) -> tuple[int, int]:
        """(page, row) of the chunk whose range holds `key` (last row whose key ≤ key; the
        first row when none is)."""
        at = max(0, bisect.bisect_right(self.page_keys, key) - 1)
        keys, _ = self.page(at)
        return at, max(0, bisect.bisect_right(keys, key) - 1)

    def rows_from(self, key: Any) -> Iterator[tuple[Any, str, Any]]:
        """(key, file name, next row's key or None) of the chunk holding `key` and every
        later one, in order (pages load as the walk reaches them)."""
        if not self.pages:
            return
        at, row = self.locate(key)
        while at < len(self.pages):
            keys, names = self.page(at)
            for r in range(row, len(keys)):
                if r + 1 < len(keys):
                    following = keys[r + 1]
                else:
                    following = self.page_keys[at + 1] if at + 1 < len(self.pages) else None
                yield keys[r], names[r], following
            at, row = at + 1, 0

    def find(self, key: Any) -> tuple[Any, str, Any] | None:
        """(key, file name, next key or None) of the chunk holding `key`; None if empty."""
        return next(self.rows_from(key), None)

    def all_rows(self) -> list[list[Any]]:
        """Every row `[key, file name]` (loads every page)."""
        if not self.pages:
            return []
        return [[key, name] for key, name, _ in self.rows_from(self.page_keys[0])]


def from_b26(text: str) -> int:
    number = 0
    for char in text:
        number = number * 26 + ord(char) - 65
    return number


def decode_postings(value: str) -> list[tuple[int, int]]:
    """Inverse of export.encode_postings: [(docnum, stored score)]."""
    df_text, bar, body = value.partition("|")
    postings: list[tuple[int, int]] = []
    doc = 0
    at = 0
    for match in ENTRY.finditer(body):
        if match.start() != at:
            raise FormatError(f"bad postings {body!r}")
        at = match.end()
        doc += from_b26(match.group(1))
        postings.append((doc, int(match.group(2), 36)))
    if not bar or at != len(body) or len(postings) != int(df_text, 36):
        raise FormatError("document frequency does not match the postings")
    return postings


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a transposition is one edit); > limit if over."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class ClientIndex:
    """The exported index of one language under `<directory>/search/<lang>/` (or the lang dir)."""

    def __init__(self, directory: Path, lang: str, manifest: str | None = None) -> None:
        root = Path(directory)
        nested = root / "search" / lang
        self.dir = nested if nested.is_dir() else root
        self.lang = lang
        if manifest is None:
            found = sorted(self.dir.glob("manifest.*.js"))
            if len(found) != 1:
                raise FormatError(f"{self.dir}: expected one manifest, found {len(found)}")
            manifest = found[0].name
        self.manifest: dict[str, Any] = parse_script(self.dir / manifest, lang, "manifest")
        if self.manifest.get("format") != FORMAT_VERSION:
            raise FormatError(f"format {self.manifest.get('format')} != {FORMAT_VERSION}")
        if self.manifest.get("pipeline") != PIPELINE_VERSION:
            raise FormatError(
                f"analysis pipeline {self.manifest.get('pipeline')} != "
                f"{PIPELINE_VERSION}: rebuild the index"
            )
        # Two-level chunk tables (FORMAT.md, "Chunk tables"): pages load on demand.
        self.tables = {table: Table(self, self.manifest[table], prefix)
                       for table, prefix in TABLES.items()}
        self.fields = self.manifest["fields"]
        self.scale = self.manifest["scale"]
        self.query_options: dict[str, Any] = self.manifest["query"]
        self._cache: dict[str, Any] = {}
        self.files_loaded: list[str] = []

    # --- lazy loading (one <script> per file in the browser) --------------------------------
    def load(self, kind: str, name: str) -> Any:
        if name not in self._cache:
            self._cache[name] = parse_script(self.dir / name, self.lang, kind)
            self.files_loaded.append(name)
        return self._cache[name]

    def _pairs(self, kind: str, name: str) -> tuple[list[str], list[str]]:
        """(keys, values) of a terms or surfaces chunk (a surfaces chunk's terms rows are
        not needed here: `postings` finds a stem's chunk through the terms table)."""
        key = f"{name}#pairs"
        if key not in self._cache:
            data = self.load(kind, name)
            flat = data[0] if kind == "surfaces" else data
            self._cache[key] = (flat[0::2], flat[1::2])
        return self._cache[key]

    def stem_of(self, surface: str) -> str | None:
        row = self.tables["surfaces"].find(surface)
        if row is None:
            return None
        keys, values = self._pairs("surfaces", row[1])
        at = bisect.bisect_left(keys, surface)
        if at < len(keys) and keys[at] == surface:
            return values[at] or surface
        return None

    def surfaces_from(self, start: str, end: str) -> list[tuple[str, str]]:
        """Every (surface, stem) with start ≤ surface < end, in order (loads the chunks)."""
        out: list[tuple[str, str]] = []
        for first, name, _ in self.tables["surfaces"].rows_from(start):
            if first >= end:
                break
            keys, values = self._pairs("surfaces", name)
            for at in range(bisect.bisect_left(keys, start), len(keys)):
                if keys[at] >= end:
                    break
                out.append((keys[at], values[at] or keys[at]))
        return out

    def postings(self, stem: str) -> list[tuple[int, int]]:
        """(docnum, stored score) of a stem, docs ascending; [] when not indexed."""
        key = f"postings#{stem}"
        if key not in self._cache:
            found: list[tuple[int, int]] = []
            row = self.tables["terms"].find(stem)
            if row is not None:
                keys, values = self._pairs("terms", row[1])
                at = bisect.bisect_left(keys, stem)
                if at < len(keys) and keys[at] == stem:
                    found = decode_postings(values[at])
            self._cache[key] = found
        return self._cache[key]

    def doc(self, docnum: int) -> list[str]:
        """Display data of a document, from its docs file (named by its doc number)."""
        if not 0 <= docnum < self.manifest["docs"]:
            raise IndexError(docnum)
        per = self.manifest["docsFiles"]["per"]
        return self.load("docs", docs_file(self.manifest["docsFiles"]["hash"], docnum // per))[
            docnum % per]

    def docs_buckets(self) -> list[list[Any]]:
        """Every docs file `[first doc, file name]`."""
        files = self.manifest["docsFiles"]
        per = files["per"]
        return [[first, docs_file(files["hash"], first // per)]
                for first in range(0, self.manifest["docs"], per)]

    # --- query processing -------------------------------------------------------------------
    def expand(self, query: str) -> list[list[tuple[str, float]]]:
        """Per query word, its alternative (stem, factor) pairs; words with none dropped."""
        words = query_terms(query, self.lang)
        options = self.query_options
        # The last word is being typed unless the query ends in a space, or the last word
        # typed was dropped (a stop word).
        raw = surface_terms(query, self.lang)
        typing_last = bool(words) and not query[-1].isspace() and raw[-1][0] == words[-1]
        groups: list[list[tuple[str, float]]] = []
        used: set[str] = set()
        for i, surface in enumerate(words):
            typing = i == len(words) - 1 and typing_last and len(surface) >= options["prefixMin"]
            exact = self.stem_of(surface)
            prefixed = self.prefixed(surface, exact) if typing else []
            if exact is None and not prefixed:
                exact = self.guess_stem(surface)
            alternatives: list[tuple[str, float]] = []
            if exact is not None and exact not in used:
                alternatives.append((exact, 1.0))
            if exact is not None:
                used.add(exact)
            alternatives += [(stem, options["prefixFactor"]) for stem in prefixed]
            if exact is None and not alternatives:
                alternatives = self.typos(surface)
            if alternatives:
                groups.append(alternatives)
        return groups

    def prefixed(self, surface: str, exact: str | None) -> list[str]:
        """Stems of the surfaces that start with `surface` (in order, up to prefixMax)."""
        stems: list[str] = []
        for _, stem in self.surfaces_from(surface, surface + "\U0010ffff"):
            if stem != exact and stem not in stems:
                stems.append(stem)
                if len(stems) >= self.query_options["prefixMax"]:
                    break
        return stems

    def guess_stem(self, surface: str) -> str | None:
        """For a word not in the surface table: the longest indexed stem that is a prefix of
        it, of ≥ stemMin chars and ≥ stemRatio of its length (stems are mostly prefixes)."""
        options = self.query_options
        shortest = max(options["stemMin"], math.ceil(options["stemRatio"] * len(surface)))
        for end in range(len(surface) - 1, shortest - 1, -1):
            if self.postings(surface[:end]):
                return surface[:end]
        return None

    def typos(self, surface: str) -> list[tuple[str, float]]:
        """Stems of surfaces within 1 (≥ typo1 chars) or 2 (≥ typo2) edits, same first char."""
        options = self.query_options
        if len(surface) < options["typo1"]:
            return []
        limit = 2 if len(surface) >= options["typo2"] else 1
        first = surface[0]
        candidates = []
        for other, stem in self.surfaces_from(first, chr(ord(first) + 1)):
            distance = edit_distance(surface, other, limit)
            if distance <= limit:
                candidates.append((distance, other, stem))
        candidates.sort()
        best: dict[str, float] = {}
        for distance, _, stem in candidates:
            if stem not in best and len(best) < options["typoMax"]:
                best[stem] = options["typoFactor"] ** distance
        return list(best.items())

    def field_scores(self, stem: str) -> dict[int, float]:
        """BM25F of one stem per document: its stored score / scale (computed at export)."""
        scale = self.scale
        return {doc: units / scale for doc, units in self.postings(stem)}

    def search(self, query: str, limit: int = 10) -> list[Result]:
        totals: dict[int, float] = {}
        for alternatives in self.expand(query):
            best: dict[int, float] = {}
            for stem, factor in alternatives:
                for doc, score in self.field_scores(stem).items():
                    value = factor * score
                    if value > best.get(doc, 0.0):
                        best[doc] = value
            for doc, value in best.items():
                totals[doc] = totals.get(doc, 0.0) + value
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]
        results = []
        for docnum, score in ranked:
            row = self.doc(docnum)
            results.append(
                Result(
                    id=row[0],
                    url=row[1],
                    title=row[2],
                    score=score,
                    docnum=docnum,
                    breadcrumb=row[3],
                    kind=row[4],
                    snippet=row[5],
                    facets=row[6] if len(row) > 6 else {},
                )
            )
        return results
