"""One field's postings and term index written straight into a Whoosh 3 segment.

`index.build_index` hands Whoosh's field writer the postings it gathered while analysing;
for the terms whose postings fit one block (nearly all), the bytes Whoosh's
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
from itertools import compress
from operator import itemgetter, sub
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.compat import dumps
from whoosh.filedb.filetables import md5_hash
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import GrowableArray


def write_field_terms(fieldwriter: Any, table: dict[str, dict[int, list[int]]],
                       stems: list[str], column: int, lengths: list[Any]) -> None:
    """The postings and term index rows of one field's `stems` (in byte order), as
    `FieldWriter.add_postings` writes them. Terms whose postings fit one block (nearly all)
    are encoded here and written in one piece per field; a one-document term's block and
    term info depend only on the document and tf, so they are made once per (doc, tf)."""
    postwriter = fieldwriter._postwriter
    postfile = fieldwriter._postfile
    limit = postwriter._blocklimit
    compression = postwriter._compression
    tf_of = itemgetter(column)
    key_prefix = pack_ushort(fieldwriter._fieldid)
    terms = _TermRows(fieldwriter._tindex, postfile)
    one_doc: dict[tuple[int, int], tuple[bytes, bytes]] = {}
    for text in stems:
        docs = table[text]
        if len(docs) == 1:
            ((docnum, tfs),) = docs.items()
            tf = tfs[column]  # not 0: the stem is in this field
            block = one_doc.get((docnum, tf))
            if block is None:
                block = one_doc[docnum, tf] = _single_block([docnum], [tf], lengths, compression)
            terms.add(key_prefix + text.encode("utf-8"), *block)
            continue
        tfs = list(map(tf_of, docs.values()))
        docnums = list(compress(docs, tfs))
        tfs = list(filter(None, tfs))
        if len(docnums) <= limit:
            terms.add(key_prefix + text.encode("utf-8"),
                      *_single_block(docnums, tfs, lengths, compression))
            continue
        terms.flush()  # Whoosh writes this term itself, after the ones gathered
        fieldwriter.start_term(text.encode("utf-8"))
        for start in range(0, len(docnums), limit):
            if start:  # a full block: written as add_posting does on the next posting
                postwriter._write_block()
            _fill_block(postwriter, docnums[start : start + limit],
                        tfs[start : start + limit], lengths)
        fieldwriter.finish_term()
        terms.restart()
    terms.flush()


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


def _single_block(docnums: list[int], tfs: list[int], lengths: list[Any],
                  compression: int) -> tuple[bytes, bytes]:
    """A term whose postings fit one block: the bytes Whoosh 3's start_term, add (per
    posting) and finish_term write — block header, pickled block info and data — and its
    term info row without the block's extent (`_TermRows.add` appends it); none of Whoosh's
    per-posting and per-call bookkeeping (the byte-identity test checks)."""
    # tfs are small integers: as float32 weights (what Whoosh stores) they stay exact
    maxweight = float(max(tfs))
    found = list(filter(None, map(lengths.__getitem__, docnums)))
    minlength = min(found) if found else None
    maxlength = max(found) if found else 0
    if maxweight == 1.0:
        mini_weights: Any = None
    elif tfs.count(tfs[0]) == len(tfs):
        mini_weights = maxweight
    else:
        mini_weights = tuple(map(float, tfs))
    count = len(docnums)
    deltas = tuple(map(sub, docnums, [0, *docnums]))
    data = dumps((deltas, mini_weights, struct.pack(f"!{count}I", *tfs)), 2)
    if compression:
        data = zlib.compress(data, compression)
    low, high = length_to_byte(minlength), length_to_byte(maxlength)
    info = dumps((count, docnums[-1], maxweight, compression, low, high), 2)
    block = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(info) + len(data))), info, data))
    terminfo = W3TermInfo._struct.pack(False, float(sum(tfs)), count, low, high, maxweight,
                                       docnums[0], docnums[-1])
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
