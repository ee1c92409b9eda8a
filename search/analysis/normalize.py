"""Step 1 of the pipeline: text → normalised text (identical to runtime/analysis.js)."""

from __future__ import annotations

import functools
import itertools
import json
import operator
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, NamedTuple

from .scripts import BMP_END, MARK, SCRIPT_RANGES, has_astral, regex_class, word_class_ranges

HAN_FOLD_PATH = Path(__file__).with_name("han_fold.json")

# Default-ignorable characters deleted outright: soft hyphen, combining grapheme joiner,
# Arabic letter mark, Mongolian selectors, ZWJ, bidi marks and embeddings, word joiner and
# invisible operators, variation selectors, BOM, tags and combining marks for symbols
# (keycaps). ZWNJ (U+200C) is kept: segment() decides what it means.
IGNORABLE = (
    "\u00ad\u034f\u061c\u180b-\u180f\u200d-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\u20d0-\u20ff\ufe00-\ufe0f\ufeff\U000e0000-\U000e0fff"
)
_IGNORABLE_RE = re.compile(f"[{IGNORABLE}]")

# Combining diacritics removed when they sit on a Latin or Greek letter (accents, tonos,
# dialytika, ogonek, cedilla, iota subscript, …). Marks on other scripts stay (й, Indic vowels).
FOLD_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\ufe20-\ufe2f"
_FOLD_MARK_RE = re.compile(f"[{FOLD_MARKS}]")

# Latin letters that carry their "accent" without a Unicode decomposition.
LATIN_LETTERS = {
    "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe",
}

# Arabic script: tatweel, harakat (U+064B–U+065F) and superscript alef are deleted.
ARABIC_DELETE = "\u0640\u064b-\u065f\u0670"
_ARABIC_DELETE_RE = re.compile(f"[{ARABIC_DELETE}]")
# Letter variants customers type interchangeably. Persian (and every language but Arabic)
# folds to the Persian letters; Arabic folds to the Arabic ones.
ARABIC_LETTERS_DEFAULT = {
    "\u064a": "\u06cc", "\u0649": "\u06cc",  # Arabic yeh, alef maksura → Persian yeh
    "\u0643": "\u06a9",  # Arabic kaf → Persian keheh
    "\u06c0": "\u0647", "\u0629": "\u0647",  # heh with yeh, teh marbuta → heh
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",  # hamza/wasla alef → alef
    # Alef madda → alef: Persian searchers usually type آ as ا (امریکا, اب, ازمایش); Lucene's
    # Persian analyzer folds it too. Not for Arabic, whose Snowball stemmer handles آ itself.
    "\u0622": "\u0627",
}
ARABIC_LETTERS_AR = {
    "\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643",
    "\u06c0": "\u0647", "\u0629": "\u0647",
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
}
# Arabic-Indic (U+0660…) and Persian (U+06F0…) digits → ASCII digits, in every language.
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


@functools.lru_cache(maxsize=256)
def base_lang(lang: str) -> str:
    """'zh-TW' → 'zh', 'pt_BR' → 'pt', '' → ''."""
    return re.split(r"[-_]", (lang or "").strip().lower(), maxsplit=1)[0]


@functools.cache
def han_fold_map() -> dict[str, str]:
    """Traditional (and variant) Han character → Simplified, one code point to one."""
    data = json.loads(HAN_FOLD_PATH.read_text(encoding="utf-8"))
    return dict(zip(data["from"], data["to"], strict=True))


@functools.cache
def _table(lang: str) -> dict[int, str]:
    letters = ARABIC_LETTERS_AR if lang == "ar" else ARABIC_LETTERS_DEFAULT
    table = {ord(k): v for k, v in (DIGITS | letters | han_fold_map()).items()}
    return table


@functools.cache
def _bmp_table(lang: str) -> list[int | str]:
    """_table(lang) as a list indexed by code point, for text without astral characters:
    translate() looks a list up about twice as fast as a dict (past its end: unchanged)."""
    table = _table(lang)
    return [table.get(cp, cp) for cp in range(max(k for k in table if k <= BMP_END) + 1)]


@functools.cache
def _table_re(lang: str) -> re.Pattern[str]:
    """Matches any BMP character that _table(lang) maps (to skip translate() when none; re
    tests a class's astral ranges one by one, slowly: text with astral characters is always
    translated)."""
    return re.compile(f"[{regex_class(_ranges(_table(lang)), bmp_only=True)}]")


def _ranges(cps: Iterable[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for cp in sorted(cps):
        if out and out[-1][1] + 1 == cp:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


@functools.cache
def _unstable_re(astral: bool) -> re.Pattern[str]:
    """re.split() pattern capturing each run of characters that NFC or NFKC may change.

    A character is stable when NFC and NFKC keep it, its combining class is 0 and it cannot
    be the second character of a composition (Unicode's quick check "Yes"): normalising never
    reorders or composes across it, so NFKC(a + b) = NFKC(a) + NFKC(b) when b starts with
    one. Unstable (a superset, to be safe): any other character and the Hangul jamo."""
    chars = list(map(chr, range(0x110000 if astral else 0x10000)))
    decomposable = [ch for ch, d in zip(chars, map(unicodedata.decomposition, chars),
                                        strict=True) if d]
    unstable = set(range(0x1100, 0x1200))  # Hangul jamo compose algorithmically
    unstable.update(cp for cp, ccc in enumerate(map(unicodedata.combining, chars)) if ccc)
    for ch in decomposable:
        decomposition = unicodedata.decomposition(ch)
        if (unicodedata.normalize("NFKC", ch) != ch
                or unicodedata.normalize("NFC", ch) != ch):
            unstable.add(ord(ch))
        parts = decomposition.split()
        if not decomposition.startswith("<") and len(parts) == 2:
            unstable.add(int(parts[1], 16))  # may compose with the character before it
    return re.compile(f"([{regex_class(_ranges(unstable), bmp_only=not astral)}]+)")


_last_char = operator.itemgetter(slice(-1, None))
_but_last_char = operator.itemgetter(slice(None, -1))


def _normalize_spans(form: Literal["NFC", "NFKC"], text: str) -> str:
    """unicodedata.normalize(form, text), normalising only each run of unstable characters
    with the (stable) character before it: CPython normalises the whole text slowly as soon
    as one character needs a closer look (Persian hamza, full-width punctuation)."""
    if text.isascii():
        return text
    parts = _unstable_re(has_astral(text)).split(text)
    if len(parts) == 1:
        return text
    # parts = [stable, run, stable, run, …, stable]; runs are maximal, so every stable part
    # but the first is non-empty: move its last character into the run after it.
    stable = parts[0:-1:2]
    runs = map(operator.add, map(_last_char, stable), parts[1::2])
    normalized = map(functools.partial(unicodedata.normalize, form), runs)
    pieces = itertools.chain.from_iterable(zip(map(_but_last_char, stable), normalized,
                                                    strict=True))
    return "".join(pieces) + parts[-1]


# Any character _fold_latin_greek() could change (in NFD text): a fold mark or LATIN_LETTERS.
_FOLD_ANY_RE = re.compile(f"[{FOLD_MARKS}{''.join(LATIN_LETTERS)}]")


class _FoldPatterns(NamedTuple):
    single: re.Pattern[str]  # a lone fold mark right after a Latin/Greek base
    run: re.Pattern[str]  # a run of marks after a Latin/Greek base holding a fold mark


@functools.cache
def _fold_patterns(astral: bool) -> _FoldPatterns:
    """The fold regexes; `astral` False: for text without astral characters (faster)."""
    classes = word_class_ranges(astral)
    marks = {cp for a, b in classes[MARK] for cp in range(a, b + 1)}
    # A base is any non-mark character: it switches folding on (Latin, Greek) or off.
    lg = [cp for a, b, s in SCRIPT_RANGES if s in ("latin", "greek")
          for cp in range(a, b + 1) if cp not in marks]
    base = regex_class(_ranges(lg))
    mark = regex_class(classes[MARK], bmp_only=not astral)
    return _FoldPatterns(
        single=re.compile(f"[{FOLD_MARKS}](?<=[{base}].)(?![{mark}])"),
        run=re.compile(f"(?<=[{base}])[{mark}]*?[{FOLD_MARKS}][{mark}]*+"),
    )


def _strip_fold_marks(match: re.Match[str]) -> str:
    return _FOLD_MARK_RE.sub("", match.group())


def _fold_latin_greek(text: str) -> str:
    """Delete FOLD_MARKS whose base letter is Latin or Greek; map LATIN_LETTERS.

    Walking the NFD text: a non-mark character switches folding on when it is in a Latin or
    Greek range, off otherwise; fold marks are deleted while folding is on. With regexes: a
    fold mark is deleted when the run of marks it belongs to follows a Latin/Greek base."""
    decomposed = unicodedata.normalize("NFD", text)
    if _FOLD_ANY_RE.search(decomposed) is None:  # nothing to change: NFC(NFD(t)) = NFC(t)
        return _normalize_spans("NFC", text)
    patterns = _fold_patterns(has_astral(decomposed))
    out = patterns.single.sub("", decomposed)
    if _FOLD_MARK_RE.search(out) is not None:
        out = patterns.run.sub(_strip_fold_marks, out)
    for letter, replacement in LATIN_LETTERS.items():  # faster than translate()
        if letter in out:
            out = out.replace(letter, replacement)
    return unicodedata.normalize("NFC", out)


def normalize(text: str, lang: str) -> str:
    """NFKC, lower case + ß→ss + ς→σ, Latin/Greek accent folding, Arabic-script folding,
    ASCII digits, Han → Simplified. Separators are kept; see ANALYSIS.md."""
    text = _normalize_spans("NFKC", text or "")
    text = _IGNORABLE_RE.sub("", text)
    text = text.lower().replace("ß", "ss").replace("ς", "σ")
    if not text.isascii():
        text = _fold_latin_greek(text)
        text = _ARABIC_DELETE_RE.sub("", text)
        table = "ar" if base_lang(lang) == "ar" else ""
        if has_astral(text):
            text = text.translate(_table(table))
        elif _table_re(table).search(text) is not None:
            text = text.translate(_bmp_table(table))
    return text
