"""Render and write article pages on every core: each page depends only on its own article.

Workers are forked after the whole site model is built, so they share it without pickling;
they send back only what the cross-page checks need (ids, link issues, anchors), never HTML.
The output is the same whatever the number of workers.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass

from kb.content.model import Content
from kb.problems import Problem, ProblemLog
from kb.render.pipeline import ArticleRenderer, RenderedArticle
from kb.site import urls
from kb.site.pages import PageWriter

MIN_ARTICLES_PER_WORKER = 150


@dataclass
class _Job:
    content: Content
    renderer: ArticleRenderer
    writer: PageWriter
    log: ProblemLog


_JOB: _Job | None = None

ChunkResult = tuple[list[tuple[str, RenderedArticle]], set[str], list[Problem]]


def _render_chunk(indices: Sequence[int]) -> ChunkResult:
    job = _JOB
    assert job is not None
    first_problem = len(job.log.problems)
    known_paths = set(job.writer.paths)
    facts: list[tuple[str, RenderedArticle]] = []
    for index in indices:
        article = job.content.articles[index]
        rendered = job.renderer.render(article, urls.article_path(article))
        job.writer.article(article, rendered, notes=[])
        facts.append((article.source, dataclasses.replace(rendered, html="")))
    return facts, job.writer.paths - known_paths, job.log.problems[first_problem:]


def worker_count(articles: int) -> int:
    forced = os.environ.get("KB_WORKERS", "")
    if forced.isdigit() and int(forced) > 0:
        return int(forced) if "fork" in multiprocessing.get_all_start_methods() else 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    wanted = min(cpus, articles // MIN_ARTICLES_PER_WORKER)
    if wanted < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return wanted


def render_articles(content: Content, renderer: ArticleRenderer, writer: PageWriter,
                    log: ProblemLog) -> dict[str, RenderedArticle]:
    """Render every article page; return each article's facts (without its HTML)."""
    global _JOB
    total = len(content.articles)
    workers = worker_count(total)
    _JOB = _Job(content, renderer, writer, ProblemLog() if workers > 1 else log)
    try:
        if workers == 1:
            facts, _, _ = _render_chunk(range(total))
            return dict(facts)
        chunks = [range(i, total, workers * 4) for i in range(workers * 4)]
        results: dict[str, RenderedArticle] = {}
        seen: set[tuple[str, str, str]] = set()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for facts, paths, problems in pool.imap(_render_chunk, chunks):
                results.update(facts)
                writer.paths |= paths
                for p in problems:  # each worker reports a missing UI string once
                    if (p.code, p.file, p.message) not in seen:
                        seen.add((p.code, p.file, p.message))
                        log.problems.append(p)
        return results
    finally:
        _JOB = None
