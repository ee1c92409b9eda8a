from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample help center, built once with `python build.py --strict`."""
    out = tmp_path_factory.mktemp("sample") / "site"
    proc = subprocess.run([sys.executable, "build.py", "--strict", "-q", "-d", str(out)],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample content and config."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path
