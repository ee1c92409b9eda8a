"""Build the whole site: load, render every article, write every page, once."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kb.checks import run_checks
from kb.checks.content import redirects
from kb.checks.search_tests import run_search_tests, site_searcher
from kb.content.config import KbConfig
from kb.content.links import LinkResolver
from kb.content.model import Content
from kb.problems import ProblemLog
from kb.render.pipeline import ArticleRenderer
from kb.site import seo, urls
from kb.site.i18n import Catalogs
from kb.site.listing import Listing
from kb.site.pages import PageWriter
from kb.site.parallel import SearchJob, Task, write_pages
from kb.site.search import SiteIndexes, copy_runtime, costliest_first, runtime_paths
from kb.site.theme import copy_assets, make_environment


@dataclass
class BuildResult:
    languages: int
    articles: int
    pages: int
    seconds: float
    page_of: dict[str, str] = field(default_factory=dict)  # source file -> its page


def build_site(config: KbConfig, site_dir: Path, log: ProblemLog) -> BuildResult:
    started = time.perf_counter()
    catalogs = Catalogs(config.theme_dirs, log)
    checked = run_checks(config, log, catalogs=catalogs)
    content = checked.content
    site_dir.mkdir(parents=True, exist_ok=True)
    assets = copy_assets(config.theme_dirs, site_dir)
    for rel in content.assets:
        dest = site_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(config.docs_dir / rel, dest)
    resolver = LinkResolver(content, set(content.assets), config.untranslated == "fallback")
    renderer = ArticleRenderer(resolver, catalogs.message)
    listing = Listing(content, config)
    writer = PageWriter(config, make_environment(config.theme_dirs), catalogs, assets, listing,
                        site_dir)
    search = None
    if config.search:
        # The indexes are written in the page pool (write_pages), alongside the pages.
        writer.search_runtime = runtime_paths(copy_runtime(site_dir), config.languages)
        writer.has_search = True
        indexes = SiteIndexes(content, checked.scans, listing, site_dir)
        search = SearchJob(
            manifests=indexes.manifests, write=indexes.write,
            start_order=costliest_first(content),
            finished=partial(_run_search_tests, config, content, log, site_dir))
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
        if config.search:
            tasks.append(partial(writer.search, lang))
        tasks.append(partial(writer.not_found, lang, urls.not_found_path(lang)))
    tasks.append(partial(writer.not_found, config.default_language, "404.html"))
    tasks.append(writer.chooser)
    write_pages(tasks, renderer, writer, log, search)
    _write_redirects(content, writer)
    if config.base_url:
        (site_dir / "sitemap.xml").write_text(seo.sitemap_xml(config.base_url, sitemap),
                                              encoding="utf-8")
    else:
        log.add("no-site-url", "mkdocs.yml", "site_url is not set: no sitemap.xml, canonical "
                "or hreflang links are written", level="info",
                hint="set site_url to the help center's public address")
    (site_dir / "robots.txt").write_text(seo.robots_txt(config.base_url), encoding="utf-8")
    page_of = {a.source: urls.article_path(a) for a in content.articles}
    page_of |= {c.source: urls.category_path(c.lang, c.slugs)
                for c in content.categories.values() if c.source}
    return BuildResult(len(config.languages), len(content.articles), len(writer.paths),
                       time.perf_counter() - started, page_of)


def _run_search_tests(config: KbConfig, content: Content, log: ProblemLog,
                      site_dir: Path) -> None:
    run_search_tests(config, content, log, site_searcher(site_dir))


def _write_redirects(content: Content, writer: PageWriter) -> None:
    # The checks reported clashing redirects; these are the ones that are safe to write.
    for path, source in redirects(content, ProblemLog()).items():
        writer.redirect(content.by_source[source].lang, path, content.by_source[source])
