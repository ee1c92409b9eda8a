"""handoff(): a channel's URL filled with what the customer already did, within its limit.

The browser builds the same URL (themes/kb/assets/routing.js, KB.handoff.url); the Python
side exists for the shared vectors, the no-JavaScript links and `kb routes`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

PLACEHOLDER = re.compile(r"\{(subject|body|url|title|query|lang|ref)\}")
DEFAULT_LIMITS = {"mailto": 1800}
DEFAULT_LIMIT = 2000
ELLIPSIS = "…"
# The order in which texts are shortened when the URL is too long; the reference never is.
CUT_ORDER = ("steps", "comment", "query", "reason", "title")
DEFAULT_LABELS = {
    "subject_article": "Help with: {title}",
    "subject_search": "Help with: {query}",
    "subject_general": "Help request",
    "article": "Article",
    "search": "Searched for",
    "reason": "Reason",
    "comment": "Comment",
    "steps": "Tried",
    "language": "Language",
    "reference": "Reference",
}


def encode(text: str) -> str:
    """encodeURIComponent: UTF-8, everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ) escaped."""
    return quote(text, safe="-_.!~*'()")


def url_length(url: str) -> int:
    """Length in UTF-16 code units, as JavaScript counts it."""
    return len(url.encode("utf-16-le")) // 2


def scheme_of(template: str) -> str:
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", template)
    return match.group(1).lower() if match else ""


def default_limit(template: str) -> int:
    return DEFAULT_LIMITS.get(scheme_of(template), DEFAULT_LIMIT)


# Trimmed from both ends (the same characters as routing.js trims).
SPACE = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _clean(value: Any) -> str:
    return "" if value is None else str(value).strip(SPACE)


def _texts(context: dict[str, Any]) -> dict[str, str]:
    steps = [text for s in context.get("steps") or [] if (text := _clean(s))]
    texts = {key: _clean(context.get(key))
             for key in ("title", "url", "query", "reason", "comment", "lang", "ref")}
    texts["steps"] = "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))
    return texts


def _fill(template: str, texts: dict[str, str], labels: dict[str, str], newline: str) -> str:
    def label(key: str) -> str:
        return labels.get(key) or DEFAULT_LABELS[key]

    if texts["title"]:
        subject = label("subject_article").replace("{title}", texts["title"])
    elif texts["query"]:
        subject = label("subject_search").replace("{query}", texts["query"])
    else:
        subject = label("subject_general")
    article = texts["title"]
    if texts["url"]:
        article = f"{article} ({texts['url']})" if article else texts["url"]
    lines = [(label("article"), article), (label("search"), texts["query"]),
             (label("reason"), texts["reason"]), (label("comment"), texts["comment"]),
             (label("steps"), "\n" + texts["steps"] if texts["steps"] else ""),
             (label("language"), texts["lang"]), (label("reference"), texts["ref"])]
    body = "\n".join(f"{name}:{value}" if value.startswith("\n") else f"{name}: {value}"
                     for name, value in lines if value)
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)
    values = {**texts, "subject": subject, "body": body}
    return PLACEHOLDER.sub(lambda m: encode(values[m.group(1)]), template)


def handoff(template: str, kind: str, context: dict[str, Any],
            limit: int | None = None) -> str:
    """The channel URL with its placeholders filled (percent-encoded) from context."""
    scheme = scheme_of(template)
    if kind == "phone" or scheme == "tel":  # a number to call carries no context
        return PLACEHOLDER.sub("", template)
    labels = dict(context.get("labels") or {})
    newline = "\r\n" if scheme == "mailto" else "\n"
    limit = limit or default_limit(template)
    texts = _texts(context)
    url = _fill(template, texts, labels, newline)
    for key in CUT_ORDER:
        if url_length(url) <= limit:
            break
        if not texts[key]:
            continue
        points = texts[key]
        texts[key] = ELLIPSIS
        if url_length(_fill(template, texts, labels, newline)) > limit:
            texts[key] = ""  # even the ellipsis alone is too long: leave the text out
            url = _fill(template, texts, labels, newline)
            continue
        lo, hi = 0, len(points) - 1  # the longest prefix (in code points) that fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            texts[key] = points[:mid] + ELLIPSIS
            if url_length(_fill(template, texts, labels, newline)) <= limit:
                lo = mid
            else:
                hi = mid - 1
        texts[key] = points[:lo] + ELLIPSIS
        url = _fill(template, texts, labels, newline)
    return url
