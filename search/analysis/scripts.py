"""Character classes shared by the Python and JavaScript pipelines.

The range table is the single source of truth: build_tables.py copies it into
runtime/analysis-data.js so the browser classifies characters exactly as we do.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import unicodedata

# Scripts written without spaces: runs of them are cut into overlapping character bigrams.
# "cjk" is one class on purpose: Japanese mixes Han, Hiragana and Katakana inside one word.
BIGRAM_CLASSES = frozenset({"cjk", "thai", "lao", "khmer", "myanmar"})

# (first, last, class), sorted, not overlapping. Letters outside these ranges are "other".
SCRIPT_RANGES: list[tuple[int, int, str]] = [
    (0x0041, 0x005A, "latin"),
    (0x0061, 0x007A, "latin"),
    (0x00AA, 0x00AA, "latin"),
    (0x00BA, 0x00BA, "latin"),
    (0x00C0, 0x02AF, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0870, 0x08FF, "arabic"),
    (0x0E00, 0x0E7F, "thai"),
    (0x0E80, 0x0EFF, "lao"),
    (0x1000, 0x109F, "myanmar"),
    (0x1780, 0x17FF, "khmer"),
    (0x19E0, 0x19FF, "khmer"),
    (0x1C80, 0x1C8F, "cyrillic"),
    (0x1D00, 0x1DBF, "latin"),
    (0x1E00, 0x1EFF, "latin"),
    (0x1F00, 0x1FFF, "greek"),
    (0x2C60, 0x2C7F, "latin"),
    (0x2DE0, 0x2DFF, "cyrillic"),
    (0x2E80, 0x2FDF, "cjk"),
    (0x3005, 0x3007, "cjk"),
    (0x3021, 0x3029, "cjk"),
    (0x3031, 0x3035, "cjk"),
    (0x3038, 0x303C, "cjk"),
    (0x3040, 0x30FF, "cjk"),
    (0x31F0, 0x31FF, "cjk"),
    (0x3400, 0x4DBF, "cjk"),
    (0x4E00, 0x9FFF, "cjk"),
    (0xA640, 0xA69F, "cyrillic"),
    (0xA720, 0xA7FF, "latin"),
    (0xA9E0, 0xA9FF, "myanmar"),
    (0xAA60, 0xAA7F, "myanmar"),
    (0xAB30, 0xAB6F, "latin"),
    (0xF900, 0xFAFF, "cjk"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0xFF21, 0xFF3A, "latin"),
    (0xFF41, 0xFF5A, "latin"),
    (0xFF66, 0xFF9F, "cjk"),
    (0x1AFF0, 0x1B16F, "cjk"),
    (0x20000, 0x323AF, "cjk"),
]

_STARTS = [r[0] for r in SCRIPT_RANGES]


def script_of(cp: int) -> str:
    """The script class of a letter's code point: latin, greek, cjk, thai, … or other."""
    i = bisect.bisect_right(_STARTS, cp) - 1
    if i >= 0 and cp <= SCRIPT_RANGES[i][1]:
        return SCRIPT_RANGES[i][2]
    return "other"


# Word classes used by segment(): one per script class for letters (category L), plus these.
NUM = "num"  # category N
MARK = "mark"  # category M
BMP_END = 0xFFFF


@functools.cache
def word_class_ranges(astral: bool = True) -> dict[str, tuple[tuple[int, int], ...]]:
    """(first, last) code point ranges of every word class: each script class's letters,
    NUM and MARK, for Python's Unicode version; only the BMP ones with `astral` False.
    Built once, then cached (all of Unicode: 0.2 s; the BMP: 0.02 s)."""
    cats = list(map(unicodedata.category, map(chr, range(0x110000 if astral else 0x10000))))
    out: dict[str, list[tuple[int, int]]] = {}
    start = 0
    for cat, group in itertools.groupby(cats):
        end = start + len(list(group))  # exclusive
        kind = cat[0]
        if kind == "N" or kind == "M":
            _add(out, NUM if kind == "N" else MARK, start, end - 1)
        elif kind == "L":
            cp = start
            while cp < end:  # cut the run at script range boundaries
                i = bisect.bisect_right(_STARTS, cp) - 1
                if i >= 0 and cp <= SCRIPT_RANGES[i][1]:
                    last = min(end - 1, SCRIPT_RANGES[i][1])
                else:
                    nxt = _STARTS[i + 1] if i + 1 < len(_STARTS) else end
                    last = min(end, nxt) - 1
                _add(out, script_of(cp), cp, last)
                cp = last + 1
        start = end
    return {k: tuple(v) for k, v in out.items()}


def _add(out: dict[str, list[tuple[int, int]]], cls: str, first: int, last: int) -> None:
    ranges = out.setdefault(cls, [])
    if ranges and ranges[-1][1] + 1 == first:
        ranges[-1] = (ranges[-1][0], last)
    else:
        ranges.append((first, last))


def has_astral(text: str) -> bool:
    """Whether `text` has a character above U+FFFF (UTF-16 needs a surrogate pair for it)."""
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)


def regex_class(ranges: list[tuple[int, int]] | tuple[tuple[int, int], ...],
                bmp_only: bool = False) -> str:
    """The inside of a regex character class matching `ranges` (optionally only their BMP
    part: re tests a class's BMP part with one bitmap but its astral ranges one by one)."""
    parts = []
    for first, last in ranges:
        if bmp_only:
            if first > BMP_END:
                continue
            last = min(last, BMP_END)
        parts.append(_class_char(first) if first == last
                     else f"{_class_char(first)}-{_class_char(last)}")
    return "".join(parts)


def _class_char(cp: int) -> str:
    """A code point inside a regex class: the character itself (re parses that much faster
    than an escape), escaped when special."""
    ch = chr(cp)
    return "\\" + ch if ch in "\\]^-[" else ch
