"""build_and_export: the terms files from a forked helper, the same files as in one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kb_search import build_export
from kb_search.build_export import build_and_export
from kb_search.export import export_index
from kb_search.index import build_index

from tests.search.test_export import CORPORA, files, synthetic

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this system")


@needs_fork
@pytest.mark.parametrize("lang", ["en", *sorted(CORPORA)])
def test_the_helper_writes_the_files_one_process_writes(tmp_path: Path, monkeypatch,
                                                        lang: str) -> None:
    docs = synthetic(300) if lang == "en" else CORPORA[lang]()
    alone = export_index(build_index(docs, lang), tmp_path / "alone")
    monkeypatch.setattr(build_export, "HELPER_MIN_DOCS", 1)
    forks = []
    monkeypatch.setattr(build_export.TermsHelper, "__init__", _counted(forks))
    record, helped = build_and_export(docs, lang, tmp_path / "helped")
    assert forks, "the helper did not run"
    assert helped.manifest == alone.manifest
    assert helped.files == alone.files
    assert files(helped.directory) == files(alone.directory)
    assert record.doc_count == len(docs)
    # and again into the same folder: the unchanged files are kept, nothing is stale
    again = build_and_export(docs, lang, tmp_path / "helped")[1]
    assert files(again.directory) == files(alone.directory)


def _counted(calls: list[int]):
    original = build_export.TermsHelper.__init__

    def init(self, *args) -> None:
        calls.append(1)
        original(self, *args)

    return init


@needs_fork
def test_a_failing_helper_fails_the_build_with_its_error(tmp_path: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(build_export, "HELPER_MIN_DOCS", 1)
    monkeypatch.setattr(build_export, "write_terms", broken)  # runs in the helper
    before = _children()
    with pytest.raises(RuntimeError, match="terms files failed(.|\n)*disk full"):
        build_and_export(synthetic(50), "en", tmp_path)
    assert _children() <= before


@needs_fork
def test_a_build_failing_after_the_fork_reaps_the_helper(tmp_path: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise ValueError("export failed (simulated)")

    monkeypatch.setattr(build_export, "HELPER_MIN_DOCS", 1)
    monkeypatch.setattr(build_export, "export_index", broken)
    before = _children()
    with pytest.raises(ValueError, match="simulated"):
        build_and_export(synthetic(50), "en", tmp_path)
    assert _children() <= before


def _children() -> set[str]:
    """This process's child processes still known to the system (zombies included)."""
    me = str(os.getpid())
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            found.add(stat.parent.name)
    return found


def test_small_indexes_are_built_in_one_process(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(build_export, "TermsHelper", None)  # would fail if it were used
    alone = export_index(build_index(synthetic(20), "en"), tmp_path / "alone")
    assert build_and_export(synthetic(20), "en", tmp_path / "b")[1].files == alone.files


def test_no_helper_when_the_caller_says_the_cores_are_busy(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(build_export, "HELPER_MIN_DOCS", 1)
    monkeypatch.setattr(build_export, "TermsHelper", None)  # would fail if it were used
    alone = export_index(build_index(synthetic(30), "en"), tmp_path / "alone")
    assert build_and_export(synthetic(30), "en", tmp_path / "b", helper=False)[1].files == (
        alone.files)
