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

Runs are found by one regex (character classes built from scripts.SCRIPT_RANGES and the
Unicode categories), which re.split() returns with the separators between them; Python
only visits the runs that need more than "one word, one position".
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from typing import NamedTuple

from .normalize import base_lang, normalize
from .scripts import BIGRAM_CLASSES, MARK, NUM, has_astral, regex_class, word_class_ranges

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


_new_token = functools.partial(tuple.__new__, Token)
_ASCII_SPLIT_RE = re.compile("([A-Za-z0-9]+)")  # ASCII: letters are Latin, digits join them
_SPACES_RE = re.compile("[ \\t\\n\\r]+")


class _Patterns(NamedTuple):
    split: re.Pattern[str]  # (run (bigram-script run tail)), for re.split
    mark: re.Pattern[str]
    unit: re.Pattern[str]  # a bigram character: a base with its marks
    arabic: re.Pattern[str]  # an Arabic-script letter
    stray_zwnj: re.Pattern[str]  # a ZWNJ not between two Arabic-script letters


@functools.cache
def _patterns(astral: bool) -> _Patterns:
    """Regexes of the word classes; `astral` False gives classes without their astral part,
    for text without astral characters: re then tests each class with a single bitmap."""
    ranges = word_class_ranges(astral)

    def cls(*names: str) -> str:
        return "".join(regex_class(ranges.get(n, ()), bmp_only=not astral) for n in names)

    num, mark = cls(NUM), cls(MARK)
    scripts = sorted({n for n in ranges if n not in (NUM, MARK)} - BIGRAM_CLASSES,
                     key=lambda n: n != "latin")  # most text is Latin: try it first
    # A run starts with any word character (one class first: re then skips separators
    # fast); what follows depends on it (lookbehind). Letters of one script take marks and
    # digits; digits take marks and digits, then the letters of one script after them
    # ("4ghz"); a run that starts with a mark is "other". Bigram scripts take only their
    # letters and marks, captured by the inner group so that split() tells them apart.
    after_letter = "|".join(f"(?<=[{cls(s)}])[{cls(s)}{num}{mark}]*+" for s in scripts)
    letters = "|".join(f"[{cls(s)}][{cls(s)}{num}{mark}]*+" for s in scripts)
    bigram = "|".join(f"(?<=[{cls(s)}])[{cls(s)}{mark}]*+" for s in sorted(BIGRAM_CLASSES))
    arabic = cls("arabic")
    return _Patterns(
        split=re.compile(f"([{cls(*ranges)}](?:{after_letter}"
                         f"|(?<=[{num}])[{num}{mark}]*+(?:{letters})?"
                         f"|(?<=[{mark}])[{cls('other')}{num}{mark}]*+|({bigram})))"),
        mark=re.compile(f"[{mark}]"),
        unit=re.compile(f"(?s).[{mark}]*+"),
        arabic=re.compile(f"[{arabic}]"),
        stray_zwnj=re.compile(f"{ZWNJ}(?:(?<![{arabic}]{ZWNJ})|(?![{arabic}]))"),
    )


class _Runs(NamedTuple):
    words: list[str]  # every run, in order
    bigram: list[str | None]  # not None where run i is a bigram-script run; [] if none is
    seps: list[str]  # seps[i] lies between run i and run i + 1
    patterns: _Patterns | None  # None for ASCII text
    marks: bool  # whether bigram runs may hold marks (the text has some)


def _split(text: str) -> _Runs:
    """Normalised text → its runs (see _Runs)."""
    if text.isascii():  # ASCII: letters are Latin and digits join them
        parts = _ASCII_SPLIT_RE.split(text)
        return _Runs(parts[1::2], [], parts[2:-1:2], None, False)
    patterns = _patterns(has_astral(text))
    if ZWNJ in text:
        text = patterns.stray_zwnj.sub("", text)
    parts = patterns.split.split(text)
    bigram: list[str | None] = parts[2::3]
    if bigram.count(None) == len(bigram):  # ("" is the tail of a one-character run)
        bigram = []
    marks = bool(bigram) and patterns.mark.search(text) is not None
    return _Runs(parts[1::3], bigram, parts[3:-1:3], patterns, marks)


def _bigrams(run: str, patterns: _Patterns) -> list[str]:
    """Overlapping bigrams of characters, a character being a base with its marks (Thai
    vowel signs and tone marks, Khmer coeng …); one character alone is a unigram."""
    units: list[str] | str = run if patterns.mark.search(run) is None else (
        patterns.unit.findall(run))
    if len(units) == 1:
        return [run]
    return list(map(operator.add, units[:-1], units[1:]))


def segment_lists(text: str, lang: str) -> tuple[list[str], list[int]]:
    """segment() as two lists, surface forms and positions (no Token objects: faster)."""
    words, bigram, seps, patterns, marks = _split(normalize(text, lang))
    n = len(words)
    # Runs that need more than "one word, one position": bigram runs, compound heads and
    # (fa) words before a prefix/suffix written apart. Everything between is copied.
    special = set(itertools.compress(itertools.count(), map(CONNECTORS.__contains__, seps)))
    if bigram:
        is_bigram = map(operator.is_not, bigram, itertools.repeat(None))
        special.update(itertools.compress(itertools.count(), is_bigram))
    fa = patterns is not None and base_lang(lang) == "fa"
    if fa:
        affix = map(operator.or_, map(FA_PREFIXES.__contains__, words),
                    map(FA_SUFFIXES.__contains__, words[1:]))
        special.update(itertools.compress(itertools.count(), affix))
    if not special:
        return words, list(range(n))
    out: list[str] = []
    joined: list[int] = []  # indexes in `out` of joined forms (they take no position)
    i = 0
    for k in sorted(special):
        if k < i:  # inside a compound already emitted
            continue
        if k > i:
            out += words[i:k]
        i = k + 1
        word = words[k]
        if bigram and bigram[k] is not None:
            if len(word) == 1:
                out.append(word)
            elif marks:
                assert patterns is not None
                out += _bigrams(word, patterns)
            else:
                out += map(operator.add, word, word[1:])
            continue
        j = k
        while j + 1 < n and seps[j] in CONNECTORS and not (bigram and bigram[j + 1] is not None):
            j += 1
        if j > k:  # compound: joined form at the first part's position, then the parts
            parts = words[k:j + 1]
            joined.append(len(out))
            out.append("".join(parts))
            out += parts
            i = j + 1
            continue
        if fa and _persian_join(words, bigram, seps, k, patterns):
            joined.append(len(out))
            out.append(word + words[k + 1])
        out.append(word)
    out += words[i:]
    return out, _positions(len(out), joined)


def _positions(n: int, joined: list[int]) -> list[int]:
    """Positions of n tokens: one each, but a joined form shares the next token's."""
    positions = list(range(joined[0] + 1)) if joined else list(range(n))
    for m, start in enumerate(joined):
        end = joined[m + 1] + 1 if m + 1 < len(joined) else n
        positions += range(start - m, end - m - 1)
    return positions


def _persian_join(words: list[str], bigram: list[str | None], seps: list[str], k: int,
                  patterns: _Patterns | None) -> bool:
    """Whether lone word k and lone word k + 1, both Arabic script and apart only by spaces,
    are a prefix + word or word + suffix written apart (word k is known to be lone)."""
    if k + 1 >= len(words) or (bigram and bigram[k + 1] is not None):
        return False
    if (k + 2 < len(words) and seps[k + 1] in CONNECTORS
            and not (bigram and bigram[k + 2] is not None)):
        return False  # word k + 1 starts a compound
    a, b = words[k], words[k + 1]
    if not (a in FA_PREFIXES or b in FA_SUFFIXES) or _SPACES_RE.fullmatch(seps[k]) is None:
        return False
    assert patterns is not None
    return patterns.arabic.search(a) is not None and patterns.arabic.search(b) is not None


def segment(text: str, lang: str) -> list[Token]:
    """Normalise `text` and cut it into tokens with word positions (see module doc)."""
    surfaces, positions = segment_lists(text, lang)
    return list(map(_new_token, zip(surfaces, positions, strict=True)))


def tokens(text: str, lang: str) -> list[str]:
    """The surface forms of segment(text, lang), in order."""
    return segment_lists(text, lang)[0]
