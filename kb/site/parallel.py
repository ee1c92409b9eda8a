"""Write the pages on every core: each page depends only on the site model, not on others.

Workers are forked once the whole site model is built, so they share it without pickling;
they send back only the paths they wrote and the problems they met, never HTML.
The search indexes are written in the same pool, ahead of the pages: a page names its
language's index manifest, so a language's pages start once its index is written, and
the other core writes pages instead of waiting for the last index.
The output is the same whatever the number of workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kb.content.model import Article
from kb.problems import Problem, ProblemLog
from kb.render.pipeline import ArticleRenderer
from kb.site import urls
from kb.site.pages import PageWriter

MIN_PAGES_PER_WORKER = 200

# A page to write: an article (rendered from Markdown first) or any other page.
Task = Article | Callable[[], None]


@dataclass(frozen=True)
class SearchJob:
    """Every language's client index, written before the pages of that language."""

    write: Callable[[str], str]  # lang -> site path of its manifest
    languages: Sequence[str]  # the site's order (of writer.search_manifests)
    start_order: Sequence[str]  # the same languages, the costliest first
    finished: Callable[[], None]  # run in this process once every index is written


@dataclass
class _Job:
    tasks: Sequence[Task]
    renderer: ArticleRenderer
    writer: PageWriter
    log: ProblemLog
    search: SearchJob | None = None


_JOB: _Job | None = None


def _run_chunk(indices: Sequence[int], manifests: dict[str, str] | None = None
               ) -> tuple[set[str], list[Problem]]:
    job = _JOB
    assert job is not None
    if manifests is not None:  # known once the pool runs: the indexes are written in it
        job.writer.search_manifests = manifests
    first_problem = len(job.log.problems)
    known_paths = set(job.writer.paths)
    for index in indices:
        task = job.tasks[index]
        if isinstance(task, Article):
            job.writer.article(task, job.renderer.render(task, urls.article_path(task)))
        else:
            task()
    return job.writer.paths - known_paths, job.log.problems[first_problem:]


def _run_search(lang: str) -> tuple[str, str]:
    job = _JOB
    assert job is not None and job.search is not None
    return lang, job.search.write(lang)


def worker_count(pages: int) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    forced = os.environ.get("KB_WORKERS", "")
    if forced.isdigit() and int(forced) > 0:
        return int(forced)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, pages // MIN_PAGES_PER_WORKER))


def write_pages(tasks: Sequence[Task], renderer: ArticleRenderer, writer: PageWriter,
                log: ProblemLog, search: SearchJob | None = None,
                task_langs: Sequence[str | None] = ()) -> None:
    """Write every page, on as many processes as pay off; with `search`, every language's
    search index first (`task_langs`: the language of each task, whose manifest its page
    names; None: a page that waits for every index)."""
    global _JOB
    workers = worker_count(len(tasks))
    _JOB = _Job(tasks, renderer, writer, ProblemLog() if workers > 1 else log, search)
    try:
        if workers == 1:
            if search is not None:
                manifests = {lang: search.write(lang) for lang in search.start_order}
                writer.search_manifests = {lang: manifests[lang] for lang in search.languages}
                search.finished()
            _run_chunk(range(len(tasks)))
            return
        seen: set[tuple[str, str, str]] = set()
        # Keep the collector off the shared model, so forked pages stay shared (copy-on-write).
        gc.freeze()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            if search is None:
                # Interleaved chunks spread the long articles and the cheap pages.
                chunks = [range(i, len(tasks), workers * 4) for i in range(workers * 4)]
                results = [pool.apply_async(_run_chunk, (chunk,)) for chunk in chunks]
            else:
                results = _search_then_pages(pool, search, writer, workers, task_langs)
            for result in results:  # in a fixed order: the log's order does not vary
                paths, problems = result.get()
                writer.paths |= paths
                for p in problems:  # each worker reports a missing UI string once
                    if (p.code, p.file, p.message) not in seen:
                        seen.add((p.code, p.file, p.message))
                        log.problems.append(p)
    finally:
        _JOB = None
        gc.unfreeze()


def _search_then_pages(pool: Any, search: SearchJob, writer: PageWriter, workers: int,
                       task_langs: Sequence[str | None]) -> list[Any]:
    """Queue the search indexes (the costliest first), and each language's pages as soon as
    its manifest is known; return the page results in the site's language order."""
    groups: dict[str | None, list[int]] = {}
    for index, lang in enumerate(task_langs):
        groups.setdefault(lang if lang in search.languages else None, []).append(index)
    queued: dict[str | None, list[Any]] = {}

    def queue(lang: str | None, manifests: dict[str, str]) -> None:
        indices = groups.get(lang, [])
        # Interleaved chunks spread the long articles and the cheap pages over the workers.
        parts = min(len(indices), workers * 2)
        queued[lang] = [pool.apply_async(_run_chunk, (indices[i::parts], manifests))
                        for i in range(parts)]

    manifests: dict[str, str] = {}
    for lang, manifest in pool.imap_unordered(_run_search, search.start_order):
        manifests[lang] = manifest
        queue(lang, dict(manifests))
    writer.search_manifests = {lang: manifests[lang] for lang in search.languages}
    queue(None, writer.search_manifests)
    search.finished()  # here, while the workers write pages
    return [result for lang in [*search.languages, None] for result in queued.get(lang, [])]
