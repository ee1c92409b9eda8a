"""DocFX Markdown → kb Markdown: includes, :::directives:::, links, heading anchors, the H1.

Transforms never touch fenced code. Everything that depends on where a file lives (include
paths, links between articles, image paths) is done per source file, before an included file
is inlined, so an include's own relative links resolve against the include.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from kb.importers.docfx_meta import split_source

_FENCE = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})")
_INCLUDE = re.compile(r"\[!INCLUDE\s*\[[^\]]*\]\(\s*<?([^)>]*?)>?\s*\)\s*\]", re.IGNORECASE)
_ATTR = re.compile(r"([\w-]+)\s*=\s*\"([^\"]*)\"")
_IMAGE_BLOCK = re.compile(
    r":::image((?:\s+[\w-]+\s*=\s*\"[^\"]*\")*)\s*:::((?:(?!:::image).)*?):::image-end:::",
    re.DOTALL,
)
_IMAGE = re.compile(r":::image((?:\s+[\w-]+\s*=\s*\"[^\"]*\")*)\s*:::")
_NO_LOC = re.compile(r":::no-loc\s+text\s*=\s*(?:\"([^\"]*)\"|'([^']*)')\s*:::")
_INLINE_DIRECTIVE = re.compile(r":::\s*([\w-]+)(?:\s+[^:\n]*?)?:::")
_LINE_DIRECTIVE = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*:::\s*([\w-]+)[^\n]*(?:\n|$)", re.M)
_DIV = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*\[!div\b[^\]\n]*\][ \t]*(?:\n|$)",
                  re.M | re.IGNORECASE)
_VIDEO = re.compile(r"\[!VIDEO\s+([^\]\s]+)\s*\]", re.IGNORECASE)
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(<[^>\n]*>|[^\s)]+)(\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_REF_DEF = re.compile(r"^([ \t]{0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.M)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HEADING = re.compile(r"^([ \t]*(?:>[ \t]?)*[ \t]*)(#{1,6})[ \t]+(.*?)[ \t]*$")
_ANCHOR = re.compile(
    r"<a\s+(?![^>]*\bhref\s*=)[^>]*?\b(?:name|id)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>/]+))"
    r"[^>]*?(?:/>|>(.*?)</a\s*>)",
    re.IGNORECASE,
)
# A lone anchor line; DocFX sources also leave it unclosed (`<a id="x">`).
_STANDALONE_ANCHOR = re.compile(
    r"^[ \t]*<a\s(?![^>]*\bhref\s*=)[^>]*\b(?:name|id)\s*=[^>]*>(?:\s*</a\s*>)?[ \t]*$", re.I
)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:[^`\n]|`(?!\1)|\n(?![ \t>]*\n))+?)(?<!`)\1(?!`)")
_NAME_ATTR = re.compile(r"\b(?:name|id)\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_HEADING_ID = re.compile(r"\{[^{}]*#[^{}]*\}\s*$")
_VALID_ID = re.compile(r"^[\w.:-]+$")
_ALERT = re.compile(r"^([ \t]*)>[ \t]*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$",
                    re.M | re.IGNORECASE)


@dataclass
class FileContext:
    """What transforming one article needs to know, and what it found on the way."""

    article_src: Path
    article_dest: Path
    dest_of: dict[str, Path]  # normalised absolute source path → destination file
    rel: Callable[[Path], str]  # how files are named in messages
    warnings: list[str] = field(default_factory=list)
    directives: Counter[str] = field(default_factory=Counter)
    missing_images: list[str] = field(default_factory=list)


def normalise_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_fences(text: str) -> list[tuple[bool, str]]:
    """[(is_code, chunk), …] so that transforms can skip fenced code blocks."""
    chunks: list[tuple[bool, str]] = []
    current: list[str] = []
    fence = ""
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if not fence:
            if match:
                if current:
                    chunks.append((False, "".join(current)))
                current, fence = [], match.group(1)
            current.append(line)
            continue
        current.append(line)
        if (match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
                and not line[match.end():].strip()):
            chunks.append((True, "".join(current)))
            current, fence = [], ""
    if current:
        chunks.append((bool(fence), "".join(current)))
    return chunks


def _norm(path: Path) -> str:
    return os.path.normpath(os.path.abspath(path))


# --- one source file ---------------------------------------------------------------------

def transform_file(text: str, file: Path, ctx: FileContext,
                   stack: tuple[str, ...] = ()) -> str:
    """Directives, links and includes of one source file (an article or an include)."""
    stack = (*stack, _norm(file))
    out = []
    for is_code, chunk in split_fences(text):
        if is_code:
            out.append(chunk)
            continue
        masked, spans = _hide_code_spans(chunk)
        masked = _includes_and_links(_directives(masked, ctx), file, ctx, stack)
        out.append(_PLACEHOLDER.sub(lambda m, s=spans: s[int(m.group(1))], masked))
    return "".join(out)


_PLACEHOLDER = re.compile("\x00(\\d+)\x00")


def _hide_code_spans(text: str) -> tuple[str, list[str]]:
    """Replace `code spans` by placeholders, so no transform reaches into them."""
    spans: list[str] = []

    def hide(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    return _CODE_SPAN.sub(hide, text.replace("\x00", "")), spans


def _image_markdown(attrs: str, ctx: FileContext) -> str:
    values = dict(_ATTR.findall(attrs))
    source = values.get("source", "")
    alt = values.get("alt-text", "").replace("[", r"\[").replace("]", r"\]")
    if not source:
        ctx.directives["image"] += 1
        return ""
    if re.search(r"[\s()]", source):
        source = f"<{source}>"
    return f"![{alt}]({source})"


def _directives(text: str, ctx: FileContext) -> str:
    text = _IMAGE_BLOCK.sub(lambda m: _image_markdown(m.group(1), ctx), text)
    text = _IMAGE.sub(lambda m: _image_markdown(m.group(1), ctx), text)
    text = _NO_LOC.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)

    def drop(match: re.Match[str]) -> str:
        ctx.directives[match.group(1).lower()] += 1
        return ""

    text = _INLINE_DIRECTIVE.sub(drop, text)
    text = _LINE_DIRECTIVE.sub(drop, text)

    def drop_div(match: re.Match[str]) -> str:
        ctx.directives["div"] += 1
        return ""

    text = _DIV.sub(drop_div, text)

    def video(match: re.Match[str]) -> str:
        ctx.directives["video"] += 1
        return f"<{match.group(1)}>"

    return _VIDEO.sub(video, text)


def _includes_and_links(text: str, file: Path, ctx: FileContext, stack: tuple[str, ...]) -> str:
    out: list[str] = []
    pos = 0
    for match in _INCLUDE.finditer(text):
        before = text[pos:match.start()]
        out.append(_links(before, file, ctx))
        line_start = text.rfind("\n", 0, match.start()) + 1
        prefix = text[line_start:match.start()]
        line_end = text.find("\n", match.end())
        rest = text[match.end():line_end if line_end >= 0 else len(text)]
        block = not prefix.strip(" \t>") and not rest.strip()
        included = _inline_include(match.group(1), file, ctx, stack)
        if block and "\n" in included:
            lines = included.split("\n")
            indent = prefix.rstrip() if prefix.strip() else prefix
            included = "\n".join(
                [lines[0]] + [(prefix if line else indent) + line for line in lines[1:]]
            )
            included = re.sub(r"^[ \t]+$", "", included, flags=re.M)
        out.append(included)
        pos = match.end()
    out.append(_links(text[pos:], file, ctx))
    return "".join(out)


def _inline_include(target: str, file: Path, ctx: FileContext, stack: tuple[str, ...]) -> str:
    path = file.parent / unquote(target.strip())
    key = _norm(path)
    if key in stack:
        ctx.warnings.append(f"include cycle: {target} includes itself (via "
                            f"{ctx.rel(file)}); left out")
        return f"<!-- kb import: include cycle {target} -->"
    if not path.is_file():
        where = "" if file == ctx.article_src else f" (in include {ctx.rel(file)})"
        ctx.warnings.append(f"include not found: {target}{where}")
        return f"<!-- kb import: include not found {target} -->"
    source = split_source(normalise_newlines(path.read_text(encoding="utf-8")))
    body = transform_file(source.body.strip("\n").rstrip(), path, ctx, stack)
    return body


def _is_relative(target: str) -> bool:
    return bool(target) and not target.startswith(("/", "#")) and not _SCHEME.match(target)


def _split_target(target: str) -> tuple[str, str]:
    for sep in ("#", "?"):
        if sep in target:
            idx = target.index(sep)
            return target[:idx], target[idx:]
    return target, ""


def _retarget(target: str, file: Path, ctx: FileContext, *, image: bool) -> str:
    bracketed = target.startswith("<") and target.endswith(">")
    raw = target[1:-1] if bracketed else target
    if not _is_relative(raw):
        return target
    path_part, suffix = _split_target(raw)
    resolved = file.parent / unquote(path_part)
    if image:
        if not resolved.is_file():
            ctx.missing_images.append(raw)
        return target
    if not path_part.lower().endswith(".md"):
        return target
    dest = ctx.dest_of.get(_norm(resolved))
    if dest is None:
        where = "" if file == ctx.article_src else f" (in include {ctx.rel(file)})"
        ctx.warnings.append(f"link to {raw}{where} matches no imported article; kept as written")
        return target
    rel = os.path.relpath(dest, ctx.article_dest.parent).replace(os.sep, "/")
    return rel + suffix


def _links(text: str, file: Path, ctx: FileContext) -> str:
    def inline(match: re.Match[str]) -> str:
        bang, label, target, title = match.groups()
        new = _retarget(target, file, ctx, image=bool(bang))
        if new == target:
            return match.group(0)
        return f"{bang}[{label}]({new}{title or ''})"

    def ref(match: re.Match[str]) -> str:
        return match.group(1) + _retarget(match.group(2), file, ctx, image=False)

    return _REF_DEF.sub(ref, _LINK.sub(inline, text))


# --- the whole article -------------------------------------------------------------------

def _anchor_id(match: re.Match[str]) -> str:
    return next((g for g in match.groups()[:3] if g is not None), "")


def _heading_line(line: str) -> str:
    """`## <a name="x"></a>Title` → `## Title {#x}`."""
    match = _HEADING.match(line)
    if not match or not _ANCHOR.search(match.group(3)):
        return line
    prefix, hashes, text = match.groups()
    ids = [_anchor_id(m) for m in _ANCHOR.finditer(text)]
    text = _ANCHOR.sub(lambda m: m.group(4) or "", text)
    text = re.sub(r"[ \t]+#+$", "", text).strip()
    anchor = next((i for i in ids if _VALID_ID.match(i)), "")
    if anchor and not _HEADING_ID.search(text):
        text = f"{text} {{#{anchor}}}"
    return f"{prefix}{hashes} {text}"


def _attach_standalone_anchors(lines: list[str]) -> list[str]:
    """A lone `<a name="x"></a>` line right above a heading becomes that heading's id."""
    out: list[str] = []
    pending = pending_id = ""
    for line in lines:
        lone = _STANDALONE_ANCHOR.match(line)
        name = _NAME_ATTR.search(line) if lone else None
        if name and _VALID_ID.match(name.group(1)):
            if pending:
                out.append(pending)
            pending, pending_id = line, name.group(1)
            continue
        if pending and line.strip():
            heading = _HEADING.match(line)
            if heading and not _HEADING_ID.search(heading.group(3)):
                line = f"{line.rstrip()} {{#{pending_id}}}"
            else:
                out.append(pending)
            pending = ""
        out.append(line)
    if pending:
        out.append(pending)
    return out


def finish_article(text: str) -> str:
    """Heading anchors → attr-list ids, `>[!NOTE]` → `> [!NOTE]`, tidy blank lines."""
    out = []
    for is_code, chunk in split_fences(text):
        if not is_code:
            lines = [_heading_line(line) for line in chunk.split("\n")]
            chunk = "\n".join(_attach_standalone_anchors(lines))
            chunk = _ALERT.sub(lambda m: f"{m.group(1)}> [!{m.group(2).upper()}]", chunk)
            chunk = re.sub(r"\n{3,}", "\n\n", chunk)
        out.append(chunk)
    return "".join(out).strip("\n") + "\n"


def heading_text(raw: str) -> str:
    """Plain text of a heading: inline HTML and `{#id}` removed."""
    text = re.sub(r"<[^>]*>", "", _HEADING_ID.sub("", raw))
    return " ".join(re.sub(r"[ \t]+#+$", "", text).split())


def pop_leading_h1(text: str) -> tuple[str, str | None]:
    """Remove the H1 that opens the body (kb renders the title); return (body, its text).

    Only blank lines, HTML comments and lone anchors may precede it.
    """
    lines = text.split("\n")
    i = 0
    in_comment = False
    while i < len(lines):
        stripped = lines[i].strip()
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
        elif stripped and not _STANDALONE_ANCHOR.match(lines[i]):
            break
        i += 1
    if i >= len(lines):
        return text, None
    match = re.match(r"^ {0,3}#[ \t]+(.*?)[ \t]*$", lines[i])
    if match:
        del lines[i]
        return "\n".join(lines), heading_text(match.group(1))
    if i + 1 < len(lines) and re.match(r"^ {0,3}=+[ \t]*$", lines[i + 1]):
        title = heading_text(lines[i])
        del lines[i:i + 2]
        return "\n".join(lines), title
    return text, None
