"""plain_texts: the search documents' plain text on every core, the same as in one process."""

from __future__ import annotations

import multiprocessing

from kb.render.plaintext import plain_text
from kb.site import search as site_search

MARKDOWN = [f"# Title {i}\n\n**Bold** [link {i}](x.md) `code {i}` <b>tag</b>\n\n- item {i}\n"
            for i in range(40)]


def test_many_texts_on_several_cores_come_back_in_order(monkeypatch) -> None:
    monkeypatch.setattr(site_search, "PARALLEL_PLAIN_TEXTS", 1)
    monkeypatch.setenv("KB_WORKERS", "3")
    assert site_search.plain_texts(MARKDOWN) == [plain_text(m) for m in MARKDOWN]
    assert site_search.plain_texts([]) == []


def _in_a_worker(texts: list[str]) -> list[str]:
    return site_search.plain_texts(texts)


def test_a_pool_worker_makes_them_itself(monkeypatch) -> None:
    """kb check --search builds each language in a pool worker, which may not start one."""
    monkeypatch.setattr(site_search, "PARALLEL_PLAIN_TEXTS", 1)
    monkeypatch.setenv("KB_WORKERS", "2")
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_in_a_worker, (MARKDOWN,)) == [plain_text(m) for m in MARKDOWN]
