"""Regenerate search/vectors/analysis.json from CASES with the Python pipeline.

    python -m tests.search.update_vectors

Review the diff: the vectors pin behaviour, and node checks the JS runtime against them.
"""

from __future__ import annotations

import json
from pathlib import Path

from kb_search.analysis import query_terms, terms

VECTORS = Path(__file__).resolve().parents[2] / "search" / "vectors" / "analysis.json"

# (lang, text, note)
CASES: list[tuple[str, str, str]] = [
    ("en", "", "empty query"),
    ("en", "   \t\n ", "only spaces"),
    ("en", "How do I reset my Wi-Fi password?", "stop words, hyphen compound"),
    ("en", "how to", "only stop words: kept"),
    ("en", "<script>alert(1)</script>", "markup gives just words"),
    ("en", "ＡＢＣ１２３ ｗｉｆｉ", "full-width ASCII via NFKC"),
    ("en", "Thermostat 😀🎉 offline 👍🏽 1️⃣ ❤️wifi", "emoji are separators"),
    ("en", "Café naïve résumé Straße İstanbul Øresund œuvre", "Latin accents, ß, İ, ø, œ"),
    ("en", "don't customer’s e-mail", "apostrophes and hyphen"),
    ("en", "iPhone15手机 mp3 4GHz 2.4 GHz", "mixed scripts, digits in words"),
    ("en", "connected connection connecting", "English stems"),
    ("de", "Verbindungen Geräte Größe", "German: umlauts folded, stems"),
    ("fr", "Les paramètres réseau créés", "French accents"),
    ("el", "Ρυθμίσεις κωδικού πρόσβασης", "tonos"),
    ("el", "ρυθμισεις κωδικου προσβασης", "Greek without tonos"),
    ("el", "ΡΥΘΜΙΣΕΙΣ ΚΩΔΙΚΟΥ", "Greek capitals"),
    ("el", "Προϊόν ΐ ΰ Ϊ ϋ", "dialytika"),
    ("el", "κωδικός κωδικοσ", "final sigma"),
    ("el", "Πώς να αλλάξω τον κωδικό μου;", "Greek stop words"),
    ("pl", "Połączenie z siecią Wi-Fi nie działa", "Polish with diacritics"),
    ("pl", "Polaczenie z siecia Wi-Fi nie dziala", "Polish without diacritics"),
    ("pl", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "Polish capitals"),
    ("pl", "hasło hasła haseł", "Polish stems"),
    ("fa", "همه‌کانالی", "ZWNJ compound"),
    ("fa", "همهکانالی", "solid compound"),
    ("fa", "همه کانالی", "spaced compound"),
    ("fa", "کتاب‌ها کتابها کتاب ها", "plural suffix: ZWNJ, solid, spaced"),
    ("fa", "می‌خواهم میخواهم می خواهم", "verb prefix"),
    ("fa", "كيك يكي", "Arabic yeh and kaf"),
    ("fa", "ى على", "alef maksura"),
    ("fa", "تنظيـــمات", "tatweel"),
    ("fa", "سَلام مُحَمَّد", "harakat"),
    ("fa", "کد ۱۲۳۴ و ٥٦٧", "Persian and Arabic-Indic digits"),
    ("fa", "چگونه رمز عبور را تغییر دهم؟", "Persian stop words"),
    ("fa", "خانهٔ من ۀ", "heh with hamza"),
    ("fa", "راهنمای kb برای Wi-Fi", "Persian with Latin"),
    ("fa", "آمریکا امريكا آب آٓب", "alef madda (also decomposed) folds to alef"),
    ("fa", "چه کسانی در ایران درجه ارتشبدی دارند؟", "question words, auxiliaries: stop words"),
    ("fa", "کدام کشور‌ها آب می نوشند", "stop-word affix parts dropped from the query"),
    ("fa", "ویتامین بنزین سرطان شیرین دستگاه ایرانی",
     "light stemmer keeps word-final ان ین گاه"),
    ("fa", "سالی دریای غذایی زندگی کتاب‌هایی کتابهایشان", "light stemmer: ی یی ها…"),
    ("ar", "القرآن آمن", "Arabic keeps alef madda"),
    ("ar", "كيف أغير كلمة المرور؟", "Arabic folds to Arabic letters"),
    ("zh-TW", "如何重設密碼？", "Traditional"),
    ("zh", "如何重设密码？", "Simplified (same surfaces as Traditional)"),
    ("zh-TW", "臺灣 台灣 网络 網絡 設定", "variants and mixed forms"),
    ("zh-TW", "的 密", "one-character runs are unigrams"),
    ("zh-TW", "藍牙耳機連線問題", "Traditional sentence"),
    ("zh-TW", "蓝牙耳机连线问题", "Simplified sentence"),
    ("zh", "ＷｉＦｉ连接失败，请重试！", "full-width Latin and punctuation in Chinese"),
    ("ja", "パスワードを変更する", "Japanese without spaces"),
    ("ja", "ｶﾀｶﾅ テスト", "half-width katakana"),
    ("th", "สวัสดีครับ วิธีรีเซ็ตรหัสผ่าน", "Thai without spaces"),
    ("km", "ភាសាខ្មែរ", "Khmer"),
    ("lo", "ພາສາລາວ", "Lao"),
    ("my", "မြန်မာစာ", "Myanmar"),
    ("ko", "비밀번호 재설정", "Korean has spaces: words"),
    ("ru", "Настройки подключения ёлка йогурт", "Cyrillic keeps й and ё"),
    ("hi", "पासवर्ड बदलें", "Devanagari marks stay"),
    ("xx", "Ünïcödé Ελληνικά 中文 text", "unknown language: default pipeline"),
    ("en", "ΑΒΓabc абвabc", "script change splits a word"),
    ("en", "soft\u00adhyphen zero\u200bwidth join\u200dword rtl\u200fmark", "invisible characters"),
    ("en", "a\u200cb", "ZWNJ between Latin letters is ignorable"),
    ("en", "ﬁle ﬂow ½ ² ①", "compatibility characters"),
]


def main() -> None:
    out = []
    for lang, text, note in CASES:
        ts = terms(text, lang)
        out.append({
            "lang": lang, "text": text, "note": note,
            "surface": [t.surface for t in ts],
            "positions": [t.position for t in ts],
            "stems": [t.stem for t in ts],
            "query": query_terms(text, lang),
        })
    VECTORS.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{VECTORS}: {len(out)} cases")


if __name__ == "__main__":
    main()
