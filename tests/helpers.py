"""Building small fixture sites and reading their output, for the tests."""

from __future__ import annotations

import filecmp
import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@dataclass
class Built:
    site: Path
    result: Any
    problems: list[Any]

    def page(self, path: str) -> BeautifulSoup:
        return parse(self.site / path)

    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def write_config(root: Path, options: dict[str, Any] | None = None, **site: Any) -> Path:
    config = {"site_name": "Test Help", "docs_dir": "content", "theme": {"name": "kb"},
              "plugins": [{"kb": options or {"languages": ["en"]}}], **site}
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def build(root: Path, files: dict[str, str], options: dict[str, Any] | None = None,
          *, expect_ok: bool = True, **site: Any) -> Built:
    """Build a fixture site in-process through MkDocs, as `mkdocs build` does."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    write_tree(root / "content", files)
    config_file = write_config(root, options, **site)
    config = load_config(str(config_file), site_dir=str(root / "site"))
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        mkdocs_build(config)
    except exceptions.Abort:
        if expect_ok:
            raise
    plugin = config.plugins["kb"]
    # Notes every fixture would carry; the checks' own tests cover them.
    noise = {"no-site-url", "no-owner", "translation-unknown"}
    problems = [p for p in (plugin.problems or []) if p.code not in noise]
    return Built(root / "site", plugin.result, problems)


def article(title: str, body: str = "Some text.\n", **fields: Any) -> str:
    meta = {"title": title, **fields}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + \
        textwrap.dedent(body).lstrip("\n")


def tree_differences(left: Path, right: Path) -> list[str]:
    """Files that are missing on one side or differ byte for byte, recursively."""
    def walk(cmp: filecmp.dircmp, prefix: str) -> list[str]:
        out = [prefix + n for n in (*cmp.left_only, *cmp.right_only)]
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files,
                                               shallow=False)
        out += [prefix + n for n in (*mismatch, *errors)]
        for name, sub in sorted(cmp.subdirs.items()):
            out += walk(sub, f"{prefix}{name}/")
        return out
    return walk(filecmp.dircmp(left, right), "")
