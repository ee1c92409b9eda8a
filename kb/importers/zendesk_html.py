"""Zendesk article HTML → kb Markdown (markdownify, with a few help-center specifics).

- ATX headings, `-` bullets, pipe tables (first row as header when there is no <th>), fenced
  code; scripts, styles and forms are dropped; an H1 in the body is demoted (kb renders the
  title as the page's H1) and every heading one level with it.
- Heading ids stay as `{#id}` so in-page links keep working.
- Callouts (`<div class="callout callout--warning">`) become GitHub alerts (`> [!WARNING]`).
- Links to other articles of the export (`/hc/<locale>/articles/<id>-…`) are handed to
  `link_for`, which returns a relative `.md` path (or None to keep the link).
- Images keep src and alt; `attachments` counts those still served by the old help center.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup
from markdownify import ATX, MarkdownConverter

_DROP = ("script", "style", "noscript", "template", "form", "input", "button", "meta", "link")
_CALLOUTS = {"note": "NOTE", "info": "NOTE", "information": "NOTE", "tip": "TIP",
             "success": "TIP", "important": "IMPORTANT", "warning": "WARNING",
             "danger": "CAUTION", "error": "CAUTION", "caution": "CAUTION"}
_VALID_ID = re.compile(r"^[A-Za-z][\w.:-]*$")
ARTICLE_URL = re.compile(r"^(?:https?://[^/]+)?/hc/(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*/)?"
                         r"articles/(\d+)[^#?]*([?#].*)?$")


@dataclass
class HtmlResult:
    markdown: str
    attachments: int = 0  # images on the old help center's host or root-relative
    old_links: int = 0  # links to articles that are not in the export
    warnings: list[str] = field(default_factory=list)


class _Converter(MarkdownConverter):
    def __init__(self, link_for: Callable[[str, str], str | None], **options: Any) -> None:
        super().__init__(**options)
        self.link_for = link_for
        self.old_links = 0

    def convert_blockquote(self, el: Any, text: str, parent_tags: set[str]) -> str:
        kind = el.get("data-kb-alert")
        if not kind or "_inline" in parent_tags:
            return str(super().convert_blockquote(el, text, parent_tags))
        lines = [f"> {line}" if line.strip() else ">" for line in text.strip().split("\n")]
        return f"\n\n> [!{kind}]\n" + "\n".join(lines) + "\n\n"

    def convert_li(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """Continuation lines and nested lists indented by 4: Python-Markdown needs that."""
        out = str(super().convert_li(el, text, parent_tags))
        bullet = re.match(r"^(\S+ )", out)
        if not bullet:
            return out
        width = len(bullet.group(1))
        lines = out.split("\n")
        out = "\n".join([lines[0]] + [" " * 4 + line[width:] if line.startswith(" " * width)
                                       else line for line in lines[1:]])
        if "\n\n" in out.strip("\n"):  # several blocks: a loose item, a blank line after
            out = out.rstrip("\n") + "\n\n"
        return out

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """Fenced code, but indented code in list items (Python-Markdown cannot nest fences)."""
        out = str(super().convert_pre(el, text, parent_tags))
        if "li" not in parent_tags or not out.strip():
            return out
        code = out.strip("\n").split("\n")[1:-1]
        return "\n\n" + "\n".join(f"    {line}" if line else "" for line in code) + "\n\n"

    def convert_hN(self, n: int, el: Any, text: str, parent_tags: set[str]) -> str:
        out = str(super().convert_hN(n, el, text, parent_tags))
        anchor = el.get("id") or ""
        if out.strip() and "_inline" not in parent_tags and _VALID_ID.match(anchor):
            out = out.rstrip("\n") + f" {{#{anchor}}}\n\n"
        return out

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        href = el.get("href") or ""
        match = ARTICLE_URL.match(href)
        if match:
            new = self.link_for(match.group(1), match.group(2) or "")
            if new is None:
                self.old_links += 1
            else:
                el["href"] = new
        return str(super().convert_a(el, text, parent_tags))

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        src = el.get("src") or ""
        if re.search(r"[\s()]", src):
            el["src"] = f"<{src}>"
        return str(super().convert_img(el, text, parent_tags))


def _callout_kind(classes: list[str]) -> str | None:
    for name in classes:
        if name.startswith(("callout-", "callout_")):
            suffix = re.sub(r"^callout[-_]*", "", name).lower()
            if suffix:
                return _CALLOUTS.get(suffix, "NOTE")
    return "NOTE" if "callout" in classes else None


def _prepare(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for frame in soup.find_all("iframe"):
        src = frame.get("src") or ""
        if src:
            paragraph = soup.new_tag("p")
            link = soup.new_tag("a", href=src if not src.startswith("//") else "https:" + src)
            link.string = frame.get("title") or src
            paragraph.append(link)
            frame.replace_with(paragraph)
        else:
            frame.decompose()
    for tag in soup.find_all(["div", "p", "aside", "section", "blockquote"]):
        kind = _callout_kind([str(c) for c in tag.get("class") or []])
        if kind:
            tag.name = "blockquote"
            tag["data-kb-alert"] = kind
    if soup.find("h1"):
        for level in range(6, 0, -1):
            for heading in soup.find_all(f"h{level}"):
                heading.name = f"h{min(level + 1, 6)}"


def html_to_markdown(html: str, link_for: Callable[[str, str], str | None]) -> HtmlResult:
    soup = BeautifulSoup(html or "", "html.parser")
    _prepare(soup)
    result = HtmlResult("")
    for img in soup.find_all("img"):
        src = str(img.get("src") or "")
        if src.startswith("/") or "/article_attachments/" in src or "/hc/" in src:
            result.attachments += 1
    converter = _Converter(link_for, heading_style=ATX, bullets="-", table_infer_header=True,
                           escape_misc=False, code_language="")
    text = converter.convert_soup(soup)
    result.old_links = converter.old_links
    text = text.replace("\u00a0", " ")
    lines = text.split("\n")
    for i, line in enumerate(lines):  # trailing blanks out, except hard line breaks
        hard = line.endswith("  ") and line.strip() and i + 1 < len(lines) and lines[i + 1].strip()
        lines[i] = line.rstrip() + ("  " if hard else "")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    result.markdown = text + "\n" if text else ""
    return result
