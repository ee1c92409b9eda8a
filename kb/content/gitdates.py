"""When each file last changed: its last git commit, else its modification time."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_commit_dates(root: Path) -> dict[Path, dt.date]:
    """Map absolute file paths under `root` to the UTC date of their last commit.

    One `git log` for the whole tree, so the cost does not grow with a call per file.
    Returns an empty mapping outside a git work tree or when git is missing.
    """
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True,
            text=True, check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=@%ct", "--name-only",
             "--no-renames", "--", "."],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[Path, dt.date] = {}
    current: dt.date | None = None
    top_path = Path(top)
    for line in log.splitlines():
        if line.startswith("@"):
            current = dt.datetime.fromtimestamp(int(line[1:]), dt.UTC).date()
        elif line and current is not None:
            dates.setdefault((top_path / line).resolve(), current)  # newest commit comes first
    return dates


def modification_date(path: Path) -> dt.date:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()
