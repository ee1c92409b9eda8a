"""Checks over the content model: references, redirects, lifecycle, translations, UI strings."""

from __future__ import annotations

import datetime as dt
import posixpath
import re

from kb.checks.result import CheckResult
from kb.checks.scan import heading_text
from kb.content.config import KbConfig
from kb.content.links import page_path
from kb.content.model import Content
from kb.problems import ProblemLog, did_you_mean
from kb.render.structure import TROUBLESHOOTING_SECTIONS
from kb.site.i18n import FALLBACK, Catalogs


def check_troubleshooting(result: CheckResult, catalogs: Catalogs, log: ProblemLog) -> None:
    for article in result.content.articles:
        if article.type != "troubleshooting":
            continue
        names = {kind: {catalogs.message(article.lang, f"ts_{kind}").casefold(),
                        catalogs.message(FALLBACK, f"ts_{kind}").casefold()}
                 for kind in TROUBLESHOOTING_SECTIONS}
        titles = [h.text.casefold() for h in result.scans[article.source].headings
                  if h.level == 2]
        missing = [kind for kind, words in names.items() if not words & set(titles)]
        if missing:
            expected = ", ".join(f"'## {catalogs.message(article.lang, f'ts_{k}')}'"
                                 for k in missing)
            log.add("troubleshooting-sections", article.source,
                    f"troubleshooting article lacks the section(s) {', '.join(missing)}",
                    hint=f"add {expected} (or the English names)", level="info")


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_H2_OR_H1 = re.compile(r"^ {0,3}#{1,2}[ \t]")
_ORDERED = re.compile(r"^ {0,3}\d{1,9}[.)][ \t]")


def has_ordered_list_under(body: str, titles: set[str]) -> bool:
    """Whether the `##` section titled one of `titles` (casefolded) holds an ordered list."""
    inside = False
    fence = None
    for line in body.splitlines():
        match = _FENCE.match(line)
        if fence is not None:
            fence = None if match and match.group(1)[0] == fence[0] else fence
            continue
        if match:
            fence = match.group(1)
            continue
        if _H2_OR_H1.match(line):
            title = heading_text(line.lstrip().lstrip("#").strip().rstrip("#").strip())
            inside = line.lstrip().startswith("## ") and title.casefold() in titles
            continue
        if inside and _ORDERED.match(line):
            return True
    return False


def check_flow(content: Content, catalogs: Catalogs, log: ProblemLog) -> None:
    """`flow: true` needs the ordered list under Resolution that becomes the guided flow."""
    for article in content.articles:
        if not article.flow:
            continue
        names = {catalogs.message(article.lang, "ts_resolution").casefold(),
                 catalogs.message(FALLBACK, "ts_resolution").casefold()}
        if article.type == "troubleshooting" and has_ordered_list_under(article.body, names):
            continue
        heading = catalogs.message(article.lang, "ts_resolution")
        found = "the article is not a troubleshooting article" \
            if article.type != "troubleshooting" else f"no numbered list under '## {heading}'"
        log.add("flow-without-steps", article.source,
                f"flow: true, but {found}, so there are no steps to guide through",
                line=article.key_lines.get("flow"),
                hint=f"number the steps under '## {heading}' (1. … 2. …) in a troubleshooting "
                     "article, or remove flow: true")


def check_references(content: Content, config: KbConfig, log: ProblemLog) -> None:
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
    for category in content.categories.values():
        for cid in category.contact:
            if cid not in channels:
                log.add("unknown-channel", category.source, f"contact channel '{cid}' is "
                        "not declared", hint=did_you_mean(cid, channels) or
                        f"declared channels: {', '.join(sorted(channels)) or 'none'}")


def redirect_path(lang: str, old: str) -> str:
    """Where a redirect page is written for an old path (relative to the language folder)."""
    old = posixpath.normpath(old.strip().lstrip("/"))
    if old.endswith(".md"):
        old = old[:-3]
    if old.endswith((".html", ".htm")):
        return f"{lang}/{old}"
    return f"{lang}/{old}/index.html"


def reserved_pages(content: Content) -> set[str]:
    """The paths of the pages the build writes, which a redirect must not replace."""
    pages = {page_path(a.lang, a.slugs) for a in content.articles}
    pages |= {page_path(lang, slugs) for (lang, slugs) in content.categories}
    for lang in content.languages:
        pages |= {f"{lang}/index.html", f"{lang}/404.html", f"{lang}/tags/index.html",
                  f"{lang}/contact/index.html", f"{lang}/search/index.html"}
    return pages


def redirects(content: Content, log: ProblemLog) -> dict[str, str]:
    """Redirect page path -> the article source it leads to, reporting the ones that clash."""
    pages = reserved_pages(content)
    taken: dict[str, str] = {}
    for article in content.articles:
        own = page_path(article.lang, article.slugs)
        line = article.key_lines.get("redirect_from")
        for old in article.redirect_from:
            path = redirect_path(article.lang, old)
            if path == own:
                log.add("redirect-loop", article.source, f"redirect_from '{old}' is the "
                        "article's own address, so it would redirect to itself", line=line,
                        level="error", hint="remove it from redirect_from")
            elif path in pages or path.startswith(f"{article.lang}/tags/"):
                log.add("redirect-collision", article.source, f"redirect_from '{old}' would "
                        f"replace the page {path}", line=line,
                        hint="remove that redirect, or move the page that lives there")
            elif path in taken:
                log.add("redirect-collision", article.source, f"redirect_from '{old}' is also "
                        f"claimed by {taken[path]}", line=line, level="error",
                        hint="keep the redirect on one article only")
            else:
                taken[path] = article.source
    return taken


def check_redirects(content: Content, log: ProblemLog) -> None:
    redirects(content, log)


def check_lifecycle(content: Content, today: dt.date, log: ProblemLog) -> None:
    for article in content.articles:
        if article.review_by and article.review_by < today:
            log.add("stale", article.source, f"review_by {article.review_by} has passed "
                    f"({(today - article.review_by).days} days ago)",
                    line=article.key_lines.get("review_by"),
                    hint="review the article, then move review_by forward")
        if not article.owner:
            log.add("no-owner", article.source, "the article has no owner", level="info",
                    hint="add 'owner: <name>' so someone keeps it up to date")


def check_translations(content: Content, log: ProblemLog) -> None:
    from kb.content.drift import translation_status

    for article in content.articles:
        if article.lang == content.default_language:
            continue
        status = translation_status(content, article)
        source = content.article(content.default_language, article.id)
        if status == "outdated" and source is not None:
            log.add("translation-outdated", article.source, f"{source.source} changed after "
                    f"this translation was made (source_rev {article.source_rev})",
                    line=article.key_lines.get("source_rev"),
                    hint=f"update the translation, then run: kb translate-stamp "
                         f"{article.source}")
        elif status == "unknown":
            log.add("translation-unknown", article.source, "no source_rev: kb cannot tell "
                    "whether this translation is current", level="info",
                    hint=f"after checking it, run: kb translate-stamp {article.source}")


def check_ui_strings(config: KbConfig, catalogs: Catalogs, log: ProblemLog) -> None:
    reference = catalogs.catalog(FALLBACK)
    for lang in config.languages:
        if lang.split("-")[0] == FALLBACK:
            continue
        chain = catalogs.lookup_chain(lang)[:-1]  # the language (and its primary subtag)
        known = set().union(*(catalogs.catalog(code) for code in chain))
        for key in sorted(set(reference) - known):
            catalogs.report_missing(lang, key, FALLBACK)
