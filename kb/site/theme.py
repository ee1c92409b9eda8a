"""The theme: its Jinja2 environment and its assets, copied under content-hashed names."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup


def make_environment(theme_dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        # One build reads each template once; re-checking files on every page is wasted stat()s.
        auto_reload=False,
        cache_size=-1,
    )
    env.globals["icon"] = _cached_icons(env)
    return env


def _cached_icons(env: jinja2.Environment) -> Callable[..., Markup]:
    """`icon(name, cls)` for every template: the theme's macro, rendered once per icon.

    Pages show a dozen icons each; calling the macro every time was a tenth of a page's cost.
    """
    module: Any = None

    @lru_cache(maxsize=256)
    def icon(name: str, cls: str = "kb-icon") -> Markup:
        nonlocal module
        if module is None:
            module = env.get_template("partials/icons.html").module
        return Markup(str(module.icon(name, cls)))

    return icon


def collect_assets(theme_dirs: tuple[Path, ...]) -> dict[str, Path]:
    """Logical asset name ("kb.css", "img/logo.svg") → file; earlier dirs override later."""
    found: dict[str, Path] = {}
    for folder in reversed(theme_dirs):
        root = folder / "assets"
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                found[path.relative_to(root).as_posix()] = path
    return found


def hashed_name(logical: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem, dot, ext = logical.rpartition(".")
    return f"assets/{stem}.{digest}.{ext}" if dot else f"assets/{logical}.{digest}"


def copy_assets(theme_dirs: tuple[Path, ...], site_dir: Path) -> dict[str, str]:
    """Copy the theme's assets into site_dir; return logical name → site-relative path."""
    out: dict[str, str] = {}
    for logical, path in collect_assets(theme_dirs).items():
        data = path.read_bytes()
        target = hashed_name(logical, data)
        dest = site_dir / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        out[logical] = target
    return out


def template_error_message(exc: jinja2.TemplateError) -> str:
    """Name the template and line of a theme error, for people editing a custom theme."""
    where = ""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{exc.filename or exc.name}:{exc.lineno}: "
    elif isinstance(exc, jinja2.TemplateNotFound):
        return f"theme template '{exc.name}' not found; check theme.custom_dir in mkdocs.yml"
    return (f"theme error: {where}{exc.message or exc}\n  hint: fix the template, or remove "
            "your override of it from theme.custom_dir")
