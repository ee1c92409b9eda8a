"""Import DocFX-flavoured Markdown (Microsoft Learn / docs repositories) into a kb content tree.

    report = import_docfx(Path("OfficeDocs-Support/en"), Path("content"), "en")

writes `content/<lang>/<category>/[<section>/]<slug>.md` plus `_category.yml` files. The first
folder below `source` is the category, the second the section; deeper folders are flattened
into the section. Files under an `includes/` folder are not articles: they are inlined where
`[!INCLUDE …]` names them. Nothing existing is overwritten unless `force=True`.

Decisions worth knowing:

- The body's leading H1 is always removed, because kb renders the title as the page's H1. DocFX
  often gives a short `title:` (for <title> and lists) and a longer H1; `title_from="h1"` keeps
  the H1 wording instead. `ImportReport.h1_differs` counts the articles where they differ.
- Invalid YAML front matter does not stop the import: the article is imported without
  metadata (title from its H1), and a warning names the file and line. Without an H1 either,
  it is skipped (`skipped_invalid`).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from kb.importers.docfx_body import (
    FileContext,
    finish_article,
    normalise_newlines,
    pop_leading_h1,
    transform_file,
)
from kb.importers.docfx_meta import (
    article_slug,
    dump_front_matter,
    folder_slug,
    map_front_matter,
    normalize_lang,
    slugify,
    split_source,
    unique,
)

CATEGORY_FILE = "_category.yml"


@dataclass
class ImportReport:
    source: str
    dest: str
    lang: str
    imported: int = 0
    skipped_existing: int = 0
    skipped_invalid: int = 0
    categories_written: int = 0
    h1_differs: int = 0
    unmapped: Counter[str] = field(default_factory=Counter)  # front matter key → files
    directives_removed: Counter[str] = field(default_factory=Counter)  # directive → count
    missing_images: list[tuple[str, str]] = field(default_factory=list)  # (file, image)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    written: list[str] = field(default_factory=list)  # article files, relative to dest

    def summary(self) -> str:
        lines = [
            f"{self.source} → {self.dest}/{self.lang}: {self.imported} imported, "
            f"{self.skipped_existing} skipped (exist), {self.skipped_invalid} skipped (invalid), "
            f"{self.categories_written} _category.yml written",
            f"  title and H1 differ in {self.h1_differs}; "
            f"{len(self.missing_images)} images point at missing files",
        ]
        if self.directives_removed:
            removed = ", ".join(f"{k} {v}" for k, v in sorted(self.directives_removed.items()))
            lines.append(f"  DocFX directives removed or converted: {removed}")
        if self.unmapped:
            keys = ", ".join(f"{k} ({v})" for k, v in self.unmapped.most_common())
            lines.append(f"  front matter not imported: {keys}")
        lines.extend(f"  {file}: {message}" for file, message in self.warnings)
        return "\n".join(lines)


@dataclass
class _Planned:
    src: Path
    rel: str  # relative to source, POSIX
    folders: tuple[tuple[str, str], ...]  # ((slug, title), …): category[, section]
    slug: str
    id: str
    dest: Path


def _is_include(rel_parts: tuple[str, ...]) -> bool:
    return any(part.lower() == "includes" for part in rel_parts[:-1])


def _plan(source: Path, lang_root: Path) -> list[_Planned]:
    """Where every article goes, decided for the whole tree so links and ids never depend
    on `limit`, and so aligned trees in different languages get the same slugs and ids."""
    paths = [p for p in source.rglob("*.md") if p.is_file()]
    ranked = sorted(paths, key=lambda p: p.relative_to(source).as_posix())
    planned: list[_Planned] = []
    taken_slugs: defaultdict[Path, set[str]] = defaultdict(set)  # folder → article slugs
    taken_ids: set[str] = set()
    for path in ranked:
        rel_parts = path.relative_to(source).parts
        if _is_include(rel_parts):
            continue
        dirs = rel_parts[:-1] or (source.name,)
        folders = [(folder_slug(dirs[0], "general"), dirs[0])]
        if len(dirs) > 1:
            folders.append((slugify(dirs[1], fallback="section"), dirs[1]))
        folder = lang_root.joinpath(*(slug for slug, _ in folders))
        stem = article_slug(path.stem, "article")
        here = taken_slugs[folder]
        slug = stem if stem not in here else f"{slugify(dirs[-1], fallback='x')}-{stem}"
        slug = unique(slug, here)  # flattened folders can collide
        here.add(slug)
        article_id = unique(stem if stem not in taken_ids else f"{folders[-1][0]}-{stem}",
                            taken_ids)
        taken_ids.add(article_id)
        planned.append(_Planned(path, "/".join(rel_parts), tuple(folders), slug, article_id,
                                folder / f"{slug}.md"))
    return planned


def import_docfx(
    source: Path,
    dest: Path,
    lang: str,
    *,
    force: bool = False,
    limit: int | None = None,
    title_from: Literal["front-matter", "h1"] = "front-matter",
) -> ImportReport:
    """Import the DocFX Markdown under `source` into `dest/<lang>/…`; see the module doc."""
    source, dest = Path(source), Path(dest)
    lang = normalize_lang(lang)
    report = ImportReport(source=str(source), dest=str(dest), lang=lang)
    lang_root = dest / lang
    plan = _plan(source, lang_root)
    dest_of = {os.path.normpath(os.path.abspath(p.src)): p.dest for p in plan}

    def rel(path: Path) -> str:
        path = Path(os.path.normpath(path))
        try:
            return path.relative_to(os.path.normpath(source)).as_posix()
        except ValueError:
            return path.as_posix()

    used_folders: dict[Path, str] = {}
    for item in plan[:limit] if limit is not None else plan:
        folder = lang_root
        for slug, title in item.folders:
            folder = folder / slug
            used_folders.setdefault(folder, title)
        if item.dest.exists() and not force:
            report.skipped_existing += 1
            continue
        text = _import_article(item, dest_of, rel, report, title_from)
        if text is None:
            continue
        item.dest.parent.mkdir(parents=True, exist_ok=True)
        item.dest.write_text(text, encoding="utf-8", newline="\n")
        report.imported += 1
        report.written.append(item.dest.relative_to(dest).as_posix())
    for folder, title in sorted(used_folders.items()):
        meta = folder / CATEGORY_FILE
        if meta.exists() and not force:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        meta.write_text(yaml.safe_dump({"title": title}, allow_unicode=True, sort_keys=False),
                        encoding="utf-8", newline="\n")
        report.categories_written += 1
    return report


def _import_article(
    item: _Planned, dest_of: dict[str, Path], rel: Any, report: ImportReport, title_from: str,
) -> str | None:
    try:
        raw = item.src.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        report.warnings.append((item.rel, f"not UTF-8 text ({exc.reason}); skipped"))
        report.skipped_invalid += 1
        return None
    source = split_source(normalise_newlines(raw))
    if source.error:
        report.warnings.append((item.rel, f"invalid YAML front matter ({source.error}); "
                                          "imported without metadata"))
    meta = map_front_matter(source.data)
    report.unmapped.update(meta.unmapped)
    report.warnings.extend((item.rel, w) for w in meta.warnings)

    ctx = FileContext(article_src=item.src, article_dest=item.dest, dest_of=dest_of, rel=rel)
    body = finish_article(transform_file(source.body, item.src, ctx))
    body, h1 = pop_leading_h1(body)
    report.directives_removed.update(ctx.directives)
    report.missing_images.extend((item.rel, image) for image in ctx.missing_images)
    report.warnings.extend((item.rel, w) for w in ctx.warnings)

    fields = dict(meta.fields)
    fm_title = fields.pop("title", None)
    if h1 is not None and fm_title is not None and h1.casefold() != fm_title.casefold():
        report.h1_differs += 1
    title = (h1 or fm_title) if title_from == "h1" else (fm_title or h1)
    if not title:
        report.warnings.append((item.rel, "no title (neither front matter 'title' nor an H1); "
                                          "skipped"))
        report.skipped_invalid += 1
        return None
    fields["title"] = title
    fields["id"] = item.id
    body = body.strip("\n")
    return dump_front_matter(fields) + ("\n" + body + "\n" if body else "")
