"""Preview mode (`kb serve` only): the check's problems shown on the pages they concern.

After kb has written the site, the pages of files with problems get a panel listing them at
the start of `<main>`, every page gets a problem-count badge, and `_preview/problems/` lists
every problem by file. This works on the written HTML, so kb.site knows nothing about it, and
it never runs in `kb build`, `python build.py` or `mkdocs build`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from kb.content.config import KbConfig
from kb.problems import Problem
from kb.site import urls
from kb.site.theme import collect_assets, hashed_name, make_environment

ENV_VAR = "KB_PREVIEW"  # "1": preview; "strict": preview, warnings shown as errors
PROBLEMS_PAGE = "_preview/problems/index.html"
TEMPLATE = "partials/preview.html"
CATEGORY_FILE = "_category.yml"

log = get_plugin_logger(__name__)

_MAIN_OPEN = re.compile(r"<main\b[^>]*>", re.IGNORECASE)
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
# What the preview inserted, so a page left from an earlier build is annotated only once.
_START, _END = "<!--kb-preview-->", "<!--/kb-preview-->"
_INSERTED = re.compile(re.escape(_START) + ".*?" + re.escape(_END) + "\n?", re.DOTALL)


def mode(environ: Mapping[str, str] = os.environ) -> str:
    """'' (a normal build), 'on' or 'strict'; set by `kb serve` through KB_PREVIEW."""
    value = environ.get(ENV_VAR, "").strip().lower()
    return "strict" if value == "strict" else "on" if value in ("1", "on", "true") else ""


@dataclass(frozen=True)
class Shown:
    """A problem as the preview shows it (under --strict-preview a warning is an error)."""

    file: str
    line: int | None
    column: int | None
    level: str
    label: str
    code: str
    message: str
    hint: str


@dataclass
class Group:
    file: str
    page: str | None
    href: str = ""  # from the problems page to the affected page
    items: list[Shown] = field(default_factory=list)


@dataclass
class Summary:
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    files: int = 0
    pages: int = 0  # pages that show a panel
    failed: bool = False

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos

    @property
    def worst(self) -> str:
        if self.failed or self.errors:
            return "error"
        return "warning" if self.warnings else "info" if self.infos else "ok"

    def text(self) -> str:
        if self.failed:
            return "build failed"
        parts = [_plural(n, word) for n, word in ((self.errors, "error"),
                 (self.warnings, "warning"), (self.infos, "info")) if n]
        return ", ".join(parts) if parts else "no problems"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def shown(problem: Problem, strict: bool) -> Shown:
    level, label = problem.level, problem.level
    if strict and level == "warning":
        level, label = "error", "error (strict)"
    return Shown(problem.file, problem.line, problem.column, level, label, problem.code,
                 problem.message, problem.hint)


def show(site_dir: Path, theme_dirs: tuple[Path, ...], page_of: Mapping[str, str],
         problems: Iterable[Problem], *, strict: bool = False, failure: str = "",
         root: str = "/") -> Summary:
    """Annotate the written site with its problems; return what was found.

    `root` is the site's path on the server, for the links of a failed build's 404 page.
    """
    summary = Summary(failed=bool(failure))
    groups: dict[str, Group] = {}
    for problem in problems:
        item = shown(problem, strict)
        if item.file not in groups:
            page = page_of.get(item.file)
            exists = page is not None and (site_dir / page).is_file()
            groups[item.file] = Group(item.file, page if exists else None)
        groups[item.file].items.append(item)
        if item.level == "error":
            summary.errors += 1
        elif item.level == "warning":
            summary.warnings += 1
        else:
            summary.infos += 1
    env = make_environment(theme_dirs)
    macros: Any = env.get_template(TEMPLATE).module
    by_page: dict[str, list[Group]] = {}
    for group in groups.values():
        if group.page:
            group.href = urls.relative_href(PROBLEMS_PAGE, group.page)
            # A page shows a panel for its errors and warnings (with the file's info notes
            # alongside); info alone is only counted in the badge and listed on the page.
            if any(item.level != "info" for item in group.items):
                by_page.setdefault(group.page, []).append(group)
    summary.files, summary.pages = len(groups), len(by_page)
    badges: dict[str, str] = {}  # one rendering per distinct href to the problems page
    for page in _html_pages(site_dir):
        all_href = urls.relative_href(page, PROBLEMS_PAGE)
        if all_href not in badges:
            badges[all_href] = str(macros.badge(summary, all_href))
        panel = ""
        if page in by_page:
            kind = "article" if by_page[page][0].file.endswith(".md") else "category"
            panel = str(macros.panel(by_page[page], kind, all_href))
        _insert(site_dir / page, panel, badges[all_href])
    _write_problems_page(site_dir, theme_dirs, macros, list(groups.values()), summary,
                         strict, failure, root)
    return summary


def _html_pages(site_dir: Path) -> list[str]:
    pages = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        rel = Path(dirpath).relative_to(site_dir).as_posix()
        if rel == ".":
            dirnames[:] = [d for d in dirnames if d != "_preview"]
        prefix = "" if rel == "." else rel + "/"
        pages += [prefix + name for name in filenames if name.endswith(".html")]
    return pages


def _insert(path: Path, panel: str, badge: str) -> None:
    """Put the panel first in <main> (else first in <body>) and the badge before </body>."""
    html = _INSERTED.sub("", path.read_text(encoding="utf-8"))
    if panel:
        opening = _MAIN_OPEN.search(html) or _BODY_OPEN.search(html)
        at = opening.end() if opening else 0
        html = f"{html[:at]}\n{_START}{panel}{_END}{html[at:]}"
    end = html.rfind("</body>")
    at = end if end != -1 else len(html)
    html = f"{html[:at]}{_START}{badge}{_END}\n{html[at:]}"
    path.write_text(html, encoding="utf-8")


def _write_problems_page(site_dir: Path, theme_dirs: tuple[Path, ...], macros: Any,
                         groups: list[Group], summary: Summary, strict: bool,
                         failure: str, root: str) -> None:
    assets = collect_assets(theme_dirs)
    hrefs = {}
    for logical in ("kb.css", "favicon.svg"):
        if logical in assets:
            target = hashed_name(logical, assets[logical].read_bytes())
            hrefs[logical] = urls.relative_href(PROBLEMS_PAGE, target)
    html = str(macros.problems_page(
        groups=groups, summary=summary, strict=strict, failure=failure,
        css=hrefs.get("kb.css", ""), favicon=hrefs.get("favicon.svg", ""),
        home=urls.relative_href(PROBLEMS_PAGE, "index.html"))).lstrip()
    dest = site_dir / PROBLEMS_PAGE
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(html, encoding="utf-8")
    if failure:
        # MkDocs empties the site before each build, so a failed one leaves few pages: the
        # root leads to the explanation, and every missing page (served as 404.html) says
        # so and reloads itself until the build works again.
        for name, target, refresh in (("index.html", PROBLEMS_PAGE, 0),
                                      ("404.html", root + PROBLEMS_PAGE, 2)):
            if not (site_dir / name).is_file():
                html = str(macros.failed(target, refresh)).lstrip()
                (site_dir / name).write_text(html, encoding="utf-8")


def report(kb_config: KbConfig, config: MkDocsConfig, page_of: Mapping[str, str],
           problems: Iterable[Problem], failure: str) -> Summary:
    """The plugin's preview step: annotate the pages and say so in the terminal."""
    site_url = config.site_url or "/"
    summary = show(Path(config.site_dir), kb_config.theme_dirs, page_of, problems,
                   strict=mode() == "strict", failure=failure, root=urlsplit(site_url).path)
    if failure:
        log.error(f"{failure}\n  the preview shows this until it is fixed")
    where = site_url + PROBLEMS_PAGE.removesuffix("index.html")
    log.info(f"preview: {summary.text()}; shown on the pages and at {where}")
    return summary
