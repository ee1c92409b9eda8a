"""Page contexts for the theme (see themes/kb/CONTEXT.md) and the rendering of each page."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from kb.content.config import KbConfig, text_direction
from kb.content.drift import translation_status
from kb.content.model import Article, Category
from kb.render.pipeline import RenderedArticle
from kb.routing.spec import article_context, channel_spec, page_context, route_config
from kb.site import feedback, seo, urls
from kb.site.i18n import Catalogs, Translator, native_name
from kb.site.listing import Entry, Listing

NAV_WINDOW = 12
# UI strings the search script shows (it fills their {placeholders} itself).
SEARCH_STRINGS = ("search_all", "search_no_results", "search_loading", "search_count",
                  "search_did_you_mean", "search_failed")
# Words of the contact handoff (kb.routing.handoff labels), from the handoff_* UI strings.
HANDOFF_LABELS = ("subject_article", "subject_search", "subject_general", "article", "search",
                  "reason", "comment", "steps", "language", "reference")


@dataclass
class PageSpec:
    """One page to write: where, with which template, and its language versions."""

    path: str
    template: str
    lang: str
    kind: str
    title: str
    versions: dict[str, str]  # lang -> path of this page in that language (itself included)
    description: str = ""
    crumbs: tuple[tuple[str, str], ...] = ()  # (title, path), current page last
    jsonld: tuple[dict[str, Any], ...] = ()
    noindex: bool = False
    absolute_links: bool = False  # 404 pages are served at any depth
    route_page: dict[str, Any] | None = None  # routing page context: KB.config.contact.page
    page_id: str = ""  # what events call the page: the article id, else '/' + path


class PageWriter:
    def __init__(self, config: KbConfig, env: jinja2.Environment, catalogs: Catalogs,
                 assets: dict[str, str], listing: Listing, site_dir: Path) -> None:
        self.config = config
        self.env = env
        self.catalogs = catalogs
        self.assets = assets
        self.listing = listing
        self.site_dir = site_dir
        self.translators = {lang: Translator(catalogs, lang) for lang in config.languages}
        self.base_path = urlsplit(config.base_url).path or "/" if config.base_url else ""
        self.paths: set[str] = set()
        self.has_search = False
        self.search_manifests: dict[str, str] = {}  # lang -> site path of the index manifest
        # lang -> site paths of the engine's scripts a page in that language loads, in order
        self.search_runtime: dict[str, list[str]] = {}
        # lang -> (channels, handoff labels) of KB.config.contact: the same on every page
        self._contact_parts: dict[str, tuple[list[dict[str, Any]], dict[str, str]]] = {}

    # -- helpers ---------------------------------------------------------------------------
    def hrefs(self, spec: PageSpec) -> Callable[..., str]:
        if spec.absolute_links and self.base_path:
            return lambda to, fragment="": self.base_path + to + (f"#{fragment}" if fragment
                                                                  else "")
        return lambda to, fragment="": urls.relative_href(spec.path, to, fragment)

    def link(self, entry: Entry, href: Callable[..., str]) -> dict[str, Any]:
        article = entry.article
        return {"id": article.id, "title": article.title, "href": href(entry.path),
                "summary": article.summary, "type": article.type,
                "untranslated": entry.untranslated, "lang": article.lang}

    def render(self, spec: PageSpec, **extra: Any) -> None:
        lang = spec.lang
        tr = self.translators[lang]
        href = self.hrefs(spec)
        base = self.config.base_url
        context = {
            "lang": lang,
            "dir": text_direction(lang),
            "locale": str(tr.locale),
            "t": tr.t,
            "tn": tr.tn,
            "asset": lambda name: href(self._asset(name)),
            "site": {
                "name": self.config.name_in(lang),
                "languages": [
                    {"code": code, "name": native_name(code), "dir": text_direction(code),
                     "href": href(spec.versions.get(code) or urls.home_path(code)),
                     "current": code == lang}
                    for code in self.config.languages
                ],
            },
            # search is None until the site has a search page to link to
            "links": {"home": href(urls.home_path(lang)),
                      "search": href(urls.search_path(lang)) if self.has_search else None,
                      "contact": href(urls.contact_path(lang)), "tags": href(urls.tags_path(lang)),
                      "root": href("index.html")},
            "page": {
                "kind": spec.kind,
                "title": spec.title,
                "description": spec.description,
                "canonical": urls.absolute_url(base, spec.path) if base and not spec.noindex
                else None,
                "alternates": seo.alternates(base, spec.versions, self.config.default_language),
                "breadcrumbs": [{"title": t, "href": href(p) if i < len(spec.crumbs) - 1
                                 else None} for i, (t, p) in enumerate(spec.crumbs)],
                "jsonld": list(spec.jsonld),
                "noindex": spec.noindex,
            },
            "nav": extra.pop("nav", None) or self.nav(lang, (), None, href),
            "config_json": self.config_json(spec, href),
            **extra,
        }
        html = self.env.get_template(spec.template).render(context)
        dest = self.site_dir / spec.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(html, encoding="utf-8")
        self.paths.add(spec.path)

    def _asset(self, name: str) -> str:
        try:
            return self.assets[name]
        except KeyError:
            raise jinja2.TemplateError(f"the theme has no asset '{name}'") from None

    def config_json(self, spec: PageSpec, href: Callable[..., str]) -> Markup:
        data: dict[str, Any] = {"lang": spec.lang, "page": spec.kind,
                                "languages": list(self.config.languages),
                                "default_language": self.config.default_language}
        if spec.lang in self.search_manifests:
            tr = self.translators[spec.lang]
            data["search"] = {
                "manifest": href(self.search_manifests[spec.lang]),
                "runtime": [href(path) for path in self.search_runtime[spec.lang]],
                "base": href("index.html")[: -len("index.html")],
                "strings": {key: tr.t(key) for key in SEARCH_STRINGS},
            }
        if spec.kind in ("article", "contact", "search"):  # strings of deflect.js
            data["ui"] = feedback.script_strings(self.translators[spec.lang])
        data["events"] = self.events_config(spec)
        if spec.route_page is not None:
            data["contact"] = self.contact_config(spec.route_page)
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e"))

    def contact_config(self, page: dict[str, Any]) -> dict[str, Any]:
        """KB.config.contact: the channels serving the page's language (routing specs with
        their url and texts in that language), the page's routing context and the handoff
        words; the language-level parts are made once per language."""
        lang = page["lang"]
        if lang not in self._contact_parts:
            self._contact_parts[lang] = language_contact(self.config, lang,
                                                         self.translators[lang])
        channels, labels = self._contact_parts[lang]
        return {"channels": channels, "page": page, "labels": labels}

    def events_config(self, spec: PageSpec) -> dict[str, Any]:
        """KB.config.events for events.js: where to send (None: nowhere), the site id and
        the page (an article's id, else its path: "/en/contact/")."""
        events = self.config.events
        page = spec.page_id or "/" + spec.path.removesuffix("index.html")
        return {"endpoint": events.endpoint or None, "site": events.site, "page": page}

    def nav(self, lang: str, current: tuple[str, ...], article: Article | None,
            href: Callable[..., str]) -> dict[str, Any]:
        categories = [
            {"slug": c.slug, "title": c.title, "icon": c.icon,
             "href": href(urls.category_path(lang, c.slugs)),
             "current": bool(current) and c.slugs == current[:1]}
            for c in self.listing.top(lang)
        ]
        nav: dict[str, Any] = {"categories": categories, "current": None}
        if article is not None and current:
            entries = self.listing.in_folder(lang, current)
            index = next((i for i, e in enumerate(entries) if e.article is article), 0)
            start = max(0, min(index - NAV_WINDOW // 2, len(entries) - NAV_WINDOW))
            window = entries[start:start + NAV_WINDOW]
            category = self.listing.categories[lang].get(current)
            nav["current"] = {
                "title": category.title if category else "",
                "href": href(urls.category_path(lang, current)),
                "articles": [{"title": e.article.title, "href": href(e.path),
                              "current": e.article is article} for e in window],
                "more": len(entries) - len(window),
            }
        return nav

    # -- crumbs ----------------------------------------------------------------------------
    def category_crumbs(self, lang: str, slugs: tuple[str, ...]) -> list[tuple[str, str]]:
        tr = self.translators[lang]
        crumbs = [(tr.t("home"), urls.home_path(lang))]
        for depth in range(1, len(slugs) + 1):
            category = self.listing.categories[lang].get(slugs[:depth])
            if category is not None:
                crumbs.append((category.title, urls.category_path(lang, slugs[:depth])))
        return crumbs

    # -- page kinds ------------------------------------------------------------------------
    def article(self, article: Article, rendered: RenderedArticle) -> None:
        lang = article.lang
        path = urls.article_path(article)
        versions = {code: urls.article_path(a)
                    for code, a in self.listing.content.translations(article.id).items()}
        crumbs = [*self.category_crumbs(lang, article.category_slugs), (article.title, path)]
        base = self.config.base_url
        url = urls.absolute_url(base, path) if base else ""
        jsonld = seo.article_jsonld(article, rendered, url)
        if breadcrumbs := seo.breadcrumb_list(base, crumbs):
            jsonld.append(breadcrumbs)
        spec = PageSpec(path, "article.html", lang, "article", article.title, versions,
                        description=article.summary, crumbs=tuple(crumbs), jsonld=tuple(jsonld),
                        page_id=article.id, route_page=article_context(
                            self.config, article, self.listing.categories[lang].get))
        href = self.hrefs(spec)
        tr = self.translators[lang]
        related = [self.link(e, href) for rid in article.related
                   if (e := self.listing.resolve(lang, rid)) is not None]
        category = self.listing.categories[lang].get(article.category_slugs)
        show_toc = len(rendered.toc) >= self.config.toc_min_headings
        self.render(
            spec,
            nav=self.nav(lang, article.category_slugs, article, href),
            article={
                "id": article.id,
                "title": article.title,
                "type": article.type,
                "summary": article.summary,
                "html": Markup(rendered.html),
                "toc": rendered.toc if show_toc else [],
                "updated": {"iso": article.updated.isoformat(), "display": tr.date(article.updated)}
                if article.updated else None,
                "tags": [{"name": t, "href": href(urls.tag_path(lang, t))} for t in article.tags],
                "related": related,
                "category": {"title": category.title if category else "",
                             "href": href(urls.category_path(lang, article.category_slugs))},
                "questions": [{"id": q[0], "title": q[1]} for q in rendered.questions],
                "notes": self.notes(article, href),
            },
            feedback={"key": f"{lang}/{article.id}", "flow": article.flow,
                      "reasons": feedback.reasons_in(
                          self.config.feedback_reasons, tr,
                          self.config.default_language)},
        )

    def notes(self, article: Article, href: Callable[..., str]) -> list[dict[str, Any]]:
        """Notices above the body: a translation that fell behind its source."""
        content = self.listing.content
        if article.lang == content.default_language or \
                translation_status(content, article) != "outdated":
            return []
        source = content.article(content.default_language, article.id)
        assert source is not None
        text = self.translators[article.lang].t(
            "translation_outdated", language=native_name(source.lang))
        return [{"kind": "outdated", "text": text, "href": href(urls.article_path(source))}]

    def home(self, lang: str) -> None:
        tr = self.translators[lang]
        versions = {code: urls.home_path(code) for code in self.config.languages}
        base = self.config.base_url
        jsonld: list[dict[str, Any]] = []
        if base:
            jsonld.append({"@context": "https://schema.org", "@type": "WebSite",
                           "name": self.config.name_in(lang), "inLanguage": lang,
                           "url": urls.absolute_url(base, urls.home_path(lang))})
        spec = PageSpec(urls.home_path(lang), "home.html", lang, "home", self.config.name_in(lang),
                        versions, description=tr.t("home_intro"),
                        crumbs=((tr.t("home"), urls.home_path(lang)),), jsonld=tuple(jsonld))
        href = self.hrefs(spec)
        self.render(
            spec,
            categories=[{"slug": c.slug, "title": c.title, "description": c.description,
                         "icon": c.icon, "href": href(urls.category_path(lang, c.slugs)),
                         "count": self.listing.count(lang, c.slugs)}
                        for c in self.listing.top(lang)],
            promoted=[self.link(e, href) for e in self.listing.promoted(lang)],
        )

    def category(self, lang: str, category: Category) -> None:
        slugs = category.slugs
        path = urls.category_path(lang, slugs)
        versions = {code: urls.category_path(code, slugs) for code in self.config.languages
                    if slugs in self.listing.categories[code]}
        crumbs = self.category_crumbs(lang, slugs)
        jsonld = [b] if (b := seo.breadcrumb_list(self.config.base_url, crumbs)) else []
        spec = PageSpec(path, "category.html", lang, "category", category.title, versions,
                        description=category.description, crumbs=tuple(crumbs),
                        jsonld=tuple(jsonld))
        href = self.hrefs(spec)
        sections = [
            {"slug": s.slug, "title": s.title, "description": s.description,
             "href": href(urls.category_path(lang, s.slugs)),
             "articles": [self.link(e, href) for e in self.listing.in_folder(lang, s.slugs)]}
            for s in self.listing.sections(lang, slugs)
        ]
        self.render(
            spec,
            nav=self.nav(lang, slugs, None, href),
            category={"slug": category.slug, "title": category.title,
                      "description": category.description, "icon": category.icon,
                      "href": href(path), "sections": sections,
                      "articles": [self.link(e, href)
                                   for e in self.listing.in_folder(lang, slugs)]},
        )

    def _tags_crumbs(self, lang: str) -> tuple[tuple[str, str], ...]:
        tr = self.translators[lang]
        return ((tr.t("home"), urls.home_path(lang)), (tr.t("all_tags"), urls.tags_path(lang)))

    def tags_index(self, lang: str, tags: dict[str, list[Article]]) -> None:
        tr = self.translators[lang]
        spec = PageSpec(urls.tags_path(lang), "tags.html", lang, "tags", tr.t("all_tags"),
                        {code: urls.tags_path(code) for code in self.config.languages},
                        crumbs=self._tags_crumbs(lang))
        href = self.hrefs(spec)
        self.render(spec, tags=[{"name": t, "href": href(urls.tag_path(lang, t)),
                                 "count": len(arts)} for t, arts in tags.items()])

    def tag(self, lang: str, tag: str, articles: list[Article]) -> None:
        path = urls.tag_path(lang, tag)
        title = self.translators[lang].t("tag_title", tag=tag)
        spec = PageSpec(path, "tag.html", lang, "tag", title, {lang: path},
                        crumbs=(*self._tags_crumbs(lang), (title, path)))
        href = self.hrefs(spec)
        self.render(spec, tag={"name": tag, "articles": [
            self.link(Entry(a, False), href) for a in articles]})

    def _language_page(self, lang: str, kind: str, path_of: Callable[[str], str],
                       title_key: str, **options: Any) -> PageSpec:
        """A page every language has once (contact, search), linked to its other versions."""
        tr = self.translators[lang]
        path, title = path_of(lang), tr.t(title_key)
        return PageSpec(path, f"{kind}.html", lang, kind, title,
                        {code: path_of(code) for code in self.config.languages},
                        crumbs=((tr.t("home"), urls.home_path(lang)), (title, path)), **options)

    def contact(self, lang: str) -> None:
        # The contact page offers every channel serving the language (contact=[]), ordered
        # as the browser orders them, but with no clock: every channel counts as open.
        route_page = page_context(self.config, lang)
        spec = self._language_page(lang, "contact", urls.contact_path, "contact_title",
                                   description=self.translators[lang].t("contact_intro"),
                                   route_page=route_page)
        channels = []
        for offer in route_config(self.config, route_page):
            channel = self.config.channel(offer["id"])
            assert channel is not None
            url = channel.url.replace("{lang}", lang)
            for placeholder in ("subject", "body", "url", "title", "query", "ref"):
                url = url.replace("{" + placeholder + "}", "")
            channels.append({
                "id": channel.id, "kind": channel.kind,
                "label": _localised(channel.label, lang, self.config.default_language,
                                    channel.id),
                "description": _localised(channel.description, lang,
                                          self.config.default_language, ""),
                "href": url,
                "response_time": _localised(channel.response_time, lang,
                                            self.config.default_language, ""),
            })
        self.render(spec, channels=channels)

    def search(self, lang: str) -> None:
        self.render(self._language_page(lang, "search", urls.search_path, "search_title",
                                        noindex=True, route_page=page_context(
                                            self.config, lang, contact=self.config.contact)))

    def not_found(self, lang: str, path: str) -> None:
        tr = self.translators[lang]
        spec = PageSpec(path, "404.html", lang, "404", tr.t("not_found_title"), {},
                        noindex=True, absolute_links=True)
        self.render(spec)

    def chooser(self) -> None:
        default = self.config.default_language
        versions = {code: urls.home_path(code) for code in self.config.languages}
        spec = PageSpec("index.html", "chooser.html", default, "chooser", self.config.site_name,
                        versions)
        self.render(spec)

    def redirect(self, lang: str, path: str, target: Article) -> None:
        spec = PageSpec(path, "redirect.html", lang, "redirect", target.title, {},
                        noindex=True)
        href = self.hrefs(spec)
        self.render(spec, target={"title": target.title,
                                  "href": href(urls.article_path(target))})


def language_contact(config: KbConfig, lang: str,
                     tr: Translator) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The channels serving `lang` (routing specs with their url and texts in that language)
    and the handoff words in it."""
    default = config.default_language
    channels = [
        {**channel_spec(c), "url": c.url, "max_length": c.max_length,
         "label": _localised(c.label, lang, default, c.id),
         "description": _localised(c.description, lang, default, ""),
         "response_time": _localised(c.response_time, lang, default, "")}
        for c in config.channels if c.serves(lang)
    ]
    return channels, {key: tr.t(f"handoff_{key}") for key in HANDOFF_LABELS}


def _localised(texts: dict[str, str], lang: str, default: str, fallback: str) -> str:
    return (texts.get(lang) or texts.get(lang.split("-")[0]) or texts.get("*")
            or texts.get(default) or fallback)
