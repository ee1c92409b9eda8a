"""Rewrite links and images in an article to the built site, and report the broken ones."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from markdown.treeprocessors import Treeprocessor

from kb.site.urls import relative_href

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class LinkTargets(Protocol):
    """What the renderer needs to know about the rest of the site."""

    def article_page(self, source: str) -> str | None:
        """Output path of the article whose source file is `source` (docs-relative)."""

    def folder_page(self, folder: str) -> str | None:
        """Output path of the category page for a docs-relative folder, if any."""

    def asset(self, source: str) -> str | None:
        """Output path of a copied file (image, PDF …), if it exists."""

    def suggest(self, source: str) -> str:
        """A 'did you mean …?' hint for a path that does not exist."""


@dataclass
class LinkIssue:
    code: str
    message: str
    needle: str  # the text to look for in the source, to report a line number
    hint: str = ""


@dataclass
class AnchorRef:
    """A link to `#anchor` on a page, checked once every page is rendered."""

    page: str
    anchor: str
    needle: str


@dataclass
class LinkState:
    source: str = ""
    lang: str = ""
    page: str = ""
    issues: list[LinkIssue] = field(default_factory=list)
    anchors: list[AnchorRef] = field(default_factory=list)


class LinkTreeprocessor(Treeprocessor):
    def __init__(self, md, targets: LinkTargets, state: LinkState) -> None:  # type: ignore[no-untyped-def]
        super().__init__(md)
        self.targets = targets
        self.state = state

    def run(self, root: Element) -> None:
        for el in root.iter():
            if el.tag == "a" and "href" in el.attrib:
                self._link(el)
            elif el.tag == "img":
                self._image(el)

    def _link(self, el: Element) -> None:
        href = el.get("href", "")
        if not href or _SCHEME.match(href) or href.startswith("//"):
            return
        if href.startswith("#"):
            if href.startswith(("#fn:", "#fnref:")):
                return
            self.state.anchors.append(AnchorRef(self.state.page, unquote(href[1:]), href))
            return
        if href.startswith("/"):
            return
        path, _, fragment = href.partition("#")
        path = unquote(path.split("?")[0])
        source = posixpath.normpath(posixpath.join(posixpath.dirname(self.state.source), path))
        target: str | None
        if path.endswith(".md"):
            target = self.targets.article_page(source)
            if target is None:
                self._broken(href, source)
                return
        elif path.endswith("/") or "." not in posixpath.basename(path):
            target = self.targets.folder_page(source)
            if target is None:
                self._broken(href, source)
                return
        else:
            target = self.targets.asset(source)
            if target is None:
                self._broken(href, source)
                return
        target_lang = source.split("/", 1)[0]
        if target_lang != self.state.lang:
            self.state.issues.append(LinkIssue(
                "cross-language-link", f"link to '{href}' leads into another language "
                f"({target_lang})", href,
                "link to the article in this language; translations are linked automatically"))
        if fragment:
            self.state.anchors.append(AnchorRef(target, unquote(fragment), href))
        rel = relative_href(self.state.page, target)
        el.set("href", f"{rel}#{fragment}" if fragment else rel)

    def _broken(self, href: str, source: str) -> None:
        self.state.issues.append(LinkIssue(
            "broken-link", f"link to '{href}': no such file ({source})", href,
            self.targets.suggest(source) or "check the path, relative to this article's file"))

    def _image(self, el: Element) -> None:
        src = el.get("src", "")
        if not el.get("alt", "").strip():
            self.state.issues.append(LinkIssue(
                "missing-alt", f"image '{src}' has no alt text", src or "![",
                "describe the image for people who cannot see it: ![what it shows](file)"))
        if not src or _SCHEME.match(src) or src.startswith(("/", "//", "data:")):
            return
        source = posixpath.normpath(posixpath.join(posixpath.dirname(self.state.source),
                                                   unquote(src)))
        target = self.targets.asset(source)
        if target is None:
            self.state.issues.append(LinkIssue(
                "missing-image", f"image '{src}' not found ({source})", src,
                self.targets.suggest(source) or "add the file or fix the path"))
            return
        el.set("src", relative_href(self.state.page, target))
