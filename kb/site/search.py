"""The adapter between the site and the search engine: articles in, client index files out."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import kb_search
from kb_search.analysis.runtime import all_runtime_files, runtime_files
from kb_search.build_export import build_and_export
from kb_search.export import manifest_name
from kb_search.index import SearchDoc, document_digest, documents_digest

from kb.checks.scan import Scan
from kb.content.model import Article, Content
from kb.render.plaintext import plain_text
from kb.site import urls
from kb.site.listing import Listing
from kb.site.parallel import fork_map, worker_count
from kb.site.theme import hashed_name

BREADCRUMB_SEPARATOR = " › "


def search_documents(content: Content, scans: dict[str, Scan], listing: Listing,
                     lang: str) -> list[SearchDoc]:
    """One document per article, and one per FAQ question (linking to its anchor)."""
    fields: list[dict[str, Any]] = []
    markdown: list[str] = []  # the body of each, as Markdown
    for article in content.in_language(lang):
        scan = scans[article.source]
        crumbs = _breadcrumb(listing, article)
        path = urls.article_path(article)
        lines = article.body.splitlines()
        facets = _facets(article.type, article.urgency)
        fields.append(dict(
            id=article.id, url=path, title=article.title, breadcrumb=crumbs,
            keywords=[*article.keywords, *article.tags],
            headings=[h.text for h in scan.headings if h.level in (2, 3)],
            summary=article.summary, facets=facets))
        markdown.append(article.body)
        if article.type != "faq":
            continue
        questions = [h for h in scan.headings if h.level == 2]
        for heading, following in zip(questions, [*questions[1:], None], strict=True):
            start = heading.line - article.body_line + 1
            end = following.line - article.body_line if following else len(lines)
            fields.append(dict(
                id=f"{article.id}#{heading.id}", url=f"{path}#{heading.id}",
                title=heading.text, breadcrumb=f"{crumbs}{BREADCRUMB_SEPARATOR}{article.title}",
                keywords=list(article.keywords), summary="", kind="question",
                anchor=heading.id, facets=facets))
            markdown.append("\n".join(lines[start:end]))
    bodies = plain_texts(markdown)
    return [SearchDoc(**values, body=body) for values, body in zip(fields, bodies, strict=True)]


#: From this many texts, plain_texts uses every core (a pool costs ~0.1 s to start).
PARALLEL_PLAIN_TEXTS = 2000


def plain_texts(markdown: list[str]) -> list[str]:
    """`plain_text` of each, on every core when there are many: the search documents are
    made before the page pool starts, while the other cores would idle (10,000 English
    articles, 22,000 texts: 3.6–3.9 s in one process, 2.3–2.8 s on two cores)."""
    workers = worker_count(len(markdown)) if len(markdown) >= PARALLEL_PLAIN_TEXTS else 1
    step = max(1, -(-len(markdown) // (workers * 4)))
    spans = [(i, i + step) for i in range(0, len(markdown), step)]
    parts = fork_map(lambda span: list(map(plain_text, markdown[span[0] : span[1]])),
                     spans, workers)
    return [text for part in parts for text in part]


def _facets(article_type: str, urgency: str) -> dict[str, str]:
    """What contact routing needs of a search result (the contact page ranks channels for
    the best match): type and urgency, left out where they are the defaults."""
    facets = {}
    if article_type != "article":
        facets["type"] = article_type
    if urgency != "normal":
        facets["urgency"] = urgency
    return facets


def _breadcrumb(listing: Listing, article: Article) -> str:
    categories = listing.categories[article.lang]
    titles = [categories[article.category_slugs[:depth]].title
              for depth in range(1, len(article.category_slugs) + 1)
              if article.category_slugs[:depth] in categories]
    return BREADCRUMB_SEPARATOR.join(titles)


def copy_runtime(site_dir: Path) -> dict[str, str]:
    """Copy every browser script of the engine once, content-hashed; name -> site path.

    A page loads only its language's scripts: runtime_paths(copied, lang).
    """
    folder = Path(kb_search.__file__).parent / "runtime"
    paths = {}
    for name in all_runtime_files():
        data = (folder / name).read_bytes()
        target = hashed_name(f"search/{name}", data)
        (site_dir / target).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / target).write_bytes(data)
        paths[name] = target
    return paths


def runtime_paths(copied: dict[str, str], languages: Iterable[str]) -> dict[str, list[str]]:
    """lang -> site paths of the scripts a page in that language loads, in load order."""
    return {lang: [copied[name] for name in runtime_files(lang)] for lang in languages}


def write_search_index(content: Content, scans: dict[str, Scan], listing: Listing,
                       site_dir: Path, lang: str, helper: bool = True) -> str:
    """Export one language's client index; return the site path of its manifest.
    `helper`: a core is free for a large language's terms helper (build_and_export)."""
    docs = search_documents(content, scans, listing, lang)
    exported = build_and_export(docs, lang, site_dir, helper=helper)[1]
    return f"search/{lang}/{exported.manifest}"


class SiteIndexes:
    """Every language's search documents, made before the pages are: a page names its
    language's index manifest, whose name hashes the documents (and the engine), so the
    pages need not wait for the index to be built. `write(lang)` builds and exports one."""

    def __init__(self, content: Content, scans: dict[str, Scan], listing: Listing,
                 site_dir: Path) -> None:
        self.site_dir = site_dir
        self.docs = {lang: search_documents(content, scans, listing, lang)
                     for lang in content.languages}
        self.inputs = {lang: documents_digest(map(document_digest, docs))
                       for lang, docs in self.docs.items()}
        #: lang -> site path of its manifest, known before it is written
        self.manifests = {lang: f"search/{lang}/{manifest_name(lang, inputs)}"
                          for lang, inputs in self.inputs.items()}

    def write(self, lang: str) -> str:
        """Build and export one language's index; the site path of its manifest. No terms
        helper: the pages written meanwhile keep every core busy (10,000 English articles:
        its index task took 60 s with one, 54 s without; FORMAT.md, "Build figures")."""
        exported = build_and_export(self.docs[lang], lang, self.site_dir, self.inputs[lang],
                                    helper=False)[1]
        return f"search/{lang}/{exported.manifest}"


def costliest_first(content: Content) -> list[str]:
    """The languages, the one with the most text to index first: started first, a large
    index does not come last and leave the other cores waiting for it."""
    size = dict.fromkeys(content.languages, 0)
    for article in content.articles:
        if article.lang in size:
            size[article.lang] += len(article.body) + len(article.title) + len(article.summary)
    return sorted(content.languages, key=lambda lang: -size[lang])


def write_search_indexes(content: Content, scans: dict[str, Scan], listing: Listing,
                         site_dir: Path) -> dict[str, str]:
    """Every language's client index, languages spread over the cores; lang -> manifest."""
    cores = worker_count(len(content.articles))
    workers = min(len(content.languages), cores)
    # a core the languages leave idle can take a large language's terms helper
    task = partial(write_search_index, content, scans, listing, site_dir,
                   helper=workers < cores)
    names = fork_map(task, content.languages, workers)
    return dict(zip(content.languages, names, strict=True))
