"""Import front-matter Markdown (MkDocs, Jekyll, Hugo) into a kb content tree.

    report = import_markdown(Path("docs"), Path("content"), "en")

writes `content/<lang>/<category>/[<section>/]<slug>.md` plus `_category.yml` files:

- Every `*.md` / `*.markdown` file is an article, in sorted order. Files and folders whose
  name starts with `_` or `.` are left out, except Jekyll's `_posts`.
- The first folder is the category, the second the section; deeper folders are flattened into
  the section. Files at the top go to the category `general`.
- The file name is the slug. `index.md`/`README.md` take their folder's name (`overview` at the
  top); an `index.md` alone in its folder (a Hugo page bundle) stands for that folder. Jekyll's
  `YYYY-MM-DD-` prefix is dropped and its date becomes `updated`.
- Title: front matter `title`, else the first `# ` heading (removed from the body: kb renders
  the title), else the file name. A leading H1 is removed in any case.
- Relative links to other articles follow them; linked files (images, PDFs …) are copied next
  to the article. Front matter that cannot be read makes the file fail (nothing guessed);
  the others are imported. Nothing existing is overwritten unless `force=True`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kb.importers.docfx_body import normalise_newlines, pop_leading_h1
from kb.importers.docfx_meta import article_slug, folder_slug, unique
from kb.importers.markdown_body import (
    INDEX_NAMES,
    MARKDOWN_SUFFIXES,
    Assets,
    LinkContext,
    first_heading,
    norm,
    tidy_blank_lines,
    transform_body,
)
from kb.importers.markdown_meta import map_front_matter, split_front_matter
from kb.importers.markdown_write import (
    Report,
    bcp47,
    humanize,
    render_article,
    to_date,
    write_categories,
    write_text,
)

GENERAL = ("general", "General")
_POST_NAME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-(.+)$")


@dataclass
class _Planned:
    src: Path
    rel: str  # relative to the source folder, POSIX
    folders: tuple[tuple[str, str], ...]  # ((slug, title), …): category[, section]
    slug: str
    id: str
    dest: Path
    name: str  # the file name the slug comes from
    file_date: dt.date | None = None  # a Jekyll post's date


def _skipped_name(name: str) -> bool:
    return name.startswith((".", "_")) and name != "_posts"


def _sources(source: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not _skipped_name(d))
        found.extend(Path(folder) / f for f in files
                     if f.lower().endswith(MARKDOWN_SUFFIXES) and not _skipped_name(f))
    return sorted(found, key=lambda p: p.relative_to(source).as_posix())


def _plan(source: Path, lang_root: Path) -> list[_Planned]:
    """Where every article goes, decided for the whole tree (so `limit` changes no path)."""
    paths = _sources(source)
    per_folder: dict[Path, int] = {}
    for path in paths:
        for parent in path.relative_to(source).parents:
            per_folder[parent] = per_folder.get(parent, 0) + 1
    planned: list[_Planned] = []
    taken_slugs: dict[Path, set[str]] = {}
    taken_ids: set[str] = set()
    for path in paths:
        rel = path.relative_to(source)
        dirs = list(rel.parts[:-1])
        stem = path.stem
        file_date = None
        if "_posts" in dirs:
            match = _POST_NAME.match(stem)
            if match:
                file_date, stem = to_date(match.group(1)), match.group(2)
        if stem.lower() in INDEX_NAMES:
            if dirs and per_folder.get(rel.parent) == 1:  # a page bundle: the folder is it
                stem = dirs.pop()
            else:
                stem = dirs[-1] if dirs else "overview"
        if dirs:
            folders = [(folder_slug(dirs[0].lstrip("_"), "general"), humanize(dirs[0].lstrip("_")))]
            if len(dirs) > 1:
                folders.append((folder_slug(dirs[1], "section"), humanize(dirs[1])))
        else:
            folders = [GENERAL]
        folder = lang_root.joinpath(*(slug for slug, _ in folders))
        base = article_slug(stem, "article")
        taken = taken_slugs.setdefault(folder, set())
        slug = base
        if slug in taken and len(dirs) > 2:
            slug = f"{folder_slug(dirs[-1], 'x')}-{base}"  # flattened folders can collide
        slug = unique(slug, taken)
        taken.add(slug)
        article_id = unique(base if base not in taken_ids else f"{folders[-1][0]}-{base}",
                            taken_ids)
        taken_ids.add(article_id)
        planned.append(_Planned(path, rel.as_posix(), tuple(folders), slug, article_id,
                                folder / f"{slug}.md", stem, file_date))
    return planned


def import_markdown(
    source: Path,
    dest: Path,
    lang: str,
    *,
    force: bool = False,
    limit: int | None = None,
) -> Report:
    """Import the Markdown under `source` into `dest/<lang>/…`; see the module doc."""
    source, dest = Path(source), Path(dest)
    lang = bcp47(lang)
    report = Report(source=str(source), dest=str(dest), lang=lang)
    lang_root = dest / lang
    plan = _plan(source, lang_root)
    dest_of = {norm(p.src): p.dest for p in plan}
    assets = Assets(force=force)

    def rel(path: Path) -> str:
        try:
            return Path(os.path.normpath(path)).relative_to(os.path.normpath(source)).as_posix()
        except ValueError:
            return path.as_posix()

    used_folders: dict[Path, str] = {}
    for item in plan[:limit] if limit is not None else plan:
        if item.dest.exists() and not force:
            report.skipped_existing += 1
            _note_folders(item, lang_root, used_folders)
            continue
        ctx = LinkContext(item.src, item.dest, dest_of, assets, rel)
        text = _import_article(item, ctx, report)
        report.warnings.extend((item.rel, w) for w in ctx.warnings)
        if text is None:
            continue
        write_text(item.dest, text)
        _note_folders(item, lang_root, used_folders)
        report.imported += 1
        report.written.append(item.dest.relative_to(dest).as_posix())
    write_categories(used_folders, report, force=force)
    report.assets_copied = assets.copied
    return report


def _note_folders(item: _Planned, lang_root: Path, used: dict[Path, str]) -> None:
    folder = lang_root
    for slug, title in item.folders:
        folder = folder / slug
        used.setdefault(folder, title)


def _import_article(item: _Planned, ctx: LinkContext, report: Report) -> str | None:
    try:
        raw = item.src.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        report.warnings.append((item.rel, f"not UTF-8 text ({exc.reason}); save it as UTF-8 "
                                          "and import again"))
        report.skipped_invalid += 1
        return None
    except OSError as exc:
        report.warnings.append((item.rel, f"cannot be read ({exc.strerror}); skipped"))
        report.skipped_invalid += 1
        return None
    source = split_front_matter(normalise_newlines(raw))
    if source.error:
        kind = "TOML" if raw.lstrip("\ufeff").startswith("+++") else "YAML"
        report.warnings.append((item.rel, f"{source.error} (invalid {kind} front matter); "
                                          "not imported: fix it and import again"))
        report.skipped_invalid += 1
        return None
    meta = map_front_matter(source.data, item.file_date)
    report.unmapped.update(meta.unmapped)
    report.warnings.extend((item.rel, w) for w in meta.warnings)

    body, h1 = pop_leading_h1(source.body)
    fields = dict(meta.fields)
    if "title" not in fields and h1 is None:
        body, h1 = first_heading(body)
    if h1 is not None and "title" in fields and h1.casefold() != fields["title"].casefold():
        report.h1_differs += 1
    fields["title"] = fields.get("title") or h1 or humanize(item.name)
    if item.id != item.slug:
        fields["id"] = item.id
    body = tidy_blank_lines(transform_body(body, ctx))
    return render_article(fields, body)
