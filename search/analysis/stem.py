"""Step 3: stems (Python only, decided at build time) and stop words."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import snowballstemmer

from .normalize import base_lang, normalize
from .scripts import BIGRAM_CLASSES, script_of
from .segment import segment, segment_lists

STOPWORDS_DIR = Path(__file__).with_name("stopwords")
STOPWORD_LANGS = ("el", "en", "fa", "pl", "zh")
# Queries are cut to this many code points and keep at most this many distinct terms.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 32

# kb language code (BCP 47 primary subtag) → Snowball algorithm.
STEMMERS = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "eo": "esperanto", "es": "spanish", "et": "estonian",
    "eu": "basque", "fa": "persian-light", "fi": "finnish", "fr": "french", "ga": "irish",
    "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "nb": "norwegian", "ne": "nepali", "nl": "dutch", "nn": "norwegian",
    "no": "norwegian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "st": "sesotho", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish",
}


# Persian: a light stemmer of our own instead of Snowball's "persian", which strips ان ین ام
# گاه … off word stems and merges unrelated words (ویتامین → ویت, بنزین → بنز, سرطان → سرط,
# شیرین → شیر, دستگاه → دست, ایرانی → ایر). Only inflection that is unambiguous enough is
# removed: the plural ها with its possessive endings, and ی / یی (ezafe, indefinite,
# adjectives: سالی → سال, دریای → دریا, غذایی → غذا), at most twice (کتابهایی → کتاب), leaving
# at least FA_STEM_MIN letters; ی after گ is kept (زندگی, خستگی come from زنده, خسته).
FA_STEM_SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های",
                    "ها", "یی", "ی")
FA_STEM_MIN = 3


def persian_light_stem(word: str) -> str:
    """The stem of a normalised Persian word (see FA_STEM_SUFFIXES)."""
    for _ in range(2):
        for suffix in FA_STEM_SUFFIXES:
            if (word.endswith(suffix) and len(word) - len(suffix) >= FA_STEM_MIN
                    and not (suffix == "ی" and word[-2] == "گ")):
                word = word[:-len(suffix)]
                break
        else:
            break
    return word


class _LightStemmer:
    """A stemmer of ours with Snowball's stemWord() interface."""

    def __init__(self, function: Callable[[str], str]) -> None:
        self.stemWord = function


# Algorithms of our own, by name (STEMMERS values that Snowball does not have).
OWN_STEMMERS: dict[str, Callable[[str], str]] = {"persian-light": persian_light_stem}


class Term(NamedTuple):
    surface: str
    stem: str
    position: int


@functools.lru_cache(maxsize=256)
def stemmer_name(lang: str) -> str | None:
    """The stemming algorithm used for `lang` (Snowball's, or one of OWN_STEMMERS), or None
    (no stemming)."""
    name = STEMMERS.get(base_lang(lang))
    return name if name in OWN_STEMMERS or name in snowballstemmer.algorithms() else None


# Distinct words remembered per stemmer: a help center's vocabulary fits; a larger one
# still hits on its frequent words (lru_cache evicts the least recently used).
STEM_CACHE_SIZE = 1 << 17


@functools.cache
def _stem_function(name: str) -> Callable[[str], str]:
    """stem() for one algorithm (Snowball or OWN_STEMMERS), memoised per word."""
    stemmer = (_LightStemmer(OWN_STEMMERS[name]) if name in OWN_STEMMERS
               else snowballstemmer.stemmer(name))

    @functools.lru_cache(maxsize=STEM_CACHE_SIZE)
    def stem_word(word: str) -> str:
        if not word.isalpha() and not any(ch.isalpha() for ch in word):  # (most words are)
            return word
        if script_of(ord(word[0])) in BIGRAM_CLASSES:
            return word
        return stemmer.stemWord(word) or word

    return stem_word


def stem(word: str, lang: str) -> str:
    """Stem of a surface form (an output of tokens()). Digits and bigram-script tokens are
    their own stems; languages without a Snowball stemmer keep the surface form."""
    name = stemmer_name(lang)
    return word if name is None else _stem_function(name)(word)


_new_term = functools.partial(tuple.__new__, Term)


def terms(text: str, lang: str) -> list[Term]:
    """Tokens with their stems and word positions: what the index stores."""
    surfaces, positions = segment_lists(text, lang)
    name = stemmer_name(lang)
    stems = surfaces if name is None else list(map(_stem_function(name), surfaces))
    return list(map(_new_term, zip(surfaces, stems, positions, strict=True)))


def surfaces_and_stems(text: str, lang: str, memo: dict[str, str] | None = None
                       ) -> tuple[list[str], list[str]]:
    """The surface forms and the stems of terms(text, lang), as two lists: what indexing
    needs, without the positions and the Term tuples (~1.4M of them for 1,000 articles).

    `memo`: surface → stem of the words seen so far, completed here. Indexing passes its
    table: every distinct word is stemmed once, however large the vocabulary (a bounded
    cache thrashes on one: 1.25M stemmings for 422k words in 10,000 articles)."""
    surfaces = segment_lists(text, lang)[0]
    name = stemmer_name(lang)
    if name is None:
        if memo is not None:
            memo.update(zip(surfaces, surfaces, strict=True))
        return surfaces, surfaces
    stem_word = _stem_function(name)
    if memo is None:
        return surfaces, list(map(stem_word, surfaces))
    new_words = set(surfaces).difference(memo)
    if new_words:
        stem_word = stem_word.__wrapped__  # the memo remembers them: no second cache
        for word in new_words:
            memo[word] = stem_word(word)
    return surfaces, list(map(memo.__getitem__, surfaces))


def index_terms(text: str, lang: str) -> list[tuple[str, str]]:
    """(surface form, stem) pairs in text order; the exporter ships the surface → stem map."""
    return [(t.surface, t.stem) for t in terms(text, lang)]


@functools.cache
def stopwords(lang: str) -> frozenset[str]:
    """The normalised stop words of a language (empty for languages without a list)."""
    path = STOPWORDS_DIR / f"{base_lang(lang)}.txt"
    if not path.is_file():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(normalize(line, lang))
    return frozenset(words)


def query_terms(text: str, lang: str) -> list[str]:
    """Distinct surface forms of a query, in order. Stop words are dropped when the query has
    other terms ("how to reset" → reset; "how to" stays). Bounded by MAX_QUERY_CHARS and
    MAX_QUERY_TERMS whatever the input."""
    seen: dict[str, None] = {}
    for token in segment((text or "")[:MAX_QUERY_CHARS], lang):
        seen.setdefault(token.text, None)
    words = list(seen)
    stop = stopwords(lang)
    content = [w for w in words if w not in stop]
    return (content or words)[:MAX_QUERY_TERMS]
