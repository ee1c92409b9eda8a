"""Which articles each language shows where: native ones, and fallbacks to the default."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kb.content.config import KbConfig
from kb.content.model import Article, Category, Content, sort_key
from kb.site.urls import article_path


@dataclass(frozen=True)
class Entry:
    """An article as listed in a language: itself, or the default-language fallback."""

    article: Article
    untranslated: bool

    @property
    def path(self) -> str:
        return article_path(self.article)


class Listing:
    """Per language: categories, their entries, promoted entries and tags."""

    def __init__(self, content: Content, config: KbConfig) -> None:
        self.content = content
        self.config = config
        self.entries: dict[str, dict[tuple[str, ...], list[Entry]]] = {}
        self.categories: dict[str, dict[tuple[str, ...], Category]] = {}
        for lang in content.languages:
            self._build(lang)

    def _build(self, lang: str) -> None:
        content, default = self.content, self.content.default_language
        shown: list[Entry] = [Entry(a, False) for a in content.in_language(lang)]
        if lang != default and self.config.untranslated == "fallback":
            shown += [Entry(a, True) for a in content.in_language(default)
                      if content.article(lang, a.id) is None]
        by_folder: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
        for entry in shown:
            by_folder[entry.article.category_slugs].append(entry)
        for folder in by_folder:
            by_folder[folder].sort(key=lambda e: sort_key(e.article))
        self.entries[lang] = dict(by_folder)
        categories: dict[tuple[str, ...], Category] = {}
        for folder in by_folder:
            for depth in range(1, len(folder) + 1):
                slugs = folder[:depth]
                if slugs not in categories:
                    categories[slugs] = self._category(lang, slugs)
        for (lng, slugs), category in content.categories.items():
            if lng == lang and slugs not in categories and len(slugs) <= 2:
                categories[slugs] = category
        self.categories[lang] = categories

    def _category(self, lang: str, slugs: tuple[str, ...]) -> Category:
        cats = self.content.categories
        own = cats.get((lang, slugs)) or cats.get((self.content.default_language, slugs))
        if own is not None:
            return own
        return Category(lang=lang, slugs=slugs, title=slugs[-1].replace("-", " ").capitalize())

    def top(self, lang: str) -> list[Category]:
        return sorted((c for s, c in self.categories[lang].items() if len(s) == 1),
                      key=sort_key)

    def sections(self, lang: str, slugs: tuple[str, ...]) -> list[Category]:
        return sorted((c for s, c in self.categories[lang].items()
                       if len(s) == len(slugs) + 1 and s[: len(slugs)] == slugs), key=sort_key)

    def in_folder(self, lang: str, slugs: tuple[str, ...]) -> list[Entry]:
        return self.entries[lang].get(slugs, [])

    def count(self, lang: str, slugs: tuple[str, ...]) -> int:
        return sum(len(v) for k, v in self.entries[lang].items() if k[: len(slugs)] == slugs)

    def promoted(self, lang: str) -> list[Entry]:
        found = [e for folder in self.entries[lang].values() for e in folder
                 if e.article.promoted]
        return sorted(found, key=lambda e: (e.untranslated, sort_key(e.article)))

    def tags(self, lang: str) -> dict[str, list[Article]]:
        tags: dict[str, list[Article]] = defaultdict(list)
        for article in self.content.in_language(lang):
            for tag in article.tags:
                tags[tag].append(article)
        return {t: sorted(v, key=sort_key) for t, v in sorted(tags.items(),
                                                              key=lambda kv: kv[0].casefold())}

    def resolve(self, lang: str, article_id: str) -> Entry | None:
        """The entry a language links to for an id: its own article, else the fallback."""
        own = self.content.article(lang, article_id)
        if own is not None:
            return Entry(own, False)
        if self.config.untranslated == "fallback":
            fallback = self.content.article(self.content.default_language, article_id)
            if fallback is not None:
                return Entry(fallback, lang != fallback.lang)
        return None
