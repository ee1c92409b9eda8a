"""GitHub-style alerts (`> [!NOTE]`) rendered as admonitions, titled in the page language."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

ALERT_KINDS = ("note", "tip", "important", "warning", "caution")
_START = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?\[!(?P<kind>[A-Za-z]+)\][ \t]*(?P<rest>.*)$")
_QUOTED = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?(?P<text>.*)$")


class AlertPreprocessor(Preprocessor):
    """Turns an alert blockquote into `!!! kind "Title"` before the block parser sees it.

    Runs after fenced code blocks are stashed, so an alert shown inside a code sample stays
    literal.
    """

    def __init__(self, md: Markdown, title: Callable[[str], str]) -> None:
        super().__init__(md)
        self.title = title

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            match = _START.match(lines[i])
            kind = match.group("kind").lower() if match else ""
            if not match or kind not in ALERT_KINDS:
                out.append(lines[i])
                i += 1
                continue
            indent = match.group("indent")
            title = self.title(kind).replace('"', "'")
            out.append(f'{indent}!!! {kind} "{title}"')
            if match.group("rest").strip():
                out.append(f"{indent}    {match.group('rest').strip()}")
            i += 1
            while i < len(lines):
                quoted = _QUOTED.match(lines[i])
                if not quoted or quoted.group("indent") != indent:
                    break
                text = quoted.group("text")
                out.append(f"{indent}    {text}" if text.strip() else "")
                i += 1
            out.append("")
        return out


class AlertExtension(Extension):
    def __init__(self, title: Callable[[str], str]) -> None:
        super().__init__()
        self.title = title

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.preprocessors.register(AlertPreprocessor(md, self.title), "kb_alerts", 20)
