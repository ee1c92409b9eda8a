"""The browser runtime (search/runtime/search.js) against the reference reader (client.py).

Builds small indexes (en, el, fa, zh-TW; ~40 synthetic docs each, some FAQ questions),
runs ~50 queries per language through kb_search.client.ClientIndex, writes the expected
results as JSON and has `node --test tests/search/runtime.test.js` check that the JS engine
returns the same ids, order, scores (1e-9 relative), display fields and expansions.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from kb_search.client import ClientIndex
from kb_search.export import export_index
from kb_search.index import SearchDoc, build_index

from tests.helpers import REPO

NODE = shutil.which("node") or "/usr/bin/node"
RUNTIME_TEST = REPO / "tests" / "search" / "runtime.test.js"
DOCS_PER_LANG = 40



def spaced(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Word families (inflected forms share a Snowball stem) and stop words to mix in.
VOCAB: dict[str, tuple[str, ...]] = {
    "en": spaced(
        "router routers routing connect connected connection connections connecting printer "
        "printers printing print printed invoice invoices invoicing billing bill bills "
        "password passwords reset resetting account accounts notification notifications "
        "notify email emails subscription subscriptions subscribe cable cables wireless "
        "network networks refund refunds refunded payment payments pay device devices "
        "restart restarted install installation installing update updates updated backup "
        "backups restore restoring security secure encryption encrypted firmware download "
        "downloads downloaded upload uploading storage calendar synchronize synchronization "
        "troubleshooting troubleshoot keyboard monitor display bluetooth headphones battery "
        "charging charger warranty replacement shipping delivery tracking language settings "
        "profile photo export exported import spreadsheet permission permissions administrator"
    ),
    "el": spaced(
        "εκτυπωτής εκτυπωτή εκτυπωτές εκτύπωση εκτυπώσεις τιμολόγιο τιμολόγια τιμολογίου "
        "λογαριασμός λογαριασμού λογαριασμοί κωδικός κωδικού κωδικοί πρόσβασης σύνδεση "
        "συνδέσεις συνδεδεμένος δρομολογητής δρομολογητή καλώδιο καλώδια επιστροφή "
        "επιστροφές χρημάτων πληρωμή πληρωμές συνδρομή συνδρομές ειδοποίηση ειδοποιήσεις "
        "ηλεκτρονικό ταχυδρομείο ρυθμίσεις ρύθμιση ασφάλεια ασφαλείας ενημέρωση ενημερώσεις "
        "εγκατάσταση εγκαταστάσεις αντίγραφο αντίγραφα επαναφορά μπαταρία φόρτιση φορτιστής "
        "εγγύηση αποστολή παράδοση γλώσσα προφίλ φωτογραφία εξαγωγή εισαγωγή δικαιώματα "
        "διαχειριστής πληκτρολόγιο οθόνη ακουστικά δίκτυο δίκτυα ασύρματο λήψη λήψεις"
    ),
    "fa": spaced(
        "چاپگر چاپگرها چاپ فاکتور فاکتورها صورتحساب گذرواژه گذرواژه‌ها حساب حساب‌ها "
        "کاربری روتر روترها کابل کابل‌ها اتصال اتصالات وصل شبکه شبکه‌ها بی‌سیم پرداخت "
        "پرداخت‌ها بازپرداخت پول اشتراک اشتراک‌ها اعلان اعلان‌ها ایمیل تنظیمات امنیت "
        "به‌روزرسانی نصب پشتیبان بازیابی باتری شارژ شارژر گارانتی ارسال تحویل زبان "
        "نمایه عکس خروجی ورودی مجوز مجوزها مدیر صفحه‌کلید نمایشگر هدفون دانلود بارگذاری "
        "می‌کنم می‌شود کتابخانه کتاب‌ها دستگاه دستگاه‌ها راه‌اندازی"
    ),
    "zh-TW": spaced(
        "路由器 重新啟動 印表機 列印 發票 帳單 付款 退款 密碼 重設 帳號 登入 通知 電子郵件 "
        "訂閱 取消 網路 無線 連線 藍牙 耳機 電池 充電 保固 更換 運送 追蹤 語言 設定 個人 "
        "照片 匯出 匯入 權限 管理員 鍵盤 螢幕 下載 上傳 備份 還原 安全 加密 韌體 更新 "
        "安裝 同步 行事曆 疑難排解 𠮷野家 裝置 訂單 android iphone usb windows"
    ),
}
STOP: dict[str, list[str]] = {
    "en": ["the", "and", "to", "of", "a", "in", "how", "is", "for", "with"],
    "el": ["και", "το", "η", "ο", "να", "με", "για", "από"],
    "fa": ["و", "از", "به", "در", "را", "با", "این", "برای"],
    "zh-TW": ["的", "是", "在", "我", "了", "如何"],
}
EXTRA: dict[str, list[str]] = {
    "en": ["Printers connected", "café router", "e-mail"],
    "el": ["ΕΚΤΥΠΩΤΗΣ ", "εκτυπωτης", "λογαριασμ"],
    "fa": ["گذرواژه‌ها ", "كتاب", "می کنم"],
    "zh-TW": ["蓝牙耳机 ", "路由器重新啟動", "如何重設密碼", "印表", "𠮷野", "列印發票 ", "andr",
              "iph", "windwos "],
}
BREADCRUMB = {"en": "Help > FAQ", "el": "Βοήθεια > Ερωτήσεις", "fa": "راهنما > پرسش‌ها",
              "zh-TW": "說明 > 常見問題"}


def words_text(rng: random.Random, lang: str, count: int, stops: float = 0.25) -> str:
    vocab, stop = VOCAB[lang], STOP[lang]
    out = [rng.choice(stop) if rng.random() < stops else rng.choice(vocab) for _ in range(count)]
    joiner = "" if lang == "zh-TW" and rng.random() < 0.5 else " "
    return joiner.join(out)


def make_docs(lang: str) -> list[SearchDoc]:
    rng = random.Random(f"kb-runtime-{lang}")
    docs = []
    for n in range(DOCS_PER_LANG):
        title = words_text(rng, lang, rng.randint(2, 4), stops=0.1)
        keywords = [rng.choice(VOCAB[lang]) for _ in range(rng.randint(0, 3))]
        headings = [words_text(rng, lang, rng.randint(1, 3)) for _ in range(rng.randint(0, 3))]
        summary = words_text(rng, lang, rng.randint(0, 10))
        body = words_text(rng, lang, rng.randint(5, 80))
        if n % 5 == 4:  # an FAQ question: its own doc, url with #anchor
            anchor = f"q{n}"
            docs.append(SearchDoc(id=f"faq#{anchor}", url=f"/faq/#{anchor}", title=title + "?",
                                  breadcrumb=BREADCRUMB[lang], body=body, kind="question",
                                  anchor=anchor))
        else:
            docs.append(SearchDoc(id=f"doc-{n}", url=f"/doc-{n}/", title=title,
                                  breadcrumb=BREADCRUMB[lang].split(" > ")[0],
                                  keywords=keywords, headings=headings, summary=summary,
                                  body=body))
    # A tie: two identical docs (the earlier doc number must come first), and a long body.
    docs.append(SearchDoc(id="twin-a", url="/twin-a/", title=VOCAB[lang][3], body=VOCAB[lang][5]))
    docs.append(SearchDoc(id="twin-b", url="/twin-b/", title=VOCAB[lang][3], body=VOCAB[lang][5]))
    docs.append(SearchDoc(id="long", url="/long/", title=VOCAB[lang][0],
                          body=words_text(rng, lang, 900)))
    # 38 surfaces sharing a prefix (endings no stemmer touches): prefixMax and typoMax caps.
    many = [f"zeta{a}{b}" for a in "pq" for b in "bcdfghjklmnpqrtvwxz"]
    docs.append(SearchDoc(id="many", url="/many/", title="omega", body=" ".join(many)))
    docs.append(SearchDoc(id="few", url="/few/", title="zetaqb zetapz", body="zetaqb " * 3))
    return docs


def typo(rng: random.Random, word: str, edits: int) -> str:
    chars = list(word)
    for _ in range(edits):
        at = rng.randrange(1, len(chars) - 1)  # keep the first character
        op = rng.choice(["swap", "sub", "del", "ins"])
        if op == "swap":
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        elif op == "sub":
            chars[at] = rng.choice(chars)
        elif op == "del":
            del chars[at]
        else:
            chars.insert(at, rng.choice(chars))
    return "".join(chars)


def make_queries(lang: str) -> list[tuple[str, str, int]]:
    """(query, what it exercises, limit)."""
    rng = random.Random(f"kb-queries-{lang}")
    vocab, stop = VOCAB[lang], STOP[lang]
    queries: list[tuple[str, str, int]] = []
    for word in rng.sample(vocab, 10):
        queries.append((word + " ", "exact", 10))
    for word in rng.sample(vocab, 4):
        queries.append((word, "exact-typing", 10))
    for _ in range(6):
        queries.append((" ".join(rng.sample(vocab, rng.randint(2, 3))) + " ", "words", 10))
    for word in rng.sample(vocab, 8):
        size = min(len(word), rng.randint(1, 5))
        queries.append((word[:size], "prefix", 10))
    queries.append((vocab[0] + " " + vocab[1][:3], "prefix after word", 10))
    long_words = [w for w in vocab if len(w) >= 5]
    for word in rng.sample(long_words, min(8, len(long_words))):
        queries.append((typo(rng, word, 1) + " ", "typo", 10))
    longer = [w for w in vocab if len(w) >= 9]
    for word in rng.sample(longer, min(3, len(longer))):
        queries.append((typo(rng, word, 2) + " ", "typo2", 10))
    for word in rng.sample(long_words, min(3, len(long_words))):
        queries.append((word + word[-2:] + " ", "stem guess", 10))
    queries += [
        (stop[0], "stop word", 10),
        (" ".join(stop[:3]), "stop words", 10),
        (vocab[2] + " " + stop[1], "ends in a stop word", 10),
        (stop[1] + " " + vocab[2], "starts with a stop word", 10),
        ("", "empty", 10),
        ("   ", "blank", 10),
        ("<b>x</b>", "markup", 10),
        (f"<b>{vocab[4]}</b>", "markup word", 10),
        (f"{vocab[6]}!!! ({vocab[7]})", "punctuation", 10),
        (vocab[8].upper() + " ", "upper case", 10),
        ("2024", "number", 10),
        ("q", "one letter", 10),
        ("zzzzzzzz qqqqqqqq ", "unknown", 10),
        ((" ".join(vocab) + " ") * 40, "10 kB", 10),
        (vocab[9] + "\u3000", "ideographic space", 10),
        (vocab[10] + "\x1f", "py-only space", 10),
        (vocab[11] + "\ufeff", "js-only space", 10),
        (" ".join(vocab[12:15]), "limit 3", 3),
        (" ".join(vocab[:6]) + " ", "limit 100", 100),
        (vocab[3] + " " + vocab[5] + " ", "ties", 50),
    ]
    queries += [(query, "language", 10) for query in EXTRA[lang]]
    queries += [("ze", "prefixMax", 10), ("zetaq", "prefix of many", 10),
                ("zetaq1 ", "typoMax", 10), ("zetapzz ", "typo", 10)]
    return queries


def expected_cases(root: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    out = root / "site"
    cases: list[dict[str, Any]] = []
    indexes: list[dict[str, Any]] = []
    for lang in VOCAB:
        record = build_index(make_docs(lang), lang)
        exported = export_index(record, out)
        manifest = (exported.directory / exported.manifest).relative_to(out).as_posix()
        indexes.append({"lang": lang, "manifest": manifest, "docs": record.doc_count})
        client = ClientIndex(out, lang)
        for query, note, limit in make_queries(lang):
            results = client.search(query, limit)
            cases.append(
                {
                    "lang": lang,
                    "manifest": manifest,
                    "query": query,
                    "note": note,
                    "limit": limit,
                    "expand": [[list(alt) for alt in group] for group in client.expand(query)],
                    "results": [
                        {
                            "id": r.id, "url": r.url, "title": r.title,
                            "breadcrumb": r.breadcrumb, "kind": r.kind, "snippet": r.snippet,
                            "score": r.score, "docnum": r.docnum,
                        }
                        for r in results
                    ],
                }
            )
    return cases, indexes


@pytest.fixture(scope="module")
def parity(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("runtime")
    cases, indexes = expected_cases(root)
    expected = root / "expected.json"
    expected.write_text(json.dumps({"indexes": indexes, "cases": cases}, ensure_ascii=False),
                        encoding="utf-8")
    report = root / "report.json"
    proc = subprocess.run(
        [NODE, "--test", str(RUNTIME_TEST)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "KB_SEARCH_FIXTURE": str(root / "site"),
             "KB_SEARCH_EXPECTED": str(expected), "KB_SEARCH_REPORT": str(report)},
    )
    return {"proc": proc, "cases": cases, "report": report}


def test_corpus_exercises_the_runtime(parity: dict[str, Any]) -> None:
    cases = parity["cases"]
    langs = {c["lang"] for c in cases}
    assert langs == set(VOCAB)
    for lang in langs:
        mine = [c for c in cases if c["lang"] == lang]
        assert len(mine) >= 50
        assert sum(1 for c in mine if c["results"]) >= 30, lang
        factors = {alt[1] for c in mine for group in c["expand"] for alt in group}
        assert {1.0, 0.6} <= factors, (lang, factors)
        assert max(len(g) for c in mine for g in c["expand"]) == 30  # prefixMax
        assert any(len(g) == 10 and g[0][1] == 0.5 for c in mine for g in c["expand"])  # typoMax
        assert factors & {0.5, 0.25}, (lang, factors)
    assert any(len({r["score"] for r in c["results"]}) < len(c["results"]) for c in cases)


def test_node_runtime_matches_client(parity: dict[str, Any]) -> None:
    proc = parity["proc"]
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    report = json.loads(parity["report"].read_text(encoding="utf-8"))
    total = len(parity["cases"])
    print(f"runtime parity: {report['agree']}/{report['total']} queries")
    assert report == {"agree": total, "total": total, "mismatches": []}
    assert "# skipped 0" in proc.stdout and "# fail 0" in proc.stdout, proc.stdout[-3000:]


def test_shipped_runtime_is_the_compacted_source() -> None:
    """search/runtime/search.js is generated from src/search.js (python -m
    kb_search.compact_js); the parity tests above run the generated file."""
    from kb_search import compact_js

    assert compact_js.main(["--check"]) == 0
    sample = 'var a = b / 2, r = /[/]x\\//g; // c\nreturn a\n/* d */ + +b - -c;\n}\n'
    want = "var a=b/2,r=/[/]x\\//g;return a\n+ +b- -c;}\n"
    assert compact_js.compact(sample).split("\n", 1)[1] == want
