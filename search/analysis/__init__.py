"""kb_search.analysis: one text-analysis pipeline per language, for indexing and queries.

normalize → segment → (Python only) stem. runtime/analysis.js implements the same steps up
to the surface form; search/vectors/analysis.json proves both agree. See ANALYSIS.md.
"""

from .normalize import base_lang, normalize
from .runtime import runtime_files
from .segment import Token, segment, tokens
from .stem import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    STEMMERS,
    Term,
    index_terms,
    query_terms,
    stem,
    stemmer_name,
    stopwords,
    terms,
)

# Bump when any step changes the surface forms or stems: indexes built with another version
# must be rebuilt (the exporter records it, the runtime compares it).
PIPELINE_VERSION = 2


def surface_terms(text: str, lang: str) -> list[tuple[str, int]]:
    """(surface form, position) pairs: what runtime/analysis.js surfaceTerms() returns."""
    return [(t.text, t.position) for t in segment(text, lang)]


__all__ = [
    "MAX_QUERY_CHARS", "MAX_QUERY_TERMS", "PIPELINE_VERSION", "STEMMERS", "Term", "Token",
    "base_lang", "index_terms", "normalize", "query_terms", "runtime_files", "segment", "stem",
    "stemmer_name", "stopwords", "surface_terms", "terms", "tokens",
]
