"""One field's postings and term index written straight into a Whoosh 3 segment.

`index.build_index` hands Whoosh's field writer the postings it gathered while analysing
(as arrays, `bulk_postings.FlatPostings`: each term's block statistics are computed for a
whole field at once); for the terms whose postings fit one block (nearly all), the bytes Whoosh's
`FieldWriter.add_postings` would write are made here and written in one piece per field, and
the term index's hash tables are packed one table at a time. A test checks that the segment
is byte-identical to one written by `add_document` + `commit`. Private Whoosh API: pinned by
that test.
"""

from __future__ import annotations

import bisect
import hashlib
import struct
import zlib
from array import array
from collections.abc import Iterator
from typing import Any

import numpy as np
from kb_search.bulk_postings import FlatPostings, run_deltas, run_starts
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.compat import dumps
from whoosh.filedb.filetables import md5_hash
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import GrowableArray


def write_field_terms(fieldwriter: Any, flat: FlatPostings, column: int,
                      lengths: list[Any]) -> None:
    """The postings and term index rows of the stems of `flat` that occur in field `column`
    (stems in byte order), as `FieldWriter.add_postings` writes them; `lengths`: each
    document's stored field length, or None. Each term's statistics are computed for the
    whole field at once (`_FieldTerms`); terms whose postings fit one block (nearly all)
    are encoded here and written in one piece per field, a one-document term's block once
    per (doc, tf)."""
    postwriter = fieldwriter._postwriter
    postfile = fieldwriter._postfile
    limit = postwriter._blocklimit
    compression = postwriter._compression
    key_prefix = pack_ushort(fieldwriter._fieldid)
    terms = _TermRows(fieldwriter._tindex, postfile)
    field = _FieldTerms(flat, column, lengths)
    docnums, tfs, deltas, packed = field.docnums, field.tfs, field.deltas, field.packed
    one_doc: dict[tuple[int, int], tuple[bytes, bytes]] = {}
    stems = flat.stems
    for number, start, end, top, bottom, total, low, high in field.rows():
        key = key_prefix + stems[number].encode("utf-8")
        if end - start == 1:
            block = one_doc.get((docnums[start], top))
            if block is None:
                block = one_doc[docnums[start], top] = _block(
                    docnums, tfs, deltas, packed, start, end, top, bottom, total, low, high,
                    compression)
            terms.add(key, *block)
        elif end - start <= limit:
            terms.add(key, *_block(docnums, tfs, deltas, packed, start, end, top, bottom,
                                   total, low, high, compression))
        else:
            terms.flush()  # Whoosh writes this term itself, after the ones gathered
            fieldwriter.start_term(key[len(key_prefix):])
            for first in range(start, end, limit):
                if first > start:  # a full block: written as add_posting does on the next
                    postwriter._write_block()
                last = min(first + limit, end)
                _fill_block(postwriter, docnums[first:last], tfs[first:last], lengths)
            fieldwriter.finish_term()
            terms.restart()
    terms.flush()


def _length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's `length_to_byte` of each length, called once per distinct length."""
    distinct, where = np.unique(lengths, return_inverse=True)
    return np.array([length_to_byte(n) for n in distinct.tolist()], dtype=np.int64)[where]


class _FieldTerms:
    """One field's postings (those with tf > 0) of every stem, and per term the numbers its
    posting block and term info hold, computed as arrays for the whole field."""

    def __init__(self, flat: FlatPostings, column: int, lengths: list[Any]) -> None:
        column_tfs = flat.tfs[:, column]
        chosen = np.flatnonzero(column_tfs)
        docnums = flat.docnums[chosen]
        tfs = column_tfs[chosen].astype(np.int64)
        per_stem = np.bincount(flat.stem_of[chosen], minlength=len(flat.stems))
        self.numbers = np.flatnonzero(per_stem)
        counts = per_stem[self.numbers]
        self.starts = run_starts(counts)
        self.ends = self.starts + counts
        stored = np.array([length or 0 for length in lengths], dtype=np.int64)[docnums]
        if len(counts):
            self.top = np.maximum.reduceat(tfs, self.starts)
            self.bottom = np.minimum.reduceat(tfs, self.starts)
            self.total = np.add.reduceat(tfs, self.starts)
            unknown = np.iinfo(np.int64).max  # no document with a length: byte 0, as None
            shortest = np.minimum.reduceat(np.where(stored > 0, stored, unknown), self.starts)
            self.low = _length_bytes(np.where(shortest == unknown, 0, shortest))
            self.high = _length_bytes(np.maximum.reduceat(stored, self.starts))
        else:
            self.top = self.bottom = self.total = self.low = self.high = counts
        self.deltas: list[int] = run_deltas(docnums, self.starts).tolist()
        self.packed = tfs.astype(">u4").tobytes()  # struct.pack("!I", tf) of each posting
        self.docnums: list[int] = docnums.tolist()
        self.tfs: list[int] = tfs.tolist()

    def rows(self) -> Iterator[tuple[int, ...]]:
        """(stem number, first posting, end, max tf, min tf, sum of tfs, low and high length
        byte) per term, stems in order."""
        return zip(self.numbers.tolist(), self.starts.tolist(), self.ends.tolist(),
                   self.top.tolist(), self.bottom.tolist(), self.total.tolist(),
                   self.low.tolist(), self.high.tolist(), strict=True)


_TERM_EXTENT = struct.Struct("!qi")  # W3TermInfo.to_bytes: the block's offset and length
_ROW_LENGTHS = struct.Struct("!ii")  # HashWriter.add: key and value length before each row


class _TermRows:
    """Posting blocks and term index rows gathered in memory and written in one piece each:
    the bytes, hash buckets and key positions `OrderedHashWriter.add` and the postings file
    get from Whoosh 3's field writer term by term."""

    def __init__(self, tindex: Any, postfile: Any) -> None:
        self.tindex = tindex
        self.postfile = postfile
        self.blocks: list[bytes] = []
        self.rows: list[tuple[bytes, bytes]] = []
        self.restart()

    def restart(self) -> None:
        """Continue after whatever Whoosh wrote itself."""
        self.offset = self.postfile.tell()

    def add(self, key: bytes, block: bytes, info: bytes) -> None:
        """A term (its key: field id + UTF-8 text, keys ascending) with one posting block
        and its term info without the extent."""
        self.blocks.append(block)
        self.rows.append((key, info + _TERM_EXTENT.pack(self.offset, len(block))))
        self.offset += len(block)

    def flush(self) -> None:
        if not self.rows:
            return
        self.postfile.write(b"".join(self.blocks))
        tindex = self.tindex
        if self.rows[0][0] <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{self.rows[0][0]!r}")
        dbfile = tindex.dbfile
        position = dbfile.tell()
        hash_of = _md5_low32 if tindex.hashfn is md5_hash else tindex.hashfn
        buckets = tindex.buckets
        positions = []
        parts = []
        for key, value in self.rows:
            positions.append(position)
            parts += (_ROW_LENGTHS.pack(len(key), len(value)), key, value)
            hashed = hash_of(key)
            buckets[hashed & 255].append((hashed, position))
            position += 8 + len(key) + len(value)
        dbfile.write(b"".join(parts))
        _extend_growable(tindex.index, positions)
        tindex.lastkey = self.rows[-1][0]
        self.blocks.clear()
        self.rows.clear()


_HASH_SLOT = struct.Struct("!Iq")  # HashWriter: a slot of a hash table (hash, position)


def write_hashes(tindex: Any) -> None:
    """`HashWriter._write_hashes`: the 256 open-addressing tables of the term index, the same
    slots in the same bytes, packed one table at a time instead of one write per slot."""
    dbfile = tindex.dbfile
    position = dbfile.tell()
    tables = []
    for entries in tindex.buckets:
        numslots = 2 * len(entries)
        tindex.directory.append((position, numslots))
        slots: list[tuple[int, int] | None] = [None] * numslots
        for hashed, where in entries:
            slot = (hashed >> 8) % numslots
            while slots[slot] is not None:
                slot = (slot + 1) % numslots
            slots[slot] = (hashed, where)
        flat = [number for entry in slots for number in (entry or (0, 0))]
        tables.append(struct.pack(f"!{'Iq' * numslots}", *flat))
        position += numslots * _HASH_SLOT.size
    dbfile.write(b"".join(tables))


def _md5_low32(key: bytes) -> int:
    """`filetables.md5_hash` (the hash Whoosh's term index uses), without the hex round trip."""
    return int.from_bytes(hashlib.md5(key, usedforsecurity=False).digest()[12:], "big")


#: GrowableArray's type codes, each with the first number it cannot hold
_GROWABLE_LIMITS = {"H": 2**16, "i": 2**31, "I": 2**32}


def _extend_growable(growable: GrowableArray, numbers: list[int]) -> None:
    """`growable.extend(numbers)` for ascending numbers: whole runs at once, each number
    that does not fit appended alone so that Whoosh picks the same wider type."""
    while numbers:
        limit = _GROWABLE_LIMITS.get(growable.typecode) if isinstance(growable.array, array) \
            else None
        if limit is None:
            growable.extend(numbers)
            return
        fits = bisect.bisect_left(numbers, limit)
        growable.array.fromlist(numbers[:fits])
        if fits < len(numbers):
            growable.append(numbers[fits])
        numbers = numbers[fits + 1 :]


def _block(docnums: list[int], tfs: list[int], deltas: list[int], packed: bytes,
           start: int, end: int, top: int, bottom: int, total: int, low: int, high: int,
           compression: int) -> tuple[bytes, bytes]:
    """A term whose postings (`start:end` of the field's) fit one block: the bytes Whoosh
    3's start_term, add (per posting) and finish_term write — block header, pickled block
    info and data — and its term info row without the block's extent (`_TermRows.add`
    appends it); none of Whoosh's per-posting and per-call bookkeeping (the byte-identity
    test checks). `top`, `bottom`, `total`: the largest, smallest and summed tf; `low`,
    `high`: the length bytes of the shortest and longest field."""
    # tfs are small integers: as float32 weights (what Whoosh stores) they stay exact
    maxweight = float(top)
    if top == 1:
        mini_weights: Any = None
    elif bottom == top:
        mini_weights = maxweight
    else:
        mini_weights = tuple(map(float, tfs[start:end]))
    count = end - start
    data = dumps((tuple(deltas[start:end]), mini_weights, packed[4 * start : 4 * end]), 2)
    if compression:
        data = zlib.compress(data, compression)
    info = dumps((count, docnums[end - 1], maxweight, compression, low, high), 2)
    block = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(info) + len(data))), info, data))
    terminfo = W3TermInfo._struct.pack(False, float(total), count, low, high, maxweight,
                                       docnums[start], docnums[end - 1])
    return block, terminfo


def _fill_block(postwriter: Any, docnums: list[int], tfs: list[int], lengths: list[Any]) -> None:
    """Put one block of postings into Whoosh 3's postings writer at once: the buffer and
    statistics its `add_posting(docnum, float(tf), pack_uint(tf), length)` builds one by one."""
    postwriter._ids = array("I", docnums)
    postwriter._weights = array("f", tfs)
    postwriter._values = list(map(pack_uint, tfs))
    postwriter._maxweight = float(max(tfs))
    found = list(filter(None, map(lengths.__getitem__, docnums)))
    postwriter._minlength = min(found) if found else None
    postwriter._maxlength = max(found) if found else 0
