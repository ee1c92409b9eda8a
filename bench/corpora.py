"""Import every real corpus in ../shared/corpora, then check and build the result.

Usage: python bench/corpora.py [--workdir DIR]
Prints JSON lines: articles imported per language (and seconds), problems by code from
`kb check`, and the build's time and page count. Needs ../shared/corpora (not in the repo).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
SOURCES = {
    "en": CORPORA / "ms-officedocs-support" / "en",
    "el": CORPORA / "ms-alchemyinsights" / "el-GR",
    "pl": CORPORA / "ms-alchemyinsights" / "pl-PL",
    "zh-TW": CORPORA / "ms-alchemyinsights" / "zh-TW",
    "zh-CN": CORPORA / "ms-alchemyinsights" / "zh-CN",
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"no corpora at {CORPORA}", file=sys.stderr)
        return 2
    from kb.importers import import_docfx

    root = args.workdir or Path(tempfile.mkdtemp(prefix="kb-corpora-"))
    content = root / "content"
    for lang, source in SOURCES.items():
        started = time.perf_counter()
        report = import_docfx(source, content, lang, force=True)
        print(json.dumps({"step": "import", "lang": lang, "imported": report.imported,
                          "skipped_invalid": report.skipped_invalid,
                          "warnings": len(report.warnings),
                          "seconds": round(time.perf_counter() - started, 2)}))
    (root / "mkdocs.yml").write_text(
        "site_name: Corpora\nsite_url: https://corpora.example/\ndocs_dir: content\n"
        "theme:\n  name: kb\nplugins:\n  - kb:\n      languages: [en, el, pl, zh-TW, zh-CN]\n",
        encoding="utf-8")
    started = time.perf_counter()
    check = subprocess.run([sys.executable, "-c", "from kb.cli import main; "
                            "raise SystemExit(main(['check', '--format', 'json']))"],
                           cwd=root, capture_output=True, text=True)
    problems = json.loads(check.stdout)["problems"]
    print(json.dumps({"step": "check", "exit": check.returncode,
                      "seconds": round(time.perf_counter() - started, 2),
                      "traceback": "Traceback" in check.stderr,
                      "by_code": dict(Counter(p["code"] for p in problems).most_common())}))
    started = time.perf_counter()
    build = subprocess.run([sys.executable, str(REPO / "build.py"), "-q", "-d",
                            str(root / "site")], cwd=root, capture_output=True, text=True)
    print(json.dumps({"step": "build", "exit": build.returncode,
                      "seconds": round(time.perf_counter() - started, 2),
                      "traceback": "Traceback" in build.stderr,
                      "summary": build.stdout.strip()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
