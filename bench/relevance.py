"""Search relevance on real query sets: kb's engine side by side with MkDocs' lunr search.

Usage: python bench/relevance.py DIR [DIR …]   (e.g. ../shared/eval-dev/*)
Each DIR holds documents.jsonl, queries.jsonl and qrels.tsv. The documents become a kb
content tree (one article each), built once by kb and once by MkDocs with its built-in search
plugin; every query then runs through `kb search` (the engine the browser runs) and through
the `lunr` package over MkDocs' search_index.json (the index MkDocs' browser code builds).
Prints one JSON line per set, language and engine: {set, lang, engine, n, mrr10, r1, r5}.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
# lunr.py ships these pipelines; MkDocs falls back to English for the rest.
LUNR_LANGUAGES = {"ar", "da", "nl", "en", "fi", "fr", "de", "hu", "it", "no", "pt", "ro",
                  "ru", "es", "sv"}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def safe_id(doc_id: str) -> str:
    """A kb article id for a set's document id (kb ids are letters, digits, . _ -)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", doc_id)


def article_text(doc: dict) -> str:
    # An untitled passage (parsinlu-rc) is titled by its id, which carries no words of the
    # text: a title made of the passage's first words would count them twice in both engines
    # and measure that artefact rather than the search.
    title = doc.get("title") or doc["id"]
    meta = {"title": title.replace("_", " "), "id": safe_id(doc["id"]), "type": "article"}
    if doc.get("summary"):
        meta["summary"] = doc["summary"]
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + doc["body"] + "\n"


def slug(doc_id: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", doc_id.lower()).strip("-")


def write_sites(docs: list[dict], root: Path) -> dict[str, list[str]]:
    langs: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        lang = doc["lang"]
        langs[lang].append(doc["id"])
        category = slug(doc.get("category") or "articles") or "articles"
        for base in (root / "kb" / "content" / lang, root / "mkdocs" / "docs" / lang):
            path = base / category / f"{slug(doc['id'])}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(article_text(doc), encoding="utf-8")
    (root / "kb" / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Eval", "docs_dir": "content", "theme": {"name": "kb"},
        "plugins": [{"kb": {"languages": sorted(langs)}}]}), encoding="utf-8")
    return langs


def lunr_engine(root: Path, lang: str, docs: list[dict]) -> Callable[[str], list[str]]:
    """A function from a query to ranked doc ids: lunr over what MkDocs indexes."""
    from lunr import lunr
    from lunr.exceptions import QueryParseError

    site = root / f"mkdocs-{lang}"
    config = {"site_name": "Eval", "docs_dir": str(root / "mkdocs" / "docs" / lang),
              "site_dir": str(site), "theme": {"name": "mkdocs"},
              "plugins": [{"search": {"lang": [lang if lang in LUNR_LANGUAGES else "en"]}}]}
    config_file = root / f"mkdocs-{lang}.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)],
                   check=True, capture_output=True)
    index_data = json.loads((site / "search" / "search_index.json").read_text())
    documents = [{"id": i, "title": d["title"], "text": d["text"], "location": d["location"]}
                 for i, d in enumerate(index_data["docs"])]
    languages = lang if lang in LUNR_LANGUAGES and lang != "en" else None
    try:
        index = lunr(ref="id", fields=["title", "text"], documents=documents,
                     languages=languages)
    except LookupError:
        # lunr.py's non-English pipelines need NLTK data, which cannot be downloaded here;
        # the English pipeline then stands in (MkDocs' browser would use lunr.<lang>.js).
        print(json.dumps({"engine": "mkdocs-lunr", "lang": lang,
                          "note": "NLTK data missing: English pipeline used"}), file=sys.stderr)
        index = lunr(ref="id", fields=["title", "text"], documents=documents)
    slug_to_id = {slug(d["id"]): d["id"] for d in docs}

    def run(query: str) -> list[str]:
        try:
            hits = index.search(query)
        except QueryParseError:  # plain text such as "card:" is lunr query syntax
            return []
        ranked: list[str] = []
        for hit in hits:
            location = documents[int(hit["ref"])]["location"].split("#")[0].rstrip("/")
            doc_id = slug_to_id.get(location.rsplit("/", 1)[-1])
            if doc_id and doc_id not in ranked:
                ranked.append(doc_id)
        return ranked[:10]

    return run


def kb_engine(root: Path, lang: str, queries: list[str]) -> list[list[str]] | None:
    site = root / "kb" / "site"
    if not site.exists():
        subprocess.run([sys.executable, str(REPO / "build.py"), "-q", "-d", str(site)],
                       cwd=root / "kb", check=True, capture_output=True)
    proc = subprocess.run([sys.executable, "-c", "from kb.cli import main; raise SystemExit("
                           f"main(['search', '--lang', '{lang}', '--json', '-n', '10']))"],
                          cwd=root / "kb", input="\n".join(queries) + "\n", text=True,
                          capture_output=True)
    if proc.returncode != 0:
        print(json.dumps({"engine": "kb", "lang": lang, "error": proc.stderr.strip()[-300:]}),
              file=sys.stderr)
        return None
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return [[r["id"] for r in line["results"]] for line in lines]


def metrics(ranked: list[list[str]], relevant: list[set[str]]) -> dict[str, float]:
    mrr = r1 = r5 = 0.0
    for hits, good in zip(ranked, relevant, strict=True):
        rank = next((i for i, h in enumerate(hits[:10], start=1) if h in good), None)
        mrr += 1 / rank if rank else 0
        r1 += 1 if rank == 1 else 0
        r5 += 1 if rank and rank <= 5 else 0
    n = len(ranked) or 1
    return {"n": len(ranked), "mrr10": round(mrr / n, 4), "r1": round(r1 / n, 4),
            "r5": round(r5 / n, 4)}


def evaluate(set_dir: Path, workdir: Path) -> None:
    docs = read_jsonl(set_dir / "documents.jsonl")
    queries = read_jsonl(set_dir / "queries.jsonl")
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (set_dir / "qrels.tsv").read_text().splitlines():
        qid, doc_id, grade = line.split("\t")[:3]
        if int(grade) > 0:
            qrels[qid].add(doc_id)
    root = workdir / set_dir.name
    langs = write_sites(docs, root)
    for lang in sorted(langs):
        asked = [q for q in queries if q["lang"] == lang and q["qid"] in qrels]
        if not asked:
            continue
        relevant = [qrels[q["qid"]] for q in asked]
        texts = [" ".join(q["text"].split()) for q in asked]
        lang_docs = [d for d in docs if d["lang"] == lang]
        lunr_run = lunr_engine(root, lang, lang_docs)
        engines = {"mkdocs-lunr": [lunr_run(t) for t in texts]}
        kb_ranked = kb_engine(root, lang, texts)
        original = {safe_id(d["id"]): d["id"] for d in lang_docs}
        if kb_ranked is not None:
            kb_ranked = [[original.get(i.split("#")[0], i) for i in hits] for hits in kb_ranked]
        if kb_ranked is not None:
            engines["kb"] = kb_ranked
        for engine, ranked in engines.items():
            print(json.dumps({"set": set_dir.name, "lang": lang, "engine": engine,
                              **metrics(ranked, relevant)}), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kb-relevance-"))
    for set_dir in args.sets:
        evaluate(set_dir, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
