"""Step 2 of the pipeline: normalised text → tokens (identical to runtime/analysis.js).

- A word is a run of letters, digits and marks (Unicode categories L, N, M) of one script;
  digits join the letters around them ("mp3", "4ghz"). Anything else separates words:
  spaces, punctuation, symbols, emoji, markup characters.
- Scripts written without spaces (Han + kana, Thai, Lao, Khmer, Myanmar) are cut into
  overlapping character bigrams (a character = a base letter with its marks); a run of one
  character is kept as a unigram.
- Compounds: words joined by a hyphen, an apostrophe or (between Arabic-script letters) a
  ZWNJ give the joined form first and then every part ("wi-fi" → wifi, wi, fi).
- Persian: a word written apart from a common prefix/suffix (همه کانالی, کتاب ها) also gives
  the joined form, so spaced, ZWNJ and solid spellings share a token.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from .normalize import base_lang, normalize
from .scripts import BIGRAM_CLASSES, script_of

ZWNJ = "\u200c"
CONNECTORS = frozenset({"-", "\u2010", "'", "\u2019", ZWNJ})
SPACES = frozenset({" ", "\t", "\n", "\r"})
# Persian prefixes and suffixes written solid, with a ZWNJ or with a space.
FA_PREFIXES = frozenset({"می", "نمی", "بی", "هم", "همه", "نا"})
FA_SUFFIXES = frozenset({
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان",
    "تر", "ترین", "ای", "ی", "ام", "ات", "اش", "مان", "تان", "شان", "اند", "ایم", "اید",
})


class Token(NamedTuple):
    text: str
    position: int


class _Run(NamedTuple):
    start: int  # code point index in the normalised text
    end: int  # exclusive
    cls: str  # script class ("latin", "cjk", …), "num" for digits only


def _word_class(ch: str) -> str | None:
    """None for separators, "mark", "num", or the letter's script class."""
    cat = unicodedata.category(ch)[0]
    if cat == "L":
        return script_of(ord(ch))
    if cat == "N":
        return "num"
    if cat == "M":
        return "mark"
    return None


def _drop_stray_zwnj(chars: list[str]) -> list[str]:
    """Keep a ZWNJ only between two Arabic-script letters; elsewhere it is ignorable."""
    out = []
    for i, ch in enumerate(chars):
        if ch == ZWNJ:
            prev = chars[i - 1] if i > 0 else ""
            nxt = chars[i + 1] if i + 1 < len(chars) else ""
            if not (prev and nxt and _word_class(prev) == "arabic" == _word_class(nxt)):
                continue
        out.append(ch)
    return out


def _runs(chars: list[str]) -> list[_Run]:
    runs: list[_Run] = []
    start, cls = -1, ""
    for i, ch in enumerate(chars):
        k = _word_class(ch)
        if k is None:
            if start >= 0:
                runs.append(_Run(start, i, cls))
                start = -1
            continue
        if start >= 0:
            if k == "mark" or k == cls:
                continue
            if k == "num" and cls not in BIGRAM_CLASSES:
                continue
            if cls == "num" and k not in BIGRAM_CLASSES:
                cls = k
                continue
            runs.append(_Run(start, i, cls))
        start, cls = i, ("other" if k == "mark" else k)
    if start >= 0:
        runs.append(_Run(start, len(chars), cls))
    return runs


def _bigrams(run: list[str]) -> list[str]:
    """Overlapping bigrams of characters, a character being a base with its marks (Thai
    vowel signs and tone marks, Khmer coeng …); one character alone is a unigram."""
    units: list[str] = []
    for ch in run:
        if units and unicodedata.category(ch)[0] == "M":
            units[-1] += ch
        else:
            units.append(ch)
    if len(units) == 1:
        return units
    return [units[i] + units[i + 1] for i in range(len(units) - 1)]


def segment(text: str, lang: str) -> list[Token]:
    """Normalise `text` and cut it into tokens with word positions (see module doc)."""
    chars = _drop_stray_zwnj(list(normalize(text, lang)))
    runs = _runs(chars)
    # (position, 0 = joined form / 1 = part, text), sorted at the end.
    out: list[tuple[int, int, str]] = []
    simple: list[tuple[int, int, str]] = []  # (run index, position, text) of lone words
    pos = 0
    i = 0
    while i < len(runs):
        run = runs[i]
        if run.cls in BIGRAM_CLASSES:
            for gram in _bigrams(chars[run.start:run.end]):
                out.append((pos, 1, gram))
                pos += 1
            i += 1
            continue
        parts = [run]
        while (i + 1 < len(runs) and runs[i + 1].cls not in BIGRAM_CLASSES
               and runs[i + 1].start == parts[-1].end + 1
               and chars[parts[-1].end] in CONNECTORS):
            i += 1
            parts.append(runs[i])
        words = ["".join(chars[p.start:p.end]) for p in parts]
        if len(words) > 1:
            out.append((pos, 0, "".join(words)))
        else:
            simple.append((i, pos, words[0]))
        for word in words:
            out.append((pos, 1, word))
            pos += 1
        i += 1
    if base_lang(lang) == "fa":
        out.extend(_persian_joins(chars, runs, simple))
    out.sort(key=lambda t: (t[0], t[1]))
    return [Token(t, p) for p, _, t in out]


def _persian_joins(chars: list[str], runs: list[_Run],
                   simple: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    joins = []
    for (ra, pa, wa), (rb, pb, wb) in zip(simple, simple[1:], strict=False):
        if rb != ra + 1 or pb != pa + 1:
            continue
        if runs[ra].cls != "arabic" or runs[rb].cls != "arabic":
            continue
        gap = chars[runs[ra].end:runs[rb].start]
        if gap and all(c in SPACES for c in gap) and (wa in FA_PREFIXES or wb in FA_SUFFIXES):
            joins.append((pa, 0, wa + wb))
    return joins


def tokens(text: str, lang: str) -> list[str]:
    """The surface forms of segment(text, lang), in order."""
    return [t.text for t in segment(text, lang)]
