"""Everything a writer can set or see is documented, and every package is installed."""

from __future__ import annotations

import re
import tomllib

from kb.content.fields import CATEGORY_FIELDS, FIELDS
from kb.mkdocs_adapter.config import KbPluginConfig
from tests.helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def documented_codes() -> set[str]:
    return set(re.findall(r"^\| `([a-z0-9-]+)` \| (?:error|warning|info) \|", README, re.M))


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (REPO / "kb").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:log\.add|LinkIssue)\(\s*"([a-z0-9-]+)"', text))
    return codes


def test_every_plugin_option_is_documented() -> None:
    options = [name for name, _ in KbPluginConfig._schema]
    missing = [o for o in options if f"| `{o}` |" not in README]
    assert missing == []


def test_every_front_matter_and_category_field_is_documented() -> None:
    missing = [f for f in FIELDS if f"| `{f}` |" not in README]
    missing += [f for f in CATEGORY_FIELDS if f"`{f}`" not in README]
    assert missing == []


def test_every_problem_code_is_documented_with_its_level() -> None:
    emitted = emitted_codes()
    assert len(emitted) > 15
    assert sorted(emitted - documented_codes()) == []


def test_every_kb_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(REPO).parts)
               for p in (REPO / "kb").rglob("__init__.py")}
    assert on_disk - listed == set()
    assert "kb_theme" in listed


def test_the_code_is_ruff_clean() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
