"""A language's index of record and its client index in one call, on two cores when it is
large: once the documents are analysed, a forked helper process writes the client's terms
files while this process writes the Whoosh segment. The two are the largest steps after the
analysis and need nothing of each other (10,000 generated English articles: ~13 s and
~11 s). The files are the ones `build_index` + `export_index` write, byte for byte.

Worth it only where a core would otherwise idle (`kb check --search` of one language): a
site build writes its pages meanwhile, and there the helper only competes with them.
"""

from __future__ import annotations

import os
import pickle
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kb_search.export import (
    ExportResult,
    Writer,
    client_directory,
    existing_files,
    export_index,
    write_terms,
)
from kb_search.index import Analysed, RecordIndex, SearchDoc, build_index, stored_length

#: Below this many documents the index is built in one process (a fork costs more).
HELPER_MIN_DOCS = 2000


def build_and_export(docs: Iterable[SearchDoc], lang: str, out: Path,
                     inputs: str | None = None, *, helper: bool = True
                     ) -> tuple[RecordIndex, ExportResult]:
    """`build_index(docs, lang, inputs=inputs)`, then `export_index(record, out)`.

    `helper`: a large language's terms files may be written by a forked helper. It pays
    only where a core would otherwise idle: the helper and this process each copy the
    pages of the analysed table they touch (copy-on-write), so it costs CPU and memory,
    and where other work fills every core (a site build's pages) it lengthens the build."""
    docs = list(docs)
    helpers: list[TermsHelper] = []

    def start_helper(analysed: Analysed) -> None:
        if helper and len(docs) >= HELPER_MIN_DOCS and hasattr(os, "fork"):
            helpers.append(TermsHelper(analysed, client_directory(out, lang), lang))

    try:
        record = build_index(docs, lang, inputs=inputs, analysed=start_helper)
        terms = helpers[0].collect if helpers else None
        return record, export_index(record, out, terms=terms)
    finally:
        for started in helpers:
            started.close()


class TermsHelper:
    """The terms files of one analysed language, written by a forked process; `collect`
    (an `export.TermsFiles`) waits for them."""

    def __init__(self, analysed: Analysed, directory: Path, lang: str) -> None:
        self.lang = lang
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: never returns
            os.close(read_end)
            _run_helper(analysed, directory, lang, write_end)
        os.close(write_end)
        self.pid: int | None = pid
        self.read_end: int | None = read_end

    def collect(self, writer: Writer, lengths: list[list[int]], averages: list[float]
                ) -> list[tuple[str, str, str]]:
        """The helper's terms chunks, its files added to `writer`'s; `lengths` and
        `averages` (read back from Whoosh) must be the statistics it scored with."""
        assert self.read_end is not None
        with os.fdopen(self.read_end, "rb") as pipe:
            self.read_end = None
            data = pipe.read()
        self.close()
        ok, value = pickle.loads(data) if data else (False, "it ended without a result")
        if not ok:
            raise RuntimeError(f"search index of {self.lang}: writing the terms files "
                               f"failed:\n{value}")
        chunks, files, used_lengths, used_averages = value
        if used_lengths != lengths or used_averages != averages:
            raise RuntimeError(f"search index of {self.lang}: the terms files were scored "
                               "with other field lengths than Whoosh's")
        writer.files.update(files)
        return chunks

    def close(self) -> None:
        """Reap the helper (after `collect`, or when the build failed before it)."""
        if self.read_end is not None:
            os.close(self.read_end)  # a helper still writing gets EPIPE and ends
            self.read_end = None
        if self.pid is not None:
            os.waitpid(self.pid, 0)
            self.pid = None


def _run_helper(analysed: Analysed, directory: Path, lang: str, write_end: int) -> None:
    result: tuple[bool, Any]
    try:
        result = True, _terms_files(analysed, directory, lang)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        result = False, traceback.format_exc()
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(pickle.dumps(result))
    finally:
        os._exit(0)  # not the parent's exit handlers, buffers or pool machinery


def _terms_files(analysed: Analysed, directory: Path, lang: str) -> tuple[Any, ...]:
    """Write the terms files with the statistics Whoosh will report: field lengths as it
    stores them (one byte, lossy) and averages of the exact lengths."""
    count = len(analysed.lengths[0])
    lengths = [list(map(stored_length, row)) for row in zip(*analysed.lengths, strict=True)]
    averages = [(sum(column) / (count or 1)) or 1 for column in analysed.lengths]
    writer = Writer(directory, lang, existing_files(directory))
    chunks = write_terms(writer, analysed.flat(), count, lengths, averages)
    return chunks, writer.files, lengths, averages
