"""Links in imported Markdown: article links follow the articles, linked files are copied.

Only relative links change. A link to another imported `.md`/`.markdown` file is rewritten to
where that file now lives; a link or image to any other existing file copies that file next to
the imported article (same relative path when it sits beside or below the source article,
else into `images/` or `files/`) and points there. Fenced code and code spans are left alone,
and so are admonitions and alerts (kb renders both).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from kb.importers.docfx_body import (  # the DocFX importer's link grammar, shared
    _LINK,
    _REF_DEF,
    _SCHEME,
    _hide_code_spans,
    split_fences,
)

MARKDOWN_SUFFIXES = (".md", ".markdown")
INDEX_NAMES = ("index", "readme")
_HTML_REF = re.compile(r"(<(?:img|a|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*)"
                       r"(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{[<%].*?[>%]\}\}", re.DOTALL)
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")


def norm(path: Path | str) -> str:
    return os.path.normpath(os.path.abspath(path))


@dataclass
class Assets:
    """Files copied next to imported articles during one import: destination → source."""

    force: bool
    claimed: dict[str, str] = field(default_factory=dict)
    copied: int = 0

    def place(self, src: Path, wanted: Path) -> Path:
        """Copy `src` to `wanted` (or a free name beside it) and return where it went."""
        candidate, n = wanted, 2
        while True:
            owner = self.claimed.get(norm(candidate))
            if owner == norm(src):
                return candidate
            if owner is None:
                break
            candidate = wanted.with_name(f"{wanted.stem}-{n}{wanted.suffix}")
            n += 1
        self.claimed[norm(candidate)] = norm(src)
        if not candidate.exists() or self.force:
            candidate.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, candidate)
            self.copied += 1
        return candidate


@dataclass
class LinkContext:
    src: Path  # the source article
    dest: Path  # where it is written
    dest_of: dict[str, Path]  # normalised source path → destination of every planned article
    assets: Assets
    rel: Callable[[Path], str]  # how source files are named in messages
    warnings: list[str] = field(default_factory=list)


def _relative(target: str) -> bool:
    return bool(target) and not target.startswith(("/", "#", "\\")) and not _SCHEME.match(target)


def _split(target: str) -> tuple[str, str]:
    cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0), default=len(target))
    return target[:cut], target[cut:]


def _markdown_target(path: str) -> str:
    return f"<{path}>" if re.search(r"[\s()<>]", path) else path


def _article_in(folder: Path, ctx: LinkContext) -> Path | None:
    for name in INDEX_NAMES:
        for suffix in MARKDOWN_SUFFIXES:
            for variant in (name, name.upper(), name.title()):
                dest = ctx.dest_of.get(norm(folder / f"{variant}{suffix}"))
                if dest is not None:
                    return dest
    return None


def retarget(raw: str, ctx: LinkContext, *, image: bool) -> str | None:
    """The new target for a relative link, or None to keep it as written."""
    if not _relative(raw):
        return None
    path_part, suffix = _split(raw)
    if not path_part:
        return None
    resolved = Path(os.path.normpath(ctx.src.parent / unquote(path_part)))
    here = ctx.dest.parent
    if path_part.lower().endswith(MARKDOWN_SUFFIXES) and not image:
        dest = ctx.dest_of.get(norm(resolved))
        if dest is None:
            ctx.warnings.append(f"link to {raw} matches no imported article; kept as written")
            return None
        return os.path.relpath(dest, here).replace(os.sep, "/") + suffix
    if resolved.is_dir() and not image:
        dest = _article_in(resolved, ctx)
        if dest is None:
            ctx.warnings.append(f"link to folder {raw} has no imported index page; "
                                "kept as written")
            return None
        return os.path.relpath(dest, here).replace(os.sep, "/") + suffix
    if not resolved.is_file():
        what = "image" if image else "link to"
        ctx.warnings.append(f"{what} {raw}: no such file; kept as written")
        return None
    inside = os.path.relpath(resolved, ctx.src.parent).replace(os.sep, "/")
    if inside.startswith("../") or inside == "..":
        wanted = here / ("images" if image else "files") / resolved.name
    else:
        wanted = here / inside
    placed = ctx.assets.place(resolved, wanted)
    new = os.path.relpath(placed, here).replace(os.sep, "/")
    return None if new == path_part else new + suffix


def _rewrite_links(text: str, ctx: LinkContext) -> str:
    def inline(match: re.Match[str]) -> str:
        bang, label, target, title = match.groups()
        bracketed = target.startswith("<") and target.endswith(">")
        new = retarget(target[1:-1] if bracketed else target, ctx, image=bool(bang))
        if new is None:
            return match.group(0)
        return f"{bang}[{label}]({_markdown_target(new)}{title or ''})"

    def ref(match: re.Match[str]) -> str:
        target = match.group(2)
        bracketed = target.startswith("<") and target.endswith(">")
        raw = target[1:-1] if bracketed else target
        image = bool(re.search(r"\.(png|jpe?g|gif|svg|webp|avif)$", raw, re.I))
        new = retarget(raw, ctx, image=image)
        return match.group(0) if new is None else match.group(1) + _markdown_target(new)

    def html(match: re.Match[str]) -> str:
        quoted = match.group(2)
        image = match.group(1).lstrip("<").lower().startswith(("img", "source", "video", "audio"))
        new = retarget(quoted[1:-1], ctx, image=image)
        return match.group(0) if new is None else f"{match.group(1)}{quoted[0]}{new}{quoted[0]}"

    return _HTML_REF.sub(html, _REF_DEF.sub(ref, _LINK.sub(inline, text)))


def transform_body(text: str, ctx: LinkContext) -> str:
    """Rewrite the links of one article body (code left alone); note template tags."""
    out: list[str] = []
    template_tags = 0
    for is_code, chunk in split_fences(text):
        if is_code:
            out.append(chunk)
            continue
        masked, spans = _hide_code_spans(chunk)
        template_tags += len(_TEMPLATE_TAG.findall(masked))
        masked = _rewrite_links(masked, ctx)
        out.append(_PLACEHOLDER.sub(lambda m, s=spans: s[int(m.group(1))], masked))
    if template_tags:
        ctx.warnings.append(f"{template_tags} Liquid/Hugo template tags ({{% … %}}, "
                            "{{< … >}}) kept as text; replace them by Markdown")
    return "".join(out)


def first_heading(text: str) -> tuple[str, str | None]:
    """Remove the first `# ` heading outside code; return (body, its text)."""
    out: list[str] = []
    title: str | None = None
    for is_code, chunk in split_fences(text):
        if title is None and not is_code:
            match = re.search(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$\n?", chunk, re.M)
            if match:
                title = " ".join(re.sub(r"\s*\{[^{}]*\}\s*$", "", match.group(1)).split())
                chunk = chunk[:match.start()] + chunk[match.end():]
        out.append(chunk)
    return "".join(out), title or None


def tidy_blank_lines(text: str) -> str:
    """At most one blank line in a row, outside fenced code."""
    return "".join(chunk if is_code else re.sub(r"\n{3,}", "\n\n", chunk)
                   for is_code, chunk in split_fences(text))
