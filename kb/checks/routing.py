"""Contact routing over the content: every page that offers contact options has one."""

from __future__ import annotations

from collections.abc import Callable

from kb.content.config import KbConfig
from kb.content.model import Category, Content
from kb.problems import ProblemLog
from kb.routing.route import route
from kb.routing.spec import article_contact, channel_specs, page_context


def categories_in(content: Content, lang: str) -> Callable[[tuple[str, ...]], Category | None]:
    return lambda slugs: content.categories.get((lang, slugs))


def _hint(lang: str) -> str:
    return (f"add a channel that serves {lang} to contact, add {lang} to a channel's "
            "languages, or set the plugin's fallback to a channel that serves every language")


def check_routing(content: Content, config: KbConfig, log: ProblemLog) -> None:
    """`no-channel`: routing leaves an article (or a category's own `contact`) with no
    channel in its language — not even the fallback. Sites without channels are skipped."""
    if not config.channels:
        return
    specs = channel_specs(config)
    reported: set[tuple[str, tuple[str, ...]]] = set()
    for (lang, slugs), category in sorted(content.categories.items()):
        if not category.contact:
            continue
        page = page_context(config, lang, category=slugs[0], contact=category.contact)
        if not route(specs, page, None):
            reported.add((lang, slugs))
            log.add("no-channel", category.source or f"{lang}/{'/'.join(slugs)}",
                    f"no contact channel serves '{lang}' here: contact "
                    f"[{', '.join(category.contact)}] and the fallback "
                    f"'{page['fallback'] or 'none'}' leave nothing in {lang}", hint=_hint(lang))
    for article in content.articles:
        lang = article.lang
        contact, source = article_contact(config, article, categories_in(content, lang))
        page = page_context(config, lang, category=article.category_slugs[0]
                            if article.category_slugs else "", type=article.type,
                            urgency=article.urgency, contact=contact)
        if route(specs, page, None):
            continue
        if source == "category" and any((lang, article.category_slugs[:d]) in reported
                                        for d in range(1, len(article.category_slugs) + 1)):
            continue  # already reported on the category
        listed = f"contact [{', '.join(contact)}]" if contact else "the site's channels"
        log.add("no-channel", article.source,
                f"no contact channel serves '{lang}' on this page: {listed} ({source}) and the "
                f"fallback '{page['fallback'] or 'none'}' leave nothing in {lang}",
                line=article.key_lines.get("contact") if source == "article" else None,
                hint=_hint(lang))
