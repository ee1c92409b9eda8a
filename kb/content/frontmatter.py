"""Split YAML front matter from Markdown, keeping line numbers for every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is several times faster on large trees; the pure loader behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts (1-based)
    error: tuple[int, int, str] | None = None  # (line, column, message) of a YAML error


def split_front_matter(text: str) -> FrontMatter:
    """Parse `---` … `---` front matter at the top of a Markdown file.

    A file without front matter is all body. Malformed YAML is reported with its line in the
    file (never swallowed) and the body is still returned, so the rest of the file is checked.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return FrontMatter(body=text)
    lines = text.splitlines(keepends=True)
    end = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") in ("---", "...")), None
    )
    if end is None:
        return FrontMatter(
            body=text, error=(1, 1, "front matter starts with '---' but never ends"),
        )
    yaml_text = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    result = FrontMatter(body=body, body_line=end + 2)
    try:
        loader = _Loader(yaml_text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 2 if mark is not None else 1
        column = mark.column + 1 if mark is not None else 1
        result.error = (line, column, f"front matter is not valid YAML: {problem}")
        return result
    if data is None:
        data = {}
    if not isinstance(data, dict):
        result.error = (2, 1, f"front matter must be a mapping of fields, "
                              f"found a {type(data).__name__}")
        return result
    result.data = {str(k): v for k, v in data.items()}
    if node is not None and isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            result.key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return result
