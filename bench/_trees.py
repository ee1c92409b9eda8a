"""Content trees for benchmarks and tests: synthetic help-center articles, or the real corpora.

    from bench._trees import generate_tree, write_mkdocs_yml
    info = generate_tree(tmp / "content", 50)          # 50 articles, 5 languages, ~4.6 kB each
    yml = write_mkdocs_yml(tmp, info.languages)

Synthetic articles are deterministic (seeded), in five scripts (Latin, Greek, Polish
diacritics, Traditional and Simplified Chinese), aligned by id across languages, and use what
real help articles use: headings, lists, a table, fenced code, an alert, links between articles,
and the troubleshooting / FAQ / how-to / article types.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LANGUAGES = ("en", "el", "pl", "zh-TW", "zh-CN")
ARTICLE_BYTES = 4600
CATEGORIES = 10
SECTIONS_PER_CATEGORY = 3

# Syllables per language; words are 1-4 syllables. Chinese "words" are 1-3 characters and
# sentences have no spaces, as in real zh text.
_SYLLABLES = {
    "en": "ba be co de fi ga ho in ka lo me ne or pa re se ti un ve wi ex st ch th tr",
    "el": "κα λε μι νο πα ρε σι το φα χω δε γι ηλ ου ερ αν στ θε ξα ψυ",
    "pl": "ka ło że ść dzi prz wy na ro sta mie ją ęk ry cz ol ko ta ni wa",
    "zh-TW": "設定裝置連線帳戶密碼錯誤問題更新網路應用程式說明檔案資料無法開啟顯示",
    "zh-CN": "设定装置连线帐户密码错误问题更新网路应用程式说明档案资料无法开启显示",
}
_SECTION_NAMES = {
    "troubleshooting": ("Symptoms", "Cause", "Resolution", "More information"),
    "howto": ("Before you start", "Steps", "Check the result"),
    "article": ("Overview", "Details", "See also"),
}
_CODE = ("```powershell\nGet-Device -Identity \"{w}\" | Format-List Status, LastSeen\n"
         "Set-Device -Identity \"{w}\" -Enabled $true\n```")


@dataclass
class TreeInfo:
    root: Path
    languages: tuple[str, ...]
    articles: int = 0
    bytes: int = 0
    files: list[Path] = field(default_factory=list)

    @property
    def mean_bytes(self) -> float:
        return self.bytes / self.articles if self.articles else 0.0


TAGS_PER_LANGUAGE = 40


class _Writer:
    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang, self.rng = lang, rng
        self.cjk = lang.startswith("zh")
        syllables = _SYLLABLES[lang]
        self.syllables = tuple(syllables) if self.cjk else tuple(syllables.split())

    def word(self) -> str:
        parts = self.rng.randint(1, 3) if self.cjk else self.rng.randint(1, 4)
        return "".join(self.rng.choice(self.syllables) for _ in range(parts))

    def tag(self) -> str:
        vocabulary = random.Random(f"tags-{self.lang}")
        tags = [self._word_from(vocabulary) for _ in range(TAGS_PER_LANGUAGE)]
        return self.rng.choice(tags)

    def _word_from(self, rng: random.Random) -> str:
        parts = rng.randint(1, 3) if self.cjk else rng.randint(1, 4)
        return "".join(rng.choice(self.syllables) for _ in range(parts))

    def words(self, n: int) -> str:
        return ("" if self.cjk else " ").join(self.word() for _ in range(n))

    def sentence(self, lo: int = 6, hi: int = 16) -> str:
        text = self.words(self.rng.randint(lo, hi))
        if self.cjk:
            return text + "。"
        return text[:1].upper() + text[1:] + "."

    def paragraph(self) -> str:
        count = self.rng.randint(2, 5)
        return ("" if self.cjk else " ").join(self.sentence() for _ in range(count))

    def title(self) -> str:
        text = self.words(self.rng.randint(3, 7))
        return text if self.cjk else text[:1].upper() + text[1:]


def _article(lang: str, index: int, kind: str, links: list[str], rng: random.Random,
             target: int) -> str:
    w = _Writer(lang, rng)
    title = w.title()
    meta = {
        "title": title,
        "id": f"a{index:05d}",
        "type": kind,
        "summary": w.sentence(8, 14),
        # A help center's tags are a small shared vocabulary, not a new word per article.
        "tags": sorted({w.tag() for _ in range(rng.randint(1, 3))}),
        "updated": dt.date(2024, 1, 1) + dt.timedelta(days=index % 365),
    }
    blocks = [w.paragraph()]
    if kind == "faq":
        headings = [w.title() + ("？" if w.cjk else "?") for _ in range(6)]
    else:
        headings = list(_SECTION_NAMES[kind])
    for n, heading in enumerate(headings):
        blocks.append(f"## {heading}")
        blocks.append(w.paragraph())
        if n == 0:
            blocks.append("> [!NOTE]\n> " + w.sentence())
        if n == 1:
            blocks.append("\n".join(f"{i}. {w.sentence(4, 10)}" for i in range(1, 5)))
        if n == 2:
            blocks.append("| " + " | ".join(w.words(1) for _ in range(3)) + " |\n|---|---|---|\n"
                          + "\n".join("| " + " | ".join(w.words(2) for _ in range(3)) + " |"
                                      for _ in range(4)))
            blocks.append(_CODE.format(w="dev-" + str(index)))
    blocks.append("\n".join(f"- [{w.title()}]({href})" for href in links))
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    body = "\n\n".join(blocks)
    size = len(front.encode("utf-8")) + len(body.encode("utf-8")) + 10
    while True:  # pad to about `target` bytes: stop before overshooting by half a paragraph
        extra = "\n\n" + w.paragraph()
        grow = len(extra.encode("utf-8"))
        if size + grow / 2 > target:
            break
        body, size = body + extra, size + grow
    return f"---\n{front}---\n\n{body}\n"


def _layout(n_per_lang: int, categories: int) -> list[tuple[str, str, str]]:
    """(category, section, slug) for every article id, the same in every language."""
    out = []
    for i in range(n_per_lang):
        cat = f"category-{i % categories + 1:02d}"
        sec = f"section-{(i // categories) % SECTIONS_PER_CATEGORY + 1}"
        out.append((cat, sec, f"article-{i:05d}"))
    return out


def generate_tree(
    content: Path,
    articles: int,
    *,
    languages: tuple[str, ...] = LANGUAGES,
    categories: int = CATEGORIES,
    article_bytes: int = ARTICLE_BYTES,
    seed: int = 0,
) -> TreeInfo:
    """Write `articles` synthetic articles spread evenly over `languages` under `content`."""
    info = TreeInfo(content, tuple(languages))
    per_lang = math.ceil(articles / len(languages))
    layout = _layout(per_lang, categories)
    kinds = ("troubleshooting", "faq", "howto", "article", "troubleshooting")
    written = 0
    for lang in languages:
        rng = random.Random(f"{seed}-{lang}")
        for cat, sec in sorted({(c, s) for c, s, _ in layout}):
            for folder, name in ((content / lang / cat, cat), (content / lang / cat / sec, sec)):
                folder.mkdir(parents=True, exist_ok=True)
                meta = folder / "_category.yml"
                if not meta.exists():
                    title = name.replace("-", " ").capitalize()
                    meta.write_text(yaml.safe_dump({"title": f"{title} ({lang})"},
                                                   allow_unicode=True), encoding="utf-8")
        for i, (cat, sec, slug) in enumerate(layout):
            if written >= articles:
                break
            others = [rng.randrange(per_lang) for _ in range(3)]
            links = [f"../../{layout[j][0]}/{layout[j][1]}/{layout[j][2]}.md" for j in others]
            text = _article(lang, i, kinds[i % len(kinds)], links, rng, article_bytes)
            path = content / lang / cat / sec / f"{slug}.md"
            path.write_text(text, encoding="utf-8", newline="\n")
            info.files.append(path)
            info.bytes += len(text.encode("utf-8"))
            written += 1
    info.articles = written
    return info


CORPUS_SOURCES = (
    ("ms-officedocs-support/en", "en"),
    ("ms-alchemyinsights/el-GR", "el"),
    ("ms-alchemyinsights/pl-PL", "pl"),
    ("ms-alchemyinsights/zh-TW", "zh-TW"),
    ("ms-alchemyinsights/zh-CN", "zh-CN"),
)


def corpora_tree(content: Path, articles: int, corpora: Path) -> TreeInfo:
    """Import real articles with the DocFX importer, an even share per language; when a
    corpus has fewer, its imported articles are copied under new slugs and ids."""
    from kb.importers import import_docfx

    languages = tuple(lang for _, lang in CORPUS_SOURCES)
    info = TreeInfo(content, languages)
    per_lang = math.ceil(articles / len(languages))
    for folder, lang in CORPUS_SOURCES:
        if info.articles >= articles:
            break
        want = min(per_lang, articles - info.articles)
        report = import_docfx(corpora / folder, content, lang, limit=want)
        files = [content / rel for rel in report.written]
        copies, copy = list(files), 1
        while len(copies) < want and files:
            copy += 1
            for src in files[: want - len(copies)]:
                dst = src.with_name(f"{src.stem}-copy{copy}.md")
                text = src.read_text(encoding="utf-8")
                text = text.replace("\nid: ", f"\nid: copy{copy}-", 1)
                dst.write_text(text, encoding="utf-8", newline="\n")
                copies.append(dst)
        info.files.extend(copies)
        info.articles += len(copies)
        info.bytes += sum(p.stat().st_size for p in copies)
    return info


def write_mkdocs_yml(
    root: Path,
    languages: tuple[str, ...] = LANGUAGES,
    *,
    docs_dir: str = "content",
    baseline: bool = False,
    name: str = "mkdocs.yml",
    search: bool = True,
) -> Path:
    """mkdocs.yml for the kb theme and plugin; `baseline=True` gives plain MkDocs instead
    (theme mkdocs, no kb plugin, the same Markdown extensions kb enables)."""
    if baseline:
        config = {
            "site_name": "Baseline",
            "docs_dir": docs_dir,
            "theme": {"name": "mkdocs"},
            "markdown_extensions": ["tables", "fenced_code", "footnotes", "attr_list",
                                    "admonition", "toc"],
        }
    else:
        config = {
            "site_name": "Bench",
            "docs_dir": docs_dir,
            "theme": {"name": "kb"},
            "plugins": [{"kb": {"languages": list(languages),
                                "default_language": languages[0], "search": search}}],
        }
    path = root / name
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def reset(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
