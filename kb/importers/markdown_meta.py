"""Front matter of MkDocs, Jekyll and Hugo files (YAML `---` or TOML `+++`) → kb fields."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from kb.importers.docfx_meta import SourceFrontMatter, split_source
from kb.importers.markdown_write import ARTICLE_TYPES, plain, tag_list, text_items, to_date

SUMMARY_KEYS = ("description", "summary", "excerpt")
DATE_KEYS = ("updated", "last_modified_at", "lastmod", "date")
TAG_KEYS = ("tags", "keywords", "categories")
ORDER_KEYS = ("weight", "nav_order", "order")
REDIRECT_KEYS = ("aliases", "redirect_from")
MAPPED_KEYS = frozenset({"title", "draft", "published", "author", "type", *SUMMARY_KEYS,
                         *DATE_KEYS, *TAG_KEYS, *ORDER_KEYS, *REDIRECT_KEYS})
TYPE_ALIASES = {"how-to": "howto", "how_to": "howto", "faqs": "faq"}


def split_front_matter(text: str) -> SourceFrontMatter:
    """YAML (`---`) or TOML (`+++`) front matter and the body; text uses LF newlines.

    `error` is "line N[, column C]: problem" with N counted in the whole file."""
    if not text.startswith("+++\n"):
        return split_source(text)
    end = text.find("\n+++\n", 3)
    if end < 0:
        if not text.endswith("\n+++"):
            return SourceFrontMatter(body=text, error="line 1: TOML front matter never ends "
                                     "(no closing '+++' line)")
        end = len(text) - 4
    toml_text, body = text[4:end + 1], text[end + 5:]
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        problem = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", message)
        if where:
            location = f"line {int(where.group(1)) + 1}, column {where.group(2)}"
        else:
            location = f"line {toml_text.count(chr(10)) + 1}"
        return SourceFrontMatter(body=body, error=f"{location}: {problem}")
    return SourceFrontMatter(data=data, body=body)


@dataclass
class Mapped:
    fields: dict[str, Any] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _owner(value: Any) -> str:
    if isinstance(value, dict):
        return plain(value.get("name") or value.get("display_name"))
    if isinstance(value, list):
        return ", ".join(_owner(v) for v in value if _owner(v))
    return plain(value)


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes"))


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in ("false", "no"))


def _order(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def map_front_matter(data: dict[str, Any], file_date: Any = None) -> Mapped:
    """kb fields from MkDocs/Jekyll/Hugo ones (title only when the source has one; no id).

    `file_date` is the date of a Jekyll post's file name, used when it is the latest date."""
    out = Mapped()
    title = plain(data.get("title"))
    if title:
        out.fields["title"] = title
    kind = data.get("type")
    if kind is not None:
        name = plain(kind).lower()
        name = TYPE_ALIASES.get(name, name)
        if name in ARTICLE_TYPES:
            out.fields["type"] = name
        else:
            out.unmapped.append("type")
    summary = next((plain(data[k]) for k in SUMMARY_KEYS if plain(data.get(k))), "")
    if summary:
        out.fields["summary"] = summary
    dates = [file_date] if file_date else []
    for key in DATE_KEYS:
        raw = data.get(key)
        if raw is None or raw == "":
            continue
        date = to_date(raw)
        if date is None:
            out.warnings.append(f"{key} '{raw}' is not a date; left out")
        else:
            dates.append(date)
    if dates:
        out.fields["updated"] = max(dates)
    tags, dropped = tag_list([t for k in TAG_KEYS for t in text_items(data.get(k))])
    if tags:
        out.fields["tags"] = tags
    if dropped:
        out.warnings.append(f"{dropped} tags left out (kb keeps the first {len(tags)})")
    if _is_true(data.get("draft")) or _is_false(data.get("published")):
        out.fields["draft"] = True
    for key in ORDER_KEYS:
        if data.get(key) is None:
            continue
        order = _order(data[key])
        if order is None:
            out.warnings.append(f"{key} '{data[key]}' is not a whole number; left out")
        else:
            out.fields["order"] = order
        break
    redirects: list[str] = []
    for key in REDIRECT_KEYS:
        for item in text_items(data.get(key)) if isinstance(data.get(key), list) else \
                [plain(data.get(key))]:
            path = item.strip().lstrip("/")
            if path and path not in redirects:
                redirects.append(path)
    if redirects:
        out.fields["redirect_from"] = redirects
    owner = _owner(data.get("author"))
    if owner:
        out.fields["owner"] = owner
    out.unmapped.extend(k for k in data if k not in MAPPED_KEYS)
    out.unmapped.sort()
    return out
