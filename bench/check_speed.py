"""How long `kb check` takes on generated trees (target: under 10 s at 10,000 articles).

Usage: python bench/check_speed.py [--sizes 1000 10000] [--workdir DIR]
Prints one line per size: articles, seconds (best of --repeat runs), problems by level.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _trees import generate_tree, write_mkdocs_yml  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kb-check-"))
    for size in args.sizes:
        root = workdir / f"n{size}"
        if not (root / "content").exists():
            generate_tree(root / "content", size)
            write_mkdocs_yml(root)
        best = float("inf")
        report: dict = {}
        for _ in range(args.repeat):
            started = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", "from kb.cli import main; "
                                   "raise SystemExit(main(['check', '--format', 'json']))"],
                                  cwd=root, capture_output=True, text=True)
            best = min(best, time.perf_counter() - started)
            report = json.loads(proc.stdout)
        print(json.dumps({"articles": size, "seconds": round(best, 2),
                          "counts": report["counts"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
