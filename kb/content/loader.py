"""Read a content tree (docs_dir) into the model, collecting every problem on the way."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from kb.content.config import KbConfig
from kb.content.fields import CATEGORY_FIELDS, FIELDS, validate_fields
from kb.content.frontmatter import split_front_matter
from kb.content.gitdates import last_commit_dates, modification_date
from kb.content.model import Article, Category, Content
from kb.problems import ProblemLog, did_you_mean

CATEGORY_FILE = "_category.yml"
RESERVED_SLUGS = frozenset({"tags", "contact", "search", "assets", "404"})
MAX_ARTICLE_BYTES = 1_000_000
_SLUG = re.compile(r"^[\w][\w.-]*$", re.UNICODE)


def humanize(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ").strip().capitalize() or slug


def load_content(config: KbConfig, log: ProblemLog, *, with_dates: bool = True) -> Content:
    docs = config.docs_dir
    content = Content(languages=config.languages, default_language=config.default_language)
    if not docs.is_dir():
        log.add("docs-dir", str(docs), "the content folder does not exist", level="error",
                hint="create it or point docs_dir in mkdocs.yml at your content")
        return content
    dates = last_commit_dates(docs) if with_dates else {}
    for entry in sorted(os.listdir(docs)):
        full = docs / entry
        if entry.startswith((".", "_")):
            continue
        if entry not in config.languages:
            if full.is_dir():
                hint = did_you_mean(entry, config.languages) or (
                    "add it to the kb plugin's languages in mkdocs.yml, or move it")
                log.add("unknown-language", entry, f"folder '{entry}' is not a configured "
                        f"language ({', '.join(config.languages)})", hint=hint)
            elif entry.endswith(".md"):
                log.add("outside-language", entry, "article outside a language folder",
                        hint=f"move it to {config.default_language}/<category>/{entry}")
            continue
    for lang in config.languages:
        root = docs / lang
        if not root.is_dir():
            log.add("missing-language", lang, f"no content folder for language '{lang}'",
                    hint=f"create {docs / lang} or remove '{lang}' from languages")
            continue
        _load_language(root, lang, config, content, log, dates)
    return content


def _load_language(
    root: Path, lang: str, config: KbConfig, content: Content, log: ProblemLog,
    dates: dict[Path, Any],
) -> None:
    docs = config.docs_dir
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        rel_dir = here.relative_to(root).parts
        if rel_dir:
            _load_category(here, lang, rel_dir, docs, content, log)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            rel = path.relative_to(docs).as_posix()
            if name.endswith(".md"):
                article = _load_article(path, rel, lang, rel_dir, config, log, dates)
                if article is not None and (config.drafts or not article.draft):
                    _add_unique(content, article, log)
            elif not name.startswith("_"):
                content.assets.append(rel)


def _load_category(
    folder: Path, lang: str, slugs: tuple[str, ...], docs: Path, content: Content,
    log: ProblemLog,
) -> None:
    if len(slugs) > 2:
        return  # deeper folders are flattened into their section (reported per article)
    key = (lang, slugs)
    meta_file = folder / CATEGORY_FILE
    rel = meta_file.relative_to(docs).as_posix()
    values: dict[str, Any] = {}
    if slugs[0] in RESERVED_SLUGS and len(slugs) == 1:
        log.add("reserved-slug", folder.relative_to(docs).as_posix(),
                f"'{slugs[0]}' is reserved for a page kb makes itself", level="error",
                hint=f"rename the folder; reserved: {', '.join(sorted(RESERVED_SLUGS))}")
    if meta_file.is_file():
        values = _read_category_file(meta_file, rel, log)
    content.categories[key] = Category(
        lang=lang,
        slugs=slugs,
        title=values.get("title") or humanize(slugs[-1]),
        description=values.get("description", ""),
        icon=values.get("icon", ""),
        order=values.get("order"),
        contact=values.get("contact", ()),
        source=rel if meta_file.is_file() else "",
    )


def _read_category_file(path: Path, rel: str, log: ProblemLog) -> dict[str, Any]:
    try:
        loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except UnicodeDecodeError:
        log.add("encoding", rel, "file is not UTF-8 text", level="error",
                hint="save it as UTF-8")
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        log.add("category-yaml", rel, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None, level="error",
                hint="fix the YAML syntax (indentation, quotes, colons)")
        return {}
    if not isinstance(data, dict):
        log.add("category-yaml", rel, "expected a mapping of fields (title: …)", level="error")
        return {}
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    return validate_fields({str(k): v for k, v in data.items()}, CATEGORY_FIELDS, file=rel,
                           key_lines=lines, log=log)


def _load_article(
    path: Path, rel: str, lang: str, rel_dir: tuple[str, ...], config: KbConfig,
    log: ProblemLog, dates: dict[Path, Any],
) -> Article | None:
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        log.add("file-too-large", rel, f"{size:,} bytes is too large for an article "
                f"(limit {MAX_ARTICLE_BYTES:,})", level="error",
                hint="split it into several articles, or move data out of content/")
        return None
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        log.add("binary-file", rel, "a binary file has a .md name", level="error",
                hint="rename or remove it")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        log.add("encoding", rel, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", line=line,
                level="error", hint="save the file as UTF-8")
        return None
    fm = split_front_matter(text)
    if fm.error:
        line, column, message = fm.error
        log.add("front-matter-yaml", rel, message, line=line, column=column, level="error",
                hint="fix the YAML between the '---' lines (indentation, quotes, colons)")
        return None
    values = validate_fields(fm.data, FIELDS, file=rel, key_lines=fm.key_lines, log=log,
                             required=("title",))
    if "title" not in values:
        return None
    stem = path.stem
    slug = stem.lower().replace(" ", "-")
    if not _SLUG.match(slug) or slug in RESERVED_SLUGS:
        log.add("bad-slug", rel, f"'{stem}' cannot be used in a URL", level="error",
                hint="use lowercase letters, digits and hyphens, e.g. reset-password.md")
        return None
    if not rel_dir:
        log.add("orphan", rel, "article is not inside a category folder, so no category "
                "page lists it", hint=f"move it to {lang}/<category>/{path.name}")
        category: tuple[str, ...] = ("general",)
    elif len(rel_dir) > 2:
        log.add("too-deep", rel, "articles sit at most two folders deep (category/section)",
                hint="it is shown in its section; move it up a level to say so",
                level="info")
        category = rel_dir[:2]
    else:
        category = rel_dir
    updated = values.get("updated") or dates.get(path.resolve()) or modification_date(path)
    return Article(
        lang=lang,
        source=rel,
        slugs=(*category, slug),
        id=values.get("id", stem),
        title=values["title"],
        body=fm.body,
        body_line=fm.body_line,
        type=values.get("type", "article"),
        summary=values.get("summary", ""),
        tags=values.get("tags", ()),
        keywords=values.get("keywords", ()),
        contact=values.get("contact", ()),
        related=values.get("related", ()),
        updated=updated,
        review_by=values.get("review_by"),
        owner=values.get("owner", ""),
        draft=values.get("draft", False),
        promoted=values.get("promoted", False),
        redirect_from=values.get("redirect_from", ()),
        order=values.get("order"),
        urgency=values.get("urgency", "normal"),
        flow=values.get("flow", False),
        source_rev=values.get("source_rev", ""),
        key_lines=fm.key_lines,
    )


def _add_unique(content: Content, article: Article, log: ProblemLog) -> None:
    other = content.by_id.get((article.lang, article.id))
    if other is not None:
        log.add("duplicate-id", article.source, f"id '{article.id}' is already used by "
                f"{other.source}", line=article.key_lines.get("id"), level="error",
                hint="give one of them another id (ids link translations, so keep them unique "
                     "within a language)")
        return
    content.add(article)
