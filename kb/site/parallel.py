"""Write the pages on every core: each page depends only on the site model, not on others.

Workers are forked once the whole site model is built, so they share it without pickling;
they send back only the paths they wrote and the problems they met, never HTML.
The search indexes are written in the same pool, queued first, the costliest first; the
pages are queued with them (a page names its language's index manifest, whose name is
known before the index is built), so no core waits for an index while pages are left.
The output is the same whatever the number of workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from kb.content.model import Article
from kb.problems import Problem, ProblemLog
from kb.render.pipeline import ArticleRenderer
from kb.site import urls
from kb.site.pages import PageWriter

MIN_PAGES_PER_WORKER = 200
CHUNKS_PER_WORKER = 16

T = TypeVar("T")
R = TypeVar("R")

# A page to write: an article (rendered from Markdown first) or any other page.
Task = Article | Callable[[], None]


@dataclass(frozen=True)
class SearchJob:
    """Every language's client index, written in the pool alongside the pages."""

    manifests: Mapping[str, str]  # lang -> site path of its manifest, known beforehand
    write: Callable[[str], str]  # lang -> writes its index, returns its manifest's path
    start_order: Sequence[str]  # the languages, the costliest first
    finished: Callable[[], None]  # run in this process once every index is written


@dataclass
class _Job:
    tasks: Sequence[Task]
    renderer: ArticleRenderer
    writer: PageWriter
    log: ProblemLog
    search: SearchJob | None = None


_JOB: _Job | None = None


def _run_chunk(indices: Sequence[int]) -> tuple[set[str], list[Problem]]:
    job = _JOB
    assert job is not None
    first_problem = len(job.log.problems)
    known_paths = set(job.writer.paths)
    for index in indices:
        task = job.tasks[index]
        if isinstance(task, Article):
            job.writer.article(task, job.renderer.render(task, urls.article_path(task)))
        else:
            task()
    return job.writer.paths - known_paths, job.log.problems[first_problem:]


def _run_search(lang: str) -> str:
    job = _JOB
    assert job is not None and job.search is not None
    written = job.search.write(lang)
    if written != job.search.manifests[lang]:  # the pages name the planned one
        raise RuntimeError(f"search index of {lang}: wrote {written}, planned "
                           f"{job.search.manifests[lang]}")
    return written


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


def fork_map(function: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """`[function(item) for item in items]` on `workers` forked processes, in order. The
    function is inherited by the fork, not pickled (a closure over the site model is fine);
    only the items and the results are. In one process when `workers` < 2, or inside a
    pool's worker (which may not start a pool)."""
    global _FORKED
    if workers < 2 or multiprocessing.current_process().daemon:
        return list(map(function, items))
    _FORKED = function
    try:
        gc.freeze()  # forked workers share the model instead of copying it
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_call_forked, items, chunksize=1)
    finally:
        _FORKED = None
        gc.unfreeze()


# fork_map's function, set before its workers fork.
_FORKED: Callable[[Any], Any] | None = None


def _call_forked(item: Any) -> Any:
    assert _FORKED is not None
    return _FORKED(item)


def write_pages(tasks: Sequence[Task], renderer: ArticleRenderer, writer: PageWriter,
                log: ProblemLog, search: SearchJob | None = None) -> None:
    """Write every page, on as many processes as pay off; with `search`, every language's
    search index too, ahead of the pages in the queue."""
    global _JOB
    workers = worker_count(len(tasks))
    _JOB = _Job(tasks, renderer, writer, ProblemLog() if workers > 1 else log, search)
    if search is not None:
        writer.search_manifests = dict(search.manifests)
    try:
        if workers == 1:
            if search is not None:
                for lang in search.start_order:
                    _run_search(lang)
                search.finished()
            _run_chunk(range(len(tasks)))
            return
        seen: set[tuple[str, str, str]] = set()
        # Keep the collector off the shared model, so forked pages stay shared (copy-on-write).
        gc.freeze()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            indexes = [pool.apply_async(_run_search, (lang,))
                       for lang in (search.start_order if search else ())]
            # Interleaved chunks spread the long articles and the cheap pages; small ones
            # (~1/16 of a worker's share) let a worker done with an index still take a fair
            # share of the pages (with 4 per worker one ended ~6 s after the other).
            count = workers * CHUNKS_PER_WORKER
            chunks = [range(i, len(tasks), count) for i in range(count)]
            results = [pool.apply_async(_run_chunk, (chunk,)) for chunk in chunks]
            if search is not None:
                for index in indexes:
                    index.get()
                search.finished()  # here, while the workers write pages
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
