"""Read kb's settings from mkdocs.yml without MkDocs, for the writers' verbs (new, lifecycle …).

MkDocs itself is not needed to find the content: the file is read with PyYAML, MkDocs' own
tags (`!ENV`, `!relative`, `!!python/name:`) are tolerated, and the kb plugin's options are
validated by the same `build_config` the plugin uses.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.content.config import KbConfig, build_config
from kb.problems import KbError

DEFAULT_REVIEW_MONTHS = 6
CONFIG_HINT = "run from the folder that holds mkdocs.yml or pass -f path/to/mkdocs.yml"


@dataclass(frozen=True)
class KbSettings:
    """The validated kb config plus the options only the writers' verbs use."""

    config: KbConfig
    config_file: Path
    review_months: int = DEFAULT_REVIEW_MONTHS


class _PermissiveLoader(yaml.SafeLoader):
    """A safe loader that reads any tag it does not know as the plain value it tags."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV NAME` / `!ENV [NAME, OTHER, default]`: the first variable set, else the
    default (the last item, when it is not a variable name that is unset)."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        for name in items[:-1] if len(items) > 1 else items:
            if str(name) in os.environ:
                return os.environ[str(name)]
        return items[-1] if len(items) > 1 else None
    return None


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_PermissiveLoader.add_constructor("!ENV", _env)
_PermissiveLoader.add_multi_constructor("", _untagged)


def read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """The parsed mkdocs.yml, or a KbError saying where it is broken."""
    if not config_file.is_file():
        raise KbError(f"config file '{config_file}' not found", hint=CONFIG_HINT)
    try:
        text = config_file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise KbError(f"{config_file}: not UTF-8 text", hint="save it as UTF-8") from None
    except OSError as exc:
        raise KbError(f"{config_file}: cannot be read ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=_PermissiveLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{config_file}:{mark.line + 1}:{mark.column + 1}" if mark else str(config_file)
        problem = getattr(exc, "problem", None) or str(exc)
        raise KbError(f"{where}: not valid YAML: {problem}",
                      hint="fix the YAML syntax (indentation, quotes, colons)") from None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        raise KbError(f"{config_file}: expected a mapping of settings (site_name: …), "
                      f"found {found}", hint="see the mkdocs.yml section of the README")
    return data


def kb_plugin_options(data: dict[str, Any], config_file: Path) -> dict[str, Any]:
    """The options of the `kb` entry under `plugins` (a list of names/mappings, or a mapping)."""
    plugins = data.get("plugins")
    entries: list[tuple[str, Any]] = []
    if isinstance(plugins, dict):
        entries = [(str(k), v) for k, v in plugins.items()]
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, str):
                entries.append((item, None))
            elif isinstance(item, dict):
                entries.extend((str(k), v) for k, v in item.items())
    for name, options in entries:
        if name != "kb":
            continue
        if options is None:
            return {}
        if not isinstance(options, dict):
            raise KbError(f"{config_file}: the kb plugin's options must be a mapping, "
                          f"found {type(options).__name__}",
                          hint="e.g. plugins: [{kb: {languages: [en, fa]}}]")
        return {str(k): v for k, v in options.items()}
    names = [n for n, _ in entries]
    near = difflib.get_close_matches("kb", names, n=1, cutoff=0.6)
    hint = f"rename '{near[0]}' to 'kb'" if near else \
        "add it:\n    plugins:\n      - kb:\n          languages: [en]"
    found = f" (found: {', '.join(names)})" if names else ""
    raise KbError(f"{config_file}: no 'kb' entry under plugins{found}", hint=hint)


def _theme_dirs(data: dict[str, Any], base: Path) -> tuple[Path, ...]:
    import kb_theme

    dirs: list[Path] = []
    theme = data.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        dirs.append((base / theme["custom_dir"]).resolve())
    dirs.append(Path(kb_theme.__file__).resolve().parent)
    return tuple(dirs)


def _review_months(options: dict[str, Any], config_file: Path) -> int:
    value = options.get("review_months", DEFAULT_REVIEW_MONTHS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise KbError(f"{config_file}: kb option review_months must be a whole number of "
                      f"months (1 or more), found '{value}'", hint="e.g. review_months: 6")
    return value


def load_kb_settings(config_file: Path, *, drafts: bool = False) -> KbSettings:
    """Read mkdocs.yml into KbSettings; every problem is a KbError with what to do."""
    config_file = Path(config_file)
    data = read_mkdocs_yml(config_file)
    options = kb_plugin_options(data, config_file)
    base = config_file.resolve().parent
    docs_dir = data.get("docs_dir") or "docs"
    if not isinstance(docs_dir, str):
        raise KbError(f"{config_file}: docs_dir must be a folder name, found "
                      f"{type(docs_dir).__name__}", hint="e.g. docs_dir: content")
    if drafts:
        options["drafts"] = True
    config = build_config(
        site_name=str(data.get("site_name") or ""),
        docs_dir=base / docs_dir,
        site_url=str(data.get("site_url") or ""),
        options=options,
        theme_dirs=_theme_dirs(data, base),
    )
    return KbSettings(config=config, config_file=config_file,
                      review_months=_review_months(options, config_file))


def load_kb_config(config_file: Path, *, drafts: bool = False) -> KbConfig:
    """The KbConfig of an mkdocs.yml, read without MkDocs."""
    return load_kb_settings(config_file, drafts=drafts).config
