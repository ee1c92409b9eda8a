"""kb_search.analysis: golden vectors (shared with node), invariants, and the JS runtime."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from kb_search import analysis
from kb_search.analysis import (
    MAX_QUERY_TERMS,
    normalize,
    query_terms,
    segment,
    stem,
    stemmer_name,
    terms,
    tokens,
)
from kb_search.analysis.build_tables import RUNTIME_DIR, runtime_data_texts
from kb_search.analysis.normalize import han_fold_map
from kb_search.analysis.stem import surfaces_and_stems

REPO = Path(__file__).resolve().parents[2]
VECTORS = json.loads((REPO / "search" / "vectors" / "analysis.json").read_text("utf-8"))
NODE = shutil.which("node") or "/usr/bin/node"


@pytest.mark.parametrize("case", VECTORS, ids=lambda c: f"{c['lang']}-{c['note']}")
def test_golden_vector(case: dict) -> None:
    got = terms(case["text"], case["lang"])
    assert [t.surface for t in got] == case["surface"]
    assert [t.position for t in got] == case["positions"]
    assert [t.stem for t in got] == case["stems"]
    assert query_terms(case["text"], case["lang"]) == case["query"]
    once = normalize(case["text"], case["lang"])
    assert normalize(once, case["lang"]) == once


def test_indexing_stems_each_word_once_with_the_same_stems() -> None:
    # Indexing passes its own surface → stem table; it must change nothing but the work.
    # (One table per index, so per language; "xx" has no stemmer.)
    memos: dict[str, dict[str, str]] = {}
    for case in [*VECTORS, {"text": "Words words wörds", "lang": "xx"}]:
        memo = memos.setdefault(case["lang"], {})
        plain = surfaces_and_stems(case["text"], case["lang"])
        assert surfaces_and_stems(case["text"], case["lang"], memo) == plain
        assert surfaces_and_stems(case["text"], case["lang"], memo) == plain  # memo hits
        assert {surface: memo[surface] for surface in plain[0]} == dict(zip(*plain, strict=True))


def test_accents_and_case_fold_away() -> None:
    assert tokens("Ρυθμίσεις ΚΩΔΙΚΌΣ", "el") == tokens("ρυθμισεις κωδικος", "el")
    assert tokens("Προϊόν ΐ", "el") == ["προιον", "ι"]
    assert tokens("Połączenie zażółć", "pl") == tokens("polaczenie zazolc", "pl")
    assert tokens("Straße Café", "de") == ["strasse", "cafe"]
    assert tokens("ＡＢＣ１２３", "en") == ["abc123"]


def test_persian_forms_find_each_other() -> None:
    forms = [set(query_terms(t, "fa")) for t in ("همه\u200cکانالی", "همهکانالی", "همه کانالی")]
    for a in forms:
        for b in forms:
            assert a & b
    assert normalize("كيـــك يَ ۱۲", "fa") == "کیک ی 12"


def test_persian_alef_madda_folds_but_not_in_arabic() -> None:
    # Searchers type آ as ا; precomposed, decomposed (ا + U+0653) and plain all meet.
    assert tokens("آمریکا آ\u0653ب", "fa") == tokens("امريكا اب", "fa") == ["امریکا", "اب"]
    assert query_terms("ازمایش آب", "fa") == query_terms("آزمایش اب", "fa")
    assert normalize("القرآن", "ar") == "القرآن"  # Arabic's Snowball stemmer reads آ itself
    assert normalize("آ", "en") == "ا"


def test_persian_question_words_and_auxiliaries_are_stop_words() -> None:
    # Questions as searchers type them: interrogatives, pronouns and the verb at the end
    # carry no topic; the Persian ones hide the topic words otherwise (BM25F's idf keeps ≥ 1).
    assert query_terms("چه کسانی در ایران درجه ارتشبدی دارند؟", "fa") == [
        "ایران", "درجه", "ارتشبدی"]
    assert query_terms("كدام سیاره به زمین نزديك است", "fa") == ["سیاره", "زمین", "نزدیک"]
    assert query_terms("آیا ویتامین ها مفید هستند؟", "fa") == ["ویتامینها", "ویتامین", "مفید"]
    # Written-apart affixes are dropped with them; a query of stop words alone is kept.
    assert query_terms("کتاب ها", "fa") == ["کتابها", "کتاب"]
    assert query_terms("چه کسی است", "fa") == ["چه", "کسی", "است"]


def test_persian_light_stemmer() -> None:
    # Snowball's persian merged unrelated words; ours leaves word-final ان ین ام گاه alone.
    for word in ("ویتامین", "بنزین", "سرطان", "شیرین", "دستگاه", "زمان", "تهران"):
        assert stem(word, "fa") == word
    assert stem("ویتامین", "fa") != stem("ویت", "fa")
    # It strips plural ها (with possessives), ezafe/indefinite ی and یی, at most twice.
    pairs = {"کتابها": "کتاب", "کتابهایشان": "کتاب", "کتابهایی": "کتاب", "سالی": "سال",
             "دریای": "دریا", "غذایی": "غذا", "ایرانیها": "ایران", "لانهی": "لانه"}
    for word, expected in pairs.items():
        assert stem(word, "fa") == expected, word
    # At least three letters stay; ی after گ belongs to the word (زندگی ← زنده).
    assert stem("ماهی", "fa") == "ماه" and stem("بوی", "fa") == "بوی" and stem("ها", "fa") == "ها"
    assert stem("زندگی", "fa") == "زندگی"
    # The three spellings of a plural share a stem, in index and query alike.
    stems = {t.stem for text in ("کتاب‌ها", "کتابها", "کتاب ها") for t in terms(text, "fa")
             if t.surface != "ها"}
    assert stems == {"کتاب"}
    # Latin words and digits are untouched.
    assert stem("wifi", "fa") == "wifi" and stem("123", "fa") == "123"
    assert stemmer_name("fa") == "persian-light"


def test_traditional_and_simplified_meet() -> None:
    assert tokens("藍牙耳機連線問題", "zh-TW") == tokens("蓝牙耳机连线问题", "zh")
    assert tokens("臺灣", "zh-TW") == tokens("台湾", "zh")


def test_separators_and_markup() -> None:
    assert query_terms("", "en") == []
    assert query_terms("<script>alert(1)</script>", "en") == ["script", "alert", "1"]
    assert tokens("wifi😀offline🎉", "en") == ["wifi", "offline"]


def test_stop_words_only_dropped_beside_other_terms() -> None:
    assert query_terms("how do I reset it", "en") == ["reset"]
    assert query_terms("how to", "en") == ["how", "to"]
    assert "如何" not in query_terms("如何重設密碼", "zh-TW")


def test_long_query_is_fast_and_bounded() -> None:
    text = ("réinitialiser le mot de passe 密碼重設 " * 400)[:10240]
    start = time.perf_counter()
    result = query_terms(text, "fr")
    assert time.perf_counter() - start < 0.5
    assert 0 < len(result) <= MAX_QUERY_TERMS
    words = " ".join(f"w{i}" for i in range(3000))
    assert len(query_terms(words, "en")) == MAX_QUERY_TERMS


def test_stems() -> None:
    assert stem("connected", "en") == stem("connection", "en") == "connect"
    assert stem("ρυθμισεισ", "el") == "ρυθμ"
    assert stem("کتابها", "fa") == "کتاب"
    assert stemmer_name("pt-BR") == "portuguese"
    assert stemmer_name("zh-TW") is None and stem("密码", "zh-TW") == "密码"
    assert stem("4ghz", "en") == "4ghz" and stem("123", "en") == "123"


def test_segment_positions() -> None:
    assert [(t.text, t.position) for t in segment("wi-fi ok", "en")] == [
        ("wifi", 0), ("wi", 0), ("fi", 1), ("ok", 2)]


def test_han_fold_table() -> None:
    fold = han_fold_map()
    assert 2000 < len(fold) < 10000
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in fold.items())
    assert not set(fold.values()) & set(fold)  # idempotent
    assert fold["臺"] == "台" and fold["碼"] == "码"


def test_runtime_data_is_generated_from_python() -> None:
    texts = runtime_data_texts()
    for name, text in texts.items():
        assert (RUNTIME_DIR / name).read_text("utf-8") == text, (
            "run: python -m kb_search.analysis.build_tables --runtime-only")
    on_disk = {p.name for p in RUNTIME_DIR.glob("analysis-data*.js")}
    assert on_disk == set(texts), "stale data files in search/runtime/"


def test_runtime_files_per_language() -> None:
    from kb_search.analysis.runtime import all_runtime_files
    assert analysis.runtime_files("en") == [
        "analysis-data.js", "analysis-data-en.js", "analysis.js", "search.js"]
    assert analysis.runtime_files("zh-TW") == [
        "analysis-data.js", "analysis-data-han.js", "analysis-data-zh.js", "analysis.js",
        "search.js"]
    assert analysis.runtime_files("ja") == [
        "analysis-data.js", "analysis-data-han.js", "analysis.js", "search.js"]
    assert analysis.runtime_files("fa")[1] == "analysis-data-fa.js"
    assert analysis.runtime_files("de") == ["analysis-data.js", "analysis.js", "search.js"]
    every = all_runtime_files()
    assert len(every) == len(set(every))
    assert set(runtime_data_texts()) | {"analysis.js", "search.js"} == set(every)
    for lang in ("en", "fa", "zh", "ja", "ko", "el", "pl", "de", "ar"):
        assert set(analysis.runtime_files(lang)) <= set(every)


def test_analysis_never_imports_kb_or_mkdocs() -> None:
    code = ("import sys, kb_search.analysis; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('kb', 'mkdocs')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO / "tests")


def _sweep_cases() -> list[list[str]]:
    """Every code point assigned in Python's Unicode version, alone, plus random strings."""
    cps = [cp for cp in range(0x110000)
           if unicodedata.category(chr(cp)) not in ("Cn", "Co", "Cs")]
    cases = [["en", chr(cp)] for cp in cps]
    rng = random.Random(7)
    pool = [chr(cp) for cp in cps if cp < 0x3400 or 0xF900 <= cp < 0x10000]
    pool += [" ", "\u200c", "-", "'"] * 200
    for lang in ("en", "fa", "ar", "el", "pl", "zh-TW", "th"):
        cases += [[lang, "".join(rng.choices(pool, k=12))] for _ in range(2000)]
    return cases


def test_js_agrees_on_every_code_point() -> None:
    cases = _sweep_cases()
    proc = subprocess.run([NODE, str(REPO / "tests" / "search" / "sweep.js")],
                          input=json.dumps(cases), capture_output=True, text=True, check=True)
    js = json.loads(proc.stdout)
    bad = []
    for (lang, text), got in zip(cases, js, strict=True):
        want = [normalize(text, lang), tokens(text, lang)]
        if got != want:
            bad.append((lang, [hex(ord(c)) for c in text], want, got))
    assert not bad, bad[:20]


def test_node_test_suite() -> None:
    proc = subprocess.run([NODE, "--test", "tests/search/"], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_public_api() -> None:
    for name in analysis.__all__:
        assert hasattr(analysis, name)
    assert analysis.surface_terms("Wi-Fi", "en") == [("wifi", 0), ("wi", 0), ("fi", 1)]
    assert analysis.index_terms("Connected", "en") == [("connected", "connect")]
