"""The batched postings encoder writes, stem for stem, what the plain per-stem code writes."""

from __future__ import annotations

import random

import pytest
from kb_search import bulk_postings
from kb_search.export import SCORE_SCALE, _by_field, _encoded, _stored_scores, field_norms
from kb_search.index import BM25_K1, FIELDS

WEIGHTS = [weight for _, weight, _ in FIELDS]


def random_table(rng: random.Random, count: int, stems: int) -> dict[str, dict[int, list[int]]]:
    table: dict[str, dict[int, list[int]]] = {}
    for number in range(stems):
        size = rng.choice([1, 1, 1, 2, 3, rng.randint(1, 300)])
        docs = sorted(rng.sample(range(count), size))
        rows = {}
        for doc in docs:
            tfs = [rng.choice([0, 0, 0, 1, 2, rng.randint(1, 400)]) for _ in FIELDS]
            if not any(tfs):
                tfs[rng.randrange(len(FIELDS))] = rng.randint(1, 3)
            rows[doc] = tfs
        table[f"s{number}"] = rows
    return table


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bulk_encoding_equals_the_plain_encoding(seed: int, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    """Scores to the last bit and numerals of every width: doc deltas past 26³ (four base-26
    digits), scores past 36³ (the 900 tf), one-document stems, and batches cut mid-table."""
    rng = random.Random(seed)
    count = 20_000
    table = random_table(rng, count, 400)
    table["wide"] = {0: [0, 0, 0, 0, 1], 18_000: [900, 0, 0, 0, 0], 19_999: [1, 1, 1, 1, 1]}
    lengths = [[rng.choice([0, 1, rng.randint(0, 5000)]) for _ in FIELDS] for _ in range(count)]
    averages = [sum(column) / count or 1 for column in zip(*lengths, strict=True)]
    norms = field_norms(lengths, averages)
    monkeypatch.setattr(bulk_postings, "BATCH_POSTINGS", 997)
    stems = sorted(table)
    flat = bulk_postings.FlatPostings.of_table(table, len(FIELDS))
    assert flat.stems == stems
    got = bulk_postings.encoded_postings(flat, count, norms, WEIGHTS, BM25_K1 + 1, SCORE_SCALE)
    by_field = _by_field(norms)  # what encode_postings(stem_scores(…)) computes per stem
    expected = [_encoded(list(table[stem]), _stored_scores(list(table[stem]),
                                                           list(table[stem].values()), count,
                                                           by_field))
                for stem in stems]
    assert got == expected
    assert any(value.count("|") == 1 and len(value) > 12 for value in got)


def test_batches_cover_every_stem_once() -> None:
    table = {f"s{n:03}": dict.fromkeys(range(size), [0, 0, 0, 0, 1])
             for n, size in enumerate([1, 5, 2, 9, 1, 1, 30, 2])}
    flat = bulk_postings.FlatPostings.of_table(table, len(FIELDS))
    for limit in (1, 3, 8, 100):
        batches = list(flat.batches(limit))
        assert [i for part in batches for i in range(part.start, part.stop)] == list(range(8))
        assert all(part.stop - part.start == 1 or sum(flat.sizes[part]) <= limit
                   for part in batches)


def test_a_stem_without_postings_is_refused() -> None:
    with pytest.raises(ValueError, match="without postings"):
        bulk_postings.FlatPostings.of_table({"a": {}}, len(FIELDS))


def test_postings_gathered_by_document_equal_the_table() -> None:
    """Documents' postings (stems numbered in any way) become the arrays of the table."""
    rng = random.Random(9)
    table = random_table(rng, 500, 120)
    numbers = {stem: rng.randrange(10**6) for stem in table}  # distinct with this seed
    assert len(set(numbers.values())) == len(numbers)
    docnums, sizes, stem_numbers, tfs = [], [], [], []
    for doc in range(500):
        here = [stem for stem in rng.sample(sorted(table), len(table)) if doc in table[stem]]
        if here:
            docnums.append(doc)
            sizes.append(len(here))
            stem_numbers += [numbers[stem] for stem in here]
            tfs += [table[stem][doc] for stem in here]
    flat = bulk_postings.FlatPostings.of_documents(docnums, sizes, numbers, stem_numbers, tfs,
                                                   len(FIELDS))
    expected = bulk_postings.FlatPostings.of_table(table, len(FIELDS))
    assert flat.stems == expected.stems
    assert (flat.docnums == expected.docnums).all() and (flat.tfs == expected.tfs).all()
    assert flat.table() == table
