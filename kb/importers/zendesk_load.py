"""Read Zendesk Guide Help Center API JSON: articles, translations, sections and categories.

Accepted files (one, or every `*.json` below a folder): `{"articles": [...], "sections": [...],
"categories": [...]}` (the list endpoints; also with sideloaded `translations`),
`{"article": {...}}`, `{"translations": [...]}`, `{"translation": {...}}` or a bare list of
article objects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Article fields the importer uses; every other field is reported as not imported.
ARTICLE_FIELDS = frozenset({"id", "title", "body", "locale", "source_locale", "section_id",
                            "label_names", "draft", "promoted", "position", "updated_at",
                            "edited_at", "html_url"})
TRANSLATION_FIELDS = frozenset({"id", "source_id", "source_type", "locale", "title", "body",
                                "draft", "updated_at", "html_url"})


@dataclass
class Record:
    """One article in one locale, from an article or a translation object."""

    article_id: str
    locale: str
    title: str
    body: str
    origin: str  # "file.json: articles[2]"
    data: dict[str, Any]
    is_translation: bool = False

    def unmapped(self) -> list[str]:
        known = TRANSLATION_FIELDS if self.is_translation else ARTICLE_FIELDS
        return sorted(k for k in self.data if k not in known)


@dataclass
class Named:
    """A section or category in one locale."""

    id: str
    name: str
    locale: str
    parent_id: str  # a section's category_id ("" for categories)


@dataclass
class Export:
    records: list[Record] = field(default_factory=list)
    sections: dict[str, list[Named]] = field(default_factory=dict)
    categories: dict[str, list[Named]] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    invalid: int = 0  # files and objects that could not be read

    def problem(self, file: str, message: str) -> None:
        self.warnings.append((file, message))
        self.invalid += 1


def _id(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = str(value).strip()
    return text if text.isdigit() else ""


def json_files(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    return sorted((p for p in source.rglob("*.json") if p.is_file()),
                  key=lambda p: p.relative_to(source).as_posix())


def load_export(source: Path) -> Export:
    export = Export()
    for path in json_files(source):
        name = path.name if source.is_file() else path.relative_to(source).as_posix()
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError as exc:
            export.problem(name, f"not UTF-8 text ({exc.reason}); export it again as UTF-8")
            continue
        except json.JSONDecodeError as exc:
            export.problem(name, f"line {exc.lineno}, column {exc.colno}: invalid JSON "
                                 f"({exc.msg}); fix the file or export it again")
            continue
        except OSError as exc:
            export.problem(name, f"cannot be read ({exc.strerror})")
            continue
        _read_document(data, name, export)
    return export


def _read_document(data: Any, name: str, export: Export) -> None:
    if isinstance(data, list):
        data = {"articles": data}
    if not isinstance(data, dict):
        export.problem(name, f"expected a JSON object or list, found {type(data).__name__}")
        return
    single = {"article": "articles", "translation": "translations", "section": "sections",
              "category": "categories"}
    found = False
    for one, many in single.items():
        items: Any = data.get(many)
        if one in data:
            items = [data[one]]
        if items is None:
            continue
        key = one if one in data else many
        if not isinstance(items, list):
            export.problem(name, f"'{key}' should be a list of objects")
            continue
        found = True
        for index, item in enumerate(items):
            where = f"{key}[{index}]" if key == many else key
            if not isinstance(item, dict):
                export.problem(name, f"{where}: expected an object, found "
                                     f"{type(item).__name__}")
            elif many in ("articles", "translations"):
                _add_record(item, name, where, many == "translations", export)
            else:
                _add_named(item, name, where, many, export)
    if not found:
        export.problem(name, "no 'articles', 'article' or 'translations' in it; export the "
                             "Help Center API's /api/v2/help_center/articles.json")


def _add_record(item: dict[str, Any], name: str, where: str, translation: bool,
                export: Export) -> None:
    article_id = _id(item.get("source_id") if translation else item.get("id"))
    locale = str(item.get("locale") or "").strip()
    title = " ".join(str(item.get("title") or "").split())
    missing = [k for k, v in (("source_id" if translation else "id", article_id),
                              ("locale", locale), ("title", title)) if not v]
    if missing:
        export.problem(name, f"{where}: no {', '.join(missing)}; that article is left out")
        return
    if translation and str(item.get("source_type") or "Article").lower() != "article":
        return  # a section's or category's translation
    body = item.get("body")
    export.records.append(Record(article_id, locale, title, body if isinstance(body, str) else "",
                                 f"{name}: {where}", item, translation))


def _add_named(item: dict[str, Any], name: str, where: str, kind: str, export: Export) -> None:
    named_id = _id(item.get("id"))
    title = " ".join(str(item.get("name") or "").split())
    if not named_id or not title:
        export.warnings.append((name, f"{where}: no id or name; ignored"))
        return
    parent = _id(item.get("category_id")) if kind == "sections" else ""
    target = export.sections if kind == "sections" else export.categories
    target.setdefault(named_id, []).append(
        Named(named_id, title, str(item.get("locale") or "").strip(), parent))
