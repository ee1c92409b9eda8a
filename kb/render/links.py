"""Rewrite the links and images of an article so they lead to the built site.

Whether a link is broken is the checks' business (kb.checks); here a link that leads nowhere
is left as the writer wrote it.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown.treeprocessors import Treeprocessor

from kb.content.links import LinkResolver
from kb.site.urls import relative_href


class LinkTreeprocessor(Treeprocessor):
    def __init__(self, md, resolver: LinkResolver) -> None:  # type: ignore[no-untyped-def]
        super().__init__(md)
        self.resolver = resolver
        self.source = ""
        self.page = ""

    def run(self, root: Element) -> None:
        for el in root.iter():
            if el.tag == "a":
                self._rewrite(el, "href")
            elif el.tag == "img":
                self._rewrite(el, "src")

    def _rewrite(self, el: Element, attr: str) -> None:
        resolved = self.resolver.resolve(self.source, el.get(attr, ""))
        if resolved.page:
            href = relative_href(self.page, resolved.page)
            el.set(attr, f"{href}#{resolved.fragment}" if resolved.fragment else href)
