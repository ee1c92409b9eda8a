"""`kb translate-stamp`: record the source revision a translation was made from (or check it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.content.drift import source_of, source_revision, stamp_file, translation_status
from kb.content.loader import load_content
from kb.content.model import Article, Content
from kb.content.settings import KbSettings, load_kb_settings
from kb.problems import KbError, ProblemLog, did_you_mean


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kb translate-stamp",
        description="Stamp translations with the revision of their source article "
                    "(source_rev), so kb can tell when the source changes.")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="translated articles: paths, or paths inside the content folder")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs config file")
    p.add_argument("--check", action="store_true",
                   help="only report each translation's status; exit 1 if any is outdated "
                        "or has no source_rev")
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    settings = load_kb_settings(Path(args.config_file), drafts=True)
    log = ProblemLog(levels=settings.config.validation)
    content = load_content(settings.config, log, with_dates=False)
    failed = stale = False
    for name in args.files:
        try:
            article = find_translation(name, settings, content, log)
            if args.check:
                stale |= not report_status(content, article, name)
            else:
                stamp(settings, content, article)
        except KbError as exc:
            failed = True
            print(f"kb translate-stamp: {exc}", file=sys.stderr)
    return 2 if failed else 1 if stale else 0


def find_translation(name: str, settings: KbSettings, content: Content,
                     log: ProblemLog) -> Article:
    """The translated article at path `name`, or a KbError saying why it is none."""
    docs = settings.config.docs_dir.resolve()
    path = Path(name).resolve()
    if not path.exists() and (docs / name).is_file():
        path = (docs / name).resolve()  # relative to docs_dir, as kb check prints paths
    try:
        rel = path.relative_to(docs).as_posix()
    except ValueError:
        raise KbError(f"{name}: not under the content folder {docs}",
                      hint=f"pass articles inside docs_dir of {settings.config_file}") from None
    if not path.is_file():
        raise KbError(f"{name}: no such file")
    languages = settings.config.languages
    if rel.split("/", 1)[0] not in languages:
        raise KbError(f"{rel}: not in a language folder ({', '.join(languages)})",
                      hint="translations live in <lang>/<category>/ of the content folder")
    article = content.by_source.get(rel)
    if article is None:
        problems = [p for p in log if p.file == rel and p.level == "error"]
        reason = f" ({problems[0].message})" if problems else ""
        raise KbError(f"{rel}: could not be read as an article{reason}",
                      hint="run kb check, fix the file, then stamp it")
    default = content.default_language
    if article.lang == default:
        others = [a for lng, a in content.translations(article.id).items() if lng != default]
        prefix = name[: len(name) - len(rel)] if name.endswith(rel) else ""
        hint = ("e.g. kb translate-stamp " + " ".join(prefix + a.source for a in others)
                if others else f"it has no translations yet ({default} is the default "
                "language)")
        raise KbError(f"{rel}: is a source article; stamp its translations instead", hint=hint)
    if source_of(content, article) is None:
        ids = [a.id for a in content.in_language(default)]
        hint = did_you_mean(article.id, ids) or (
            f"a translation is linked by id: give it the id of its {default} article "
            "(id: …), or name the file like it")
        raise KbError(f"{rel}: no source article with id '{article.id}' in {default}",
                      hint=hint)
    return article


def stamp(settings: KbSettings, content: Content, article: Article) -> None:
    source = source_of(content, article)
    assert source is not None  # checked by find_translation
    revision = source_revision(source)
    if article.source_rev.lower() == revision:
        print(f"{article.source}: source_rev {revision} is already current "
              f"(from {source.source})")
        return
    stamp_file(settings.config.docs_dir / article.source, revision)
    print(f"{article.source}: stamped source_rev {revision} (from {source.source})")


def report_status(content: Content, article: Article, name: str) -> bool:
    """Print a translation's status; True when it is current."""
    source = source_of(content, article)
    assert source is not None
    status = translation_status(content, article)
    revision = source_revision(source)
    if status == "current":
        print(f"{article.source}: current (source_rev {revision}, {source.source})")
    elif status == "outdated":
        print(f"{article.source}: outdated: made from {article.source_rev}, {source.source} "
              f"is now at {revision}; update the translation, then run kb translate-stamp "
              f"{name}")
    else:
        print(f"{article.source}: unknown: no source_rev; check it against {source.source}, "
              f"then run kb translate-stamp {name}")
    return status == "current"
