"""Which browser runtime files a page loads: the analysis data is split per language.

analysis-data.js (script ranges, which parts each language needs) is shared; the parts are
analysis-data-han.js (the Han fold map: zh, ja, ko) and analysis-data-<lang>.js (that
language's stop words; for fa also the Persian affixes). runtime/analysis.js throws if it
analyses a language whose parts are not loaded. build_tables.py writes the files.
"""

from __future__ import annotations

from .normalize import base_lang
from .stem import STOPWORD_LANGS

HAN_LANGS = ("ja", "ko", "zh")
# Languages with a part of their own: stop words, and the Persian affixes for fa.
LANG_PARTS = tuple(sorted({*STOPWORD_LANGS, "fa"}))
PARTS = ("han", *LANG_PARTS)


def data_parts(lang: str) -> list[str]:
    """The data parts (besides analysis-data.js) that analysing `lang` needs, in order."""
    base = base_lang(lang)
    return [*(["han"] if base in HAN_LANGS else []),
            *([base] if base in LANG_PARTS else [])]


def part_file(part: str) -> str:
    return f"analysis-data-{part}.js"


def runtime_files(lang: str) -> list[str]:
    """Runtime files (relative to search/runtime/) a page in `lang` loads, in load order."""
    return ["analysis-data.js", *map(part_file, data_parts(lang)), "analysis.js", "search.js"]


def all_runtime_files() -> list[str]:
    """Every runtime file, each once (what the site copies)."""
    return ["analysis-data.js", *map(part_file, PARTS), "analysis.js", "search.js"]
