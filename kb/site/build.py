"""Build the whole site: load, render every article, write every page, once."""

from __future__ import annotations

import posixpath
import shutil
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kb.content.config import KbConfig
from kb.content.loader import load_content
from kb.content.model import Article, Content
from kb.problems import ProblemLog, did_you_mean
from kb.render.pipeline import ArticleRenderer, RenderedArticle
from kb.site import seo, urls
from kb.site.i18n import Catalogs
from kb.site.listing import Listing
from kb.site.pages import PageWriter
from kb.site.parallel import Task, write_pages
from kb.site.theme import copy_assets, make_environment


@dataclass
class BuildResult:
    languages: int
    articles: int
    pages: int
    seconds: float

    def summary(self) -> str:
        return (f"Built {self.articles} articles in {self.languages} languages: "
                f"{self.pages} pages in {self.seconds:.2f} s")


class Targets:
    """The renderer's view of the site, for rewriting and checking links."""

    def __init__(self, content: Content, assets: set[str], fallback: bool) -> None:
        self.content = content
        self.assets = assets
        self.fallback = fallback
        self.folders = {"/".join((lang, *slugs)): urls.category_path(lang, slugs)
                        for (lang, slugs) in content.categories}

    def article_page(self, source: str) -> str | None:
        article = self.content.by_source.get(source)
        if article is None and self.fallback:
            # A translation links to a sibling that is not translated yet: its English page.
            lang, _, rest = source.partition("/")
            if lang in self.content.languages:
                article = self.content.by_source.get(f"{self.content.default_language}/{rest}")
        return urls.article_path(article) if article else None

    def folder_page(self, folder: str) -> str | None:
        return self.folders.get(folder.rstrip("/"))

    def asset(self, source: str) -> str | None:
        return source if source in self.assets else None

    def suggest(self, source: str) -> str:
        pool = self.content.by_source if source.endswith(".md") else self.assets
        return did_you_mean(source, pool)


def build_site(config: KbConfig, site_dir: Path, log: ProblemLog) -> BuildResult:
    started = time.perf_counter()
    content = load_content(config, log)
    catalogs = Catalogs(config.theme_dirs, log)
    site_dir.mkdir(parents=True, exist_ok=True)
    assets = copy_assets(config.theme_dirs, site_dir)
    for rel in content.assets:
        dest = site_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(config.docs_dir / rel, dest)
    targets = Targets(content, set(content.assets), config.untranslated == "fallback")
    renderer = ArticleRenderer(targets, catalogs.message)
    listing = Listing(content, config)
    writer = PageWriter(config, make_environment(config.theme_dirs), catalogs, assets, listing,
                        site_dir)
    tasks: list[Task] = [*content.articles]
    sitemap: list[seo.SitemapEntry] = []
    for article in content.articles:
        versions = {code: urls.article_path(a)
                    for code, a in content.translations(article.id).items()}
        sitemap.append(seo.SitemapEntry(
            urls.article_path(article), versions if len(versions) > 1 else {},
            article.updated.isoformat() if article.updated else ""))
    homes = {code: urls.home_path(code) for code in config.languages}
    for lang in config.languages:
        tasks.append(partial(writer.home, lang))
        sitemap.append(seo.SitemapEntry(urls.home_path(lang), homes))
        for category in listing.categories[lang].values():
            tasks.append(partial(writer.category, lang, category))
            sitemap.append(seo.SitemapEntry(urls.category_path(lang, category.slugs)))
        tags = listing.tags(lang)
        tasks.append(partial(writer.tags_index, lang, tags))
        tasks += [partial(writer.tag, lang, tag, articles) for tag, articles in tags.items()]
        tasks.append(partial(writer.contact, lang))
        tasks.append(partial(writer.not_found, lang, urls.not_found_path(lang)))
    tasks.append(partial(writer.not_found, config.default_language, "404.html"))
    tasks.append(writer.chooser)
    rendered = write_pages(tasks, renderer, writer, log)
    _report_render_problems(content, rendered, log)
    _check_references(content, config, log)
    _write_redirects(content, writer, log)
    if config.base_url:
        (site_dir / "sitemap.xml").write_text(seo.sitemap_xml(config.base_url, sitemap),
                                              encoding="utf-8")
    else:
        log.add("no-site-url", "mkdocs.yml", "site_url is not set: no sitemap.xml, canonical "
                "or hreflang links are written", level="info",
                hint="set site_url to the help center's public address")
    (site_dir / "robots.txt").write_text(seo.robots_txt(config.base_url), encoding="utf-8")
    return BuildResult(len(config.languages), len(content.articles), len(writer.paths),
                       time.perf_counter() - started)


def _report_render_problems(content: Content, rendered: dict[str, RenderedArticle],
                            log: ProblemLog) -> None:
    ids_by_page = {urls.article_path(a): rendered[a.source].ids for a in content.articles}
    for article in content.articles:
        result = rendered[article.source]
        for issue, line in result.issues:
            log.add(issue.code, article.source, issue.message, hint=issue.hint, line=line)
        for ref, line in result.anchors:
            ids = ids_by_page.get(ref.page)
            if ids is None or ref.anchor in ids:
                continue
            log.add("broken-anchor", article.source, f"link '{ref.needle}': no heading or "
                    f"anchor '#{ref.anchor}' on that page", line=line,
                    hint=did_you_mean(ref.anchor, ids) or "anchors are the heading text in "
                    "lowercase with hyphens, or an {#id} you set")
        if article.type == "troubleshooting":
            missing = [s for s in ("symptoms", "cause", "resolution")
                       if s not in result.sections]
            if missing:
                log.add("troubleshooting-sections", article.source,
                        f"troubleshooting article lacks the section(s) {', '.join(missing)}",
                        hint="use '## Symptoms', '## Cause' and '## Resolution' headings (in "
                             "the article's language)", level="info")


def _check_references(content: Content, config: KbConfig, log: ProblemLog) -> None:
    channels = {c.id for c in config.channels}
    for article in content.articles:
        for rid in article.related:
            if content.article(article.lang, rid) or content.article(
                    content.default_language, rid):
                continue
            ids = {a.id for a in content.in_language(article.lang)}
            log.add("unknown-related", article.source, f"related article '{rid}' does not "
                    "exist", line=article.key_lines.get("related"),
                    hint=did_you_mean(rid, ids) or "use the id (file name) of an article")
        for cid in article.contact:
            if cid not in channels:
                log.add("unknown-channel", article.source, f"contact channel '{cid}' is not "
                        "declared", line=article.key_lines.get("contact"),
                        hint=did_you_mean(cid, channels)
                        or f"declared channels: {', '.join(sorted(channels)) or 'none'}")
    for (_lang, _slugs), category in content.categories.items():
        for cid in category.contact:
            if cid not in channels:
                log.add("unknown-channel", category.source, f"contact channel '{cid}' is "
                        "not declared", hint=did_you_mean(cid, channels) or
                        f"declared channels: {', '.join(sorted(channels)) or 'none'}")


def _write_redirects(content: Content, writer: PageWriter, log: ProblemLog) -> None:
    taken: dict[str, Article] = {}
    for article in content.articles:
        for old in article.redirect_from:
            path = redirect_path(article.lang, old)
            if path in writer.paths and path not in taken:
                log.add("redirect-collision", article.source, f"redirect_from '{old}' would "
                        f"replace the page {path}", line=article.key_lines.get("redirect_from"),
                        hint="remove that redirect, or move the page that lives there")
                continue
            if path in taken:
                log.add("redirect-collision", article.source, f"redirect_from '{old}' is also "
                        f"claimed by {taken[path].source}", level="error",
                        line=article.key_lines.get("redirect_from"),
                        hint="keep the redirect on one article only")
                continue
            taken[path] = article
            writer.redirect(article.lang, path, article)


def redirect_path(lang: str, old: str) -> str:
    """Where a redirect page is written for an old path (relative to the language folder)."""
    old = posixpath.normpath(old.strip().lstrip("/"))
    if old.endswith(".md"):
        old = old[:-3]
    if old.endswith((".html", ".htm")):
        return f"{lang}/{old}"
    return f"{lang}/{old}/index.html"
