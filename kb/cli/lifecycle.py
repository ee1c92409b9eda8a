"""`kb lifecycle`: articles by owner, with review dates and the state of their translations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kb.content.lifecycle import NO_OWNER, lifecycle_report, parse_today
from kb.content.loader import load_content
from kb.content.settings import load_kb_settings
from kb.problems import ProblemLog


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kb lifecycle",
        description="List articles by owner with their review dates and translation status.")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs config file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--today", help="the date to compare review dates with (YYYY-MM-DD; "
                   "default: the KB_TODAY environment variable, else today)")
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    today = parse_today(args.today)
    settings = load_kb_settings(Path(args.config_file), drafts=True)
    log = ProblemLog(levels=settings.config.validation)
    content = load_content(settings.config, log)
    report = lifecycle_report(content, today)
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(render_text(report))
    errors = log.count("error")
    if errors:
        print(f"note: {errors} problem(s) kept some files out of this list; run kb check",
              file=sys.stderr)
    return 0


HEADER = ("REVIEW", "REVIEW BY", "LANG", "ID", "TITLE")


def _row(entry: dict[str, Any]) -> tuple[str, ...]:
    return (entry["review"], entry["review_by"] or "-", entry["lang"], entry["id"],
            entry["title"])


def _details(entry: dict[str, Any]) -> str:
    parts = [entry["file"], f"updated {entry['updated'] or '?'}"]
    if entry["draft"]:
        parts.append("draft")
    if entry["translation_status"] != "source":
        parts.append(f"translation {entry['translation_status']}")
    if entry["translations"]:
        parts.append("translations: " + ", ".join(
            f"{lang} {status}" for lang, status in entry["translations"].items()))
    return " · ".join(parts)


def render_text(report: dict[str, Any]) -> str:
    """One table per owner; the columns line up across the whole report."""
    rows = [_row(e) for g in report["owners"] for e in g["articles"]]
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER) - 1)]

    def line(cells: tuple[str, ...]) -> str:
        return "  " + "".join(c.ljust(w + 2) for c, w in zip(cells, widths, strict=False)) \
            + cells[-1]

    lines: list[str] = []
    for group in report["owners"]:
        articles = group["articles"]
        noun = "article" if len(articles) == 1 else "articles"
        lines += [f"{group['owner'] or NO_OWNER} ({len(articles)} {noun})", line(HEADER)]
        for entry in articles:
            lines += [line(_row(entry)), "      " + _details(entry)]
        lines.append("")
    c = report["counts"]
    if not report["owners"]:
        lines.append("no articles")
    lines.append(f"{report['today']}: {c['overdue']} overdue, {c['due_soon']} due soon, "
                 f"{c['no_owner']} without owner, {c['outdated_translations']} outdated "
                 f"translations, {c['missing_translations']} missing translations")
    return "\n".join(lines)
