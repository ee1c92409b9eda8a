"""One Python-Markdown instance, reset between articles: the cheapest correct conversion."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import markdown
from markdown.extensions.toc import slugify_unicode

from kb.content.links import LinkResolver
from kb.content.model import Article
from kb.render.alerts import AlertExtension
from kb.render.links import LinkTreeprocessor
from kb.render.structure import TROUBLESHOOTING_SECTIONS, Structure, StructureTreeprocessor

MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "footnotes", "attr_list", "admonition",
                       "toc", "md_in_html", "sane_lists"]


@dataclass
class RenderedArticle:
    html: str
    toc: list[dict[str, object]]
    headings: int
    ids: set[str]
    questions: list[tuple[str, str, str]]
    sections: dict[str, str]
    steps: list[str]


class ArticleRenderer:
    """Renders articles with kb's Markdown: alerts, checked links, FAQ and troubleshooting."""

    def __init__(
        self,
        resolver: LinkResolver,
        message: Callable[[str, str], str],
    ) -> None:
        self._message = message
        self._lang = ""
        self._structure = Structure()
        self.md = markdown.Markdown(
            extensions=[*MARKDOWN_EXTENSIONS, AlertExtension(self._alert_title)],
            extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"},
                               "footnotes": {"BACKLINK_TITLE": ""}},
            output_format="html",
        )
        self._links = LinkTreeprocessor(self.md, resolver)
        self.md.treeprocessors.register(self._links, "kb_links", 3)
        self.md.treeprocessors.register(
            StructureTreeprocessor(self.md, self._structure, self._section_names),
            "kb_structure", 2)

    def _alert_title(self, kind: str) -> str:
        return self._message(self._lang, f"alert_{kind}")

    def _section_names(self, lang: str) -> dict[str, set[str]]:
        # The English names are accepted in every language, as writers often keep them.
        return {k: {self._message(lang, f"ts_{k}").casefold(),
                    self._message("en", f"ts_{k}").casefold()}
                for k in TROUBLESHOOTING_SECTIONS}

    def render(self, article: Article, page: str) -> RenderedArticle:
        self._lang = article.lang
        self._links.source, self._links.page = article.source, page
        self._structure.__init__(type=article.type, lang=article.lang,  # type: ignore[misc]
                                 flow=article.flow)
        self.md.reset()
        body_html = self.md.convert(article.body)
        toc = _flatten(getattr(self.md, "toc_tokens", []))
        return RenderedArticle(
            html=body_html,
            toc=toc,
            headings=len(toc),
            ids=set(self._structure.ids),
            questions=list(self._structure.questions),
            sections=dict(self._structure.sections),
            steps=list(self._structure.steps),
        )


def _flatten(tokens: list[dict[str, object]]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for token in tokens:
        out.append({"id": token["id"], "title": html.unescape(str(token["name"])),
                    "level": token["level"]})
        out.extend(_flatten(token.get("children", [])))  # type: ignore[arg-type]
    return out
