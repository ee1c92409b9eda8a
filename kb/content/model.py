"""The content tree as plain data: languages hold categories, categories hold articles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath


@dataclass
class Category:
    lang: str
    slugs: tuple[str, ...]  # ("devices",) for a category, ("devices", "sensors") for a section
    title: str
    description: str = ""
    icon: str = ""
    order: int | None = None
    contact: tuple[str, ...] = ()
    source: str = ""  # the _category.yml, relative to docs_dir, or "" when implied

    @property
    def slug(self) -> str:
        return self.slugs[-1]

    @property
    def is_section(self) -> bool:
        return len(self.slugs) > 1


@dataclass
class Article:
    lang: str
    source: str  # path relative to docs_dir, POSIX style
    slugs: tuple[str, ...]  # category[, section], slug
    id: str
    title: str
    body: str
    body_line: int = 1
    type: str = "article"
    summary: str = ""
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    updated: dt.date | None = None
    review_by: dt.date | None = None
    owner: str = ""
    draft: bool = False
    promoted: bool = False
    redirect_from: tuple[str, ...] = ()
    order: int | None = None
    urgency: str = "normal"
    flow: bool = False  # troubleshooting: show the Resolution steps one at a time
    source_rev: str = ""
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.slugs[-1]

    @property
    def category_slugs(self) -> tuple[str, ...]:
        return self.slugs[:-1]

    @property
    def source_dir(self) -> PurePosixPath:
        return PurePosixPath(self.source).parent


@dataclass
class Content:
    """Everything read from docs_dir, indexed the ways the build and the checks need."""

    languages: tuple[str, ...]
    default_language: str
    categories: dict[tuple[str, tuple[str, ...]], Category] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # non-Markdown files to copy, relative
    by_id: dict[tuple[str, str], Article] = field(default_factory=dict)
    by_source: dict[str, Article] = field(default_factory=dict)

    def add(self, article: Article) -> None:
        self.articles.append(article)
        self.by_id.setdefault((article.lang, article.id), article)
        self.by_source[article.source] = article

    def article(self, lang: str, article_id: str) -> Article | None:
        return self.by_id.get((lang, article_id))

    def translations(self, article_id: str) -> dict[str, Article]:
        return {
            lang: a for lang in self.languages if (a := self.by_id.get((lang, article_id)))
        }

    def in_language(self, lang: str) -> list[Article]:
        return [a for a in self.articles if a.lang == lang]


def sort_key(item: Category | Article) -> tuple[int, int, str, str]:
    order = item.order
    return (0 if order is not None else 1, order or 0, item.title.casefold(), item.slug)
