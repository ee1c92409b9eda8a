"""Where every page lives, and relative links between pages.

Paths are site-root-relative POSIX paths of files ("en/devices/offline/index.html"). Links
between pages are relative and end in index.html, so the output works at a domain root, under
a subpath and from file:// alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from kb.content.links import page_path
from kb.content.model import Article


def article_path(article: Article) -> str:
    return page_path(article.lang, article.slugs)


category_path = page_path


def home_path(lang: str) -> str:
    return f"{lang}/index.html"


def tags_path(lang: str) -> str:
    return f"{lang}/tags/index.html"


def tag_path(lang: str, tag: str) -> str:
    return f"{lang}/tags/{tag_slug(tag)}/index.html"


def contact_path(lang: str) -> str:
    return f"{lang}/contact/index.html"


def search_path(lang: str) -> str:
    return f"{lang}/search/index.html"


def not_found_path(lang: str) -> str:
    return f"{lang}/404.html"


def tag_slug(tag: str) -> str:
    text = unicodedata.normalize("NFKC", tag).casefold().strip()
    text = re.sub(r"[^\w\u200c]+", "-", text).strip("-")
    return text or "tag"


def relative_href(from_path: str, to_path: str, fragment: str = "") -> str:
    """The href that leads from the page at `from_path` to the file at `to_path`.

    Both are clean site-relative paths, so plain string work replaces posixpath.relpath,
    which consults the working directory on every call (this runs for every link).
    """
    from_dir = from_path.split("/")[:-1]
    target = to_path.split("/")
    common = 0
    limit = min(len(from_dir), len(target) - 1)
    while common < limit and from_dir[common] == target[common]:
        common += 1
    rel = "../" * (len(from_dir) - common) + "/".join(target[common:])
    href = rel if _PLAIN.fullmatch(rel) else _quote_path(rel)
    return f"{href}#{_quote_fragment(fragment)}" if fragment else href


_PLAIN = re.compile(r"[A-Za-z0-9/._~-]*")


@lru_cache(maxsize=65536)
def _quote_path(path: str) -> str:
    return quote(path, safe="/%:@-._~!$&'()*+,;=")


@lru_cache(maxsize=4096)
def _quote_fragment(fragment: str) -> str:
    return quote(fragment, safe="-._~%")


def absolute_url(base_url: str, path: str) -> str:
    """The public URL of a page: directory style, without the trailing index.html."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return base_url + quote(path, safe="/%-._~")
