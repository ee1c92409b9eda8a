"""Import a Zendesk Guide (Help Center API) JSON export into a kb content tree.

    report = import_zendesk(Path("export/"), Path("content"), "el")

writes `content/<lang>/<category>/<section>/<slug>.md` for the articles whose locale matches
`lang` (`en-us` → `en`, `zh-tw` → `zh-TW`, `pt-br` → `pt-BR`; an exact locale wins over a
regional one), plus `_category.yml` files titled in that language:

- Folders: the section's category, then the section (from the export's `categories` and
  `sections`); only a section → one folder; neither → `general`.
- Translations share paths and ids: the file name is the slug of the article's source-locale
  (usually English) title and `id: zd-<article id>`, in every language, so pass the export of
  all locales even when importing one.
- title, updated ← edited_at/updated_at, tags ← label_names, draft, promoted, order ← position,
  redirect_from ← the path of html_url. Other fields are counted in `report.unmapped`.
- The body HTML becomes Markdown (see `zendesk_html`); links to other exported articles
  become relative `.md` links. Nothing existing is overwritten unless `force=True`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from kb.importers.docfx_meta import article_slug, folder_slug, unique
from kb.importers.markdown_write import (
    Report,
    bcp47,
    render_article,
    tag_list,
    text_items,
    to_date,
    write_categories,
    write_text,
)
from kb.importers.zendesk_html import html_to_markdown
from kb.importers.zendesk_load import Export, Named, Record, load_export
from kb.problems import KbError

GENERAL = ("general", "General")


def locale_score(locale: str, lang: str) -> int:
    """3: the same code; 2: the same language where one side names no region; 0: other."""
    a, b = bcp47(locale).lower(), bcp47(lang).lower()
    if a == b:
        return 3
    base_a, _, region_a = a.partition("-")
    base_b, _, region_b = b.partition("-")
    return 2 if base_a == base_b and (not region_a or not region_b) else 0


@dataclass
class _Planned:
    article_id: str
    source_locale: str
    meta: Record  # the article object (section, labels, position, promoted)
    folders: tuple[tuple[str, str], ...]
    dest: Path


def _sort_id(article_id: str) -> tuple[int, str]:
    return (len(article_id), article_id)


def _preferred(items: list[Any], locale_of: Any, source_locale: str) -> Any:
    """The item in the source locale, else in English, else the first by locale."""
    ranked = sorted(items, key=lambda i: (locale_score(locale_of(i), source_locale) != 3,
                                          locale_score(locale_of(i), "en") == 0,
                                          locale_of(i).lower()))
    return ranked[0]


def _localized(items: list[Named], lang: str, fallback: Named) -> str:
    scored = [(locale_score(i.locale, lang), i.locale.lower(), i) for i in items]
    best = max(scored, key=lambda s: (s[0], s[1] == bcp47(lang).lower()), default=None)
    return best[2].name if best and best[0] else fallback.name


def _folders(meta: Record, source_locale: str, export: Export,
             lang: str) -> tuple[tuple[str, str], ...]:
    section_id = str(meta.data.get("section_id") or "")
    sections = export.sections.get(section_id)
    if not sections:
        return (GENERAL,)
    section = _preferred(sections, lambda n: n.locale, source_locale)
    folders = [(folder_slug(section.name, f"section-{section.id}"),
                _localized(sections, lang, section))]
    categories = export.categories.get(section.parent_id)
    if categories:
        category = _preferred(categories, lambda n: n.locale, source_locale)
        folders.insert(0, (folder_slug(category.name, f"category-{category.id}"),
                           _localized(categories, lang, category)))
    return tuple(folders)


def _plan(export: Export, lang_root: Path, lang: str) -> dict[str, _Planned]:
    """Paths for every article of the export, whatever its locales: translations agree."""
    by_id: dict[str, list[Record]] = {}
    for record in export.records:
        by_id.setdefault(record.article_id, []).append(record)
    plan: dict[str, _Planned] = {}
    taken: dict[Path, set[str]] = {}
    for article_id in sorted(by_id, key=_sort_id):
        records = by_id[article_id]
        articles = [r for r in records if not r.is_translation] or records
        first = articles[0]
        source_locale = str(first.data.get("source_locale") or first.locale)
        meta = _preferred(articles, lambda r: r.locale, source_locale)
        named = _preferred(records, lambda r: r.locale, source_locale)
        folders = _folders(meta, source_locale, export, lang)
        folder = lang_root.joinpath(*(slug for slug, _ in folders))
        slugs = taken.setdefault(folder, set())
        slug = article_slug(named.title, f"article-{article_id}")
        if slug in slugs:
            slug = unique(f"{slug}-{article_id}", slugs)
        slugs.add(slug)
        plan[article_id] = _Planned(article_id, source_locale, meta, folders,
                                    folder / f"{slug}.md")
    return plan


def _chosen(export: Export, lang: str, plan: dict[str, _Planned]) -> list[Record]:
    """The record of each article in `lang`, in article id order."""
    best: dict[str, tuple[tuple[int, bool, bool], Record]] = {}
    for record in export.records:
        score = locale_score(record.locale, lang)
        if not score:
            continue
        source_locale = plan[record.article_id].source_locale
        rank = (score, locale_score(record.locale, source_locale) == 3, not record.is_translation)
        if record.article_id not in best or rank > best[record.article_id][0]:
            best[record.article_id] = (rank, record)
    return [best[i][1] for i in sorted(best, key=_sort_id)]


def import_zendesk(
    source: Path,
    dest: Path,
    lang: str,
    *,
    force: bool = False,
    limit: int | None = None,
) -> Report:
    """Import the Zendesk JSON at `source` (a file or folder) into `dest/<lang>/…`."""
    source, dest = Path(source), Path(dest)
    lang = bcp47(lang)
    report = Report(source=str(source), dest=str(dest), lang=lang)
    export = load_export(source)
    report.warnings.extend(export.warnings)
    report.skipped_invalid += export.invalid
    lang_root = dest / lang
    plan = _plan(export, lang_root, lang)
    chosen = _chosen(export, lang, plan)
    if export.records and not chosen:
        locales = sorted({r.locale for r in export.records}, key=str.lower)
        raise KbError(f"no article in {source} is in '{lang}' (locales found: "
                      f"{', '.join(locales)})", "pass one of those locales with --lang, "
                      "e.g. --lang " + bcp47(locales[0]))
    used: dict[Path, str] = {}
    for record in chosen[:limit] if limit is not None else chosen:
        item = plan[record.article_id]
        folder = lang_root
        for slug, title in item.folders:
            folder = folder / slug
            used.setdefault(folder, title)
        if item.dest.exists() and not force:
            report.skipped_existing += 1
            continue
        write_text(item.dest, _article(record, item, plan, report))
        report.imported += 1
        report.written.append(item.dest.relative_to(dest).as_posix())
    write_categories(used, report, force=force)
    return report


def _article(record: Record, item: _Planned, plan: dict[str, _Planned], report: Report) -> str:
    data, meta = record.data, item.meta.data
    report.unmapped.update(record.unmapped())
    fields: dict[str, Any] = {"title": record.title, "id": f"zd-{record.article_id}"}
    tags, dropped = tag_list(text_items(meta.get("label_names")))
    if tags:
        fields["tags"] = tags
    if dropped:
        report.warnings.append((record.origin, f"{dropped} labels left out (kb keeps "
                                               f"{len(tags)} tags)"))
    updated = to_date(data.get("edited_at")) or to_date(data.get("updated_at"))
    if updated:
        fields["updated"] = updated
    if data.get("draft") is True:
        fields["draft"] = True
    if meta.get("promoted") is True:
        fields["promoted"] = True
    position = meta.get("position")
    if isinstance(position, int) and not isinstance(position, bool):
        fields["order"] = position
    url = data.get("html_url")
    if isinstance(url, str) and url.strip():
        path = unquote(urlparse(url.strip()).path).strip("/")
        if path:
            fields["redirect_from"] = [path]

    def link_for(article_id: str, suffix: str) -> str | None:
        target = plan.get(article_id)
        if target is None:
            return None
        fragment = suffix[suffix.find("#"):] if "#" in suffix else ""
        return os.path.relpath(target.dest, item.dest.parent).replace(os.sep, "/") + fragment

    html = html_to_markdown(record.body, link_for)
    if not html.markdown.strip():
        report.warnings.append((record.origin, f"'{record.title}' has an empty body"))
    if html.attachments:
        report.warnings.append((record.origin, f"{html.attachments} image(s) still served by "
                                               "the old help center; download them next to "
                                               f"{item.dest.name} and change their paths"))
    if html.old_links:
        report.warnings.append((record.origin, f"{html.old_links} link(s) to articles that are "
                                               "not in the export still point to the old help "
                                               "center"))
    return render_article(fields, html.markdown)
