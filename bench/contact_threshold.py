"""Calibrate the contact page's "nothing good found" threshold on real queries.

Usage: python bench/contact_threshold.py [--in-domain DIR] [--out-of-domain DIR] [-n 600]

The contact page (themes/kb/assets/deflect.js, NOTHING_GOOD_BELOW) suggests articles only when
the best search result scores at least a threshold; below it, it says nothing good was found
and shows the contact channels at once. This script builds a kb site from an in-domain help
center (Banking77 queries against its 77 articles: questions the site should answer) and runs
out-of-domain questions against the same index (XQuAD English questions about Wikipedia
paragraphs: questions it cannot answer). For each threshold on the top result's score it prints
one JSON line per measure (the top score, and the top score per query word, which does not
grow with the query's length) and threshold: precision and recall of "suggest articles" as a
classifier of answerable questions, the share of answerable questions whose right article is
still suggested first, and the share of out-of-domain questions sent straight to the channels.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relevance import read_jsonl, safe_id, write_sites  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval-dev"
RAW = [5, 10, 15, 20, 22, 24, 26, 28, 30, 35, 40]
PER_WORD = [0.5, 1, 1.5, 2, 2.25, 2.5, 2.75, 3, 3.5, 4]


def query_words(text: str) -> int:
    """Words in a query as deflect.js counts them (runs of letters or digits)."""
    return max(1, len(re.findall(r"\w+", text)))


def top_hits(site_root: Path, queries: list[str]) -> list[tuple[str, float]]:
    """(top result id, its score) per query, through `kb search` (the browser's engine)."""
    proc = subprocess.run([sys.executable, "-c", "from kb.cli import main; raise SystemExit("
                           "main(['search', '--lang', 'en', '--json', '-n', '1']))"],
                          cwd=site_root, input="\n".join(queries) + "\n", text=True,
                          capture_output=True, check=True)
    out = []
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        results = json.loads(line)["results"]
        out.append((results[0]["id"].split("#")[0], results[0]["score"]) if results
                   else ("", 0.0))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-domain", type=Path, default=EVAL / "banking77-kb")
    parser.add_argument("--out-of-domain", type=Path, default=EVAL / "xquad-r")
    parser.add_argument("-n", type=int, default=600, help="queries per side (sampled)")
    args = parser.parse_args()
    rng = random.Random(5)

    docs = [d for d in read_jsonl(args.in_domain / "documents.jsonl") if d["lang"] == "en"]
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (args.in_domain / "qrels.tsv").read_text().splitlines():
        qid, doc_id, grade = line.split("\t")[:3]
        if int(grade) > 0:
            qrels[qid].add(safe_id(doc_id))
    inside = [q for q in read_jsonl(args.in_domain / "queries.jsonl")
              if q["lang"] == "en" and q["qid"] in qrels]
    outside = [q for q in read_jsonl(args.out_of_domain / "queries.jsonl") if q["lang"] == "en"]
    inside = rng.sample(inside, min(args.n, len(inside)))
    outside = rng.sample(outside, min(args.n, len(outside)))

    root = Path(tempfile.mkdtemp(prefix="kb-contact-threshold-"))
    write_sites(docs, root)
    site_root = root / "kb"
    subprocess.run([sys.executable, str(REPO / "build.py"), "-q", "-d", str(site_root / "site")],
                   cwd=site_root, check=True, capture_output=True)
    hits_in = top_hits(site_root, [" ".join(q["text"].split()) for q in inside])
    hits_out = top_hits(site_root, [" ".join(q["text"].split()) for q in outside])
    right = [hit in qrels[q["qid"]] for q, (hit, _) in zip(inside, hits_in, strict=True)]

    print(json.dumps({"in_domain": len(inside), "out_of_domain": len(outside),
                      "top1_right": round(sum(right) / len(right), 3)}))
    words_in = [query_words(q["text"]) for q in inside]
    words_out = [query_words(q["text"]) for q in outside]
    for measure, thresholds in (("score", RAW), ("score_per_word", PER_WORD)):
        def value(score: float, words: int, measure: str = measure) -> float:
            return score / words if measure == "score_per_word" else score
        got_in = [value(s, w) for (_, s), w in zip(hits_in, words_in, strict=True)]
        got_out = [value(s, w) for (_, s), w in zip(hits_out, words_out, strict=True)]
        for threshold in thresholds:
            shown_in = sum(v >= threshold for v in got_in)
            shown_out = sum(v >= threshold for v in got_out)
            right_shown = sum(1 for v, ok in zip(got_in, right, strict=True)
                              if v >= threshold and ok)
            print(json.dumps({
                "measure": measure, "threshold": threshold,
                # "suggest articles" as a classifier of answerable (in-domain) questions
                "precision": round(shown_in / (shown_in + shown_out), 3)
                if shown_in + shown_out else 1.0,
                "recall": round(shown_in / len(inside), 3),
                # answerable questions whose right article is still suggested first
                "right_top1_kept": round(right_shown / (sum(right) or 1), 3),
                "out_of_domain_to_channels": round(1 - shown_out / len(outside), 3),
            }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
