"""Throughput of kb_search.analysis.terms() (normalise + segment + stem, stem cache warm).

Usage: python bench/analysis_speed.py [--mb 5] [--doc-kb 8] [--repeat 3] [--only NAME ...]

Prints MB/s (UTF-8 bytes of input per second, best of --repeat) for
- the sample help center: every content/<lang>/**/*.md body (front matter dropped), per lang;
- a synthetic text of --mb MB per script (Latin, Greek, Persian, Han, Thai), cut into
  documents of --doc-kb kB as the indexer sees them.
Targets: >= 5 MB/s for Latin, Greek and Persian, >= 2 MB/s for CJK.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
try:
    from kb_search.analysis import terms
except ImportError:  # not installed: import the source tree as kb_search
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "kb_search", REPO / "search" / "__init__.py",
        submodule_search_locations=[str(REPO / "search")])
    assert spec and spec.loader
    sys.modules["kb_search"] = module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from kb_search.analysis import terms


def body(path: Path) -> str:
    text = path.read_text("utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5:]
    return text


def sample_docs() -> dict[str, list[str]]:
    docs: dict[str, list[str]] = {}
    for lang_dir in sorted((REPO / "content").iterdir()):
        if lang_dir.is_dir():
            docs[lang_dir.name] = [body(p) for p in sorted(lang_dir.rglob("*.md"))]
    return docs


def _vocab(rng: random.Random, alphabet: str, n: int, lo: int, hi: int) -> list[str]:
    return ["".join(rng.choices(alphabet, k=rng.randint(lo, hi))) for _ in range(n)]


def _spaced(rng: random.Random, vocab: list[str], seps: list[str], size: int) -> str:
    weights = [1 / (i + 1) for i in range(len(vocab))]  # Zipf-like
    out: list[str] = []
    total = 0
    while total < size:
        words = rng.choices(vocab, weights, k=1000)
        chunk = "".join(w + rng.choice(seps) for w in words)
        out.append(chunk)
        total += len(chunk.encode("utf-8"))
    return "".join(out)


def synthetic(name: str, size: int) -> str:
    rng = random.Random(42)
    seps = [" "] * 12 + [", ", ". ", "\n", "\n\n## ", " **", "** ", "-", " (", ") ", "`"]
    if name == "Latin":
        letters = "abcdefghijklmnoprstuwyzeaioeaio" * 4 + "ąćęłńóśźżéèüößç" + "ABCDEMPW"
        vocab = _vocab(rng, letters, 20000, 1, 12) + ["wi-fi", "mp3", "4ghz", "don't", "2024"]
    elif name == "Greek":
        letters = "αβγδεζηθικλμνξοπρστυφχψωςαεηιουω" * 3 + "άέήίόύώϊΐ" + "ΑΒΓΔΕΣΩ"
        vocab = _vocab(rng, letters, 20000, 1, 12)
    elif name == "Persian":
        letters = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی" * 3 + "يكةآأ" + "ۀ"
        vocab = _vocab(rng, letters, 20000, 1, 9)
        vocab += ["می\u200cشود", "همه\u200cکانالی", "کتاب\u200cها", "می", "ها", "۱۲۳"]
    elif name == "Han":
        chars = [chr(cp) for cp in range(0x4E00, 0x4E00 + 3000)] + list("臺灣碼線問題設密連")
        text = []
        total = 0
        puncts = ["，", "。", "、", "「", "」", " ", "\n", "：", " Wi-Fi ", " 2.4GHz "]
        while total < size:
            run = "".join(rng.choices(chars, k=rng.randint(2, 30))) + rng.choice(puncts)
            text.append(run)
            total += len(run.encode("utf-8"))
        return "".join(text)
    elif name == "Thai":
        cons = "กขคงจฉชซญดตถทธนบปผพฟมยรลวสหอฮ"
        marks = "ัิีึืุู่้๊๋็์"
        vowels = "ะาำเแโใไ"
        syll = [c + m + v for c in cons for m in ["", *marks] for v in ["", *vowels]]
        vocab = ["".join(rng.choices(syll, k=rng.randint(2, 8))) for _ in range(5000)]
        return _spaced(rng, vocab, [" ", " ", "\n", "\u200b", " ", "ๆ "], size)
    else:
        raise ValueError(name)
    return _spaced(rng, vocab, seps, size)


SYNTHETIC = {"Latin": "en", "Greek": "el", "Persian": "fa", "Han": "zh-TW", "Thai": "th"}


def chunks(text: str, doc_chars: int) -> list[str]:
    out = []
    i = 0
    while i < len(text):
        j = text.find(" ", i + doc_chars)
        j = len(text) if j < 0 else j
        out.append(text[i:j])
        i = j
    return out


def rate(docs: list[str], lang: str, repeat: int,
         fn: Callable[[str, str], object] = terms) -> tuple[float, float]:
    """(MB/s, MB): best of `repeat` timed passes after one warm-up pass."""
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    for d in docs:  # warm the stem cache
        fn(d, lang)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for d in docs:
            fn(d, lang)
        best = min(best, time.perf_counter() - started)
    return size / best, size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--doc-kb", type=float, default=8.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="sample langs / script names to run")
    args = parser.parse_args()
    wanted = set(args.only or [])
    print(f"{'corpus':<22}{'lang':<7}{'MB':>7}{'MB/s':>9}")
    for lang, docs in sample_docs().items():
        if wanted and lang not in wanted:
            continue
        mbps, mb = rate(docs, lang, max(args.repeat, 10))
        print(f"{'sample ' + lang:<22}{lang:<7}{mb:7.2f}{mbps:9.2f}")
    for name, lang in SYNTHETIC.items():
        if wanted and name not in wanted:
            continue
        docs = chunks(synthetic(name, int(args.mb * 1e6)), int(args.doc_kb * 1000))
        mbps, mb = rate(docs, lang, args.repeat)
        print(f"{'synthetic ' + name:<22}{lang:<7}{mb:7.2f}{mbps:9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
