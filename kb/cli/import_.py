"""`kb import <format> <source> <dest-content-dir> --lang L [--force] [--limit N]`.

Exit status: 0 when nothing failed, 1 when a file or article could not be imported (the rest
is imported), 2 on a usage error (unknown format, missing source, bad option).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kb.problems import KbError, did_you_mean

FORMATS: dict[str, str] = {
    "docfx": "DocFX / Microsoft Learn Markdown (a folder)",
    "markdown": "MkDocs, Jekyll or Hugo Markdown with YAML or TOML front matter (a folder)",
    "zendesk": "Zendesk Guide Help Center API JSON (a file or a folder of files)",
}
MAX_WARNINGS = 40


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb import", description="Import an existing help center into a kb content folder.",
        epilog="formats: " + "; ".join(f"{k}: {v}" for k, v in FORMATS.items()))
    parser.add_argument("format", help=", ".join(FORMATS))
    parser.add_argument("source", type=Path, help="the folder or file to import")
    parser.add_argument("dest", type=Path, help="the content folder (docs_dir), e.g. content")
    parser.add_argument("--lang", required=True,
                        help="the language to import into, as kb names it (en, el, zh-TW …)")
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")
    parser.add_argument("--limit", type=int, metavar="N", help="import at most N articles")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every warning")
    return parser


def _importer(fmt: str) -> Callable[..., Any]:
    if fmt == "docfx":
        from kb.importers import import_docfx
        return import_docfx
    if fmt == "markdown":
        from kb.importers.markdown import import_markdown
        return import_markdown
    from kb.importers.zendesk import import_zendesk
    return import_zendesk


def _check(args: argparse.Namespace) -> None:
    from kb.importers.markdown_write import is_language_code

    if args.format not in FORMATS:
        raise KbError(f"unknown format '{args.format}'",
                      did_you_mean(args.format.lower(), FORMATS)
                      or f"formats: {', '.join(FORMATS)}")
    if not args.source.exists():
        raise KbError(f"{args.source}: no such file or folder",
                      "give the path of the export or source folder to import")
    if args.format != "zendesk" and not args.source.is_dir():
        raise KbError(f"{args.source} is a file; the {args.format} importer reads a folder",
                      f"give the folder that holds the {args.format} Markdown files")
    if args.source.is_dir() and args.dest.resolve().is_relative_to(args.source.resolve()):
        raise KbError(f"{args.dest} is inside {args.source}",
                      "write to a content folder outside the source, or a second run "
                      "imports the first run's output")
    if args.dest.exists() and not args.dest.is_dir():
        raise KbError(f"{args.dest} is a file", "give the content folder (docs_dir) to write to")
    if not is_language_code(args.lang):
        raise KbError(f"'{args.lang}' is not a language code",
                      "use a BCP 47 code as in mkdocs.yml: en, el, pl, zh-TW, fa …")
    if args.limit is not None and args.limit < 0:
        raise KbError(f"--limit {args.limit}: expected 0 or more", "e.g. --limit 20")


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return int(exc.code or 0)
    _check(args)
    importer = _importer(args.format)
    try:
        report = importer(args.source, args.dest, args.lang, force=args.force, limit=args.limit)
    except OSError as exc:
        raise KbError(f"{exc.filename or args.dest}: {exc.strerror or exc}",
                      "check that the folder is writable and the disk has room") from None
    print(_summary(args, report))
    return 1 if report.skipped_invalid else 0


def _summary(args: argparse.Namespace, report: Any) -> str:
    per_category = Counter(path.split("/")[1] for path in report.written if path.count("/") > 1)
    lines = [f"kb import {args.format}: {report.imported} article(s) imported from "
             f"{args.source} into {args.dest}/{report.lang}"]
    lines += [f"  {name}: {count}" for name, count in sorted(per_category.items())]
    skipped = []
    if report.skipped_existing:
        skipped.append(f"{report.skipped_existing} exist already (--force overwrites them)")
    if report.skipped_invalid:
        skipped.append(f"{report.skipped_invalid} could not be imported (see warnings)")
    lines.append("skipped: " + ("; ".join(skipped) if skipped else "none"))
    extra = [f"{report.categories_written} _category.yml written"]
    if getattr(report, "assets_copied", 0):
        extra.append(f"{report.assets_copied} linked file(s) copied")
    if report.directives_removed:
        extra.append("DocFX directives removed or converted: " + ", ".join(
            f"{k} {v}" for k, v in sorted(report.directives_removed.items())))
    lines.append("; ".join(extra))
    if report.unmapped:
        lines.append("fields not imported: " + ", ".join(
            f"{k} ({v})" for k, v in sorted(report.unmapped.items(), key=lambda i: (-i[1], i[0]))))
    warnings = list(report.warnings) + [(f, f"image not found: {i}")
                                        for f, i in report.missing_images]
    if warnings:
        lines.append(f"warnings ({len(warnings)}):")
        shown = warnings if args.verbose else warnings[:MAX_WARNINGS]
        lines += [f"  {file}: {message}" for file, message in shown]
        if len(shown) < len(warnings):
            lines.append(f"  … {len(warnings) - len(shown)} more (-v lists them all)")
    if not report.imported and not report.skipped_existing and not report.skipped_invalid:
        lines.append(f"note: nothing to import found in {args.source}")
    if args.dest.name.lower() == report.lang.lower():
        lines.append(f"note: articles went to {args.dest}/{report.lang}/; if {args.dest} is "
                     "already a language folder, pass its parent (the content folder)")
    if report.imported:
        lines.append("next: run `kb check`, then `python build.py` to see the imported pages")
    return "\n".join(lines)
