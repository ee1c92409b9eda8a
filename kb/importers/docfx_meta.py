"""DocFX front matter → kb front matter: the field mapping, dates, types, tags and slugs."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is several times faster; both loaders accept the same documents
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Corpus folder names (DocFX locale codes) → language codes as kb uses them: region dropped
# except for Chinese, where it selects the script (zh-TW traditional, zh-CN simplified).
KEEP_REGION = frozenset({"zh"})

TOPIC_TYPES = {
    "troubleshooting": "troubleshooting",
    "article": "article",
    "conceptual": "article",
    "overview": "article",
    "how-to": "howto",
    "howto": "howto",
    "faq": "faq",
}
# Keys whose values become tags; the misspellings occur in the OfficeDocs-Support corpus.
TAG_KEYS = ("ms.service", "appliesto", "appiesto", "appleisto")
MAX_TAGS = 5
MAPPED_KEYS = frozenset({"title", "description", "ms.date", "ms.topic", "author", "keywords",
                         *TAG_KEYS})
# kb refuses these as article slugs (pages it makes itself).
RESERVED_SLUGS = frozenset({"tags", "contact", "search", "assets", "404"})


def normalize_lang(code: str) -> str:
    """'el-GR' → 'el', 'pl-PL' → 'pl', 'zh-TW' → 'zh-TW', 'en' → 'en' (BCP 47 casing)."""
    parts = code.replace("_", "-").split("-")
    base = parts[0].lower()
    if base in KEEP_REGION and len(parts) > 1:
        return f"{base}-{parts[1].upper()}"
    return base


def slugify(text: str, *, fallback: str = "") -> str:
    """Lowercase, hyphen-separated ASCII letters and digits ('Foo Bar.com' → 'foo-bar-com')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug:
        return slug
    if fallback:
        return fallback
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"x-{digest}"


@dataclass
class SourceFrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    error: str = ""  # "line N: problem" when the YAML could not be read


def split_source(text: str) -> SourceFrontMatter:
    """Split a DocFX file into its front matter and body; text must already use LF newlines."""
    if not text.startswith("---\n"):
        return SourceFrontMatter(body=text)
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return SourceFrontMatter(body=text, error="line 1: front matter never ends")
    yaml_text = text[4:end + 1]
    body = text[end + 5:]
    try:
        data = yaml.load(yaml_text, Loader=_Loader)  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 2 if mark is not None else 1
        return SourceFrontMatter(body=body, error=f"line {line}: {problem}")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return SourceFrontMatter(
            body=body, error=f"line 2: expected a mapping of fields, found {type(data).__name__}"
        )
    return SourceFrontMatter(data={str(k): v for k, v in data.items()}, body=body)


def parse_date(value: Any) -> dt.date | None:
    """ms.date as written in DocFX: 10/24/2024, 1/5/2021 or 2024-10-24. None when invalid."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            month, day, year = (int(x) for x in text.split("/"))
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            year, month, day = (int(x) for x in text.split("-"))
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


def _plain(text: Any) -> str:
    """Single-line text without inline HTML tags."""
    return " ".join(re.sub(r"<[^>]*>", "", str(text)).split())


@dataclass
class MappedMeta:
    fields: dict[str, Any]
    unmapped: list[str]
    warnings: list[str]


def map_front_matter(data: dict[str, Any]) -> MappedMeta:
    """kb fields from DocFX ones (no title/id: the importer decides those)."""
    out: dict[str, Any] = {}
    warnings: list[str] = []
    if data.get("title") is not None and _plain(data["title"]):
        out["title"] = _plain(data["title"])
    topic = data.get("ms.topic")
    if topic is not None and str(topic).strip():
        out["type"] = TOPIC_TYPES.get(str(topic).strip().lower(), "article")
    if data.get("description") is not None and _plain(data["description"]):
        out["summary"] = _plain(data["description"])
    tags: list[str] = []
    for key in TAG_KEYS:
        for item in _items(data.get(key)):
            tag = slugify(item, fallback="-")
            if tag != "-" and tag not in tags:
                tags.append(tag)
    if tags:
        out["tags"] = tags[:MAX_TAGS]
    keywords = [_plain(k) for k in _items(data.get("keywords"))]
    if keywords:
        out["keywords"] = [k for k in keywords if k]
    raw_date = data.get("ms.date")
    if raw_date is not None and str(raw_date).strip():
        date = parse_date(raw_date)
        if date is None:
            warnings.append(f"ms.date '{raw_date}' is not a date; 'updated' left out")
        else:
            out["updated"] = date
    owner = data.get("author")
    if owner is not None and _plain(owner):
        out["owner"] = _plain(owner)
    unmapped = sorted(k for k in data if k not in MAPPED_KEYS)
    return MappedMeta(out, unmapped, warnings)


# The order kb's documentation lists the fields in; output follows it for stable diffs.
FIELD_ORDER = ("title", "id", "type", "summary", "tags", "keywords", "updated", "owner")


def dump_front_matter(fields: dict[str, Any]) -> str:
    ordered = {k: fields[k] for k in FIELD_ORDER if k in fields}
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=10_000)
    return f"---\n{text}---\n"


def folder_slug(name: str, fallback: str) -> str:
    slug = slugify(name, fallback=fallback)
    return f"{slug}-topics" if slug in RESERVED_SLUGS else slug


def article_slug(name: str, fallback: str) -> str:
    slug = slugify(name, fallback=fallback)
    return f"{slug}-article" if slug in RESERVED_SLUGS else slug


def unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    return candidate
