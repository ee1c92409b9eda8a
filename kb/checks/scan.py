"""Read what the checks need out of Markdown without rendering it: headings, links, images.

A line scanner is an order of magnitude faster than Python-Markdown and knows the exact line
and column of everything it finds. It skips fenced code and code spans, as the renderer does.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify_unicode

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ATTR_ID = re.compile(r"\{:?[^}]*#([\w:.-]+)[^}]*\}\s*$", re.UNICODE)
_ATTR = re.compile(r"\s*\{:?[^}]*\}\s*$")
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_REF_USE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[([^\]]*)\]")
_HTML_ID = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)=["']([^"']+)["']""")
# Emphasis markers; an underscore inside a word (snake_case) is text, as Markdown reads it.
_INLINE_MARKUP = re.compile(r"\*\*|\*|~~|`|(?<!\w)_+|_+(?!\w)")
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class Link:
    href: str
    text: str
    line: int
    column: int
    image: bool = False


@dataclass
class Heading:
    level: int
    text: str
    id: str
    line: int


@dataclass
class Scan:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def heading_text(raw: str) -> str:
    """The heading's text as the toc extension sees it: links and emphasis reduced to text."""
    text = _LINK.sub(lambda m: m.group(2), raw)
    text = _TAGS.sub("", text)
    text = _INLINE_MARKUP.sub("", text)
    return html.unescape(text).strip()


def scan(body: str, first_line: int = 1) -> Scan:
    """Headings (with the ids the renderer gives them), links and images of a Markdown body."""
    result = Scan()
    references: dict[str, str] = {}
    ref_uses: list[tuple[str, Link]] = []
    fence: str | None = None
    lines = body.splitlines()
    for index, raw in enumerate(lines):
        number = first_line + index
        fence_match = _FENCE.match(raw)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and \
                    len(fence_match.group(1)) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        # Cheap character tests first: most lines are plain prose and need no regex at all.
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw) if "`" in raw else raw
        stripped = line.lstrip()
        if stripped.startswith("#"):
            heading = _HEADING.match(line)
            if heading:
                _add_heading(result, len(heading.group(1)), heading.group(2), number)
        elif index and stripped[:1] in ("=", "-") and _SETEXT.match(line) and \
                _is_setext_text(lines[index - 1]):
            level = 1 if stripped.startswith("=") else 2
            _add_heading(result, level, lines[index - 1].strip(), number - 1)
        if "[" in line:
            definition = _REF_DEF.match(line) if stripped.startswith("[") else None
            if definition:
                references[definition.group(1).strip().lower()] = definition.group(2)
                continue
            for match in _LINK.finditer(line):
                result.links.append(Link(match.group(3), match.group(2), number,
                                         match.start() + 1, image=bool(match.group(1))))
            if "][" in line:
                for match in _REF_USE.finditer(line):
                    label = (match.group(3) or match.group(2)).strip().lower()
                    ref_uses.append((label, Link("", match.group(2), number, match.start() + 1,
                                                 image=bool(match.group(1)))))
        if "<" in line:
            result.ids.update(_HTML_ID.findall(line))
    for label, link in ref_uses:
        if label in references:
            link.href = references[label]
            result.links.append(link)
    result.links.sort(key=lambda link: (link.line, link.column))
    return result


def _is_setext_text(previous: str) -> bool:
    text = previous.strip()
    return bool(text) and not _HEADING.match(previous) and not text.startswith(
        ("-", "*", "+", ">", "|", "<")) and not text[0].isdigit()


def _add_heading(result: Scan, level: int, raw: str, number: int) -> None:
    explicit = _ATTR_ID.search(raw)
    text = heading_text(_ATTR.sub("", raw))
    anchor = explicit.group(1) if explicit else _unique(slugify_unicode(text, "-"), result.ids)
    result.ids.add(anchor)
    result.headings.append(Heading(level, text, anchor, number))


def _unique(anchor: str, used: set[str]) -> str:
    """The toc extension's rule: a repeated id gets _1, _2 … appended."""
    if anchor not in used:
        return anchor
    n = 1
    while f"{anchor}_{n}" in used:
        n += 1
    return f"{anchor}_{n}"
