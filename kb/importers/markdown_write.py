"""What the Markdown and Zendesk importers share: the report, kb front matter, values, writing.

Output is deterministic (fields in the order kb documents them, UTF-8, LF newlines) and
nothing that exists is overwritten unless `force` is set.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.importers.docfx import CATEGORY_FILE, ImportReport
from kb.importers.docfx_meta import parse_date, slugify

# kb's front matter fields in the order its writer's guide lists them; nothing else is written.
KB_FIELDS = ("title", "id", "type", "summary", "tags", "keywords", "contact", "related",
             "updated", "review_by", "owner", "draft", "promoted", "redirect_from", "order")
ARTICLE_TYPES = frozenset({"faq", "troubleshooting", "howto", "article"})
MAX_TAGS = 8
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


@dataclass
class Report(ImportReport):
    """ImportReport plus what copying linked files adds."""

    assets_copied: int = 0


def bcp47(code: str) -> str:
    """'en' → 'en', 'zh-tw' → 'zh-TW', 'pt_br' → 'pt-BR', 'sr-latn' → 'sr-Latn'."""
    parts = code.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) in (2, 3):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def is_language_code(code: str) -> bool:
    return bool(_LANG.match(code.strip()))


def plain(value: Any) -> str:
    """Single-line text without inline HTML tags ('' for nothing)."""
    if value is None or isinstance(value, dict | list):
        return ""
    return " ".join(re.sub(r"<[^>]*>", "", str(value)).split())


def humanize(name: str) -> str:
    """A folder or file name as a title: 'getting-started' → 'Getting started'."""
    text = " ".join(re.sub(r"[-_]+", " ", name).split())
    if text and text == text.lower():
        text = text[0].upper() + text[1:]
    return text or name


def to_date(value: Any) -> dt.date | None:
    """A date from YAML/TOML values and the usual text forms: 2024-01-05, 2024-01-05T10:00:00Z,
    '2024-01-05 10:00:00 +0100' (Jekyll), 1/5/2024. None when it is no date."""
    if isinstance(value, dt.datetime | dt.date):
        return parse_date(value)
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T\s])", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    return parse_date(text)


def text_items(value: Any) -> list[str]:
    """A list of texts from a list or one text ('a, b' and 'a b' are split)."""
    if value is None or isinstance(value, bool | dict):
        return []
    if isinstance(value, list):
        return [plain(v) for v in value if plain(v)]
    text = plain(value)
    parts = text.split(",") if "," in text else text.split()
    return [p.strip() for p in parts if p.strip()]


def tag_list(values: list[str]) -> tuple[list[str], int]:
    """Slugified, de-duplicated tags (at most MAX_TAGS) and how many were left out."""
    tags: list[str] = []
    for value in values:
        tag = slugify(value, fallback="-")
        if tag != "-" and tag not in tags:
            tags.append(tag)
    return tags[:MAX_TAGS], max(0, len(tags) - MAX_TAGS)


def dump_front_matter(fields: dict[str, Any]) -> str:
    ordered = {k: fields[k] for k in KB_FIELDS if k in fields and fields[k] not in (None, [])}
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=10_000)
    return f"---\n{text}---\n"


def render_article(fields: dict[str, Any], body: str) -> str:
    body = body.strip("\n")
    return dump_front_matter(fields) + ("\n" + body + "\n" if body else "")


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_categories(folders: dict[Path, str], report: ImportReport, *, force: bool) -> None:
    """`_category.yml` with the source's name as title, in every folder articles went to."""
    for folder, title in sorted(folders.items()):
        meta = folder / CATEGORY_FILE
        if meta.exists() and not force:
            continue
        write_text(meta, yaml.safe_dump({"title": title}, allow_unicode=True, sort_keys=False))
        report.categories_written += 1
