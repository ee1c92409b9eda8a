"""An index's postings as arrays (`FlatPostings`), and every stem's postings of an export
scored and encoded at once with numpy.

The export writes one postings string per stem (FORMAT.md, "terms DATA"): the stem's
document count, then per document the delta of its number in base 26 and its stored score
(BM25F summed over the fields, × the score scale, rounded) in base 36. Done stem by stem in
Python this was ~14 s of CPU for 10,000 English articles (402,000 stems, 3.1 million
postings); here each step runs over a batch of postings as arrays.

The arithmetic is FORMAT.md's to the last bit: every posting's score is the same sequence
of IEEE-754 double operations as `export._stored_scores` (numpy's element-wise +, ×, / are
the correctly rounded operations Python's floats use; the logarithm is Python's own, one per
document frequency), and `rint` rounds half to even as `round` does. A test compares the
two on random tables.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from itertools import chain

import numpy as np

#: Postings scored and encoded per batch: bounds the arrays' memory (~100 bytes a posting).
BATCH_POSTINGS = 1_000_000

LETTERS = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
DIGITS = np.frombuffer(b"0123456789abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
BAR = ord("|")


class FlatPostings:
    """An inverted table (stem → docnum → tf per field, docnums ascending) as arrays, stems
    in code-point order: made once per index, read by the Whoosh segment writer
    (`whoosh_terms`) and by the export. ~28 bytes a posting."""

    def __init__(self, stems: list[str], sizes: np.ndarray, docnums: np.ndarray,
                 tfs: np.ndarray) -> None:
        if not sizes.all():
            raise ValueError("a stem without postings")
        self.stems = stems
        self.sizes = sizes  # postings per stem
        self.starts = run_starts(sizes)  # each stem's first posting
        self.docnums = docnums
        self.tfs = tfs  # (postings, fields)

    @classmethod
    def of_table(cls, table: dict[str, dict[int, list[int]]], width: int) -> FlatPostings:
        stems = sorted(table)
        rows = [table[stem] for stem in stems]
        sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        total = int(sizes.sum())
        docnums = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=total)
        tfs = np.fromiter(chain.from_iterable(chain.from_iterable(map(dict.values, rows))),
                          dtype=np.int32, count=total * width).reshape(total, width)
        return cls(stems, sizes, docnums, tfs)

    @classmethod
    def of_documents(cls, docnums: list[int], sizes: list[int], number: dict[str, int],
                     numbers: list[int], tfs: list[list[int]], width: int) -> FlatPostings:
        """From each document's postings: document `docnums[i]` (ascending) has `sizes[i]`
        of them, all documents one after another, each posting's stem as its `number` (any
        distinct integers ≥ 0) and its `tfs`."""
        names = sorted(number)
        rank = np.zeros(max(number.values(), default=-1) + 1, dtype=np.int64)
        rank[np.fromiter(map(number.__getitem__, names), dtype=np.int64, count=len(names))] = (
            np.arange(len(names)))
        stems = rank[np.array(numbers, dtype=np.int64)]
        posting_docs = np.repeat(np.array(docnums, dtype=np.int64),
                                 np.array(sizes, dtype=np.int64))
        # by stem, then document (docnums ascend within each document's run of postings)
        order = np.argsort(stems * (int(posting_docs.max(initial=0)) + 1) + posting_docs)
        matrix = np.fromiter(chain.from_iterable(tfs), dtype=np.int32,
                             count=len(tfs) * width).reshape(len(tfs), width)
        return cls(names, np.bincount(stems, minlength=len(names)), posting_docs[order],
                   matrix[order])

    def table(self) -> dict[str, dict[int, list[int]]]:
        """The inverted table these arrays hold."""
        bounds = [*self.starts.tolist(), len(self.docnums)]
        docnums, tfs = self.docnums.tolist(), self.tfs.tolist()
        return {stem: dict(zip(docnums[a:b], tfs[a:b], strict=True))
                for stem, a, b in zip(self.stems, bounds, bounds[1:], strict=False)}

    @functools.cached_property
    def stem_of(self) -> np.ndarray:
        """The stem number of each posting."""
        return np.repeat(np.arange(len(self.stems)), self.sizes)

    def batches(self, postings: int) -> Iterator[slice]:
        """Consecutive ranges of stems with at most `postings` postings each (or one stem)."""
        cumulative = np.cumsum(self.sizes)
        first = 0
        while first < len(self.stems):
            before = int(cumulative[first - 1]) if first else 0
            end = int(np.searchsorted(cumulative, before + postings, side="right"))
            end = max(end, first + 1)
            yield slice(first, end)
            first = end


def encoded_postings(flat: FlatPostings, count: int, norms: list[list[float]],
                     weights: Sequence[float], saturation: float, scale: int) -> list[str]:
    """The postings string of each of `flat`'s stems; `norms[doc][field]` as
    `export.field_norms` makes them, `count` documents."""
    idf = np.array([math.log(count / (df + 1)) + 1 for df in range(count + 1)])
    norm_of = np.array(norms, dtype=np.float64).reshape(len(norms), len(weights))
    out: list[str] = []
    for stems in flat.batches(BATCH_POSTINGS):
        out += _encoded_batch(flat, stems, idf, norm_of, weights, saturation, scale)
    return out


def _encoded_batch(flat: FlatPostings, stems: slice, idf: np.ndarray, norm_of: np.ndarray,
                   weights: Sequence[float], saturation: float, scale: int) -> list[str]:
    sizes = flat.sizes[stems]
    offset = int(flat.starts[stems.start])
    total = int(sizes.sum())
    docnums = flat.docnums[offset : offset + total]
    tfs = flat.tfs[offset : offset + total]
    starts = flat.starts[stems] - offset
    stem_of = np.repeat(np.arange(len(sizes)), sizes)

    present = tfs > 0
    frequencies = np.add.reduceat(present, starts, axis=0)  # documents per (stem, field)
    scores = np.zeros(total)
    for column, weight in enumerate(weights):
        tf = tfs[:, column].astype(np.float64)
        part = weight * (idf[frequencies[stem_of, column]]
                         * ((tf * saturation) / (tf + norm_of[docnums, column])))
        # a field without the stem adds nothing: x + 0.0 is x, and 0.0 + x is x
        scores = scores + np.where(present[:, column], part, 0.0)
    units = np.rint(scores * scale).astype(np.int64)

    deltas = run_deltas(docnums, starts)

    header = _digit_counts(sizes, 36) + 1  # the document count and "|"
    delta_digits = _digit_counts(deltas, 26)
    unit_digits = _digit_counts(units, 36)
    posting_length = delta_digits + unit_digits
    before = np.zeros(total + 1, dtype=np.int64)  # posting bytes before each posting
    np.cumsum(posting_length, out=before[1:])
    stem_length = header + (before[starts + sizes] - before[starts])
    stem_start = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(stem_length, out=stem_start[1:])

    buffer = np.empty(int(stem_start[-1]), dtype=np.uint8)
    _write_numerals(buffer, stem_start[:-1], sizes, header - 1, 36, DIGITS)
    buffer[stem_start[:-1] + header - 1] = BAR
    at = stem_start[stem_of] + header[stem_of] + before[:-1] - before[starts][stem_of]
    _write_numerals(buffer, at, deltas, delta_digits, 26, LETTERS)
    _write_numerals(buffer, at + delta_digits, units, unit_digits, 36, DIGITS)

    text = buffer.tobytes().decode("ascii")
    bounds = stem_start.tolist()
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def run_starts(sizes: np.ndarray) -> np.ndarray:
    """The first index of each run, for runs of `sizes` one after another."""
    starts = np.zeros(len(sizes), dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    return starts


def run_deltas(docnums: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Each docnum minus the one before it in its run (runs beginning at `starts`); the
    first of a run minus 0, as postings encode them."""
    previous = np.zeros_like(docnums)
    previous[1:] = docnums[:-1]
    previous[starts] = 0
    return docnums - previous


def _digit_counts(numbers: np.ndarray, base: int) -> np.ndarray:
    """Digits of each number (≥ 0) in `base`, without leading zeros (0 has one)."""
    if len(numbers) and int(numbers.min()) < 0:
        raise ValueError("a negative number in the postings")
    counts = np.ones(len(numbers), dtype=np.int64)
    largest = int(numbers.max()) if len(numbers) else 0
    power = base
    while power <= largest:
        counts += numbers >= power
        power *= base
    return counts


def _write_numerals(buffer: np.ndarray, at: np.ndarray, numbers: np.ndarray,
                    digits: np.ndarray, base: int, alphabet: np.ndarray) -> None:
    """Write each number in `base` with `alphabet`, most significant digit first, at its
    offset in `buffer`; `digits` = its digit count."""
    for place in range(int(digits.max()) if len(digits) else 0):
        wide = digits > place
        exponent = digits[wide] - 1 - place
        value = (numbers[wide] // np.power(base, exponent)) % base
        buffer[at[wide] + place] = alphabet[value]
