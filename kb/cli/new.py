"""`kb new`: start an article from its type's template, in the right folder, ready to edit."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from pathlib import Path, PurePosixPath

import yaml

from kb.content.config import KbConfig
from kb.content.drift import yaml_scalar
from kb.content.fields import ARTICLE_TYPES
from kb.content.lifecycle import add_months, parse_today
from kb.content.loader import CATEGORY_FILE, RESERVED_SLUGS, humanize, load_content
from kb.content.model import Content
from kb.content.settings import load_kb_settings
from kb.problems import KbError, ProblemLog, did_you_mean

TEMPLATES = Path(__file__).resolve().parents[1] / "content" / "templates"
SECTION_KEYS = {"symptoms": "ts_symptoms", "cause": "ts_cause", "resolution": "ts_resolution"}
SECTION_FALLBACK = {"symptoms": "Symptoms", "cause": "Cause", "resolution": "Resolution"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
TARGET_FORM = "<lang>/<category>/[<section>/]<slug>"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb new",
                                description="Start a new article from its type's template.")
    p.add_argument("target", metavar=TARGET_FORM.replace("<", "").replace(">", "").upper(),
                   help=f"where the article goes: {TARGET_FORM}, e.g. en/devices/wifi-drops")
    p.add_argument("--type", required=True, metavar="|".join(ARTICLE_TYPES),
                   help="the article type, which picks the template")
    p.add_argument("--title", help="the title (default: the slug, humanized)")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs config file")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--today", help="the date review_by counts from (YYYY-MM-DD; default: the "
                   "KB_TODAY environment variable, else today)")
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    kind = args.type.strip().lower()
    if kind not in ARTICLE_TYPES:
        raise KbError(f"--type: expected one of {', '.join(ARTICLE_TYPES)}, found '{args.type}'",
                      hint=did_you_mean(kind, ARTICLE_TYPES) or "faq, troubleshooting, howto "
                      "or article")
    today = parse_today(args.today)
    settings = load_kb_settings(Path(args.config_file), drafts=True)
    config = settings.config
    lang, folders, slug = parse_target(args.target, config)
    rel = "/".join((lang, *folders, f"{slug}.md"))
    path = config.docs_dir / rel
    if path.exists() and not args.force:
        raise KbError(f"{display(path)} already exists",
                      hint="pick another slug, or pass --force to overwrite it")
    content = load_content(config, ProblemLog(), with_dates=False)
    other = content.article(lang, slug)
    if other is not None and other.source != rel:
        raise KbError(f"id '{slug}' is already used in {lang} by {other.source}",
                      hint="pick another slug: ids link translations, so they are unique "
                           "within a language")
    title = (args.title or "").strip() or humanize(slug)
    values = {
        "title": yaml_scalar(title),
        "owner": yaml_scalar(owner) if (owner := git_user_name(settings.config_file)) else None,
        "updated": today.isoformat(),
        "review_by": add_months(today, settings.review_months).isoformat(),
        **section_names(config, lang),
    }
    text = fill(read_template(kind), values)
    for message in make_folders(config, lang, folders):
        print(message)
    path.write_text(text, encoding="utf-8")
    print(f"created {display(path)} ({kind})")
    if lang != config.default_language:
        print(translation_note(content, lang, slug, path))
    print(f"next: edit {display(path)}, then run kb check")
    return 0


def parse_target(target: str, config: KbConfig) -> tuple[str, tuple[str, ...], str]:
    """(lang, category folders, slug) from en/devices/[section/]slug[.md]."""
    parts = [p for p in PurePosixPath(target.replace("\\", "/")).parts if p not in ("", ".")]
    if len(parts) > 1 and parts[0] == config.docs_dir.name and parts[1] in config.languages:
        parts = parts[1:]  # content/en/… typed from the project folder
    if parts and parts[-1].endswith(".md"):
        parts[-1] = parts[-1][:-3]
    if len(parts) not in (3, 4):
        raise KbError(f"expected {TARGET_FORM}, found '{target}'",
                      hint="e.g. kb new en/devices/wifi-drops --type troubleshooting")
    lang, *folders, slug = parts
    if lang not in config.languages:
        raise KbError(f"'{lang}' is not a configured language "
                      f"({', '.join(config.languages)})",
                      hint=did_you_mean(lang, config.languages)
                      or "add it to the kb plugin's languages in mkdocs.yml")
    for name, what in ((slug, "slug"), *((f, "folder") for f in folders)):
        if what == "folder" and (config.docs_dir / lang / name).is_dir():
            continue
        if not _SLUG.match(name):
            suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "my-article"
            raise KbError(f"{what} '{name}': expected lowercase letters, digits and hyphens",
                          hint=f"e.g. '{suggestion}'")
        if name in RESERVED_SLUGS:
            raise KbError(f"{what} '{name}' is reserved for a page kb makes itself",
                          hint=f"reserved: {', '.join(sorted(RESERVED_SLUGS))}")
    return lang, tuple(folders), slug


def make_folders(config: KbConfig, lang: str, folders: tuple[str, ...]) -> list[str]:
    """Create missing category/section folders, each with a _category.yml; say what was made."""
    messages = []
    for depth in range(1, len(folders) + 1):
        folder = config.docs_dir.joinpath(lang, *folders[:depth])
        if folder.is_dir():
            continue
        folder.mkdir(parents=True)
        title = humanize(folders[depth - 1])
        (folder / CATEGORY_FILE).write_text(f"title: {yaml_scalar(title)}\n", encoding="utf-8")
        what = "section" if depth > 1 else "category"
        messages.append(f"created {what} {display(folder)}/ with {CATEGORY_FILE} "
                        f"(title: {title}; edit it to add a description and icon)")
    return messages


def translation_note(content: Content, lang: str, slug: str, path: Path) -> str:
    default = content.default_language
    source = content.article(default, slug)
    if source is None:
        return (f"note: no {default} article has the id '{slug}'; a translation is linked to "
                "its source by id (the file name, or id: …)")
    return (f"translating {source.source}: when done, run kb translate-stamp {display(path)}")


def read_template(kind: str) -> str:
    path = TEMPLATES / f"{kind}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise KbError(f"the template for type '{kind}' is missing ({path})",
                      hint="reinstall kb") from None


def fill(template: str, values: dict[str, str | None]) -> str:
    """Replace {{name}} placeholders; a line whose placeholder has no value is left out."""
    out = []
    for line in template.splitlines(keepends=True):
        names = _PLACEHOLDER.findall(line)
        if any(values.get(n) is None for n in names):
            continue
        out.append(_PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), line))
    return "".join(out)


def section_names(config: KbConfig, lang: str) -> dict[str, str]:
    """Troubleshooting section headings in `lang`, from the theme's message catalogs."""
    chain = [lang, lang.split("-")[0], "en"]
    names = dict(SECTION_FALLBACK)
    for kind, key in SECTION_KEYS.items():
        for code in chain:
            value = _catalog(config.theme_dirs, code).get(key)
            if isinstance(value, str) and value.strip():
                names[kind] = value.strip()
                break
    return names


def _catalog(theme_dirs: tuple[Path, ...], lang: str) -> dict[str, object]:
    merged: dict[str, object] = {}
    for folder in reversed(theme_dirs):  # custom_dir (first) overrides the kb theme
        path = folder / "locales" / f"{lang}.yml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict):
            merged.update(data)
    return merged


def git_user_name(config_file: Path) -> str:
    """`git config user.name` where the project is, or '' (no git, no name)."""
    try:
        proc = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                              cwd=config_file.resolve().parent, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def display(path: Path) -> str:
    """A path as the writer can open it: relative to the current folder when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.resolve().is_relative_to(
            Path.cwd().resolve()) else str(path)
    except ValueError:
        return str(path)
