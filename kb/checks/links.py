"""Links, anchors and images: do they lead somewhere, and do images say what they show?"""

from __future__ import annotations

from kb.checks.result import CheckResult
from kb.content.links import LinkResolver
from kb.problems import ProblemLog, did_you_mean


def check_links(result: CheckResult, resolver: LinkResolver, log: ProblemLog) -> None:
    for article in result.content.articles:
        found = result.scans[article.source]
        for link in found.links:
            where = {"line": link.line, "column": link.column}
            if link.image and not link.text.strip():
                log.add("missing-alt", article.source, f"image '{link.href}' has no alt text",
                        hint="describe the image for people who cannot see it: "
                             "![what it shows](file)", **where)
            target = resolver.resolve(article.source, link.href)
            if target.kind == "external":
                continue
            if target.kind == "broken":
                code = "missing-image" if link.image else "broken-link"
                what = "image" if link.image else "link to"
                hint = resolver.suggest(target.source, exclude=article.source)
                log.add(code, article.source, f"{what} '{link.href}': no such file "
                        f"({target.source})", hint=hint or "the path is relative to this "
                        "article's file", **where)
                continue
            if target.kind in ("article", "folder") and target.lang != article.lang:
                log.add("cross-language-link", article.source, f"link to '{link.href}' leads "
                        f"into another language ({target.lang})",
                        hint="link to the article in this language; translations are "
                             "linked automatically", **where)
            if not target.fragment or target.kind not in ("article", "anchor"):
                continue
            if target.fragment.startswith(("fn:", "fnref:")):
                continue
            ids = result.scans[target.target_source].ids
            if target.fragment not in ids:
                log.add("broken-anchor", article.source, f"link '{link.href}': no heading or "
                        f"anchor '#{target.fragment}' on {target.target_source}",
                        hint=did_you_mean(target.fragment, ids) or "anchors are the heading "
                             "text in lowercase with hyphens, or an {#id} you set", **where)
