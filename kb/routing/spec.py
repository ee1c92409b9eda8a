"""Routing specs and page contexts from kb's config and content (what pages carry as JSON).

    channel:  {id, kind, languages, hours: null | {tz, week, closed}, when: null | {...}}
    page:     {lang, category, type, urgency, contact, rules, fallback}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kb.routing.route import ASYNC_KINDS, route

if TYPE_CHECKING:
    from kb.content.config import Channel, KbConfig
    from kb.content.model import Article, Category

CategoryLookup = Callable[[tuple[str, ...]], "Category | None"]


def channel_spec(channel: Channel) -> dict[str, Any]:
    return {
        "id": channel.id,
        "kind": channel.kind,
        "languages": list(channel.languages),
        "hours": channel.hours.spec() if channel.hours else None,
        "when": {k: list(v) for k, v in channel.when.items()} if channel.when else None,
    }


def channel_specs(config: KbConfig) -> list[dict[str, Any]]:
    return [channel_spec(c) for c in config.channels]


def fallback_for(config: KbConfig, lang: str) -> str:
    """The `fallback` option, else the first asynchronous channel of the site's `contact`
    list serving the language, else of all channels, else the first channel serving the
    language that is not a status page ('' when there is none)."""
    if config.fallback:
        return config.fallback
    chosen = [c for cid in config.contact if (c := config.channel(cid)) is not None]
    for pool in (chosen, list(config.channels)):
        for channel in pool:
            if channel.kind in ASYNC_KINDS and channel.serves(lang):
                return channel.id
    return next((c.id for c in config.channels if c.kind != "status" and c.serves(lang)), "")


def rules_spec(config: KbConfig) -> list[dict[str, Any]]:
    return [{"when": {k: list(v) for k, v in rule.when.items()}, "first": list(rule.first)}
            for rule in config.routing]


def article_contact(config: KbConfig, article: Article,
                    category_of: CategoryLookup) -> tuple[tuple[str, ...], str]:
    """The channel ids an article starts from and where they come from:
    its own `contact`, else its section's or category's, else the site's."""
    if article.contact:
        return article.contact, "article"
    slugs = article.category_slugs
    for depth in range(len(slugs), 0, -1):
        category = category_of(slugs[:depth])
        if category is not None and category.contact:
            return category.contact, "category"
    return config.contact, "site"


def page_context(config: KbConfig, lang: str, *, category: str = "", type: str = "",
                 urgency: str = "normal", contact: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"lang": lang, "category": category, "type": type, "urgency": urgency,
            "contact": list(contact), "rules": rules_spec(config),
            "fallback": fallback_for(config, lang)}


def article_context(config: KbConfig, article: Article,
                    category_of: CategoryLookup) -> dict[str, Any]:
    contact, _ = article_contact(config, article, category_of)
    return page_context(config, article.lang, category=article.category_slugs[0]
                        if article.category_slugs else "", type=article.type,
                        urgency=article.urgency, contact=contact)


def route_config(config: KbConfig, page: dict[str, Any],
                 now_ms: int | None = None) -> list[dict[str, Any]]:
    """route() over the site's channels (now_ms None: every channel counts as open)."""
    return route(channel_specs(config), page, now_ms)
