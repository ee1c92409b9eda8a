"""How build time and memory grow with the number of articles (a benchmark, not a test).

    python bench/build_scaling.py                       # 1,000 and 10,000 synthetic articles
    python bench/build_scaling.py --sizes 500 2000 --source corpora --mkdocs-baseline
    python bench/build_scaling.py --cmd "kb build -f {yml} -d {out}"

For each size it writes a content tree (5 languages, ~10 categories; see bench/_trees.py) and
prints: the Python-Markdown floor (reading and converting every article with one reused
Markdown instance — no build can be faster than this), the full build (`build.py` in a
subprocess, with its peak RSS), and their ratio. Linear scaling shows as time(large)/time(small)
close to large/small; the "pages²" navigation trap shows as far more.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import markdown

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench._trees import (  # noqa: E402 - needs the repo on sys.path when run as a script
    corpora_tree,
    generate_tree,
    write_mkdocs_yml,
)

EXTENSIONS = ["tables", "fenced_code", "footnotes", "attr_list", "admonition", "toc"]
CORPORA = REPO.parent / "shared" / "corpora"


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the child: steadier than wall time on a busy host
    peak_mb: float
    returncode: int
    log: str


def markdown_floor(files: list[Path]) -> tuple[float, float]:
    """(wall, cpu) seconds to read and convert every article with one reused instance."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    started, cpu = time.perf_counter(), time.process_time()
    for path in files:
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            text = text[end + 5:] if end >= 0 else text
        md.reset().convert(text)
    return time.perf_counter() - started, time.process_time() - cpu


def run_timed(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run `cmd`; wall time and the peak RSS of that child (os.wait4 gives its own rusage)."""
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    text = log.read_text(encoding="utf-8", errors="replace")
    return Run(seconds, cpu, peak, proc.returncode, text)


def build_command(template: str | None, yml: Path, out: Path) -> list[str]:
    if template:
        return [part.format(yml=yml, out=out, python=sys.executable)
                for part in shlex.split(template)]
    return [sys.executable, str(REPO / "build.py"), "-f", str(yml), "-d", str(out), "-q"]


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html")) if out.is_dir() else 0


def bench_size(size: int, args: argparse.Namespace, work: Path) -> dict[str, float]:
    root = work / f"n{size}"
    content = root / "content"
    started = time.perf_counter()
    if args.source == "corpora":
        info = corpora_tree(content, size, CORPORA)
    else:
        info = generate_tree(content, size)
    made = time.perf_counter() - started
    yml = write_mkdocs_yml(root, info.languages, search=not args.no_search)
    print(f"\n== {info.articles:,} articles, {info.mean_bytes / 1000:.1f} kB mean "
          f"({args.source}, tree written in {made:.1f} s) in {root}", flush=True)

    floor, floor_cpu = markdown_floor(info.files)
    print(f"   Markdown floor : {floor:8.2f} s  ({info.articles / floor:,.0f} articles/s), "
          f"cpu {floor_cpu:.2f} s", flush=True)

    out = root / "site"
    run = run_timed(build_command(args.cmd, yml, out), root, root / "build.log")
    pages = count_pages(out)
    row = {"articles": info.articles, "pages": pages, "build": run.seconds,
           "peak": run.peak_mb, "floor": floor, "failed": run.returncode != 0,
           "cpu": run.cpu, "floor_cpu": floor_cpu}
    print(f"   kb build       : {run.seconds:8.2f} s  ({info.articles / run.seconds:,.0f} "
          f"articles/s), cpu {run.cpu:.2f} s, {pages:,} pages, peak {run.peak_mb:,.0f} MB, "
          f"{run.seconds / floor:.1f}× the floor (cpu {run.cpu / floor_cpu:.1f}×)", flush=True)
    if run.returncode != 0:
        # still timed: a build that stops at the end on content errors did the work
        print(f"   build FAILED (exit {run.returncode}); last lines of {root / 'build.log'}:")
        print("   " + "\n   ".join(run.log.strip().splitlines()[-6:]))
    if args.mkdocs_baseline:
        base_yml = write_mkdocs_yml(root, info.languages, baseline=True, name="baseline.yml")
        base_out = root / "site-baseline"
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(base_yml),
               "-d", str(base_out)]
        base = run_timed(cmd, root, root / "baseline.log")
        row["baseline"] = base.seconds if base.returncode == 0 else float("nan")
        state = "" if base.returncode == 0 else f" FAILED (exit {base.returncode})"
        print(f"   plain MkDocs   : {base.seconds:8.2f} s, cpu {base.cpu:.2f} s, "
              f"{count_pages(base_out):,} pages, "
              f"peak {base.peak_mb:,.0f} MB{state}", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000],
                   help="article counts, all languages together (default: 1000 10000)")
    p.add_argument("--source", choices=("generated", "corpora"), default="generated",
                   help="synthetic articles, or the DocFX corpora in ../shared via the importer")
    p.add_argument("--cmd", help="build command instead of build.py; {yml}, {out} and "
                                 "{python} are replaced, e.g. '{python} -m mkdocs build -f {yml}"
                                 " -d {out}'")
    p.add_argument("--mkdocs-baseline", action="store_true",
                   help="also time plain MkDocs (theme mkdocs, no kb plugin) on the same tree")
    p.add_argument("--no-search", action="store_true",
                   help="build without the search index (plugin option search: false)")
    p.add_argument("--workdir", type=Path, help="keep trees and sites here (default: a temp "
                                                "dir that is removed)")
    args = p.parse_args(argv)
    if args.source == "corpora" and not CORPORA.is_dir():
        p.error(f"--source corpora needs {CORPORA}")

    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = [bench_size(size, args, work) for size in sorted(args.sizes)]

    print("\n articles    pages  build s  cpu s  art./s  peak MB  floor s  build/floor"
          + ("  mkdocs s" if args.mkdocs_baseline else ""))
    for r in rows:
        line = (f"{r['articles']:9,} {r['pages']:8,} {r['build']:8.2f} {r['cpu']:6.1f} "
                f"{r['articles'] / r['build']:7,.0f} {r['peak']:8,.0f} {r['floor']:8.2f} "
                f"{r['build'] / r['floor']:12.1f}")
        if args.mkdocs_baseline:
            line += f" {r['baseline']:9.2f}"
        print(line + ("  (build exited non-zero)" if r["failed"] else ""))
    if len(rows) > 1:
        small, large = rows[0], rows[-1]
        print(f"\ntime({large['articles']:,}) / time({small['articles']:,}) = "
              f"{large['build'] / small['build']:.1f}, cpu "
              f"{large['cpu'] / small['cpu']:.1f}  (articles ×"
              f"{large['articles'] / small['articles']:.0f}; floor cpu "
              f"×{large['floor_cpu'] / small['floor_cpu']:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
