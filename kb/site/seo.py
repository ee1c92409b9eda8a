"""What search engines read: JSON-LD, hreflang alternates, sitemap.xml and robots.txt."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from kb.content.model import Article
from kb.render.pipeline import RenderedArticle
from kb.site.urls import absolute_url


@dataclass
class SitemapEntry:
    path: str
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> path
    lastmod: str = ""


def alternates(base_url: str, paths: dict[str, str], default_lang: str) -> list[dict[str, str]]:
    """hreflang links for a page's versions (lang -> path), with x-default."""
    if not base_url or len(paths) < 2:
        return []
    links = [{"hreflang": lang, "href": absolute_url(base_url, path)}
             for lang, path in sorted(paths.items())]
    default = paths.get(default_lang)
    if default:
        links.append({"hreflang": "x-default", "href": absolute_url(base_url, default)})
    return links


def breadcrumb_list(base_url: str, crumbs: list[tuple[str, str]]) -> dict[str, object] | None:
    if not base_url:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name,
             "item": absolute_url(base_url, path)}
            for i, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def article_jsonld(article: Article, rendered: RenderedArticle, url: str) -> list[dict]:
    kind = "TechArticle" if article.type in ("troubleshooting", "howto") else "Article"
    main: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": article.title,
        "inLanguage": article.lang,
    }
    if article.summary:
        main["description"] = article.summary
    if article.updated:
        main["dateModified"] = article.updated.isoformat()
    if url:
        main["url"] = url
        main["mainEntityOfPage"] = url
    if article.keywords or article.tags:
        main["keywords"] = ", ".join((*article.tags, *article.keywords))
    items: list[dict] = [main]
    if article.type == "faq" and rendered.questions:
        items.append({
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "inLanguage": article.lang,
            "mainEntity": [
                {"@type": "Question", "name": question,
                 **({"url": f"{url}#{qid}"} if url and qid else {}),
                 "acceptedAnswer": {"@type": "Answer", "text": answer}}
                for qid, question, answer in rendered.questions
            ],
        })
    if article.type in ("troubleshooting", "howto") and rendered.steps:
        items.append({
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": article.title,
            "inLanguage": article.lang,
            "step": [{"@type": "HowToStep", "position": i, "text": text}
                     for i, text in enumerate(rendered.steps, start=1)],
        })
    return items


def sitemap_xml(base_url: str, entries: list[SitemapEntry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for entry in sorted(entries, key=lambda e: e.path):
        lines.append("  <url>")
        lines.append(f"    <loc>{_xml(absolute_url(base_url, entry.path))}</loc>")
        if entry.lastmod:
            lines.append(f"    <lastmod>{entry.lastmod}</lastmod>")
        for lang, path in sorted(entry.alternates.items()):
            href = quoteattr(absolute_url(base_url, path))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" href={href}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(base_url: str) -> str:
    text = "User-agent: *\nAllow: /\n"
    return text + (f"Sitemap: {base_url}sitemap.xml\n" if base_url else "")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
