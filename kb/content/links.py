"""Where a link in an article leads: one resolver for the renderer and for the checks."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from kb.content.model import Content
from kb.problems import did_you_mean

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def page_path(lang: str, slugs: tuple[str, ...]) -> str:
    return "/".join((lang, *slugs, "index.html"))


@dataclass(frozen=True)
class Resolved:
    kind: str  # external | anchor | article | folder | asset | broken
    source: str = ""  # docs-relative path the link names (resolved)
    page: str = ""  # site-relative output path of the target ("" when none)
    fragment: str = ""
    target_source: str = ""  # the article file the link reaches (after language fallback)

    @property
    def lang(self) -> str:
        return self.source.split("/", 1)[0]


class LinkResolver:
    def __init__(self, content: Content, assets: set[str], fallback: bool) -> None:
        self.content = content
        self.assets = assets
        self.fallback = fallback
        self.folders = {"/".join((lang, *slugs)): page_path(lang, slugs)
                        for (lang, slugs) in content.categories}

    def resolve(self, from_source: str, href: str) -> Resolved:
        if not href or _SCHEME.match(href) or href.startswith(("//", "/", "data:")):
            return Resolved("external")
        path, _, fragment = href.partition("#")
        fragment = unquote(fragment)
        if not path:
            return Resolved("anchor", fragment=fragment, source=from_source,
                            target_source=from_source)
        path = unquote(path.split("?")[0])
        source = posixpath.normpath(posixpath.join(posixpath.dirname(from_source), path))
        if path.endswith(".md"):
            article = self.content.by_source.get(source)
            if article is None and self.fallback:
                # A translation links to a sibling not translated yet: the default-language page.
                lang, _, rest = source.partition("/")
                if lang in self.content.languages:
                    article = self.content.by_source.get(
                        f"{self.content.default_language}/{rest}")
            if article is None:
                return Resolved("broken", source, fragment=fragment)
            return Resolved("article", source, page_path(article.lang, article.slugs),
                            fragment, article.source)
        if path.endswith("/") or "." not in posixpath.basename(path):
            page = self.folders.get(source.rstrip("/"))
            return Resolved("folder", source, page, fragment) if page else Resolved(
                "broken", source, fragment=fragment)
        if source in self.assets:
            return Resolved("asset", source, source, fragment)
        return Resolved("broken", source, fragment=fragment)

    def suggest(self, source: str, *, exclude: str = "") -> str:
        """'did you mean …?' among the files of the same folder, then of the whole language."""
        pool = self.content.by_source if source.endswith(".md") else self.assets
        folder, _, name = source.rpartition("/")
        siblings = {p.rpartition("/")[2]: p for p in pool
                    if p.rpartition("/")[0] == folder and p != exclude}
        close = did_you_mean(name, siblings)
        if close:
            return close
        lang = source.split("/", 1)[0]
        return did_you_mean(source, [p for p in pool if p.startswith(f"{lang}/")
                                     and p != exclude and p.rpartition("/")[0] != folder])
