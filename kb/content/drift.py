"""Translation drift: which revision of its source a translation was made from.

A source article's revision is a short hash of its wording (title and body). Translations
record it in `source_rev`; when the source's wording changes, the translation is outdated.
Cosmetic whitespace (trailing spaces, extra blank lines, CRLF, Unicode composition) does not
change the revision.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import yaml

from kb.content.model import Article, Content
from kb.problems import KbError

STATUSES = ("source", "current", "outdated", "unknown", "orphaned")
REVISION_LENGTH = 10
_BLANK_RUNS = re.compile(r"\n{3,}")
_SOURCE_REV_KEY = re.compile(r"^source_rev[ \t]*:")
_COMMENT = re.compile(r"[ \t]+#.*$")
_CLOSING = ("---", "...")


def normalize(text: str) -> str:
    """NFC, LF line ends, no trailing whitespace, runs of blank lines collapsed to one, and no
    blank lines at either end."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def revision_of(title: str, body: str) -> str:
    text = normalize(title).strip() + "\n" + normalize(body)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:REVISION_LENGTH]


def source_revision(article: Article) -> str:
    """The short revision (10 hex digits) of an article's wording: its title and body."""
    return revision_of(article.title, article.body)


def source_of(content: Content, article: Article) -> Article | None:
    """The default-language article a translation is made from (by id)."""
    return content.article(content.default_language, article.id)


def translation_status(content: Content, article: Article) -> str:
    """source, current, outdated, unknown (no source_rev) or orphaned (no source article)."""
    if article.lang == content.default_language:
        return "source"
    source = source_of(content, article)
    if source is None:
        return "orphaned"
    if not article.source_rev:
        return "unknown"
    return "current" if article.source_rev.lower() == source_revision(source) else "outdated"


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as the same text (quoted only when needed)."""
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def stamp_text(text: str, revision: str, *, name: str = "the file") -> str:
    """The file text with `source_rev: <revision>` set in its front matter, every other byte
    kept: an existing source_rev line is replaced (keeping its comment), else the line is added
    just before the closing `---`."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text[len(bom):].splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise KbError(f"{name} has no front matter (expected '---' on its first line)",
                      hint="a translation starts with '---', its fields (title: …), then '---'")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") in _CLOSING), None)
    if end is None:
        raise KbError(f"{name}: front matter starts with '---' but never ends",
                      hint="add a line '---' after the last field")
    newline = lines[0][3:] or "\n"
    value = yaml_scalar(revision)
    for i in range(1, end):
        body = lines[i].rstrip("\r\n")
        if _SOURCE_REV_KEY.match(body):
            comment = _COMMENT.search(body)
            ending = lines[i][len(body):]
            lines[i] = f"source_rev: {value}{comment.group() if comment else ''}{ending}"
            break
    else:
        lines.insert(end, f"source_rev: {value}{newline}")
    return bom + "".join(lines)


def stamp_file(path: Path, revision: str) -> None:
    """Write or replace `source_rev: <revision>` in a Markdown file's front matter."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise KbError(f"{path}: not UTF-8 text", hint="save it as UTF-8") from None
    except OSError as exc:
        raise KbError(f"{path}: cannot be read ({exc.strerror})") from None
    new = stamp_text(text, revision, name=str(path))
    if new != text:
        path.write_bytes(new.encode("utf-8"))
