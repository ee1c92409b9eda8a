"""Step 1 of the pipeline: text → normalised text (identical to runtime/analysis.js)."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

from .scripts import script_of

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
}
ARABIC_LETTERS_AR = {
    "\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643",
    "\u06c0": "\u0647", "\u0629": "\u0647",
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
}
# Arabic-Indic (U+0660…) and Persian (U+06F0…) digits → ASCII digits, in every language.
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


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


def _fold_latin_greek(text: str) -> str:
    """Delete FOLD_MARKS whose base letter is Latin or Greek; map LATIN_LETTERS."""
    decomposed = unicodedata.normalize("NFD", text)
    out: list[str] = []
    folding = False
    for ch in decomposed:
        if _FOLD_MARK_RE.match(ch):
            if not folding:
                out.append(ch)
            continue
        if not unicodedata.category(ch).startswith("M"):
            folding = script_of(ord(ch)) in ("latin", "greek")
        out.append(LATIN_LETTERS.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def normalize(text: str, lang: str) -> str:
    """NFKC, lower case + ß→ss + ς→σ, Latin/Greek accent folding, Arabic-script folding,
    ASCII digits, Han → Simplified. Separators are kept; see ANALYSIS.md."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _IGNORABLE_RE.sub("", text)
    text = text.lower().replace("ß", "ss").replace("ς", "σ")
    if not text.isascii():
        text = _fold_latin_greek(text)
        text = _ARABIC_DELETE_RE.sub("", text)
        text = text.translate(_table("ar" if base_lang(lang) == "ar" else ""))
    return text
