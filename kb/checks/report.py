"""Problems for people (text), for programs (JSON) and for GitHub's pull-request view."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

from kb.problems import Problem

LEVELS = ("error", "warning", "info")
_COLOURS = {"error": "31", "warning": "33", "info": "36"}


def counts(problems: Iterable[Problem]) -> dict[str, int]:
    found = {level: 0 for level in LEVELS}
    for p in problems:
        found[p.level] += 1
    return found


def as_json(problems: list[Problem]) -> str:
    return json.dumps({"problems": [p.as_dict() for p in problems],
                       "counts": counts(problems)}, ensure_ascii=False, indent=2)


def as_text(problems: list[Problem], *, colour: bool, summary: str) -> str:
    def paint(text: str, level: str) -> str:
        return f"\033[{_COLOURS[level]}m{text}\033[0m" if colour else text

    out: list[str] = []
    for file, group in groupby(problems, key=lambda p: p.file):
        out.append(f"\033[1m{file}\033[0m" if colour else file)
        for p in group:
            where = f"{p.line}:{p.column}" if p.line and p.column else str(p.line or "-")
            out.append(f"  {where:>7}  {paint(f'{p.level:<7}', p.level)}  {p.message}  "
                       f"[{p.code}]")
            if p.hint:
                out.append(f"  {'':>7}  {'':<7}  hint: {p.hint}")
        out.append("")
    found = counts(problems)
    tally = ", ".join(f"{n} {level}{'s' if n != 1 and level != 'info' else ''}"
                      for level, n in found.items())
    out.append(f"{tally} — {summary}")
    return "\n".join(out)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: list[Problem], locate: dict[str, str]) -> str:
    """Workflow commands (`::error file=…,line=…::…`) that annotate the pull request."""
    lines = []
    for p in problems:
        command = {"error": "error", "warning": "warning", "info": "notice"}[p.level]
        props = [f"file={_escape_property(locate.get(p.file, p.file))}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        props.append(f"title={_escape_property(p.code)}")
        message = p.message + (f" — {p.hint}" if p.hint else "")
        lines.append(f"::{command} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines)


def repository_paths(problems: list[Problem], docs_dir: Path,
                     theme_dirs: tuple[Path, ...]) -> dict[str, str]:
    """Each problem's file as a path from the working directory (what annotations need)."""
    located: dict[str, str] = {}
    for p in problems:
        if p.file in located:
            continue
        for base in (docs_dir, *theme_dirs):
            candidate = base / p.file
            if candidate.exists():
                located[p.file] = os.path.relpath(candidate)
                break
    return located
