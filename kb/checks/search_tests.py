"""Writers' search tests: customer phrasings that must find a given article near the top.

`content/<lang>/_search-tests.yml`:

    - query: my thermostat says offline
      expect: thermostat-offline     # an article id (or id#anchor for an FAQ question)
      top: 3                         # it must rank within the first 3 (default 3)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.content.config import KbConfig
from kb.content.model import Content
from kb.problems import ProblemLog, did_you_mean

FILE_NAME = "_search-tests.yml"
DEFAULT_TOP = 3
LOOK_AT = 10


@dataclass(frozen=True)
class SearchTest:
    query: str
    expect: str
    top: int
    line: int


def read_tests(path: Path, rel: str, log: ProblemLog) -> list[SearchTest]:
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        log.add("search-tests-yaml", rel, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                line=mark.line + 1 if mark else None, level="error",
                hint="fix the YAML syntax (a list of query/expect entries)")
        return []
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        log.add("search-tests-yaml", rel, "expected a list of tests (- query: … expect: …)",
                line=node.start_mark.line + 1, level="error")
        return []
    tests = []
    for item in node.value:
        line = item.start_mark.line + 1
        data = yaml.safe_load(yaml.serialize(item)) if isinstance(item, yaml.MappingNode) else None
        if not isinstance(data, dict) or not data.get("query") or not data.get("expect"):
            log.add("search-tests-yaml", rel, "each test needs 'query' and 'expect'", line=line,
                    level="error", hint="e.g. - {query: reset my password, expect: reset-password}")
            continue
        top = data.get("top", DEFAULT_TOP)
        if not isinstance(top, int) or top < 1:
            log.add("search-tests-yaml", rel, f"'top' must be a whole number ≥ 1, found {top!r}",
                    line=line, level="error")
            continue
        tests.append(SearchTest(str(data["query"]), str(data["expect"]), top, line))
    return tests


def run_search_tests(config: KbConfig, content: Content, log: ProblemLog,
                     search: Callable[[str, str, int], list[str]]) -> int:
    """Run every language's tests with `search(lang, query, n) -> ids`; return how many ran."""
    ran = 0
    for lang in config.languages:
        path = config.docs_dir / lang / FILE_NAME
        if not path.is_file():
            continue
        rel = f"{lang}/{FILE_NAME}"
        ids = {a.id for a in content.in_language(lang)}
        for test in read_tests(path, rel, log):
            ran += 1
            if test.expect.split("#")[0] not in ids:
                log.add("search-test", rel, f"'{test.expect}' is not an article in {lang}",
                        line=test.line, level="error",
                        hint=did_you_mean(test.expect, ids) or "use an article id")
                continue
            found = search(lang, test.query, LOOK_AT)
            rank = next((i for i, hit in enumerate(found, start=1) if hit == test.expect
                         or ("#" not in test.expect and hit.split("#")[0] == test.expect)),
                        None)
            if rank is None or rank > test.top:
                where = f"it ranked {rank}" if rank else f"it is not in the first {LOOK_AT}"
                first = found[0] if found else "nothing"
                log.add("search-test", rel, f"'{test.query}' should find '{test.expect}' in "
                        f"the first {test.top}; {where} (first: {first})", line=test.line,
                        hint="add the customer's words to the article's keywords, title or "
                             "summary, or adjust the test")
    return ran


def site_searcher(site_dir: Path) -> Callable[[str, str, int], list[str]]:
    """search(lang, query, n) over the client index of a built site: what browsers run."""
    from kb_search.client import ClientIndex

    indexes: dict[str, ClientIndex] = {}

    def search(lang: str, query: str, limit: int) -> list[str]:
        if lang not in indexes:
            indexes[lang] = ClientIndex(site_dir, lang)
        return [hit.id for hit in indexes[lang].search(query, limit)]

    return search
